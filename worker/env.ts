import type { Conversation } from "./objects/conversation.do.js";
import type { CheckoutSession } from "./objects/checkout-session.do.js";
import type { PromoEnv } from "./objects/promo.do.js";
import type { LlmEnv } from "./agent/llm/config.js";
import type { LimiterEnv } from "./limits/select.js";

/**
 * Bindings and variables the Worker reads. Documented in README.md and
 * .dev.vars.example. A module that reads some declares them beside it (the
 * interfaces extended here); the rest are still listed below.
 */
export interface Env extends LlmEnv, LimiterEnv, PromoEnv {
  DB: D1Database;
  CONVERSATION: DurableObjectNamespace<Conversation>;
  /** One CheckoutSession Durable Object per ACP checkout session id. */
  CHECKOUT_SESSION: DurableObjectNamespace<CheckoutSession>;
  /** Bearer key agents use for the ACP checkout API (/checkout_sessions); unset = ACP disabled (404). */
  ACP_API_KEY?: string;
  /** "1" = chat answers carry a Server-Timing header with the turn's parts (bench/turn.mjs --profile); unset in production. */
  PROFILE_TURNS?: string;
  /** Storefront origins allowed to call /v1/* from the embedded chat widget (comma-separated); unset = same origin only. */
  WIDGET_ORIGINS?: string;
  /** ISO 4217 currency of the catalog, e.g. "USD". */
  SHOP_CURRENCY: string;
  /** BCP 47 locale for money in replies, e.g. "en-US". */
  SHOP_LOCALE: string;
  /** HS256 secret for storefront bearer tokens; unset = guests only. */
  STOREFRONT_JWT_SECRET?: string;
  /** Longest lifetime a storefront token may have (exp − iat and exp − now), seconds; default 86400. */
  STOREFRONT_JWT_MAX_TTL_SECONDS?: string;
  /** Stripe secret key (sk_test_… / sk_live_…); unset = checkout answers that payments are not set up. */
  STRIPE_SECRET_KEY?: string;
  /** Stripe-Signature secret of the webhook endpoint (whsec_…); unset = the webhook answers 404. */
  STRIPE_WEBHOOK_SECRET?: string;
  /** Base URL of the Stripe API; unset = Stripe itself. `npm run dev` and tests point it at the stand-in. */
  STRIPE_API_BASE?: string;
  /** Public origin of this Worker (https://shop.example): Stripe Checkout returns the shopper to its /pay/done and /pay/cancelled. */
  SHOP_URL?: string;
  /** Milliseconds a chat turn waits for Stripe in all (default 4000); later the alarm or the webhook settles. */
  PAYMENT_TIMEOUT_MS?: string;
  /** Telegram bot token; with TELEGRAM_WEBHOOK_SECRET it enables POST /webhooks/telegram. */
  TELEGRAM_BOT_TOKEN?: string;
  /** The secret_token given to setWebhook; compared in constant time with X-Telegram-Bot-Api-Secret-Token. */
  TELEGRAM_WEBHOOK_SECRET?: string;
  /** Bot API base URL (default https://api.telegram.org); tests point it at the stand-in. */
  TELEGRAM_API_BASE?: string;
  /** Payment provider token from @BotFather (Payments); set = Telegram shoppers pay with an invoice inside the chat. */
  TELEGRAM_PAYMENT_PROVIDER_TOKEN?: string;
  /** WhatsApp Cloud API access token. */
  WHATSAPP_ACCESS_TOKEN?: string;
  /** Meta app secret: X-Hub-Signature-256 is an HMAC-SHA256 of the raw body with it. */
  WHATSAPP_APP_SECRET?: string;
  /** Token Meta echoes in the GET verification handshake. */
  WHATSAPP_VERIFY_TOKEN?: string;
  /** Graph API base URL with version (default https://graph.facebook.com/v21.0). */
  WHATSAPP_API_BASE?: string;
  /** Bearer token for /admin and the ops CLI; unset = admin API disabled (404). */
  ADMIN_TOKEN?: string;
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
