/**
 * Integer division with a named rounding mode. Every division of money in
 * the commerce core goes through here (percent-off is a division), so no
 * amount ever passes through a float quotient.
 *
 * Modes follow java.math.RoundingMode, symmetric about zero:
 *   down       toward zero (truncate)
 *   half_up    nearest; ties away from zero
 *   half_even  nearest; ties to the even neighbour (banker's rounding)
 */
import { MoneyError } from "./money.js";
import type { RoundingMode } from "./types.js";

/**
 * The store's rounding mode, stated once. Banker's rounding sends exact
 * halves up and down equally often, so over many orders the rounded
 * discounts carry no systematic bias toward the shop or the shopper
 * (half_up would round every 0.5-cent tie in one direction).
 */
export const STORE_ROUNDING: RoundingMode = "half_even";

/** Basis points in a whole: 10000 bps = 100 %. */
export const BPS_PER_WHOLE = 10_000;

/**
 * numerator / denominator rounded by `mode`, in BigInt so products larger
 * than 2^53 (amount × basis points) stay exact.
 */
export function divideRoundedBig(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
  if (denominator === 0n) throw new MoneyError("division_by_zero", "Cannot divide by zero");
  // Normalise so the denominator is positive; the sign lives in the numerator.
  const n = denominator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = n / d; // BigInt division truncates toward zero
  const remainder = n % d; // carries the sign of n
  if (remainder === 0n) return quotient;
  const awayFromZero = n < 0n ? quotient - 1n : quotient + 1n;
  // Compare |remainder| with d/2 without dividing: 2|r| vs d.
  const twice = (remainder < 0n ? -remainder : remainder) * 2n;
  switch (mode) {
    case "down":
      return quotient;
    case "half_up":
      return twice >= d ? awayFromZero : quotient;
    case "half_even":
      if (twice !== d) return twice > d ? awayFromZero : quotient;
      return quotient % 2n === 0n ? quotient : awayFromZero;
    default:
      return assertNeverMode(mode);
  }
}

/**
 * Integer division of two safe integers, rounded by `mode`.
 *
 * @example divideRounded(5, 2, "half_even") // 2
 * @example divideRounded(7, 2, "half_even") // 4
 */
export function divideRounded(numerator: number, denominator: number, mode: RoundingMode): number {
  assertSafeInteger(numerator, "numerator");
  assertSafeInteger(denominator, "denominator");
  // |n / d| <= |n| for any non-zero integer d, so the result is safe too.
  return Number(divideRoundedBig(BigInt(numerator), BigInt(denominator), mode));
}

/**
 * `basisPoints` / 10000 of `amount`, rounded by `mode`.
 *
 * @example percentOf(1999, 1000, "half_even") // 200 (10 % of $19.99 = 199.9)
 */
export function percentOf(amount: number, basisPoints: number, mode: RoundingMode): number {
  assertSafeInteger(amount, "amount");
  assertSafeInteger(basisPoints, "basisPoints");
  const result = divideRoundedBig(BigInt(amount) * BigInt(basisPoints), BigInt(BPS_PER_WHOLE), mode);
  const asNumber = Number(result);
  // Only reachable with more than 100 %: refuse rather than lose precision.
  if (!Number.isSafeInteger(asNumber)) {
    throw new MoneyError("invalid_amount", `${basisPoints} bps of ${amount} is not a safe integer`);
  }
  return asNumber;
}

function assertSafeInteger(value: number, what: string): void {
  if (!Number.isSafeInteger(value)) {
    throw new MoneyError("invalid_argument", `${what} must be a safe integer, got ${String(value)}`);
  }
}

function assertNeverMode(mode: never): never {
  throw new MoneyError("invalid_argument", `Unknown rounding mode ${JSON.stringify(mode)}`);
}
