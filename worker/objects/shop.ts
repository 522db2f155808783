import type { Shop } from "../commerce/types.js";
import type { Env } from "../env.js";

/** The shop a Durable Object serves one request (chat turn, ACP call) for: the configured currency and locale, at `now`. */
export function shopOf(env: Pick<Env, "SHOP_CURRENCY" | "SHOP_LOCALE">, now: number): Shop {
  return { currency: env.SHOP_CURRENCY, locale: env.SHOP_LOCALE, now };
}
