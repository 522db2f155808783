import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { shardOf } from "../../worker/commerce/promotion-shards.js";
import { promoShardStub } from "../../worker/objects/stubs.js";
import { promoStub } from "../../worker/orders/promotion-reservations.js";
import { BASE } from "./client.js";

/**
 * A sharded promotion through the facade every caller uses
 * (worker/orders/promotion-reservations.ts): shards are real Promo objects, the
 * coordinator lends and reclaims over real RPC. Each test uses its own code.
 */
const AUTH = {
  authorization: "Bearer test-admin-token",
  "x-admin-actor": "alice.ops",
  "content-type": "application/json",
};
const DAY = 86_400_000;
let seq = 0;

async function sharded(totalCap: number | null, perUserCap: number | null, shards: number) {
  const code = `SHARD${++seq}_${crypto.randomUUID().slice(0, 6).toUpperCase()}`;
  await env.DB.prepare(
    `INSERT INTO promotions (code, name, kind, value, currency, scope, scope_ids, total_cap, per_user_cap, stackable, active, shards)
     VALUES (?, 'sharded', 'percent_off', 1000, NULL, 'all', '[]', ?, ?, 1, 1, ?)`,
  )
    .bind(code, totalCap, perUserCap, shards)
    .run();
  const handle = promoStub(env, code);
  const reserve = (id: string, customer: string) =>
    handle.reserve({ code, reservationId: id, customer, limits: { totalCap, perUserCap }, ttlMs: 60_000 });
  return { code, handle, reserve, shards };
}

/** Customers that all hash to one shard, so that shard must borrow. */
function customersOn(shard: number, of: number, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < n; i++) if (shardOf(`user:c${i}`, of) === shard) out.push(`user:c${i}`);
  return out;
}

const admin = (method: string, path: string, body?: unknown) =>
  SELF.fetch(`${BASE}/admin${path}`, {
    method,
    headers: AUTH,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe("sharded promotion", () => {
  it("gives exactly 50 of 200 concurrent reserves on a cap of 50 over 4 shards", async () => {
    const p = await sharded(50, 1, 4);
    const outcomes = await Promise.all(Array.from({ length: 200 }, (_, i) => p.reserve(`r${i}`, `user:u${i}`)));
    expect(outcomes.filter((o) => o.ok)).toHaveLength(50);
    expect(outcomes.filter((o) => !o.ok).every((o) => !o.ok && o.reason === "usage_limit_reached")).toBe(true);
    const u = await p.handle.usage();
    expect(u).toMatchObject({ shards: 4, reserved: 50, redeemed: 0, remaining: 0 });
    // Units sit in the shards that sold them; no shard holds an allotment beyond what the cap allows.
    expect(u.perShard!.reduce((s, x) => s + (x.allotment ?? 0), 0)).toBeLessThanOrEqual(50);
    expect(u.perShard!.every((x) => x.reserved <= (x.allotment ?? 0))).toBe(true);
  }, 60_000);

  it("keeps the per-user cap exact: one shopper racing ten reserves gets exactly two", async () => {
    const p = await sharded(100, 2, 4);
    const outcomes = await Promise.all(Array.from({ length: 10 }, (_, i) => p.reserve(`same${i}`, "user:greedy")));
    expect(outcomes.filter((o) => o.ok)).toHaveLength(2);
    expect(outcomes.filter((o) => !o.ok).every((o) => !o.ok && o.reason === "per_user_limit_reached")).toBe(true);
    expect(await p.handle.usage("user:greedy")).toMatchObject({ userReserved: 2, userRedeemed: 0 });
  });

  it("lets a shard that runs dry borrow every unsold unit from the others, and no more", async () => {
    const p = await sharded(8, 1, 4);
    // Shards 1..3 each take their slice of 2 and sell one unit of it.
    for (const s of [1, 2, 3]) expect((await p.reserve(`b-s${s}`, customersOn(s, 4, 1)[0]!)).ok).toBe(true);
    const crowd = customersOn(0, 4, 6);
    // Shard 0 sells its own 2, then the pool is empty: the coordinator reclaims the 3 unsold units of the others.
    for (const c of crowd.slice(0, 5)) expect((await p.reserve(`b-${c}`, c)).ok).toBe(true);
    expect(await p.reserve("b-last", crowd[5]!)).toEqual({ ok: false, reason: "usage_limit_reached" });
    expect(await p.reserve("b-other", customersOn(2, 4, 2)[1]!)).toEqual({ ok: false, reason: "usage_limit_reached" });
    const u = await p.handle.usage();
    expect(u).toMatchObject({ reserved: 8, remaining: 0 });
    expect(u.perShard!.map((x) => [x.allotment, x.reserved])).toEqual([
      [5, 5],
      [1, 1],
      [1, 1],
      [1, 1],
    ]);
    // A unit given back on shard 0 is sold again there.
    expect(await p.handle.release(`b-${crowd[0]}`, "abandoned")).toMatchObject({ ok: true });
    expect((await p.reserve("b-again", crowd[5]!)).ok).toBe(true);
  });

  it("consumes and releases on the shard that holds the reservation, found without the caller naming it", async () => {
    const p = await sharded(10, 1, 4);
    const [a, b] = [customersOn(1, 4, 1)[0]!, customersOn(3, 4, 1)[0]!];
    expect((await p.reserve("ord_a", a)).ok).toBe(true);
    expect((await p.reserve("ord_b", b)).ok).toBe(true);
    expect(await p.handle.consume("ord_a")).toMatchObject({ ok: true, replayed: false });
    expect(await p.handle.consume("ord_a")).toMatchObject({ ok: true, replayed: true });
    expect(await p.handle.release("ord_b", "failed")).toMatchObject({ ok: true });
    expect(await p.handle.consume("nope")).toEqual({ ok: false, reason: "not_found" });
    expect(await p.handle.reservation("ord_a")).toMatchObject({ state: "redeemed", customer: a });
    expect(await p.handle.usage()).toMatchObject({ reserved: 0, redeemed: 1 });
  });

  it("reaches every shard with the kill switch at once, and with the revive", async () => {
    const p = await sharded(40, 1, 4);
    const oneEach = [0, 1, 2, 3].map((s) => customersOn(s, 4, 2));
    for (const [s, [c]] of oneEach.entries()) expect((await p.reserve(`k${s}`, c!)).ok).toBe(true);
    const killed = await p.handle.setKilled(true, { reason: "budget spent", honorReserved: false });
    expect(killed.released.sort()).toEqual(["k0", "k1", "k2", "k3"]);
    for (const s of [0, 1, 2, 3])
      expect(await promoShardStub(env, p.code, s).usage()).toMatchObject({ killed: true, reserved: 0 });
    for (const [s, [, c]] of oneEach.entries())
      expect(await p.reserve(`k${s}-new`, c!)).toEqual({ ok: false, reason: "killed" });
    await p.handle.setKilled(false, { reason: "back on", honorReserved: true });
    for (const [s, [, c]] of oneEach.entries()) expect((await p.reserve(`k${s}-back`, c!)).ok).toBe(true);
  });

  it("refuses a reserve that reaches the coordinator under a stale shard count, instead of selling outside the cap", async () => {
    const p = await sharded(4, 1, 2);
    expect((await p.reserve("s1", "user:s1")).ok).toBe(true);
    const coordinator = env.PROMO.get(env.PROMO.idFromName(p.code));
    expect(
      await coordinator.reserve({
        code: p.code,
        reservationId: "stale",
        customer: "user:x",
        limits: { totalCap: 4, perUserCap: 1 },
        ttlMs: 60_000,
      }),
    ).toEqual({ ok: false, reason: "usage_limit_reached" });
  });

  it("sets shards through the admin API, validates it, shows per-shard counters and locks it once used", async () => {
    const code = `ADMSHARD${++seq}`;
    const base = {
      code,
      name: "sharded",
      kind: "percent_off",
      value: 1000,
      total_cap: 20,
      per_user_cap: 1,
      starts_at: Date.now() - DAY,
      ends_at: Date.now() + DAY,
    };
    for (const bad of [0, 65, 2.5, "4"]) {
      const res = await admin("POST", "/promos", { ...base, shards: bad });
      expect(res.status).toBe(422);
    }
    expect((await admin("POST", "/promos", base)).status).toBe(201);
    expect(await (await admin("GET", `/promos/${code}`)).json()).toMatchObject({ shards: 1, shard_usage: null });
    expect((await admin("PATCH", `/promos/${code}`, { shards: 4 })).status).toBe(200);
    const handle = promoStub(env, code);
    await handle.reserve({
      code,
      reservationId: "adm1",
      customer: "user:adm",
      limits: { totalCap: 20, perUserCap: 1 },
      ttlMs: 60_000,
    });
    const view = (await (await admin("GET", `/promos/${code}`)).json()) as {
      shards: number;
      reserved: number;
      shard_usage: { shard: number; reserved: number }[];
    };
    expect(view).toMatchObject({ shards: 4, reserved: 1, remaining: 19 });
    expect(view.shard_usage).toHaveLength(4);
    expect(view.shard_usage[shardOf("user:adm", 4)]).toMatchObject({ reserved: 1 });
    const locked = await admin("PATCH", `/promos/${code}`, { shards: 8 });
    expect(locked.status).toBe(409);
    expect(await locked.json()).toMatchObject({ error: { code: "shards_locked" } });
    expect(await (await admin("GET", `/promos/${code}`)).json()).toMatchObject({ shards: 4 });
  });
});
