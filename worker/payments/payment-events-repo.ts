import type Stripe from "stripe";

// The Stripe webhook's D1 records: each event id once (payment_events), and the card Stripe saved.

/** What came of an event already finished (replayed to a redelivery), or null. */
export async function eventReplay(db: D1Database, eventId: string): Promise<{ outcome: string } | null> {
  return db.prepare("SELECT outcome FROM payment_events WHERE event_id = ?").bind(eventId).first<{ outcome: string }>();
}

/** Stores what came of an event under its id; the first finish wins. */
export async function finishEvent(
  db: D1Database,
  e: { id: string; type: string; orderId: string | null; paymentIntentId: string | null; outcome: string },
): Promise<void> {
  await db
    .prepare(
      "INSERT OR IGNORE INTO payment_events (event_id, type, order_id, payment_intent_id, outcome, received_at) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(e.id, e.type, e.orderId, e.paymentIntentId, e.outcome, Date.now())
    .run();
}

/** Stripe saved the card (setup_future_usage): make it the shopper's one-tap card. */
export async function rememberCard(db: D1Database, pi: Stripe.PaymentIntent): Promise<void> {
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
