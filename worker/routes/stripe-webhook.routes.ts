import { Hono } from "hono";
import type Stripe from "stripe";
import type { Env } from "../env.js";
import { ApiError } from "../http/errors.js";
import { reconcileIntent } from "../orders/reconcile.js";
import { aboutPayments, paymentIntentOf, StripeEventShape } from "../payments/stripe-event.js";
import { isUnreachable, stripeClient, webCrypto } from "../payments/stripe-client.js";

// Stripe's own default: a signature older than this is a replay.
const TOLERANCE_SECONDS = 300;

export const stripeWebhook = new Hono<{ Bindings: Env }>();

/**
 * Stripe is the truth for "paid", and an event is only a hint of what
 * changed: the signature is checked on the raw body before anything is
 * parsed, the event's shape is validated, then the PaymentIntent it is about
 * is re-read from the API (with its latest charge) and the order reconciled to
 * it (worker/orders/reconcile.ts). So events in any order, replays, and signed
 * events about another PaymentIntent cannot move an order where its
 * PaymentIntent is not. Each event id is recorded once (payment_events).
 * Stripe unreachable → 503 and nothing recorded, so Stripe redelivers.
 */
stripeWebhook.post("/", async (c) => {
  const secret = c.env.STRIPE_WEBHOOK_SECRET;
  const stripe = stripeClient(c.env);
  // Fail closed: without a secret nothing can be verified, so the endpoint does not exist.
  if (!secret || !stripe) throw new ApiError(404, "not_found", "No route for POST /webhooks/stripe.");
  const signature = c.req.header("stripe-signature");
  if (!signature) throw new ApiError(400, "invalid_signature", "Missing Stripe-Signature header.");
  const raw = await c.req.text();
  let signed: unknown;
  try {
    signed = await stripe.webhooks.constructEventAsync(raw, signature, secret, TOLERANCE_SECONDS, webCrypto);
  } catch {
    throw new ApiError(400, "invalid_signature", "The Stripe-Signature does not match the body, or is too old.");
  }
  const parsed = StripeEventShape.safeParse(signed);
  if (!parsed.success)
    throw new ApiError(400, "invalid_event", "The body is not a Stripe event with an id, a type and a data.object.");
  const event = parsed.data;
  const seen = await c.env.DB.prepare("SELECT outcome FROM payment_events WHERE event_id = ?")
    .bind(event.id)
    .first<{ outcome: string }>();
  if (seen) return c.json({ received: true, duplicate: true, outcome: seen.outcome });

  const paymentIntentId = aboutPayments(event.type) ? paymentIntentOf(event) : null;
  let outcome = "ignored";
  let orderId: string | null = null;
  if (paymentIntentId) {
    try {
      const found = await reconcileIntent(c.env, stripe, paymentIntentId);
      outcome = found ? found.result.outcome : "unknown_payment_intent";
      orderId = found?.result.order?.id ?? null;
      if (found?.pi.status === "succeeded" && found.result.order) await rememberCard(c.env.DB, found.pi);
    } catch (err) {
      if (!isUnreachable(err)) throw err;
      throw new ApiError(
        503,
        "payment_service_unavailable",
        "Stripe could not be asked about this event; redeliver it later.",
        undefined,
        { cause: err },
      );
    }
  }
  await c.env.DB.prepare(
    "INSERT OR IGNORE INTO payment_events (event_id, type, order_id, payment_intent_id, outcome, received_at) VALUES (?, ?, ?, ?, ?, ?)",
  )
    .bind(event.id, event.type, orderId, paymentIntentId, outcome, Date.now())
    .run();
  return c.json({ received: true, outcome });
});

/** Stripe saved the card (setup_future_usage): make it the shopper's one-tap card. */
async function rememberCard(db: D1Database, pi: Stripe.PaymentIntent): Promise<void> {
  const customer = typeof pi.customer === "string" ? pi.customer : pi.customer?.id;
  const pm = typeof pi.payment_method === "string" ? pi.payment_method : pi.payment_method?.id;
  if (!pi.setup_future_usage || !customer || !pm) return;
  await db
    .prepare(
      "UPDATE customers SET default_payment_method = ?, updated_at = ? WHERE stripe_customer_id = ? AND default_payment_method IS NULL",
    )
    .bind(pm, Date.now(), customer)
    .run();
}
