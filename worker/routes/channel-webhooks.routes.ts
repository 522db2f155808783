import { Hono } from "hono";
import { isIgnored, type InboundMessage } from "../channels/inbound.js";
import { parseTelegramUpdate } from "../channels/telegram/parse.js";
import { parseTelegramPayment } from "../channels/telegram/parse-payment.js";
import { onTelegramPayment } from "../orders/telegram-payment-updates.js";
import { TELEGRAM_SECRET_HEADER, verifyTelegramSecret } from "../channels/telegram/verify.js";
import { parseWhatsAppUpdate } from "../channels/whatsapp/parse.js";
import { verifyHandshake, verifyWhatsAppSignature, WHATSAPP_SIGNATURE_HEADER } from "../channels/whatsapp/verify.js";
import type { Env } from "../env.js";
import { ApiError } from "../http/errors.js";
import { jsonTooDeep } from "../http/json-depth.js";
import { deliverReply } from "../channels/outbound.js";
import { checkLimits, waitText } from "../limits/edge.js";
import { conversationStub } from "../objects/stubs.js";

/**
 * Telegram and WhatsApp webhooks. Each verifies the provider's signature
 * before parsing, then hands every message to its conversation's Durable
 * Object, which stores it before we answer 200 (the providers redeliver
 * anything else). Unusable but genuine updates are acknowledged and ignored.
 */
export const channelWebhooks = new Hono<{ Bindings: Env }>();

const notFound = (path: string) => new ApiError(404, "not_found", `No route for ${path}.`);

async function deliver(
  env: Env,
  messages: readonly InboundMessage[],
  waitUntil: (p: Promise<unknown>) => void,
): Promise<number> {
  let accepted = 0;
  for (const m of messages) {
    // The shopper's pace is checked before the Durable Object is touched; over
    // it, they get the wait in words and the message goes no further.
    const denied = await checkLimits(env, waitUntil, [{ rule: "chat", key: m.shopper }]);
    if (denied) {
      waitUntil(deliverReply(env, { text: waitText(denied), buttons: [] }, m.replyTo).catch(() => undefined));
      continue;
    }
    const stub = conversationStub(env, m.conversationId);
    if ((await stub.receive(m)).accepted) accepted++;
  }
  return accepted;
}

/** The parsed body, or null when it is not JSON or nests absurdly deep (then the update is acknowledged and ignored). */
function json(text: string): unknown {
  try {
    const value: unknown = JSON.parse(text);
    return jsonTooDeep(value) ? null : value;
  } catch {
    return null;
  }
}

channelWebhooks.post("/telegram", async (c) => {
  const secret = c.env.TELEGRAM_WEBHOOK_SECRET;
  if (!secret || !c.env.TELEGRAM_BOT_TOKEN) throw notFound("POST /webhooks/telegram");
  if (!verifyTelegramSecret(c.req.header(TELEGRAM_SECRET_HEADER), secret)) {
    throw new ApiError(401, "invalid_secret", "Wrong or missing X-Telegram-Bot-Api-Secret-Token.");
  }
  const body = json(await c.req.text());
  // Payments (invoice pre-checkout, successful_payment) are answered here, not through the inbox.
  const payment = parseTelegramPayment(body);
  if (payment) return c.json(await onTelegramPayment(c.env, payment));
  const parsed = parseTelegramUpdate(body);
  if (isIgnored(parsed)) return c.json({ ok: true, ignored: parsed.ignore });
  const accepted = await deliver(c.env, [parsed], (p) => c.executionCtx.waitUntil(p));
  return c.json({ ok: true, duplicate: accepted === 0 });
});

channelWebhooks.get("/whatsapp", (c) => {
  const r = verifyHandshake(new URL(c.req.url).searchParams, c.env.WHATSAPP_VERIFY_TOKEN);
  return r.ok ? c.text(r.challenge) : c.json({ error: { code: "handshake_failed", message: r.reason } }, r.status);
});

channelWebhooks.post("/whatsapp", async (c) => {
  const secret = c.env.WHATSAPP_APP_SECRET;
  if (!secret || !c.env.WHATSAPP_ACCESS_TOKEN) throw notFound("POST /webhooks/whatsapp");
  const raw = await c.req.arrayBuffer();
  if (!(await verifyWhatsAppSignature(raw, c.req.header(WHATSAPP_SIGNATURE_HEADER), secret))) {
    throw new ApiError(401, "invalid_signature", "X-Hub-Signature-256 does not match the body.");
  }
  const parsed = parseWhatsAppUpdate(json(new TextDecoder().decode(raw)));
  if (isIgnored(parsed)) return c.json({ ok: true, ignored: parsed.ignore });
  const accepted = await deliver(c.env, parsed, (p) => c.executionCtx.waitUntil(p));
  return c.json({ ok: true, accepted, duplicates: parsed.length - accepted });
});
