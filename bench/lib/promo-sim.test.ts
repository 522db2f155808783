import { describe, expect, it } from "vitest";
import { simulate, type SimConfig } from "./promo-sim.js";

const small: SimConfig = {
  shards: 4,
  totalCap: 200,
  perUserCap: 1,
  attemptsPerSecond: 2_000,
  seconds: 2,
  serviceMs: 1,
  maxQueue: 200,
  latencyMs: 5,
  payMs: [200, 600],
  repeatShare: 0.2,
  limiterPerShard: null,
  seed: 7,
};

describe("promotion simulation core", () => {
  it("sells exactly the cap, to nobody twice, when demand exceeds it", () => {
    for (const shards of [1, 4, 16]) {
      const r = simulate({ ...small, shards });
      expect(r).toMatchObject({ redeemed: 200, reserved: 200, oversold: 0, perUserOver: 0 });
      expect(r.soldOutAtMs).not.toBeNull();
      expect(r.refusedPerUser).toBeGreaterThan(0);
    }
  });

  it("is bounded by the per-object limit, and more shards lift the bound", () => {
    const hot = { ...small, totalCap: 1_000_000, attemptsPerSecond: 6_000, payMs: [100, 200] as const, repeatShare: 0 };
    const one = simulate({ ...hot, shards: 1 });
    const four = simulate({ ...hot, shards: 4 });
    // Every redemption costs the object a pricing read, a reserve and a consume.
    expect(one.redemptionsPerSecond).toBeLessThanOrEqual(1000 / 3 + 1);
    expect(one.overloaded).toBeGreaterThan(0);
    expect(four.redemptionsPerSecond).toBeGreaterThan(2 * one.redemptionsPerSecond);
    expect(one.maxUtilization).toBeLessThanOrEqual(1);
  });

  it("meters redemptions with the per-shard token bucket", () => {
    const r = simulate({
      ...small,
      totalCap: 1_000_000,
      shards: 2,
      limiterPerShard: 50,
      seconds: 3,
      payMs: [100, 200],
      repeatShare: 0,
    });
    expect(r.refusedLimiter).toBeGreaterThan(0);
    expect(r.redemptionsPerSecond).toBeLessThanOrEqual(2 * 50 + 5);
  });

  it("gives the same figures for the same seed", () => {
    expect(simulate(small)).toEqual(simulate(small));
  });
});
