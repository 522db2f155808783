import type { Conversation } from "./objects/conversation.do.js";
import type { Promo } from "./objects/promo.do.js";

/** Bindings and variables the Worker reads. Documented in README.md and .dev.vars.example. */
export interface Env {
  DB: D1Database;
  CONVERSATION: DurableObjectNamespace<Conversation>;
  /** One Promo Durable Object per promotion code: caps, kill switch, reservations. */
  PROMO: DurableObjectNamespace<Promo>;
  /** ISO 4217 currency of the catalog, e.g. "USD". */
  SHOP_CURRENCY: string;
  /** BCP 47 locale for money in replies, e.g. "en-US". */
  SHOP_LOCALE: string;
  /** HS256 secret for storefront bearer tokens; unset = guests only. */
  STOREFRONT_JWT_SECRET?: string;
  /** Stripe secret key (sk_test_… / sk_live_…); unset = checkout answers that payments are not set up. */
  STRIPE_SECRET_KEY?: string;
  /** Stripe-Signature secret of the webhook endpoint (whsec_…); unset = the webhook answers 404. */
  STRIPE_WEBHOOK_SECRET?: string;
  /** Base URL of the Stripe API; unset = Stripe itself. `npm run dev` and tests point it at the stand-in. */
  STRIPE_API_BASE?: string;
  /** Base URL of the page where a shopper pays a PaymentIntent that still needs a card (see README). */
  PAYMENT_PAGE_BASE?: string;
  /** Seconds a quote stays valid (default 600). */
  QUOTE_TTL_SECONDS?: string;
  /** Seconds an unpaid order holds its stock and promotions (default 900). */
  PAYMENT_TTL_SECONDS?: string;
  /** Smallest amount the processor can charge, minor units (Stripe: 50 for USD). */
  MIN_CHARGE_AMOUNT?: string;
}
