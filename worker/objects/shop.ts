import type { Shop } from "../commerce/types.js";

/** The env a shop is configured by (wrangler.toml vars). */
export interface ShopEnv {
  SHOP_CURRENCY: string;
  SHOP_LOCALE: string;
}

/** The shop a Durable Object serves one request (chat turn, ACP call) for: the configured currency and locale, at `now`. */
export function shopOf(env: ShopEnv, now: number): Shop {
  return { currency: env.SHOP_CURRENCY, locale: env.SHOP_LOCALE, now };
}
