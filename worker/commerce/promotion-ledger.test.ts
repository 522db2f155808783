import { describe, expect, it } from "vitest";
import { NOW } from "./fixtures.js";
import {
  decideConsume,
  decideExpire,
  decideKill,
  decideRelease,
  decideReserve,
  effective,
  type PromotionLimits,
  type Reservation,
  remaining,
  toPromotionUsage,
  viewOf,
} from "./promotion-ledger.js";

const TTL = 15 * 60 * 1000;
const OPEN: PromotionLimits = { totalCap: null, perUserCap: null };

/** An in-memory ledger: the same read → decide → write loop the Durable Object runs on SQLite. */
class Ledger {
  readonly rows = new Map<string, Reservation>();
  constructor(
    public limits: PromotionLimits = OPEN,
    public killed = false,
    public now = NOW,
  ) {}
  reserve(id: string, customer: string, ttlMs = TTL) {
    return this.apply(
      decideReserve(
        viewOf(this.rows.values(), { id, customer }, this.now),
        { id, customer, now: this.now, ttlMs },
        this.limits,
        this.killed,
      ),
    );
  }
  consume(id: string) {
    return this.apply(decideConsume(viewOf(this.rows.values(), { id }, this.now), this.now, this.limits, this.killed));
  }
  release(id: string, reason = "abandoned", force = false) {
    return this.apply(decideRelease(viewOf(this.rows.values(), { id }, this.now), { now: this.now, reason, force }));
  }
  private apply<O>(d: { outcome: O; write: Reservation | null }): O {
    if (d.write) this.rows.set(d.write.id, d.write);
    return d.outcome;
  }
}

describe("decideReserve", () => {
  it("reserves a unit that expires after the ttl", () => {
    const out = new Ledger().reserve("q1", "user:a");
    expect(out).toEqual({
      ok: true,
      replayed: false,
      reservation: {
        id: "q1",
        customer: "user:a",
        state: "reserved",
        createdAt: NOW,
        expiresAt: NOW + TTL,
        redeemedAt: null,
        releasedReason: null,
      },
    });
  });

  it("refuses a code whose total cap is taken by live reservations and redemptions", () => {
    const l = new Ledger({ totalCap: 2, perUserCap: null });
    expect(l.reserve("q1", "a").ok).toBe(true);
    expect(l.consume("q1").ok).toBe(true);
    expect(l.reserve("q2", "b").ok).toBe(true);
    expect(l.reserve("q3", "c")).toEqual({ ok: false, reason: "usage_limit_reached" });
  });

  it("refuses a customer at the per-user cap but serves another one", () => {
    const l = new Ledger({ totalCap: 10, perUserCap: 1 });
    expect(l.reserve("q1", "a").ok).toBe(true);
    expect(l.reserve("q2", "a")).toEqual({ ok: false, reason: "per_user_limit_reached" });
    expect(l.reserve("q3", "b").ok).toBe(true);
  });

  it("treats a cap of 0 as no uses at all", () => {
    expect(new Ledger({ totalCap: 0, perUserCap: null }).reserve("q1", "a")).toEqual({
      ok: false,
      reason: "usage_limit_reached",
    });
    expect(new Ledger({ totalCap: null, perUserCap: 0 }).reserve("q1", "a")).toEqual({
      ok: false,
      reason: "per_user_limit_reached",
    });
  });

  it("refuses every new reservation of a killed code", () => {
    expect(new Ledger(OPEN, true).reserve("q1", "a")).toEqual({ ok: false, reason: "killed" });
  });

  it("replays a repeated id with the same reservation, even once the cap has filled", () => {
    const l = new Ledger({ totalCap: 1, perUserCap: null });
    const first = l.reserve("q1", "a");
    expect(l.reserve("q2", "b").ok).toBe(false);
    l.now += 1000;
    const again = l.reserve("q1", "a");
    expect(again).toEqual({ ...first, replayed: true });
  });

  it("reports a replayed id as it stands now: a lapsed one reads as released", () => {
    const l = new Ledger();
    l.reserve("q1", "a", 1000);
    l.now += 1000;
    expect(l.reserve("q1", "a")).toMatchObject({
      ok: true,
      replayed: true,
      reservation: { state: "released", releasedReason: "expired" },
    });
  });

  it("rejects an id already held by another customer", () => {
    const l = new Ledger();
    l.reserve("q1", "a");
    expect(l.reserve("q1", "b")).toEqual({ ok: false, reason: "idempotency_conflict" });
  });

  it("frees the unit of a lapsed reservation without waiting for the alarm", () => {
    const l = new Ledger({ totalCap: 1, perUserCap: 1 });
    l.reserve("q1", "a", 1000);
    l.now += 999;
    expect(l.reserve("q2", "a").ok).toBe(false);
    l.now += 1;
    expect(l.reserve("q2", "a").ok).toBe(true);
  });

  it("throws on malformed limits or ttl, which are caller bugs", () => {
    const view = viewOf([], { id: "q1", customer: "a" }, NOW);
    const req = { id: "q1", customer: "a", now: NOW, ttlMs: TTL };
    expect(() => decideReserve(view, req, { totalCap: -1, perUserCap: null }, false)).toThrow(/totalCap/);
    expect(() => decideReserve(view, req, { totalCap: null, perUserCap: 1.5 }, false)).toThrow(/perUserCap/);
    expect(() => decideReserve(view, { ...req, ttlMs: 0 }, OPEN, false)).toThrow(/ttlMs/);
    expect(() => decideReserve(view, { ...req, customer: "" }, OPEN, false)).toThrow(/customer/);
  });
});

describe("decideConsume", () => {
  it("turns a live reservation into a redemption, and replays a second consume", () => {
    const l = new Ledger();
    l.reserve("q1", "a");
    l.now += 10;
    expect(l.consume("q1")).toMatchObject({
      ok: true,
      replayed: false,
      retaken: false,
      reservation: { state: "redeemed", redeemedAt: NOW + 10 },
    });
    expect(l.consume("q1")).toMatchObject({
      ok: true,
      replayed: true,
      reservation: { state: "redeemed", redeemedAt: NOW + 10 },
    });
  });

  it("redeems a live reservation of a killed code (honoured reservations stay payable)", () => {
    const l = new Ledger();
    l.reserve("q1", "a");
    l.killed = true;
    expect(l.consume("q1")).toMatchObject({ ok: true, retaken: false });
  });

  it("re-takes a lapsed reservation when payment arrives late and the code has room", () => {
    const l = new Ledger({ totalCap: 1, perUserCap: 1 });
    l.reserve("q1", "a", 1000);
    l.now += 5000;
    expect(l.consume("q1")).toMatchObject({
      ok: true,
      retaken: true,
      reservation: { state: "redeemed", releasedReason: null },
    });
    expect(l.reserve("q2", "b")).toEqual({ ok: false, reason: "usage_limit_reached" });
  });

  it("refuses a late payment when the lapsed unit has gone to someone else, so the caller refunds", () => {
    const l = new Ledger({ totalCap: 1, perUserCap: null });
    l.reserve("q1", "a", 1000);
    l.now += 1000;
    expect(l.reserve("q2", "b").ok).toBe(true);
    expect(l.consume("q1")).toEqual({ ok: false, reason: "usage_limit_reached" });
  });

  it("refuses a late payment that would break the per-user cap or a kill", () => {
    const l = new Ledger({ totalCap: null, perUserCap: 1 });
    l.reserve("q1", "a", 1000);
    l.now += 1000;
    l.reserve("q2", "a");
    expect(l.consume("q1")).toEqual({ ok: false, reason: "per_user_limit_reached" });
    l.release("q2");
    l.killed = true;
    expect(l.consume("q1")).toEqual({ ok: false, reason: "killed" });
  });

  it("never re-takes a redemption that a refund gave back", () => {
    const l = new Ledger();
    l.reserve("q1", "a");
    l.consume("q1");
    l.release("q1", "refunded", true);
    expect(l.consume("q1")).toEqual({ ok: false, reason: "refunded" });
  });

  it("reports an unknown reservation", () => {
    expect(new Ledger().consume("nope")).toEqual({ ok: false, reason: "not_found" });
  });
});

describe("decideRelease", () => {
  it("gives a reserved unit back, and replays a second release", () => {
    const l = new Ledger({ totalCap: 1, perUserCap: null });
    l.reserve("q1", "a");
    expect(l.release("q1", "payment_failed")).toMatchObject({
      ok: true,
      replayed: false,
      reservation: { state: "released", releasedReason: "payment_failed" },
    });
    expect(l.release("q1", "other")).toMatchObject({
      ok: true,
      replayed: true,
      reservation: { releasedReason: "payment_failed" },
    });
    expect(l.reserve("q2", "b").ok).toBe(true);
  });

  it("refuses to release a redeemed unit unless forced by a refund, which returns it to the pool", () => {
    const l = new Ledger({ totalCap: 1, perUserCap: null });
    l.reserve("q1", "a");
    l.consume("q1");
    expect(l.release("q1")).toEqual({ ok: false, reason: "already_redeemed" });
    expect(l.reserve("q2", "b").ok).toBe(false);
    expect(l.release("q1", "refunded", true)).toMatchObject({
      ok: true,
      reservation: { state: "released", releasedReason: "refunded", redeemedAt: NOW },
    });
    expect(l.reserve("q2", "b").ok).toBe(true);
  });

  it("answers a lapsed reservation as already expired and writes that down", () => {
    const l = new Ledger();
    l.reserve("q1", "a", 1000);
    l.now += 1000;
    expect(l.release("q1", "abandoned")).toMatchObject({
      ok: true,
      replayed: true,
      reservation: { state: "released", releasedReason: "expired" },
    });
    expect(l.rows.get("q1")?.state).toBe("released");
  });

  it("reports an unknown reservation", () => {
    expect(new Ledger().release("nope")).toEqual({ ok: false, reason: "not_found" });
  });
});

describe("decideExpire and decideKill", () => {
  const row = (id: string, state: Reservation["state"], expiresAt: number): Reservation => ({
    id,
    customer: "a",
    state,
    expiresAt,
    createdAt: NOW - 10,
    redeemedAt: state === "redeemed" ? NOW - 5 : null,
    releasedReason: state === "released" ? "abandoned" : null,
  });
  const rows = [
    row("due", "reserved", NOW),
    row("live", "reserved", NOW + 1),
    row("paid", "redeemed", NOW - 1),
    row("gone", "released", NOW - 1),
  ];

  it("expires exactly the reserved rows whose time has come", () => {
    expect(decideExpire(rows, NOW)).toEqual([
      { ...row("due", "reserved", NOW), state: "released", releasedReason: "expired" },
    ]);
  });

  it("releases every live reservation on a kill that does not honour them, and nothing otherwise", () => {
    expect(decideKill(rows, NOW, false).map((r) => [r.id, r.state, r.releasedReason])).toEqual([
      ["live", "released", "killed"],
    ]);
    expect(decideKill(rows, NOW, true)).toEqual([]);
  });

  it("leaves a reservation untouched while it is live", () => {
    const live = row("live", "reserved", NOW + 1);
    expect(effective(live, NOW)).toBe(live);
  });
});

describe("usage", () => {
  const usage = {
    code: "X",
    totalCap: 5,
    perUserCap: 2,
    reserved: 2,
    redeemed: 1,
    remaining: 2,
    killed: false,
    userReserved: 1,
    userRedeemed: 1,
  };

  it("counts live reservations as used, minus the caller's own held unit", () => {
    expect(toPromotionUsage(usage)).toEqual({ totalRedeemed: 3, userRedeemed: 2 });
    expect(toPromotionUsage(usage, 1)).toEqual({ totalRedeemed: 2, userRedeemed: 1 });
  });

  it("computes what is left, never below zero, null when unlimited", () => {
    expect(remaining({ totalCap: 5, perUserCap: null }, 3)).toBe(2);
    expect(remaining({ totalCap: 2, perUserCap: null }, 3)).toBe(0);
    expect(remaining(OPEN, 3)).toBeNull();
  });
});
