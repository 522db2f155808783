/**
 * Whether one code may apply to a cart, and if not, why — as an ACP
 * rejection reason plus a sentence for the shopper built from the
 * promotion's own data (dates, minimums, caps), never from model text.
 *
 * Checks run in a fixed order so one code always gets the same reason:
 * duplicate → unknown/off/malformed/wrong currency → not started → ended →
 * usage caps → minimum subtotal → scope → combination. Combination is last
 * because it is the only check that depends on the other codes.
 */
import { formatInstant, formatMoney } from "./format.js";
import type {
  CurrencyCode,
  DiscountRejectionReason,
  PricingLine,
  Promotion,
  PromotionUsage,
  RejectedCode,
} from "./types.js";
import { BPS_PER_WHOLE } from "./rounding.js";

/** A code that was applied, remembered for the combination rule. */
export interface AppliedCode {
  readonly code: string;
  readonly promotion: Promotion;
}

export interface EligibilityContext {
  readonly currency: CurrencyCode;
  readonly lines: readonly PricingLine[];
  /** Cart subtotal before any discount: minimums compare against this. */
  readonly subtotal: number;
  readonly now: number;
  readonly usage?: ReadonlyMap<string, PromotionUsage> | undefined;
  /** Codes already evaluated (applied or rejected), for duplicates. */
  readonly seenCodes: ReadonlySet<string>;
  /** Codes applied so far, in order. */
  readonly applied: readonly AppliedCode[];
}

export type Eligibility =
  { readonly ok: true; readonly promotion: Promotion } | { readonly ok: false; readonly rejection: RejectedCode };

/** True when a promotion covers this line ("all", or its product / SKU is listed). */
export function inScope(promotion: Promotion, line: PricingLine): boolean {
  switch (promotion.scope) {
    case "all":
      return true;
    case "products":
      return promotion.scopeIds.includes(line.productId);
    case "skus":
      return promotion.scopeIds.includes(line.sku);
    default:
      // Unknown scope from bad data: cover nothing (fail closed).
      return false;
  }
}

/**
 * Promotions come from a database row; a value outside its kind's range is
 * a data bug. Treating it as invalid keeps a typo like 100000 bps from
 * ever becoming a 1000 % discount.
 */
export function isWellFormed(p: Promotion): boolean {
  const count = (n: number | null): boolean => n === null || isCount(n);
  const instant = (n: number | null): boolean => n === null || Number.isFinite(n);
  const valueOk =
    p.kind === "percent_off"
      ? Number.isSafeInteger(p.value) && p.value >= 0 && p.value <= BPS_PER_WHOLE
      : (p.kind === "amount_off" || p.kind === "fixed_unit_price") &&
        Number.isSafeInteger(p.value) &&
        p.value >= 0 &&
        p.currency !== null;
  return (
    valueOk &&
    Number.isSafeInteger(p.minSubtotal) &&
    p.minSubtotal >= 0 &&
    count(p.maxUnits) &&
    count(p.totalCap) &&
    count(p.perUserCap) &&
    instant(p.startsAt) &&
    instant(p.endsAt) &&
    (p.scope === "all" || p.scope === "products" || p.scope === "skus") &&
    Array.isArray(p.scopeIds)
  );
}

/** Decides one code against the cart and the codes before it. */
export function checkPromotion(code: string, promotion: Promotion | undefined, ctx: EligibilityContext): Eligibility {
  const reject = (reason: DiscountRejectionReason, message: string): Eligibility => ({
    ok: false,
    rejection: { code, reason, message },
  });
  const money = (amount: number): string => formatMoney(amount, ctx.currency);

  // The second occurrence is rejected whatever happened to the first, so a
  // repeated code can never be counted twice.
  if (ctx.seenCodes.has(code))
    return reject("discount_code_already_applied", `${code} was entered more than once; it counts only once.`);
  if (promotion === undefined) return reject("discount_code_invalid", `${code} isn't a valid discount code.`);
  // `active` is the operations kill switch: off means off, whatever the dates say.
  if (!promotion.active) return reject("discount_code_invalid", `${code} is no longer available.`);
  if (!isWellFormed(promotion)) return reject("discount_code_invalid", `${code} can't be used right now.`);
  // A promotion that names a currency is for that currency only: its value
  // and minimum are minor units of it. Percent-off may name none.
  if (promotion.currency !== null && promotion.currency !== ctx.currency) {
    return reject("discount_code_invalid", `${code} can only be used for purchases in ${promotion.currency}.`);
  }
  if (promotion.startsAt !== null && ctx.now < promotion.startsAt) {
    return reject("discount_code_invalid", `${code} starts on ${formatInstant(promotion.startsAt)}.`);
  }
  if (promotion.endsAt !== null && ctx.now >= promotion.endsAt) {
    return reject("discount_code_expired", `${code} ended on ${formatInstant(promotion.endsAt)}.`);
  }
  const usage = ctx.usage?.get(code) ?? { totalRedeemed: 0, userRedeemed: 0 };
  // Counts come from the promotion's Durable Object; if they are garbage we
  // cannot prove a redemption is left, so the code does not apply.
  if (!isCount(usage.totalRedeemed) || !isCount(usage.userRedeemed)) {
    return reject("discount_code_invalid", `${code} can't be used right now.`);
  }
  if (usage.killed) return reject("discount_code_expired", `${code} has been switched off.`);
  if (promotion.perUserCap !== null && usage.shopperKnown === false) {
    return reject("discount_code_user_not_logged_in", `${code} is limited per customer, so please sign in to use it.`);
  }
  if (promotion.totalCap !== null && usage.totalRedeemed >= promotion.totalCap) {
    const message =
      promotion.totalCap === 0
        ? `${code} has no uses left.`
        : `${code} has reached its limit of ${integer(promotion.totalCap)} uses.`;
    return reject("discount_code_usage_limit_reached", message);
  }
  if (promotion.perUserCap !== null && usage.userRedeemed >= promotion.perUserCap) {
    const cap = promotion.perUserCap;
    const message =
      cap === 0
        ? `${code} has no uses left for you.`
        : `${code} can be used ${cap === 1 ? "once" : `${integer(cap)} times`} per customer, and you've already used it.`;
    return reject("discount_code_usage_limit_reached", message);
  }
  if (ctx.subtotal < promotion.minSubtotal) {
    return reject(
      "discount_code_minimum_not_met",
      `${code} needs a subtotal of at least ${money(promotion.minSubtotal)} (you have ${money(ctx.subtotal)}).`,
    );
  }
  if (!ctx.lines.some((line) => inScope(promotion, line))) {
    return reject(
      "discount_code_minimum_not_met",
      `${code} needs a qualifying item in the cart (${describeScope(promotion)}).`,
    );
  }
  // Earlier-applied wins: a non-stackable code excludes every later code, and
  // cannot join codes already applied.
  const blocker = ctx.applied.find((a) => !a.promotion.stackable);
  if (blocker !== undefined) {
    return reject("discount_code_combination_disallowed", `${code} can't be combined with ${blocker.code}.`);
  }
  if (!promotion.stackable && ctx.applied.length > 0) {
    const others = ctx.applied.map((a) => a.code).join(", ");
    return reject(
      "discount_code_combination_disallowed",
      `${code} can't be combined with other codes (already applied: ${others}).`,
    );
  }
  return { ok: true, promotion };
}

function isCount(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

function integer(n: number): string {
  return new Intl.NumberFormat("en-US").format(n);
}

/** Which items qualify, in words the shopper can act on. */
function describeScope(p: Promotion): string {
  if (p.scope === "all") return "any item qualifies";
  if (p.scope === "skus" && p.scopeIds.length > 0 && p.scopeIds.length <= 5) {
    return `qualifying: ${p.scopeIds.join(", ")}`;
  }
  // Product ids mean nothing to a shopper; the promotion's name does.
  return `"${p.name}" applies to selected products only`;
}
