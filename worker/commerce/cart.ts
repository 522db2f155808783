/**
 * priceCart: the one function that turns cart lines, codes and fees into
 * totals. Chat replies, ACP checkout sessions, quotes and orders all call
 * it, so a shopper can never see one total and be charged another
 * (docs/ARCHITECTURE.md invariant 1).
 *
 *   lineTotal = unitAmount × quantity
 *   subtotal  = Σ lineTotal
 *   total     = max(0, subtotal − discountTotal + Σ fees)
 *
 * Discounts never take a line below zero, so discountTotal ≤ subtotal and
 * the max(0, …) is a belt-and-braces guard, not a clamp that hides a bug.
 */
import { MoneyError, assertNonNegativeAmount, money, multiply, sum } from "./money.js";
import { type LineWithTotal, evaluatePromotions } from "./promotions.js";
import type { AppliedDiscount, Fee, PriceCartInput, PricedCart, PricedLine, RejectedCode } from "./types.js";

/**
 * Prices a cart. Pure and deterministic: the same input gives the same
 * output, the input is never mutated, and the clock is `input.now`.
 *
 * Throws MoneyError for amounts that are not non-negative safe integers, a
 * quantity that is not a positive integer, or a malformed currency. Callers
 * validate first; this is the last guard before money moves.
 *
 * @example
 * priceCart({ currency: "USD", lines: [{ sku: "TEA-1", productId: "tea",
 *   quantity: 2, unitAmount: 450 }], codes: [], promotions: new Map(), now })
 * // → { subtotal: 900, discountTotal: 0, total: 900, … }
 */
export function priceCart(input: PriceCartInput): PricedCart {
  const { currency } = input;
  money(0, currency); // validates the code once, up front

  const lines: LineWithTotal[] = input.lines.map((line, index) => {
    if (!Number.isSafeInteger(line.quantity) || line.quantity < 1) {
      throw new MoneyError(
        "invalid_quantity",
        `Line ${index} quantity must be a positive integer, got ${String(line.quantity)}`,
      );
    }
    assertNonNegativeAmount(line.unitAmount, `Line ${index} unitAmount`);
    // multiply() refuses a product beyond 2^53 instead of rounding it.
    const lineTotal = multiply(money(line.unitAmount, currency), line.quantity).amount;
    return {
      sku: line.sku,
      productId: line.productId,
      quantity: line.quantity,
      unitAmount: line.unitAmount,
      lineTotal,
    };
  });
  const fees: Fee[] = (input.fees ?? []).map((fee, index) => {
    // A negative fee would be a discount that bypasses the promotion rules.
    assertNonNegativeAmount(fee.amount, `Fee ${index} amount`);
    return { label: fee.label, amount: fee.amount };
  });
  if (!Number.isSafeInteger(input.now)) {
    throw new MoneyError("invalid_argument", `now must be epoch milliseconds, got ${String(input.now)}`);
  }

  const subtotal = sum(
    lines.map((l) => money(l.lineTotal, currency)),
    currency,
  ).amount;
  const outcomes = evaluatePromotions({
    currency,
    lines,
    codes: input.codes,
    promotions: input.promotions,
    usage: input.usage,
    now: input.now,
  });

  const discounts: AppliedDiscount[] = [];
  const rejected: RejectedCode[] = [];
  const lineDiscounts = lines.map(() => 0);
  for (const outcome of outcomes) {
    switch (outcome.type) {
      case "applied":
        discounts.push(outcome.discount);
        for (const a of outcome.discount.allocations) {
          lineDiscounts[a.lineIndex] = (lineDiscounts[a.lineIndex] ?? 0) + a.amount;
        }
        break;
      case "rejected":
        rejected.push(outcome.rejection);
        break;
      default:
        assertNever(outcome);
    }
  }

  const pricedLines: PricedLine[] = lines.map((line, index) => {
    const discount = lineDiscounts[index] ?? 0;
    return { ...line, discount, total: line.lineTotal - discount };
  });
  const discountTotal = discounts.reduce((acc, d) => acc + d.amount, 0);
  const feeTotal = sum(
    fees.map((f) => money(f.amount, currency)),
    currency,
  ).amount;
  const total = Math.max(0, subtotal - discountTotal + feeTotal);
  assertNonNegativeAmount(total, "Cart total"); // also catches an unsafe sum

  return { currency, lines: pricedLines, subtotal, discounts, rejected, discountTotal, fees, total };
}

function assertNever(value: never): never {
  throw new Error(`Unhandled promotion outcome ${JSON.stringify(value)}`);
}
