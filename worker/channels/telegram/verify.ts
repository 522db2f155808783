import { constantTimeEqual } from "../../http/crypto.js";

/** The header Telegram sends with every webhook call when setWebhook had a `secret_token`. */
export const TELEGRAM_SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

/** What Telegram accepts as `secret_token`: 1-256 of A-Z a-z 0-9 _ - (https://core.telegram.org/bots/api#setwebhook). */
export const TELEGRAM_SECRET_PATTERN = /^[A-Za-z0-9_-]{1,256}$/;

/**
 * True only when the webhook secret is configured and the header equals it,
 * compared in constant time. Fails closed: with no secret configured nothing
 * is accepted (grammY accepts everything then; we do not). Call it before
 * reading the body as JSON.
 *
 * @example verifyTelegramSecret(c.req.header(TELEGRAM_SECRET_HEADER), c.env.TELEGRAM_WEBHOOK_SECRET)
 */
export function verifyTelegramSecret(header: string | null | undefined, secret: string | undefined): boolean {
  if (!secret || header === null || header === undefined) return false;
  return constantTimeEqual(header, secret);
}
