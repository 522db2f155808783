import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MoneyError, add, assertSameCurrency, compare, isZero, money, multiply, subtract, sum } from "./money.js";

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return error instanceof MoneyError ? error.code : "not a MoneyError";
  }
  return undefined;
};

// Amounts small enough that sums of three never leave the safe range.
const amount = fc.integer({ min: -(2 ** 50), max: 2 ** 50 });
const usd = amount.map((a) => money(a, "USD"));

describe("money", () => {
  it("builds a value from a safe integer and an ISO code", () => {
    expect(money(1250, "USD")).toEqual({ amount: 1250, currency: "USD" });
  });

  it.each([12.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])("refuses the amount %s", (a) => {
    expect(codeOf(() => money(a, "USD"))).toBe("invalid_amount");
  });

  it.each(["usd", "US", "USDT", "", "U$D"])("refuses the currency %j", (c) => {
    expect(codeOf(() => money(1, c))).toBe("invalid_currency");
  });

  it("adds, subtracts and multiplies in minor units", () => {
    expect(add(money(1999, "EUR"), money(1, "EUR")).amount).toBe(2000);
    expect(subtract(money(100, "EUR"), money(250, "EUR")).amount).toBe(-150);
    expect(multiply(money(333, "EUR"), 3).amount).toBe(999);
  });

  it("refuses a fractional factor: that would need a rounding mode", () => {
    expect(codeOf(() => multiply(money(100, "USD"), 1.5))).toBe("invalid_argument");
  });

  it("refuses a result beyond the safe integer range instead of rounding it", () => {
    const big = money(Number.MAX_SAFE_INTEGER, "USD");
    expect(codeOf(() => add(big, money(1, "USD")))).toBe("invalid_amount");
    expect(codeOf(() => multiply(big, 2))).toBe("invalid_amount");
  });

  it("sums a list, and an empty list is zero of the given currency", () => {
    expect(sum([money(100, "USD"), money(250, "USD")], "USD")).toEqual(money(350, "USD"));
    expect(sum([], "JPY")).toEqual(money(0, "JPY"));
  });

  it("has a single zero: −1 × 0 is +0, not −0", () => {
    expect(Object.is(multiply(money(-1, "USD"), 0).amount, 0)).toBe(true);
  });

  it("compares and detects zero", () => {
    expect(compare(money(1, "USD"), money(2, "USD"))).toBe(-1);
    expect(compare(money(2, "USD"), money(2, "USD"))).toBe(0);
    expect(compare(money(3, "USD"), money(2, "USD"))).toBe(1);
    expect(isZero(money(0, "USD"))).toBe(true);
    expect(isZero(money(-1, "USD"))).toBe(false);
  });

  it("does not compile, and throws at runtime, when adding USD to EUR", () => {
    const dollars = money(100, "USD");
    const euros = money(100, "EUR");
    expect(() =>
      // @ts-expect-error Money<"EUR"> is not assignable to Money<"USD">
      add(dollars, euros),
    ).toThrow(MoneyError);
    // @ts-expect-error the same guard covers subtract and compare
    expect(codeOf(() => subtract(dollars, euros))).toBe("currency_mismatch");
  });

  it("still checks currencies at runtime for values typed as Money<string>", () => {
    const wide: { amount: number; currency: string }[] = [money(1, "USD"), money(1, "GBP")];
    expect(codeOf(() => sum(wide, "USD" as string))).toBe("currency_mismatch");
    expect(codeOf(() => compare(wide[0]!, wide[1]!))).toBe("currency_mismatch");
    expect(codeOf(() => assertSameCurrency(wide[0]!, wide[1]!))).toBe("currency_mismatch");
  });
});

describe("money properties", () => {
  it("subtract undoes add", () => {
    fc.assert(
      fc.property(usd, usd, (a, b) => {
        expect(subtract(add(a, b), b)).toEqual(a);
      }),
    );
  });

  it("add is associative and commutative", () => {
    fc.assert(
      fc.property(usd, usd, usd, (a, b, c) => {
        expect(add(add(a, b), c)).toEqual(add(a, add(b, c)));
        expect(add(a, b)).toEqual(add(b, a));
      }),
    );
  });

  it("multiply by n equals n repeated additions", () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 48), max: 2 ** 48 }), fc.integer({ min: 0, max: 20 }), (a, n) => {
        const m = money(a, "USD");
        expect(multiply(m, n)).toEqual(
          sum(
            Array.from({ length: n }, () => m),
            "USD",
          ),
        );
      }),
    );
  });

  it("multiply either returns the exact product or refuses it", () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.integer({ min: -1000, max: 1000 }), (a, n) => {
        const exact = BigInt(a) * BigInt(n);
        const safe = exact <= BigInt(Number.MAX_SAFE_INTEGER) && exact >= BigInt(Number.MIN_SAFE_INTEGER);
        if (safe) expect(BigInt(multiply(money(a, "USD"), n).amount)).toBe(exact);
        else expect(codeOf(() => multiply(money(a, "USD"), n))).toBe("invalid_amount");
      }),
    );
  });
});
