// Registers the Worker's Telegram webhook (setWebhook with the secret token):
//
//   TELEGRAM_BOT_TOKEN=… TELEGRAM_WEBHOOK_SECRET=… \
//     node node_modules/tsx/dist/cli.mjs worker/channels/telegram/set-webhook.ts --url https://<worker>/webhooks/telegram
//
// Use the same TELEGRAM_WEBHOOK_SECRET as the Worker (`wrangler secret put
// TELEGRAM_WEBHOOK_SECRET`; make one with `openssl rand -hex 32`).
// TELEGRAM_API_BASE, when set, points it at another Bot API server (the stand-in).
// `--info` only prints the current webhook. Exit code 0 ok, 1 Telegram said no, 2 usage.
import { parseArgs } from "node:util";
import { ChannelApiError, ChannelConfigError, ChannelNetworkError } from "../errors.js";
import { telegramClient } from "./client.js";
import { registerTelegramWebhook } from "./webhook-registration.js";

const USAGE =
  "usage: set-webhook.ts --url https://<worker>/webhooks/telegram | --info   (env: TELEGRAM_BOT_TOKEN, TELEGRAM_WEBHOOK_SECRET, TELEGRAM_API_BASE)";

function exit(code: number, message: string): never {
  (code === 0 ? console.log : console.error)(message);
  process.exit(code);
}

let values: { url?: string; info?: boolean; help?: boolean };
try {
  ({ values } = parseArgs({
    options: { url: { type: "string" }, info: { type: "boolean" }, help: { type: "boolean", short: "h" } },
  }));
} catch (error) {
  exit(2, `${(error as Error).message}\n${USAGE}`);
}
if (values.help) exit(0, USAGE);
if (!values.url && !values.info) exit(2, USAGE);

try {
  const client = telegramClient(process.env);
  const info = values.url
    ? await registerTelegramWebhook(client, { url: values.url, secret: process.env.TELEGRAM_WEBHOOK_SECRET })
    : await client.getWebhookInfo();
  exit(0, JSON.stringify(info, null, 2));
} catch (error) {
  if (error instanceof ChannelConfigError) exit(2, error.message);
  if (error instanceof ChannelApiError || error instanceof ChannelNetworkError) exit(1, error.message);
  throw error;
}
