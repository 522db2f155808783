import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { PromotionLimits } from "../../worker/commerce/promotion-ledger.js";
import type { Promo } from "../../worker/objects/promo.do.js";

// Storage is shared by every test in this file: each test uses its own code.
let seq = 0;
function promo() {
  const code = `PROMO${++seq}_${crypto.randomUUID().slice(0, 8)}`;
  const stub = env.PROMO.get(env.PROMO.idFromName(code));
  const reserve = (reservationId: string, customer: string, limits: PromotionLimits, ttlMs = 60_000) =>
    stub.reserve({ code, reservationId, customer, limits, ttlMs });
  return { code, stub, reserve };
}

const caps = (totalCap: number | null, perUserCap: number | null = null): PromotionLimits => ({ totalCap, perUserCap });

type Row = { id: string; customer: string; state: string; expires_at: number; released_reason: string | null };
const storedRows = (stub: DurableObjectStub<Promo>) =>
  runInDurableObject(stub, async (_i: Promo, state) =>
    state.storage.sql
      .exec<Row>("SELECT id, customer, state, expires_at, released_reason FROM reservations ORDER BY id")
      .toArray(),
  );

describe("Promo Durable Object", () => {
  it("respects the total cap", async () => {
    const p = promo();
    expect((await p.reserve("r1", "user:a", caps(2))).ok).toBe(true);
    expect((await p.reserve("r2", "user:b", caps(2))).ok).toBe(true);
    expect(await p.reserve("r3", "user:c", caps(2))).toEqual({ ok: false, reason: "usage_limit_reached" });
  });

  it("respects the per-user cap", async () => {
    const p = promo();
    expect((await p.reserve("r1", "user:a", caps(10, 1))).ok).toBe(true);
    expect(await p.reserve("r2", "user:a", caps(10, 1))).toEqual({ ok: false, reason: "per_user_limit_reached" });
    expect((await p.reserve("r3", "user:b", caps(10, 1))).ok).toBe(true);
  });

  it("replays a repeated reservation id without taking a second unit", async () => {
    const p = promo();
    const first = await p.reserve("r1", "user:a", caps(1));
    expect(first.ok && first.replayed).toBe(false);
    const again = await p.reserve("r1", "user:a", caps(1));
    expect(again).toEqual({ ...first, replayed: true });
    expect(await p.stub.usage()).toMatchObject({ reserved: 1, redeemed: 0, remaining: 0 });
    expect(await p.reserve("r1", "user:b", caps(1))).toEqual({ ok: false, reason: "idempotency_conflict" });
  });

  it("gives exactly 50 of 200 concurrent reserves by distinct customers on a cap of 50", async () => {
    const p = promo();
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => p.reserve(`r${i}`, `user:${i}`, caps(50, 1))),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(50);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.reason === "usage_limit_reached")).toBe(true);
    expect(await p.stub.usage()).toMatchObject({ totalCap: 50, reserved: 50, redeemed: 0, remaining: 0 });
    const rows = await storedRows(p.stub);
    expect(rows).toHaveLength(50);
    expect(new Set(rows.map((r) => r.customer)).size).toBe(50);
  });

  it("consumes a reservation once and refuses to release it unless forced by a refund", async () => {
    const p = promo();
    await p.reserve("r1", "user:a", caps(1));
    expect(await p.stub.consume("r1")).toMatchObject({
      ok: true,
      replayed: false,
      retaken: false,
      reservation: { state: "redeemed" },
    });
    expect(await p.stub.consume("r1")).toMatchObject({ ok: true, replayed: true });
    expect(await p.stub.release("r1", "abandoned")).toEqual({ ok: false, reason: "already_redeemed" });
    expect((await p.reserve("r2", "user:b", caps(1))).ok).toBe(false);
    expect(await p.stub.release("r1", "refunded", { force: true })).toMatchObject({
      ok: true,
      reservation: { state: "released", releasedReason: "refunded" },
    });
    expect((await p.reserve("r2", "user:b", caps(1))).ok).toBe(true);
    expect(await p.stub.consume("r1")).toEqual({ ok: false, reason: "refunded" });
  });

  it("releases a reservation so the unit is available again", async () => {
    const p = promo();
    await p.reserve("r1", "user:a", caps(1));
    expect(await p.stub.release("r1", "payment_failed")).toMatchObject({ ok: true, replayed: false });
    expect(await p.stub.release("r1", "payment_failed")).toMatchObject({ ok: true, replayed: true });
    expect((await p.reserve("r2", "user:b", caps(1))).ok).toBe(true);
    expect(await p.stub.consume("missing")).toEqual({ ok: false, reason: "not_found" });
  });

  it("expires a reservation in the alarm and frees its unit", async () => {
    const p = promo();
    await p.reserve("r1", "user:a", caps(1));
    expect((await p.reserve("r2", "user:b", caps(1))).ok).toBe(false);
    // Move the reservation's expiry into the past; the alarm (a minute away) has not fired yet.
    const alarmAt = await runInDurableObject(p.stub, async (_i: Promo, state) => {
      state.storage.sql.exec("UPDATE reservations SET expires_at = ? WHERE id = 'r1'", Date.now() - 1);
      return state.storage.getAlarm();
    });
    expect(alarmAt).toBeGreaterThan(Date.now());
    expect(await runDurableObjectAlarm(p.stub)).toBe(true);
    expect(await storedRows(p.stub)).toMatchObject([{ id: "r1", state: "released", released_reason: "expired" }]);
    expect(await runInDurableObject(p.stub, (_i: Promo, state) => state.storage.getAlarm())).toBeNull();
    expect((await p.reserve("r2", "user:b", caps(1))).ok).toBe(true);
  });

  it("expires a short-lived reservation for real and re-arms the alarm for the next one", async () => {
    const p = promo();
    await p.reserve("short", "user:a", caps(2), 1);
    await p.reserve("long", "user:b", caps(2), 60_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    // The 1 ms alarm may already have fired on its own; either way it must have done the work.
    await runDurableObjectAlarm(p.stub);
    const rows = await storedRows(p.stub);
    expect(rows.map((r) => [r.id, r.state, r.released_reason])).toEqual([
      ["long", "reserved", null],
      ["short", "released", "expired"],
    ]);
    const long = rows.find((r) => r.id === "long")!;
    expect(await runInDurableObject(p.stub, (_i: Promo, state) => state.storage.getAlarm())).toBe(long.expires_at);
    expect((await p.reserve("r3", "user:c", caps(2))).ok).toBe(true);
  });

  it("re-takes a lapsed reservation when payment arrives late and there is room, refuses when there is not", async () => {
    const p = promo();
    await p.reserve("late", "user:a", caps(1), 1);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await p.stub.consume("late")).toMatchObject({ ok: true, retaken: true, reservation: { state: "redeemed" } });

    const q = promo();
    await q.reserve("late", "user:a", caps(1), 1);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect((await q.reserve("other", "user:b", caps(1))).ok).toBe(true);
    expect(await q.stub.consume("late")).toEqual({ ok: false, reason: "usage_limit_reached" });
  });

  it("kills a code but keeps honoured reservations payable", async () => {
    const p = promo();
    await p.reserve("r1", "user:a", caps(10));
    expect(await p.stub.setKilled(true, { reason: "pricing error", honorReserved: true })).toEqual({
      killed: true,
      released: [],
    });
    expect(await p.reserve("r2", "user:b", caps(10))).toEqual({ ok: false, reason: "killed" });
    expect(await p.stub.consume("r1")).toMatchObject({ ok: true });
    const config = await runInDurableObject(p.stub, (_i: Promo, state) =>
      state.storage.sql
        .exec<{ killed: number; honor_reserved: number; killed_reason: string }>(
          "SELECT killed, honor_reserved, killed_reason FROM config",
        )
        .one(),
    );
    expect(config).toEqual({ killed: 1, honor_reserved: 1, killed_reason: "pricing error" });
  });

  it("kills a code and releases its live reservations, then revives it", async () => {
    const p = promo();
    await p.reserve("r1", "user:a", caps(10));
    await p.reserve("r2", "user:b", caps(10));
    await p.reserve("r3", "user:c", caps(10));
    await p.stub.consume("r3");
    const killed = await p.stub.setKilled(true, { reason: "abuse", honorReserved: false });
    expect(killed.released.sort()).toEqual(["r1", "r2"]);
    expect(await p.stub.consume("r1")).toEqual({ ok: false, reason: "killed" });
    expect(await p.stub.usage()).toMatchObject({ killed: true, reserved: 0, redeemed: 1 });
    expect((await storedRows(p.stub)).map((r) => [r.id, r.state, r.released_reason])).toEqual([
      ["r1", "released", "killed"],
      ["r2", "released", "killed"],
      ["r3", "redeemed", null],
    ]);
    expect(await p.stub.setKilled(false, { reason: "fixed", honorReserved: true })).toEqual({
      killed: false,
      released: [],
    });
    expect((await p.reserve("r4", "user:d", caps(10))).ok).toBe(true);
  });

  it("reports usage overall and for one customer", async () => {
    const p = promo();
    expect(await p.stub.usage("user:a")).toEqual({
      code: null,
      totalCap: null,
      perUserCap: null,
      reserved: 0,
      redeemed: 0,
      remaining: null,
      killed: false,
      userReserved: 0,
      userRedeemed: 0,
    });
    await p.reserve("r1", "user:a", caps(5, 3));
    await p.reserve("r2", "user:a", caps(5, 3));
    await p.reserve("r3", "user:b", caps(5, 3));
    await p.stub.consume("r1");
    expect(await p.stub.usage("user:a")).toEqual({
      code: p.code,
      totalCap: 5,
      perUserCap: 3,
      reserved: 2,
      redeemed: 1,
      remaining: 2,
      killed: false,
      userReserved: 1,
      userRedeemed: 1,
    });
    expect(await p.stub.reservation("r2")).toMatchObject({ id: "r2", customer: "user:a", state: "reserved" });
    expect(await p.stub.reservation("nope")).toBeNull();
  });

  it("takes the caps D1 passes on each reserve as the stored copy", async () => {
    const p = promo();
    await p.reserve("r1", "user:a", caps(1));
    expect((await p.reserve("r2", "user:b", caps(2))).ok).toBe(true);
    expect(await p.stub.usage()).toMatchObject({ totalCap: 2, remaining: 0 });
  });
});
