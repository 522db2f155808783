import type { StripeSettings } from "../payments/stripe-client.js";

/** The checkout knobs (README, "Configuration"); unset or invalid = the documented default. */
export interface CheckoutSettingsEnv extends Pick<StripeSettings, "STRIPE_API_BASE"> {
  /** Seconds a quote stays valid (default 600). */
  QUOTE_TTL_SECONDS?: string;
  /** Seconds an unpaid order holds its stock and promotions (default 900). */
  PAYMENT_TTL_SECONDS?: string;
  /** Unpaid orders one shopper may hold at once, across conversations (default 2; a conversation holds at most 1). */
  MAX_PENDING_ORDERS_PER_SHOPPER?: string;
  /** Units of one item an order may hold (default 20). */
  MAX_UNITS_PER_LINE?: string;
  /** Smallest amount the processor can charge, minor units (Stripe: 50 for USD). */
  MIN_CHARGE_AMOUNT?: string;
}

function count(raw: string | undefined, fallback: number): number {
  const n = Number(raw);
  return raw !== undefined && raw !== "" && Number.isInteger(n) && n > 0 ? n : fallback;
}

function seconds(raw: string | undefined, fallback: number): number {
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n * 1000 : fallback * 1000;
}

/** Checkout knobs from env, with the documented defaults. */
export function checkoutSettings(env: CheckoutSettingsEnv) {
  const min = Number(env.MIN_CHARGE_AMOUNT);
  return {
    quoteTtlMs: seconds(env.QUOTE_TTL_SECONDS, 600),
    paymentTtlMs: seconds(env.PAYMENT_TTL_SECONDS, 900),
    // Promotion holds outlive the order by a margin, so the order's own expiry
    // (which releases them) always comes first.
    holdMarginMs: 120_000,
    minChargeAmount: Number.isInteger(min) && min >= 0 ? min : 50,
    // What one shopper may hold unpaid for the payment window (see README "Checkout in the chat").
    maxPendingPerShopper: count(env.MAX_PENDING_ORDERS_PER_SHOPPER, 2),
    maxUnitsPerLine: count(env.MAX_UNITS_PER_LINE, 20),
    // The stand-in's 3-D Secure page (worker/payments/charge.ts); shoppers pay on Stripe Checkout.
    paymentPageBase: env.STRIPE_API_BASE ?? "",
  };
}
