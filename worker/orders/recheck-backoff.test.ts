import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RECHECK_MAX_MS, RECHECK_MIN_MS, unreachableRecheckMs } from "./recheck-backoff.js";

describe("unreachableRecheckMs: looks at an order Stripe cannot be asked about thin out", () => {
  it("waits at least the minimum for a new order, and at most the maximum", () => {
    expect(unreachableRecheckMs(0)).toBe(RECHECK_MIN_MS);
    expect(unreachableRecheckMs(-5_000)).toBe(RECHECK_MIN_MS);
    expect(unreachableRecheckMs(Number.NaN)).toBe(RECHECK_MIN_MS);
    expect(unreachableRecheckMs(24 * 3600_000)).toBe(RECHECK_MAX_MS);
  });

  it("each look at least doubles the order's age until the maximum is reached", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 48 * 3600_000 }), (age) => {
        const wait = unreachableRecheckMs(age);
        expect(wait).toBeGreaterThanOrEqual(RECHECK_MIN_MS);
        expect(wait).toBeLessThanOrEqual(RECHECK_MAX_MS);
        if (wait < RECHECK_MAX_MS) expect(age + wait).toBeGreaterThanOrEqual(2 * age);
      }),
    );
  });

  it("a 15-minute payment window costs about 7 looks, not the 60 of a fixed 15 s period", () => {
    let age = 30_000; // the first look comes 30 s after a timed-out charge
    let looks = 1;
    while (age < 15 * 60_000) {
      age += unreachableRecheckMs(age);
      looks++;
    }
    expect(looks).toBeLessThanOrEqual(7);
  });
});
