/**
 * Domain types of the pure commerce core. Nothing in worker/commerce does I/O
 * or imports a binding; everything here is plain data.
 *
 * Money is always integer minor units (cents) plus an ISO 4217 code.
 */

/** Upper-case ISO 4217 code, e.g. "USD". */
export type CurrencyCode = string;

export interface Money<C extends CurrencyCode = CurrencyCode> {
  readonly amount: number;
  readonly currency: C;
}

/** How a division is rounded to minor units. The store's mode is STORE_ROUNDING. */
export type RoundingMode = "half_even" | "half_up" | "down";

export type PromotionKind = "percent_off" | "amount_off" | "fixed_unit_price";
export type PromotionScope = "all" | "products" | "skus";

/**
 * A promotion as data (mirrors schema/promotions.ts). `value` is basis points
 * for percent_off (1000 = 10 %), minor units in `currency` otherwise.
 * Times are epoch milliseconds; null = open-ended.
 */
export interface Promotion {
  readonly code: string;
  readonly name: string;
  readonly kind: PromotionKind;
  readonly value: number;
  readonly currency: CurrencyCode | null;
  readonly scope: PromotionScope;
  readonly scopeIds: readonly string[];
  readonly minSubtotal: number;
  readonly maxUnits: number | null;
  readonly startsAt: number | null;
  readonly endsAt: number | null;
  readonly totalCap: number | null;
  readonly perUserCap: number | null;
  readonly stackable: boolean;
  readonly active: boolean;
}

/** ACP discount extension rejection codes (schema.discount.json, discount_error_codes). */
export type DiscountRejectionReason =
  | "discount_code_expired"
  | "discount_code_invalid"
  | "discount_code_already_applied"
  | "discount_code_combination_disallowed"
  | "discount_code_minimum_not_met"
  | "discount_code_user_not_logged_in"
  | "discount_code_user_ineligible"
  | "discount_code_usage_limit_reached";

/** How many times a promotion has been redeemed, overall and by this shopper. */
export interface PromotionUsage {
  readonly totalRedeemed: number;
  readonly userRedeemed: number;
  /** Ops switched the promotion off (kill switch): it applies to nobody. */
  readonly killed?: boolean;
  /** false for a guest: per-customer caps cannot be enforced, so such codes need sign-in. */
  readonly shopperKnown?: boolean;
}

/** A line of a cart: what the shopper wants, never a price (prices are read from the catalog each time). */
export interface CartLine {
  readonly sku: string;
  readonly quantity: number;
}

/**
 * What the checkout engine prices, quotes and orders: the chat's conversation
 * keeps one beside its chat context, an ACP session stores one of its own.
 */
export interface Cart {
  readonly lines: readonly CartLine[];
  /** Promotion codes in the order the shopper applied them (upper case). */
  readonly codes: readonly string[];
}

/** The shop a request is served for: its currency and locale, and the request's clock (epoch ms). */
export interface Shop {
  readonly currency: CurrencyCode;
  readonly locale: string;
  readonly now: number;
}

/** A cart line as the pricing function sees it: prices come from the catalog. */
export interface PricingLine {
  readonly sku: string;
  readonly productId: string;
  readonly quantity: number;
  readonly unitAmount: number;
}

export interface Fee {
  readonly label: string;
  readonly amount: number;
}

export interface PriceCartInput {
  readonly currency: CurrencyCode;
  readonly lines: readonly PricingLine[];
  /** Codes in the order the shopper applied them, already normalised (upper case). */
  readonly codes: readonly string[];
  /** Known promotions by code; a code missing here is discount_code_invalid. */
  readonly promotions: ReadonlyMap<string, Promotion>;
  /** Redemption counts by code; missing = none redeemed. */
  readonly usage?: ReadonlyMap<string, PromotionUsage>;
  readonly fees?: readonly Fee[];
  /** Epoch ms: the clock is injected, never read. */
  readonly now: number;
}

export interface PricedLine extends PricingLine {
  /** unitAmount × quantity. */
  readonly lineTotal: number;
  /** Sum of every discount allocated to this line; never above lineTotal. */
  readonly discount: number;
  /** lineTotal − discount. */
  readonly total: number;
}

export interface Allocation {
  /** Index into PricedCart.lines. */
  readonly lineIndex: number;
  readonly amount: number;
}

export interface AppliedDiscount {
  readonly code: string;
  readonly name: string;
  readonly kind: PromotionKind;
  /** Total of this discount = sum of its allocations. */
  readonly amount: number;
  readonly allocations: readonly Allocation[];
}

export interface RejectedCode {
  readonly code: string;
  readonly reason: DiscountRejectionReason;
  /** Plain-words explanation for the shopper, built from promotion data. */
  readonly message: string;
}

export interface PricedCart {
  readonly currency: CurrencyCode;
  readonly lines: readonly PricedLine[];
  /** Sum of lineTotal. */
  readonly subtotal: number;
  readonly discounts: readonly AppliedDiscount[];
  readonly rejected: readonly RejectedCode[];
  /** Sum of discounts[].amount. */
  readonly discountTotal: number;
  readonly fees: readonly Fee[];
  /** subtotal − discountTotal + fees, never below zero. */
  readonly total: number;
}

/** One price a SKU has had, in force from effectiveFrom until the next entry. */
export interface PricePoint {
  readonly effectiveFrom: number;
  readonly amount: number;
}
