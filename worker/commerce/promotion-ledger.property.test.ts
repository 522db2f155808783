/**
 * Property tests for the promotion ledger (docs/ARCHITECTURE.md invariant 6): over any
 * sequence of reserve / consume / release / refund / alarm / kill / revive /
 * advance-time steps by a handful of customers under random caps, nothing is
 * oversold, no customer passes their cap, reserve is idempotent, a killed
 * code hands out nothing new, and a refusal only happens when a cap is full.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NOW } from "./fixtures.js";
import {
  decideConsume,
  decideExpire,
  decideKill,
  decideRelease,
  decideReserve,
  effective,
  isLive,
  type PromotionLimits,
  type Reservation,
  viewOf,
} from "./promotion-ledger.js";

const IDS = ["q0", "q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9"];
const CUSTOMERS = ["user:a", "user:b", "user:c", "user:d", "guest"];

type Op =
  | { type: "reserve"; id: string; customer: string; ttlMs: number }
  | { type: "consume"; id: string }
  | { type: "release"; id: string; force: boolean }
  | { type: "alarm" }
  | { type: "kill"; honorReserved: boolean }
  | { type: "revive" }
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
  { weight: 3, arbitrary: fc.record({ type: fc.constant("consume" as const), id: fc.constantFrom(...IDS) }) },
  {
    weight: 2,
    arbitrary: fc.record({ type: fc.constant("release" as const), id: fc.constantFrom(...IDS), force: fc.boolean() }),
  },
  { weight: 1, arbitrary: fc.constant({ type: "alarm" as const }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("kill" as const), honorReserved: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ type: "revive" as const }) },
  {
    weight: 3,
    arbitrary: fc.record({ type: fc.constant("advance" as const), ms: fc.integer({ min: 0, max: 3_000 }) }),
  },
);

const capArb = fc.option(fc.integer({ min: 0, max: 6 }), { freq: 4 });
const limitsArb: fc.Arbitrary<PromotionLimits> = fc.record({ totalCap: capArb, perUserCap: capArb });

function liveCounts(rows: Map<string, Reservation>, now: number) {
  const live = [...rows.values()].filter((r) => isLive(r, now));
  const perCustomer = new Map<string, number>();
  for (const r of live) perCustomer.set(r.customer, (perCustomer.get(r.customer) ?? 0) + 1);
  return { taken: live.length, perCustomer };
}

/** Runs the ops against an in-memory ledger, checking every invariant after every step. */
function run(limits: PromotionLimits, ops: readonly Op[]): void {
  const rows = new Map<string, Reservation>();
  const write = (r: Reservation | null) => r && rows.set(r.id, r);
  let now = NOW;
  let killed = false;

  for (const op of ops) {
    switch (op.type) {
      case "reserve": {
        const before = rows.get(op.id);
        const view = viewOf(rows.values(), op, now);
        const d = decideReserve(view, { ...op, now }, limits, killed);
        write(d.write);
        if (before) {
          // Idempotent: a repeat changes nothing and returns the reservation as it stands.
          expect(d.write).toBeNull();
          expect(d.outcome).toEqual(
            before.customer === op.customer
              ? { ok: true, replayed: true, reservation: effective(before, now) }
              : { ok: false, reason: "idempotency_conflict" },
          );
        } else if (killed) {
          expect(d.outcome).toEqual({ ok: false, reason: "killed" });
        } else {
          // Exact: refused only when a cap really is full.
          const full =
            (limits.totalCap !== null && view.taken >= limits.totalCap) ||
            (limits.perUserCap !== null && view.customerTaken >= limits.perUserCap);
          expect(d.outcome.ok).toBe(!full);
        }
        break;
      }
      case "consume": {
        const before = rows.get(op.id);
        const d = decideConsume(viewOf(rows.values(), op, now), now, limits, killed);
        write(d.write);
        if (d.outcome.ok) {
          expect(rows.get(op.id)?.state).toBe("redeemed");
          if (killed) expect(d.outcome.retaken).toBe(false);
        } else {
          expect(rows.get(op.id)).toBe(before);
        }
        break;
      }
      case "release": {
        const d = decideRelease(viewOf(rows.values(), op, now), {
          now,
          reason: op.force ? "refunded" : "abandoned",
          force: op.force,
        });
        write(d.write);
        if (d.outcome.ok) expect(isLive(rows.get(op.id)!, now)).toBe(false);
        break;
      }
      case "alarm":
        decideExpire(rows.values(), now).forEach(write);
        break;
      case "kill":
        killed = true;
        decideKill(rows.values(), now, op.honorReserved).forEach(write);
        break;
      case "revive":
        killed = false;
        break;
      case "advance":
        now += op.ms;
        break;
    }

    const { taken, perCustomer } = liveCounts(rows, now);
    if (limits.totalCap !== null) expect(taken).toBeLessThanOrEqual(limits.totalCap);
    if (limits.perUserCap !== null)
      for (const n of perCustomer.values()) expect(n).toBeLessThanOrEqual(limits.perUserCap);
  }
}

describe("promo ledger properties", () => {
  it("never oversells, never passes a per-user cap, replays reserve and honours the kill switch", () => {
    fc.assert(
      fc.property(limitsArb, fc.array(opArb, { maxLength: 80 }), (limits, ops) => run(limits, ops)),
      { numRuns: 500 },
    );
  });

  it("gives exactly min(cap, n) units to n distinct customers asking at the same instant", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 120 }), (cap, n) => {
        const rows = new Map<string, Reservation>();
        let ok = 0;
        for (let i = 0; i < n; i++) {
          const req = { id: `q${i}`, customer: `user:${i}`, now: NOW, ttlMs: 60_000 };
          const d = decideReserve(viewOf(rows.values(), req, NOW), req, { totalCap: cap, perUserCap: 1 }, false);
          if (d.write) rows.set(d.write.id, d.write);
          if (d.outcome.ok) ok++;
        }
        expect(ok).toBe(Math.min(cap, n));
      }),
    );
  });

  it("hands out nothing new while killed, whatever happened before", () => {
    fc.assert(
      fc.property(
        limitsArb,
        fc.array(opArb, { maxLength: 40 }),
        fc.constantFrom(...CUSTOMERS),
        (limits, ops, customer) => {
          const rows = new Map<string, Reservation>();
          for (const op of ops) {
            if (op.type !== "reserve") continue;
            const d = decideReserve(viewOf(rows.values(), op, NOW), { ...op, now: NOW }, limits, false);
            if (d.write) rows.set(d.write.id, d.write);
          }
          const req = { id: "fresh", customer, now: NOW, ttlMs: 1_000 };
          expect(decideReserve(viewOf(rows.values(), req, NOW), req, limits, true)).toEqual({
            outcome: { ok: false, reason: "killed" },
            write: null,
          });
        },
      ),
    );
  });
});
