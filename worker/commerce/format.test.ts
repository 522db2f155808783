import { describe, expect, it } from "vitest";
import { formatInstant, formatMoney } from "./format.js";
import { MoneyError } from "./money.js";

describe("formatMoney", () => {
  it.each([
    [1250, "USD", "$12.50"],
    [5, "USD", "$0.05"],
    [0, "USD", "$0.00"],
    [-5, "USD", "-$0.05"],
    [500, "JPY", "¥500"],
    [12345, "KWD", "KWD 12.345"],
    [123456789, "USD", "$1,234,567.89"],
  ] as const)("formats %i %s as %s", (amount, currency, expected) => {
    // ICU separates a currency code with a no-break space; compare words, not space kinds.
    expect(formatMoney(amount, currency).replace(/\s/g, " ")).toBe(expected);
  });

  it("formats the largest safe amount exactly, with no float rounding", () => {
    expect(formatMoney(Number.MAX_SAFE_INTEGER, "USD")).toBe("$90,071,992,547,409.91");
  });

  it("honours the locale", () => {
    expect(formatMoney(1250, "EUR", "de-DE").replace(/\s/g, " ")).toBe("12,50 €");
  });

  it("refuses a fractional amount", () => {
    expect(() => formatMoney(12.5, "USD")).toThrow(MoneyError);
  });
});

describe("formatInstant", () => {
  it("names the date, time and UTC zone", () => {
    expect(formatInstant(Date.UTC(2025, 11, 1, 15, 0))).toBe("December 1, 2025 at 3:00 PM UTC");
  });
});
