import type { Env } from "../env.js";

function count(raw: string | undefined, fallback: number): number {
  const n = Number(raw);
  return raw !== undefined && raw !== "" && Number.isInteger(n) && n > 0 ? n : fallback;
}

function seconds(raw: string | undefined, fallback: number): number {
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n * 1000 : fallback * 1000;
}

/** Checkout knobs from env, with the documented defaults. */
export function checkoutSettings(env: Env) {
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
