import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MoneyError } from "./money.js";
import { STORE_ROUNDING, divideRounded, divideRoundedBig, percentOf } from "./rounding.js";
import type { RoundingMode } from "./types.js";

const MODES: readonly RoundingMode[] = ["half_even", "half_up", "down"];

/**
 * Reference built differently from the implementation: take the two integer
 * neighbours of the exact quotient n/d (floor and floor + 1) and pick by
 * comparing exact distances |n − k·d|, with the mode deciding ties and
 * "down" meaning the neighbour nearer zero.
 */
function reference(n: bigint, d: bigint, mode: RoundingMode): bigint {
  const floor = (n - (((n % d) + d) % d)) / d; // exact floor for d > 0
  const lo = d > 0n ? floor : floorDiv(n, d);
  const hi = lo + 1n;
  const abs = (x: bigint): bigint => (x < 0n ? -x : x);
  if (lo * d === n) return lo;
  const towardZero = abs(lo) < abs(hi) ? lo : hi;
  const awayFromZero = towardZero === lo ? hi : lo;
  if (mode === "down") return towardZero;
  const dLo = abs(n - lo * d);
  const dHi = abs(hi * d - n);
  if (dLo !== dHi) return dLo < dHi ? lo : hi;
  if (mode === "half_up") return awayFromZero;
  return lo % 2n === 0n ? lo : hi;
}

function floorDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  return n % d !== 0n && n < 0n !== d < 0n ? q - 1n : q;
}

describe("divideRounded", () => {
  it.each([
    [5, 2, "half_even", 2],
    [7, 2, "half_even", 4],
    [-5, 2, "half_even", -2],
    [5, 2, "half_up", 3],
    [-5, 2, "half_up", -3],
    [5, 2, "down", 2],
    [-5, 2, "down", -2],
    [10, 3, "half_even", 3],
    [20, 3, "half_even", 7],
    [20, 3, "down", 6],
    [6, -4, "half_even", -2],
  ] as const)("rounds %i / %i with %s to %i", (n, d, mode, expected) => {
    expect(divideRounded(n, d, mode)).toBe(expected);
  });

  it("refuses division by zero and non-integers", () => {
    expect(() => divideRounded(1, 0, "half_even")).toThrow(MoneyError);
    expect(() => divideRounded(1.5, 1, "half_even")).toThrow(MoneyError);
  });

  it("refuses an unknown rounding mode from untyped callers", () => {
    expect(() => divideRounded(1, 2, "ceiling" as RoundingMode)).toThrow(/Unknown rounding mode/);
  });

  it("uses banker's rounding as the store mode", () => {
    expect(STORE_ROUNDING).toBe("half_even");
  });
});

describe("percentOf", () => {
  it("takes 10 % of $19.99 as 200 cents (199.9 rounds up)", () => {
    expect(percentOf(1999, 1000, "half_even")).toBe(200);
  });

  it("sends an exact half-cent tie to the even cent", () => {
    // 50 % of 25 = 12.5 → 12; of 27 = 13.5 → 14.
    expect(percentOf(25, 5000, "half_even")).toBe(12);
    expect(percentOf(27, 5000, "half_even")).toBe(14);
    expect(percentOf(25, 5000, "half_up")).toBe(13);
  });

  it("stays exact where amount × bps exceeds 2^53", () => {
    const amount = Number.MAX_SAFE_INTEGER; // 9007199254740991
    expect(percentOf(amount, 10_000, "down")).toBe(amount);
    expect(percentOf(amount, 3333, "down")).toBe(Number((BigInt(amount) * 3333n) / 10_000n));
  });

  it("refuses a result beyond the safe range rather than round it", () => {
    expect(() => percentOf(Number.MAX_SAFE_INTEGER, 20_000, "down")).toThrow(MoneyError);
  });
});

describe("rounding properties", () => {
  const big = fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n });
  const nonZero = fc.bigInt({ min: -(2n ** 40n), max: 2n ** 40n }).filter((d) => d !== 0n);

  it("agrees with an exact rational reference in every mode", () => {
    fc.assert(
      fc.property(big, nonZero, fc.constantFrom(...MODES), (n, d, mode) => {
        expect(divideRoundedBig(n, d, mode)).toBe(reference(n, d, mode));
      }),
    );
  });

  it("agrees with the reference on safe numbers too", () => {
    fc.assert(
      fc.property(
        fc.maxSafeInteger(),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.constantFrom(...MODES),
        (n, d, mode) => {
          expect(BigInt(divideRounded(n, d, mode))).toBe(reference(BigInt(n), BigInt(d), mode));
        },
      ),
    );
  });

  it("half_even sends every exact tie to the even neighbour", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(2n ** 60n), max: 2n ** 60n }),
        fc.bigInt({ min: 1n, max: 2n ** 30n }),
        (k, half) => {
          // n / d = k + 1/2 exactly, with d = 2·half.
          const d = 2n * half;
          const n = k * d + half;
          const result = divideRoundedBig(n, d, "half_even");
          expect(result % 2n).toBe(0n);
          expect(result === k || result === k + 1n).toBe(true);
        },
      ),
    );
  });

  it("every mode lands within one unit of the exact quotient", () => {
    fc.assert(
      fc.property(big, nonZero, fc.constantFrom(...MODES), (n, d, mode) => {
        const r = divideRoundedBig(n, d, mode);
        const diff = r * d - n; // |r − n/d| < 1  ⇔  |r·d − n| < |d|
        expect((diff < 0n ? -diff : diff) < (d < 0n ? -d : d)).toBe(true);
      }),
    );
  });
});
