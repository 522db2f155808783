import { checkoutSessionStub, conversationStub } from "../objects/stubs.js";
import { hmacSha256Hex } from "../http/crypto.js";
import type { ChatNews, OrderEventsEnv } from "./order-events.js";

/** A delivery that can never succeed as configured: given up at once, not retried. */
export class DeliveryConfigError extends Error {}

/** How long one webhook call may take before it counts as failed (and is retried later). */
const WEBHOOK_TIMEOUT_MS = 5_000;

/**
 * The spec's signature: `Merchant-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + raw body)>`.
 * Signed at each attempt, so a retry hours later still falls in the receiver's timestamp window.
 */
export async function merchantSignature(secret: string, rawBody: string, unixSeconds: number): Promise<string> {
  return `t=${unixSeconds},v1=${await hmacSha256Hex(secret, `${unixSeconds}.${rawBody}`)}`;
}

/**
 * The order's permalink is the one its checkout session shows the agent
 * (`<origin the agent called>/checkout_sessions/<id>`); only the session knows
 * that origin, so it is asked here, at delivery, outside any session turn.
 */
async function withPermalink(env: OrderEventsEnv, rawBody: string): Promise<string> {
  const event = JSON.parse(rawBody) as { data: { checkout_session_id: string; permalink_url?: string } };
  if (event.data.permalink_url) return rawBody;
  const session = checkoutSessionStub(env, event.data.checkout_session_id);
  const permalink = await session.permalink();
  if (!permalink) throw new DeliveryConfigError(`no checkout session ${event.data.checkout_session_id}`);
  return JSON.stringify({ ...event, data: { ...event.data, permalink_url: permalink } });
}

/** POSTs one ACP order event to the agent's webhook; anything but a 2xx throws (the outbox retries). */
export async function postAcpOrderEvent(env: OrderEventsEnv, eventId: string, stored: string): Promise<void> {
  const url = env.ACP_ORDER_WEBHOOK_URL;
  const secret = env.ACP_ORDER_WEBHOOK_SECRET;
  if (!url || !secret) throw new DeliveryConfigError("ACP_ORDER_WEBHOOK_URL / ACP_ORDER_WEBHOOK_SECRET unset");
  const rawBody = await withPermalink(env, stored);
  const now = Date.now();
  const res = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "merchant-signature": await merchantSignature(secret, rawBody, Math.floor(now / 1000)),
      "request-id": eventId,
      timestamp: new Date(now).toISOString(),
    },
    body: rawBody,
    signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
  });
  // Read the body so the connection is released, whatever the answer.
  await res.arrayBuffer().catch(() => undefined);
  if (!res.ok) throw new Error(`webhook answered ${res.status}`);
}

/** Hands fulfilment news to the order's conversation, which pushes it to the channel (or its next reply). */
export async function deliverChatNews(env: OrderEventsEnv, eventId: string, rawBody: string): Promise<void> {
  const news = JSON.parse(rawBody) as ChatNews;
  await conversationStub(env, news.conversationId).orderNews({
    key: eventId,
    orderId: news.orderId,
    text: news.text,
  });
}
