/**
 * Split an integer total into integer shares by weight, largest-remainder
 * (Hamilton) method, as dinero.js does in
 * packages/core/src/utils/distribute.ts.
 *
 * Why not round each share: rounding shares independently can lose or invent
 * a cent (3 × round(100/3) = 99). Largest-remainder gives each line its
 * floored exact share, then hands the few cents left over to the lines with
 * the largest fractional parts, so the shares always sum to the total.
 */
import { MoneyError } from "./money.js";

/**
 * Shares of `total` proportional to `weights`, summing exactly to `total`.
 *
 * - Every share is within one minor unit of its exact proportional share
 *   and never negative.
 * - A zero weight gets zero, unless every weight is zero: then the total is
 *   split evenly (as if all weights were 1) rather than dropped.
 * - Ties between equal remainders go to the lowest index, so the result is
 *   deterministic for the same input.
 *
 * @example allocate(100, [1, 1, 1]) // [34, 33, 33]
 * @example allocate(10, [2, 0, 1]) // [7, 0, 3]
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(total) || total < 0) {
    throw new MoneyError(
      "invalid_amount",
      `Total to allocate must be a non-negative safe integer, got ${String(total)}`,
    );
  }
  for (const w of weights) {
    if (!Number.isSafeInteger(w) || w < 0) {
      throw new MoneyError("invalid_argument", `Weights must be non-negative safe integers, got ${String(w)}`);
    }
  }
  if (weights.length === 0) {
    if (total === 0) return [];
    throw new MoneyError("invalid_argument", `Cannot allocate ${total} across no weights`);
  }

  // BigInt: total × weight can exceed 2^53 even when both are safe.
  const allZero = weights.every((w) => w === 0);
  const big = weights.map((w) => BigInt(allZero ? 1 : w));
  const weightSum = big.reduce((a, b) => a + b, 0n);
  const bigTotal = BigInt(total);

  const shares = big.map((w) => (bigTotal * w) / weightSum);
  const remainders = big.map((w) => (bigTotal * w) % weightSum);
  let leftover = bigTotal - shares.reduce((a, b) => a + b, 0n);

  // leftover < number of non-zero remainders, so one pass suffices. A zero
  // weight has remainder 0 and can only be reached if leftover exceeded the
  // number of positive remainders, which the floor arithmetic rules out.
  const order = remainders
    .map((r, index) => ({ r, index }))
    .sort((a, b) => (a.r === b.r ? a.index - b.index : a.r > b.r ? -1 : 1));
  for (const { index } of order) {
    if (leftover === 0n) break;
    shares[index] = (shares[index] ?? 0n) + 1n;
    leftover -= 1n;
  }

  // Each share is at most `total`, so converting back is exact.
  return shares.map((s) => Number(s));
}
