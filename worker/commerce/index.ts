/**
 * Public API of the pure commerce core: money, rounding, allocation,
 * promotions and cart pricing. No I/O, no bindings, no clock — callers
 * pass `now`. Import from here, not from the individual files.
 */
export type * from "./types.js";
export {
  MoneyError,
  type MoneyErrorCode,
  add,
  assertNonNegativeAmount,
  assertSameCurrency,
  compare,
  isZero,
  money,
  multiply,
  subtract,
  sum,
} from "./money.js";
export { BPS_PER_WHOLE, STORE_ROUNDING, divideRounded, divideRoundedBig, percentOf } from "./rounding.js";
export { allocate } from "./allocate.js";
export { formatInstant, formatMoney } from "./format.js";
export { type AppliedCode, type Eligibility, type EligibilityContext, checkPromotion, inScope, isWellFormed } from "./promotion-eligibility.js";
export { type EvaluatePromotionsInput, type LineWithTotal, type PromotionOutcome, evaluatePromotions } from "./promotions.js";
export { priceCart } from "./cart.js";
export { THIRTY_DAYS_MS, lowestPriceInWindow } from "./price-history.js";
