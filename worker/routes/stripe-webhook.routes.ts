import { Hono } from "hono";
import type Stripe from "stripe";
import type { Env } from "../env.js";
import { ApiError } from "../http/errors.js";
import { settle, type PaymentUpdate } from "../orders/settle.js";
import { stripeClient, webCrypto } from "../payments/stripe-client.js";

// Stripe's own default: a signature older than this is a replay.
const TOLERANCE_SECONDS = 300;

export const stripeWebhook = new Hono<{ Bindings: Env }>();

/**
 * Stripe is the truth for "paid". The signature is checked on the raw body
 * before anything is parsed; each event id is processed once (payment_events),
 * and settle() makes every transition conditional, so duplicates and
 * out-of-order deliveries change nothing.
 */
stripeWebhook.post("/", async (c) => {
  const secret = c.env.STRIPE_WEBHOOK_SECRET;
  const stripe = stripeClient(c.env);
  // Fail closed: without a secret nothing can be verified, so the endpoint does not exist.
  if (!secret || !stripe) throw new ApiError(404, "not_found", "No route for POST /webhooks/stripe.");
  const signature = c.req.header("stripe-signature");
  if (!signature) throw new ApiError(400, "invalid_signature", "Missing Stripe-Signature header.");
  const raw = await c.req.text();
  let event: Stripe.Event;
  try {
    event = await stripe.webhooks.constructEventAsync(raw, signature, secret, TOLERANCE_SECONDS, webCrypto);
  } catch {
    throw new ApiError(400, "invalid_signature", "The Stripe-Signature does not match the body, or is too old.");
  }
  const seen = await c.env.DB.prepare("SELECT outcome FROM payment_events WHERE event_id = ?").bind(event.id).first<{ outcome: string }>();
  if (seen) return c.json({ received: true, duplicate: true, outcome: seen.outcome });

  const update = await toUpdate(event, c.env.DB);
  const result = update ? await settle(c.env, update) : { outcome: "ignored", order: null };
  if (event.type === "payment_intent.succeeded") await rememberCard(c.env.DB, event.data.object);
  await c.env.DB.prepare(
    "INSERT OR IGNORE INTO payment_events (event_id, type, order_id, payment_intent_id, outcome, received_at) VALUES (?, ?, ?, ?, ?, ?)",
  )
    .bind(event.id, event.type, update?.orderId ?? null, paymentIntentOf(event), result.outcome, Date.now())
    .run();
  return c.json({ received: true, outcome: result.outcome });
});

/** Stripe saved the card (setup_future_usage): make it the shopper's one-tap card. */
async function rememberCard(db: D1Database, pi: Stripe.PaymentIntent): Promise<void> {
  const customer = typeof pi.customer === "string" ? pi.customer : pi.customer?.id;
  const pm = typeof pi.payment_method === "string" ? pi.payment_method : pi.payment_method?.id;
  if (!pi.setup_future_usage || !customer || !pm) return;
  await db
    .prepare("UPDATE customers SET default_payment_method = ?, updated_at = ? WHERE stripe_customer_id = ? AND default_payment_method IS NULL")
    .bind(pm, Date.now(), customer)
    .run();
}

function paymentIntentOf(event: Stripe.Event): string | null {
  const o = event.data.object as { object?: string; id?: string; payment_intent?: string | { id: string } | null };
  if (o.object === "payment_intent") return o.id ?? null;
  return typeof o.payment_intent === "string" ? o.payment_intent : (o.payment_intent?.id ?? null);
}

async function toUpdate(event: Stripe.Event, db: D1Database): Promise<PaymentUpdate | null> {
  switch (event.type) {
    case "payment_intent.succeeded": {
      const pi = event.data.object;
      return pi.metadata?.order_id ? { type: "succeeded", orderId: pi.metadata.order_id, paymentIntentId: pi.id } : null;
    }
    case "payment_intent.payment_failed": {
      const pi = event.data.object;
      if (!pi.metadata?.order_id) return null;
      // A failed attempt on the payment page is not the end: the shopper may
      // try another card until the order expires.
      return { type: "failed", orderId: pi.metadata.order_id, paymentIntentId: pi.id, message: pi.last_payment_error?.message ?? "payment failed", final: false };
    }
    case "payment_intent.canceled": {
      const pi = event.data.object;
      return pi.metadata?.order_id ? { type: "canceled", orderId: pi.metadata.order_id, paymentIntentId: pi.id } : null;
    }
    case "charge.refunded": {
      const charge = event.data.object;
      // Only a full refund ends the order; partial refunds leave it paid.
      if (!charge.refunded) return null;
      const pi = paymentIntentOf(event);
      const orderId =
        charge.metadata?.order_id ??
        (pi ? (await db.prepare("SELECT id FROM orders WHERE payment_intent_id = ?").bind(pi).first<{ id: string }>())?.id : undefined);
      return orderId ? { type: "refunded", orderId } : null;
    }
    default:
      return null;
  }
}
