import { ChannelConfigError } from "../errors.js";
import type { TelegramClient, TelegramWebhookInfo } from "./client.js";
import { TELEGRAM_SECRET_PATTERN } from "./verify.js";

/**
 * The updates parseTelegramUpdate and parseTelegramPayment handle; Telegram sends no others.
 * successful_payment arrives inside a message; pre_checkout_query is its own kind.
 */
export const TELEGRAM_ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "pre_checkout_query"];

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * Points the bot's webhook at `url` with our secret and update filter, then
 * reads back what Telegram stored. Pending updates are kept
 * (`drop_pending_updates: false`): dedupe by update_id makes a redelivery harmless.
 * Telegram only calls HTTPS URLs; plain http is allowed for 127.0.0.1 so the
 * stand-in can be used.
 */
export async function registerTelegramWebhook(
  client: TelegramClient,
  options: { url: string; secret: string | undefined },
): Promise<TelegramWebhookInfo> {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new ChannelConfigError(`not a URL: ${options.url}`);
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && LOCAL_HOSTS.has(url.hostname))) {
    throw new ChannelConfigError("Telegram only delivers webhooks to https:// URLs");
  }
  if (!options.secret)
    throw new ChannelConfigError("TELEGRAM_WEBHOOK_SECRET is not set: the webhook would refuse every update");
  if (!TELEGRAM_SECRET_PATTERN.test(options.secret)) {
    throw new ChannelConfigError(
      "TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z a-z 0-9 _ - (try: openssl rand -hex 32)",
    );
  }
  await client.setWebhook({
    url: url.toString(),
    secret_token: options.secret,
    allowed_updates: TELEGRAM_ALLOWED_UPDATES,
    drop_pending_updates: false,
  });
  return client.getWebhookInfo();
}
