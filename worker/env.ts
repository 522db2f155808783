import type { OrderEventsEnv } from "./orders/order-events.js";
import type { PromoEnv } from "./objects/promo.do.js";
import type { LlmEnv } from "./agent/llm/config.js";
import type { LimiterEnv } from "./limits/select.js";
import type { RefundEnv } from "./orders/refund-desk.js";
import type { CheckoutEnv } from "./checkout/checkout.js";
import type { ReconcileEnv } from "./orders/reconcile.js";

/**
 * Bindings and variables the Worker reads. Documented in README.md and
 * .dev.vars.example. A module that reads some declares them beside it (the
 * interfaces extended here); the rest are still listed below.
 */
export interface Env extends LlmEnv, LimiterEnv, PromoEnv, OrderEventsEnv, RefundEnv, CheckoutEnv, ReconcileEnv {
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
  /** Stripe-Signature secret of the webhook endpoint (whsec_…); unset = the webhook answers 404. */
  STRIPE_WEBHOOK_SECRET?: string;
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
}
