import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocate } from "./allocate.js";
import { MoneyError } from "./money.js";

describe("allocate", () => {
  it("gives the leftover cent to the lowest index on a tie", () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(2, [1, 1, 1])).toEqual([1, 1, 0]);
  });

  it("gives the leftover to the largest remainder, not the first line", () => {
    // Exact shares 0.3, 0.7 of 1 → the second line gets the cent.
    expect(allocate(1, [3, 7])).toEqual([0, 1]);
    expect(allocate(10, [1, 2, 7])).toEqual([1, 2, 7]);
  });

  it("gives nothing to a zero weight", () => {
    expect(allocate(10, [2, 0, 1])).toEqual([7, 0, 3]);
  });

  it("splits evenly when every weight is zero", () => {
    expect(allocate(5, [0, 0])).toEqual([3, 2]);
  });

  it("allocates zero as zeros and nothing across no weights", () => {
    expect(allocate(0, [5, 0, 2])).toEqual([0, 0, 0]);
    expect(allocate(0, [])).toEqual([]);
  });

  it("refuses to drop a positive total on an empty list", () => {
    expect(() => allocate(1, [])).toThrow(MoneyError);
  });

  it.each([
    [-1, [1]],
    [1.5, [1]],
    [10, [-1, 2]],
    [10, [0.5, 2]],
  ])("refuses total %s with weights %j", (total, weights) => {
    expect(() => allocate(total, weights)).toThrow(MoneyError);
  });

  it("stays exact when total × weight exceeds 2^53", () => {
    const total = Number.MAX_SAFE_INTEGER;
    const shares = allocate(total, [Number.MAX_SAFE_INTEGER, 1]);
    expect(shares[0]! + shares[1]!).toBe(total);
    expect(shares).toEqual([total - 1, 1]);
  });
});

describe("allocate properties", () => {
  const total = fc.integer({ min: 0, max: 10_000_000 });
  const weights = fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 12 });

  it("shares sum to the total and none is negative", () => {
    fc.assert(
      fc.property(total, weights, (t, w) => {
        const shares = allocate(t, w);
        expect(shares).toHaveLength(w.length);
        expect(shares.reduce((a, b) => a + b, 0)).toBe(t);
        for (const s of shares) expect(Number.isSafeInteger(s) && s >= 0).toBe(true);
      }),
    );
  });

  it("each share is within one unit of its exact proportional share", () => {
    fc.assert(
      fc.property(total, weights, (t, w) => {
        const shares = allocate(t, w);
        const effective = w.every((x) => x === 0) ? w.map(() => 1) : w;
        const weightSum = BigInt(effective.reduce((a, b) => a + b, 0));
        shares.forEach((s, i) => {
          // |s − t·w/W| < 1  ⇔  |s·W − t·w| < W
          const diff = BigInt(s) * weightSum - BigInt(t) * BigInt(effective[i]!);
          expect((diff < 0n ? -diff : diff) < weightSum).toBe(true);
        });
      }),
    );
  });

  it("zero weights get zero whenever some weight is positive", () => {
    fc.assert(
      fc.property(total, weights, (t, w) => {
        fc.pre(w.some((x) => x > 0));
        allocate(t, w).forEach((s, i) => {
          if (w[i] === 0) expect(s).toBe(0);
        });
      }),
    );
  });

  it("is deterministic and does not mutate the weights", () => {
    fc.assert(
      fc.property(total, weights, (t, w) => {
        const copy = [...w];
        expect(allocate(t, w)).toEqual(allocate(t, copy));
        expect(w).toEqual(copy);
      }),
    );
  });
});
