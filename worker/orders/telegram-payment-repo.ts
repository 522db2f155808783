import { auditStatement } from "../admin/audit-repo.js";
import { eventReplay, finishEvent } from "../payments/payment-events-repo.js";

// The D1 records of Telegram invoice payments (telegram-payment.ts decides):
// the charge ids on the order, each update once in payment_events, and the
// flagged charges ops refund by hand.

/** The order placed from a quote, by the quote's id. */
export async function orderIdOfQuote(db: D1Database, quoteId: string): Promise<string | null> {
  const row = await db.prepare("SELECT id FROM orders WHERE quote_id = ?").bind(quoteId).first<{ id: string }>();
  return row?.id ?? null;
}

/** What an invoice is checked against beyond the order record: its quote hash and the charge already booked. */
export async function invoiceColumns(
  db: D1Database,
  orderId: string,
): Promise<{ quoteHash: string; telegramPaymentChargeId: string | null } | null> {
  const row = await db
    .prepare("SELECT quote_hash, telegram_payment_charge_id FROM orders WHERE id = ?")
    .bind(orderId)
    .first<{ quote_hash: string; telegram_payment_charge_id: string | null }>();
  return row ? { quoteHash: row.quote_hash, telegramPaymentChargeId: row.telegram_payment_charge_id } : null;
}

/** A Telegram update already handled (its update_id), with what came of it. */
export async function updateReplay(db: D1Database, updateId: number): Promise<string | null> {
  return (await eventReplay(db, `tg:${updateId}`))?.outcome ?? null;
}

/** Records a handled payment update once, in the same log as Stripe's events (`tg:` keeps the ids apart). */
export async function finishUpdate(
  db: D1Database,
  updateId: number,
  type: "telegram.pre_checkout_query" | "telegram.successful_payment",
  orderId: string | null,
  outcome: string,
): Promise<void> {
  await finishEvent(db, { id: `tg:${updateId}`, type, orderId, paymentIntentId: null, outcome });
}

/** The order a Telegram charge is already booked on, if any. */
export async function orderOfCharge(db: D1Database, chargeId: string): Promise<string | null> {
  const row = await db
    .prepare("SELECT id FROM orders WHERE telegram_payment_charge_id = ?")
    .bind(chargeId)
    .first<{ id: string }>();
  return row?.id ?? null;
}

/**
 * Puts the charge on the order if it is still waiting and holds no charge:
 * of two deliveries of one payment (or two payments of one order) exactly one
 * gets true.
 */
export async function claimCharge(
  db: D1Database,
  orderId: string,
  charge: { telegram: string; provider: string },
): Promise<boolean> {
  const claimed = await db
    .prepare(
      `UPDATE orders SET telegram_payment_charge_id = ?, provider_payment_charge_id = ?
       WHERE id = ? AND status = 'pending_payment' AND telegram_payment_charge_id IS NULL`,
    )
    .bind(charge.telegram, charge.provider, orderId)
    .run();
  return claimed.meta.changes > 0;
}

/** The Telegram charge booked on an order, if any. */
export async function chargeOfOrder(db: D1Database, orderId: string): Promise<string | null> {
  const row = await db
    .prepare("SELECT telegram_payment_charge_id AS c FROM orders WHERE id = ?")
    .bind(orderId)
    .first<{ c: string | null }>();
  return row?.c ?? null;
}

/** Records a charge as flagged; false when it already was (however often, or concurrently, Telegram delivers it). */
export async function flagChargeOnce(
  db: D1Database,
  chargeId: string,
  orderId: string | null,
  outcome: string,
): Promise<boolean> {
  const first = await db
    .prepare(
      "INSERT OR IGNORE INTO payment_events (event_id, type, order_id, payment_intent_id, outcome, received_at) VALUES (?, 'telegram.flagged_charge', ?, NULL, ?, ?)",
    )
    .bind(`tg-charge:${chargeId}`, orderId, outcome, Date.now())
    .run();
  return first.meta.changes > 0;
}

/** The audit-log entry of a flagged payment, which ops refund from (console, `npm run ops -- audit`). */
export async function auditFlaggedPayment(
  db: D1Database,
  target: string,
  why: string,
  details: Record<string, unknown>,
): Promise<void> {
  await auditStatement(db, {
    actor: "telegram",
    action: "telegram_payment_flagged",
    target,
    reason: why,
    details,
    at: Date.now(),
  }).run();
}
