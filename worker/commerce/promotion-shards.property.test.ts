/**
 * Property tests for the sharded promotion ledger (docs/ARCHITECTURE.md
 * invariant 6), run on the message-passing model (bench/lib/promo-cluster.ts)
 * with every message delivered, reordered or lost as fast-check decides:
 * across random reserve / consume / release / expire / kill / rebalance
 * sequences nothing is oversold, no shopper passes the per-user cap, no shard
 * holds more than the coordinator believes, and once the dust settles no unit
 * is lost: a full reclaim accounts for every unit and fresh shoppers can take
 * exactly what is left.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PromoCluster } from "../../bench/lib/promo-cluster.js";
import { NOW } from "./fixtures.js";
import { isLive } from "./promotion-ledger.js";
import { applyReclaim, beginReclaim, decideSurrender, DRY_COOLDOWN_MS, freeUnits } from "./promotion-shards.js";

const IDS = Array.from({ length: 16 }, (_, i) => `q${i}`);
const CUSTOMERS = ["user:a", "user:b", "user:c", "user:d", "user:e", "user:f", "guest:g", "guest:h"];

type Op =
  | { type: "reserve"; id: string; customer: string; ttlMs: number }
  | { type: "consume"; id: string }
  | { type: "release"; id: string; force: boolean }
  | { type: "deliver"; pick: number }
  | { type: "lose"; pick: number }
  | { type: "alarm" }
  | { type: "kill"; honorReserved: boolean }
  | { type: "revive" }
  | { type: "rebalance" }
  | { type: "advance"; ms: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      type: fc.constant("reserve" as const),
      id: fc.constantFrom(...IDS),
      customer: fc.constantFrom(...CUSTOMERS),
      ttlMs: fc.integer({ min: 1, max: 5_000 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ type: fc.constant("consume" as const), id: fc.constantFrom(...IDS) }) },
  {
    weight: 2,
    arbitrary: fc.record({ type: fc.constant("release" as const), id: fc.constantFrom(...IDS), force: fc.boolean() }),
  },
  { weight: 8, arbitrary: fc.record({ type: fc.constant("deliver" as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("lose" as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ type: "alarm" as const }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("kill" as const), honorReserved: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ type: "revive" as const }) },
  { weight: 1, arbitrary: fc.constant({ type: "rebalance" as const }) },
  {
    weight: 2,
    arbitrary: fc.record({ type: fc.constant("advance" as const), ms: fc.integer({ min: 0, max: 3_000 }) }),
  },
);

const setupArb = fc.record({
  shards: fc.integer({ min: 1, max: 6 }),
  totalCap: fc.integer({ min: 0, max: 12 }),
  perUserCap: fc.option(fc.integer({ min: 0, max: 3 }), { freq: 3 }),
});

function check(c: PromoCluster, now: number, totalCap: number, perUserCap: number | null): void {
  let taken = 0;
  const perCustomer = new Map<string, number>();
  c.shards.forEach((shard, i) => {
    const live = [...shard.rows.values()].filter((r) => isLive(r, now));
    taken += live.length;
    for (const r of live) perCustomer.set(r.customer, (perCustomer.get(r.customer) ?? 0) + 1);
    expect(live.length).toBeLessThanOrEqual(shard.allotment.units);
    // The coordinator's belief bounds what the shard holds, so Σ allotments ≤ Σ grants ≤ cap.
    expect(shard.allotment.units).toBeLessThanOrEqual(c.coordinator.grants[i]!.units);
    expect(shard.allotment.version).toBeLessThanOrEqual(c.coordinator.grants[i]!.version);
  });
  expect(c.coordinator.grants.reduce((s, g) => s + g.units, 0)).toBeLessThanOrEqual(totalCap);
  expect(taken).toBeLessThanOrEqual(totalCap);
  if (perUserCap !== null) for (const n of perCustomer.values()) expect(n).toBeLessThanOrEqual(perUserCap);
}

/** Delivers everything still in flight, in order, until nothing moves. */
function drain(c: PromoCluster, now: number): void {
  for (let guard = 0; c.outbox.length > 0; guard++) {
    if (guard > 10_000) throw new Error("protocol does not settle");
    c.deliver(c.outbox.shift()!, now);
  }
}

describe("sharded promo ledger properties", () => {
  it("never oversells, never passes a per-user cap and loses no unit, whatever the interleaving", () => {
    fc.assert(
      fc.property(setupArb, fc.array(opArb, { maxLength: 120 }), ({ shards, totalCap, perUserCap }, ops) => {
        const c = new PromoCluster({ totalCap, perUserCap }, shards);
        const owner = new Map<string, string>();
        let now = NOW;
        let killed = false;
        for (const op of ops) {
          switch (op.type) {
            case "reserve":
              if (!owner.has(op.id)) owner.set(op.id, op.customer);
              c.reserve(op.id, op.customer, now, op.ttlMs);
              break;
            case "consume":
              if (owner.has(op.id)) c.consume(op.id, owner.get(op.id)!, now);
              break;
            case "release":
              if (owner.has(op.id)) c.release(op.id, owner.get(op.id)!, now, op.force);
              break;
            case "deliver":
            case "lose": {
              if (c.outbox.length === 0) break;
              const [msg] = c.outbox.splice(op.pick % c.outbox.length, 1);
              if (op.type === "deliver") c.deliver(msg!, now);
              else c.lose(msg!, now);
              break;
            }
            case "alarm":
              c.alarm(now);
              break;
            case "kill":
              killed = true;
              c.setKilled(true, op.honorReserved, now);
              break;
            case "revive":
              killed = false;
              c.setKilled(false, true, now);
              break;
            case "rebalance": {
              // Ops (or a dry shard) pulls every shard's slack back to the pool, one shard at a time.
              for (let j = 0; j < shards; j++) {
                const b = beginReclaim(c.coordinator, j);
                c.coordinator = b.state;
                c.outbox.push({ to: j, kind: "surrender", version: b.version });
              }
              break;
            }
            case "advance":
              now += op.ms;
              break;
          }
          check(c, now, totalCap, perUserCap);
        }

        // No unit lost: settle, reclaim everything, and the books balance.
        drain(c, now);
        c.alarm(now);
        for (let j = 0; j < shards; j++) {
          const b = beginReclaim(c.coordinator, j);
          c.coordinator = b.state;
          const answer = decideSurrender(c.shards[j]!.allotment, c.taken(j, now), b.version);
          c.shards[j]!.allotment = answer;
          c.coordinator = applyReclaim(c.coordinator, j, answer);
        }
        const taken = c.shards.reduce((s, _, j) => s + c.taken(j, now), 0);
        expect(freeUnits(c.coordinator)! + taken).toBe(totalCap);

        // And every free unit can still be sold: fresh shoppers (per-user cap 1 each) take exactly what is left.
        if (killed) c.setKilled(false, true, now);
        now += DRY_COOLDOWN_MS;
        let sold = 0;
        for (let i = 0; i < totalCap * 3 + 10 && sold < totalCap - taken; i++) {
          if (perUserCap === 0) break;
          const first = c.reserve(`fresh${i}`, `user:fresh${i}`, now);
          drain(c, now);
          const done = first ?? null;
          if (done?.ok || c.shards.some((s) => s.rows.get(`fresh${i}`)?.state === "reserved")) sold++;
          now += DRY_COOLDOWN_MS; // a shard refused after an empty reclaim may ask again
        }
        check(c, now, totalCap, perUserCap);
        if (perUserCap !== 0) expect(taken + sold).toBe(totalCap);
      }),
      { numRuns: 400 },
    );
  });

  it("sells exactly the cap to many shoppers arriving at once, whatever the order of messages", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 80 }),
        fc.array(fc.nat(), { minLength: 400, maxLength: 400 }),
        (shards, cap, n, picks) => {
          const c = new PromoCluster({ totalCap: cap, perUserCap: 1 }, shards);
          let ok = 0;
          const count = (o: { ok: boolean } | null) => {
            if (o?.ok) ok++;
          };
          for (let i = 0; i < n; i++) count(c.reserve(`q${i}`, `user:${i}`, NOW));
          let k = 0;
          while (c.outbox.length > 0) {
            const [msg] = c.outbox.splice(picks[k++ % picks.length]! % c.outbox.length, 1);
            for (const a of c.deliver(msg!, NOW)) count(a.outcome);
          }
          // Everyone asked in the same instant: nobody is refused while a unit is free.
          expect(ok).toBe(Math.min(cap, n));
          check(c, NOW, cap, 1);
        },
      ),
      { numRuns: 300 },
    );
  });
});
