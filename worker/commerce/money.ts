/**
 * Money as integer minor units plus an ISO 4217 code (docs/ARCHITECTURE.md invariant 1).
 *
 * Modelled on dinero.js v2: the amount is checked once, when constructed, and
 * every operation on two amounts asserts the same currency before touching
 * the numbers. Same-currency is also enforced by the compiler: the second
 * operand is `Money<NoInfer<C>>`, so `C` is fixed by the first operand and
 * `add(usd, eur)` does not type-check. Values typed as the wide
 * `Money<string>` still get the runtime check.
 */
import type { CurrencyCode, Money } from "./types.js";

/** Machine-readable reason a money operation refused its input. */
export type MoneyErrorCode =
  | "invalid_amount"
  | "invalid_currency"
  | "currency_mismatch"
  | "invalid_quantity"
  | "division_by_zero"
  | "invalid_argument";

/**
 * Thrown for any input the commerce core will not compute with. Callers
 * validate first (zod at the edge); reaching this means a bug upstream, so
 * it fails loudly instead of producing a wrong charge.
 */
export class MoneyError extends Error {
  override readonly name = "MoneyError";
  constructor(
    readonly code: MoneyErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const CURRENCY = /^[A-Z]{3}$/;

/**
 * Builds a Money value, refusing anything that is not a safe integer or an
 * upper-case three-letter code. Negative amounts are allowed (a difference
 * can be negative); pricing guards non-negativity where it matters.
 *
 * @example money(1250, "USD") // $12.50
 */
export function money<C extends CurrencyCode>(amount: number, currency: C): Money<C> {
  // Outside ±2^53 floats stop representing every integer, so sums would
  // silently round. Refusing here keeps every later operation exact.
  if (!Number.isSafeInteger(amount)) {
    throw new MoneyError("invalid_amount", `Amount must be a safe integer of minor units, got ${String(amount)}`);
  }
  if (typeof currency !== "string" || !CURRENCY.test(currency)) {
    throw new MoneyError(
      "invalid_currency",
      `Currency must be an upper-case ISO 4217 code, got ${JSON.stringify(currency)}`,
    );
  }
  // -0 (e.g. −1 × 0) would compare unequal under Object.is and print as
  // "-$0.00"; there is only one zero amount.
  return { amount: amount === 0 ? 0 : amount, currency };
}

/** Throws `currency_mismatch` unless both values share a currency. */
export function assertSameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw new MoneyError("currency_mismatch", `Cannot combine ${a.currency} with ${b.currency}`);
  }
}

/**
 * a + b. Adding two safe integers whose exact sum is safe is exact in
 * IEEE-754; an unsafe sum is rejected by `money()`.
 */
export function add<C extends CurrencyCode>(a: Money<C>, b: Money<NoInfer<C>>): Money<C> {
  assertSameCurrency(a, b);
  return money(a.amount + b.amount, a.currency);
}

/** a − b (may be negative). */
export function subtract<C extends CurrencyCode>(a: Money<C>, b: Money<NoInfer<C>>): Money<C> {
  assertSameCurrency(a, b);
  return money(a.amount - b.amount, a.currency);
}

/**
 * m × factor for an integer factor (e.g. a quantity). Fractions are refused:
 * a fractional product needs a rounding mode, see rounding.ts.
 */
export function multiply<C extends CurrencyCode>(m: Money<C>, integerFactor: number): Money<C> {
  if (!Number.isSafeInteger(integerFactor)) {
    throw new MoneyError("invalid_argument", `Factor must be a safe integer, got ${String(integerFactor)}`);
  }
  // The exact product of two integers is representable whenever it is safe,
  // and money() rejects it when it is not.
  return money(m.amount * integerFactor, m.currency);
}

/**
 * Sum of a list in one currency; the currency is passed so an empty list
 * still has one (zero of that currency).
 *
 * @example sum([money(100, "USD"), money(250, "USD")], "USD") // 350 USD
 */
export function sum<C extends CurrencyCode>(list: readonly Money<NoInfer<C>>[], currency: C): Money<C> {
  let total = money(0, currency);
  for (const m of list) total = add(total, m);
  return total;
}

export function isZero(m: Money): boolean {
  return m.amount === 0;
}

/** −1, 0 or 1 as a is less than, equal to or greater than b. */
export function compare<C extends CurrencyCode>(a: Money<C>, b: Money<NoInfer<C>>): -1 | 0 | 1 {
  assertSameCurrency(a, b);
  return a.amount < b.amount ? -1 : a.amount > b.amount ? 1 : 0;
}

/** Guard for raw minor-unit numbers that must be ≥ 0 (prices, fees, totals). */
export function assertNonNegativeAmount(amount: number, what: string): void {
  if (!Number.isSafeInteger(amount) || amount < 0) {
    throw new MoneyError("invalid_amount", `${what} must be a non-negative safe integer, got ${String(amount)}`);
  }
}
