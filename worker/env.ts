import type { Conversation } from "./objects/conversation.do.js";

/** Bindings and variables the Worker reads. Documented in README.md and .dev.vars.example. */
export interface Env {
  DB: D1Database;
  CONVERSATION: DurableObjectNamespace<Conversation>;
  /** ISO 4217 currency of the catalog, e.g. "USD". */
  SHOP_CURRENCY: string;
  /** BCP 47 locale for money in replies, e.g. "en-US". */
  SHOP_LOCALE: string;
  /** HS256 secret for storefront bearer tokens; unset = guests only. */
  STOREFRONT_JWT_SECRET?: string;
}
