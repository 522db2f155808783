/**
 * A promotion is data; applying it is this pure function. Given priced lines
 * and the shopper's codes in order, it returns one outcome per code — a
 * closed union, applied or rejected — and never mutates its input
 * (medusa's promotion module mutates the cart; we recompute from scratch on
 * every change instead).
 *
 * Codes stack in order: each applied promotion works on what is left of each
 * line after the earlier ones, so a line can never be discounted below zero
 * and the result does not depend on floating maths or on map order.
 */
import { allocate } from "./allocate.js";
import { type AppliedCode, checkPromotion, inScope } from "./promotion-eligibility.js";
import { percentOf, STORE_ROUNDING } from "./rounding.js";
import type { AppliedDiscount, CurrencyCode, PricingLine, Promotion, PromotionUsage, RejectedCode } from "./types.js";

/** A cart line with its lineTotal (unitAmount × quantity) already computed. */
export interface LineWithTotal extends PricingLine {
  readonly lineTotal: number;
}

export interface EvaluatePromotionsInput {
  readonly currency: CurrencyCode;
  /** Validated lines, as priceCart builds them. */
  readonly lines: readonly LineWithTotal[];
  readonly codes: readonly string[];
  readonly promotions: ReadonlyMap<string, Promotion>;
  readonly usage?: ReadonlyMap<string, PromotionUsage> | undefined;
  readonly now: number;
}

/** What happened to one code. */
export type PromotionOutcome =
  | { readonly type: "applied"; readonly discount: AppliedDiscount }
  | { readonly type: "rejected"; readonly rejection: RejectedCode };

/**
 * One outcome per code, in the order given.
 *
 * A promotion whose computed discount is 0 (a fixed price above the unit
 * price, 0 bps, lines already fully discounted) is still "applied" with
 * amount 0 and no allocations: the code is valid, it just saves nothing,
 * and it still counts for the stacking rule.
 */
export function evaluatePromotions(input: EvaluatePromotionsInput): PromotionOutcome[] {
  const subtotal = input.lines.reduce((acc, line) => acc + line.lineTotal, 0);
  const remaining = input.lines.map((line) => line.lineTotal);
  const seenCodes = new Set<string>();
  const applied: AppliedCode[] = [];
  const outcomes: PromotionOutcome[] = [];

  for (const code of input.codes) {
    const verdict = checkPromotion(code, input.promotions.get(code), {
      currency: input.currency,
      lines: input.lines,
      subtotal,
      now: input.now,
      usage: input.usage,
      seenCodes,
      applied,
    });
    seenCodes.add(code);
    if (!verdict.ok) {
      outcomes.push({ type: "rejected", rejection: verdict.rejection });
      continue;
    }
    const { promotion } = verdict;
    const perLine = discountPerLine(promotion, input.lines, remaining);
    const allocations = perLine.flatMap((amount, lineIndex) => (amount > 0 ? [{ lineIndex, amount }] : []));
    for (const { lineIndex, amount } of allocations) remaining[lineIndex] = (remaining[lineIndex] ?? 0) - amount;
    applied.push({ code, promotion });
    outcomes.push({
      type: "applied",
      discount: {
        code,
        name: promotion.name,
        kind: promotion.kind,
        amount: allocations.reduce((acc, a) => acc + a.amount, 0),
        allocations,
      },
    });
  }
  return outcomes;
}

/**
 * The discount one promotion gives each line, never more than what remains
 * of that line. `remaining` is read, not written.
 */
function discountPerLine(
  promotion: Promotion,
  lines: readonly LineWithTotal[],
  remaining: readonly number[],
): number[] {
  const result = lines.map(() => 0);
  const eligible = lines.flatMap((line, index) => (inScope(promotion, line) ? [index] : []));
  const weights = eligible.map((index) => remaining[index] ?? 0);
  const base = weights.reduce((acc, w) => acc + w, 0);

  switch (promotion.kind) {
    case "percent_off":
    case "amount_off": {
      // Percent-off is a division, so it names the store's rounding mode.
      // Amount-off is capped at what is left, so it never goes negative.
      const total =
        promotion.kind === "percent_off"
          ? percentOf(base, promotion.value, STORE_ROUNDING)
          : Math.min(promotion.value, base);
      // Weighted by what remains, so each share is at most its line's
      // remainder (the exact share is ≤ remainder and allocate stays within
      // one unit of it, rounding up only when the exact share is fractional).
      const shares = allocate(total, weights);
      eligible.forEach((index, k) => (result[index] = shares[k] ?? 0));
      return result;
    }
    case "fixed_unit_price": {
      // Units are counted in cart order, whether or not a unit actually gets
      // cheaper, so maxUnits bounds the shop's exposure simply and predictably.
      let unitsLeft = promotion.maxUnits ?? Number.POSITIVE_INFINITY;
      for (const index of eligible) {
        const line = lines[index];
        if (line === undefined || unitsLeft <= 0) break;
        const units = Math.min(line.quantity, unitsLeft);
        unitsLeft -= units;
        const perUnit = Math.max(0, line.unitAmount - promotion.value);
        // perUnit × units ≤ lineTotal, which is a safe integer: exact.
        result[index] = Math.min(perUnit * units, remaining[index] ?? 0);
      }
      return result;
    }
    default:
      return assertNeverKind(promotion.kind);
  }
}

function assertNeverKind(kind: never): never {
  throw new Error(`Unknown promotion kind ${JSON.stringify(kind)}`);
}
