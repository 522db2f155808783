import { Hono } from "hono";
import type Stripe from "stripe";
import type { Env } from "../env.js";
import { ApiError } from "../http/errors.js";
import { reconcileIntent, reconcileSession, type Reconciled } from "../orders/reconcile.js";
import { finishEvent, rememberCard, eventReplay } from "../payments/payment-events-repo.js";
import { aboutCheckout, aboutPayments, paymentIntentOf, StripeEventShape } from "../payments/stripe-event-json.js";
import { isUnreachable, stripeClient, webCrypto } from "../payments/stripe-client.js";

// Stripe's own default: a signature older than this is a replay.
const TOLERANCE_SECONDS = 300;

export const stripeWebhook = new Hono<{ Bindings: Env }>();

/**
 * Stripe is the truth for "paid", and an event is only a hint of what
 * changed: the signature is checked on the raw body before anything is
 * parsed, the event's shape is validated, then the object it is about is
 * re-read from the API — the Checkout Session (with its PaymentIntent) for
 * checkout.session.*, else the PaymentIntent (with its latest charge) — and
 * the order reconciled to it (worker/orders/reconcile.ts). So events in any
 * order, replays, and signed events about another object cannot move an order
 * where Stripe's objects are not. Each event id is recorded once
 * (payment_events). Stripe unreachable → 503 and nothing recorded, so Stripe
 * redelivers.
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
  const seen = await eventReplay(c.env.DB, event.id);
  if (seen) return c.json({ received: true, duplicate: true, outcome: seen.outcome });

  const sessionId =
    aboutCheckout(event.type) && event.data.object.object === "checkout.session" ? event.data.object.id : null;
  const intentId = !sessionId && aboutPayments(event.type) ? paymentIntentOf(event) : null;
  let found: { pi: Stripe.PaymentIntent | null; result: Reconciled } | null = null;
  try {
    if (sessionId) found = await reconcileSession(c.env, stripe, sessionId);
    else if (intentId) found = await reconcileIntent(c.env, stripe, intentId);
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
  if (found?.pi?.status === "succeeded" && found.result.order) await rememberCard(c.env.DB, found.pi);
  const outcome =
    sessionId || intentId
      ? (found?.result.outcome ?? (sessionId ? "unknown_session" : "unknown_payment_intent"))
      : "ignored";
  await finishEvent(c.env.DB, {
    id: event.id,
    type: event.type,
    orderId: found?.result.order?.id ?? null,
    paymentIntentId: found?.pi?.id ?? intentId,
    outcome,
  });
  return c.json({ received: true, outcome });
});
