import { ORDER_STATUSES, type OrderStatus } from "../commerce/order-status.js";
import type { Fulfillment, OfferLine, PaidLine, RefundableOrder, RefundOffer } from "../commerce/refund-offer.js";
import type { ShopperKey } from "../commerce/shopper-key.js";
import { getOrderWithLines, shopperOrders as listShopperOrders, type OrderLineRecord } from "./order-repo.js";

/**
 * D1 side of cancels and refunds (db/migrations/0010_refunds.sql): the order
 * as the offer rules need it, offers bound to a conversation and shopper, and
 * refunds claimed, then completed in one batch with their stock.
 */

export interface RefundableRecord extends RefundableOrder {
  readonly customer: string;
  readonly conversationId: string;
  readonly paymentIntentId: string | null;
  readonly promoCodes: readonly string[];
  /** Refunds completed so far: a claim names the count it was decided on. */
  readonly refundCount: number;
}

/**
 * The order's fulfilment state, read in this one place: the `fulfillment_status`
 * column ops set (PUT /admin/orders/:id/fulfillment). Anything else reads as
 * not shipped yet.
 */
export function fulfillmentOf(f: string | null): Fulfillment {
  return f === "processing" || f === "shipped" || f === "delivered" ? f : null;
}

export async function loadRefundable(db: D1Database, orderId: string): Promise<RefundableRecord | null> {
  const [order, [refunded, done]] = await Promise.all([getOrderWithLines(db, orderId), refundsOf(db, orderId)]);
  if (!order) return null;
  const sums = done!.results[0] as { n: number; amount: number };
  return {
    id: order.id,
    customer: order.customer,
    conversationId: order.conversationId,
    status: order.status,
    currency: order.currency,
    total: order.total,
    createdAt: order.createdAt,
    fulfillment: fulfillmentOf(order.fulfillmentStatus),
    paymentIntentId: order.paymentIntentId,
    promoCodes: order.promoCodes,
    lines: order.lines.map(toLine),
    refundedUnits: Object.fromEntries(
      (refunded!.results as { position: number; units: number }[]).map((r) => [r.position, r.units]),
    ),
    refundedAmount: sums.amount,
    refundCount: sums.n,
  };
}

/** The units refunded per line, and the count and sum of the order's completed refunds, in one round trip. */
function refundsOf(db: D1Database, orderId: string) {
  return db.batch([
    db
      .prepare(
        `SELECT rl.position, SUM(rl.quantity) AS units FROM refund_lines rl JOIN refunds r ON r.id = rl.refund_id
         WHERE rl.order_id = ? AND r.state = 'succeeded' GROUP BY rl.position`,
      )
      .bind(orderId),
    db
      .prepare(
        "SELECT COUNT(*) AS n, COALESCE(SUM(amount), 0) AS amount FROM refunds WHERE order_id = ? AND state = 'succeeded'",
      )
      .bind(orderId),
  ]);
}

const toLine = (l: OrderLineRecord): PaidLine => ({
  position: l.position,
  sku: l.sku,
  title: l.title,
  color: l.color,
  size: l.size,
  quantity: l.quantity,
  lineTotal: l.lineTotal,
  discount: l.discount,
});

/** A shopper's orders in every status, newest first: what "my order" and "order 3" point into. Only theirs. */
export async function shopperOrders(
  db: D1Database,
  customer: ShopperKey,
  limit = 20,
): Promise<{ id: string; status: OrderStatus }[]> {
  const orders = await listShopperOrders(db, customer, { limit, statuses: ORDER_STATUSES });
  return orders.map(({ id, status }) => ({ id, status }));
}

export type OfferState = "open" | "accepted" | "declined" | "superseded" | "voided";

export interface StoredOffer {
  readonly offer: RefundOffer;
  readonly state: OfferState;
  readonly conversationId: string;
  readonly customer: string;
}

/** A new offer supersedes this conversation's open ones: only the latest can be confirmed. */
export async function saveOffer(db: D1Database, offer: RefundOffer, conversationId: string, customer: string) {
  await db.batch([
    db
      .prepare("UPDATE refund_offers SET state = 'superseded' WHERE conversation_id = ? AND state = 'open'")
      .bind(conversationId),
    db
      .prepare(
        `INSERT INTO refund_offers (id, order_id, conversation_id, customer, hash, body, state, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?)`,
      )
      .bind(
        offer.id,
        offer.orderId,
        conversationId,
        customer,
        offer.hash,
        JSON.stringify(offer),
        offer.createdAt,
        offer.expiresAt,
      ),
  ]);
}

interface OfferRow {
  body: string;
  expires_at: number;
  state: OfferState;
  conversation_id: string;
  customer: string;
}

// The column is the offer's deadline (the live-offer query reads it too); the body keeps what was shown.
const toStored = (r: OfferRow): StoredOffer => ({
  offer: { ...(JSON.parse(r.body) as RefundOffer), expiresAt: r.expires_at },
  state: r.state,
  conversationId: r.conversation_id,
  customer: r.customer,
});

export async function getOffer(db: D1Database, id: string): Promise<StoredOffer | null> {
  const row = await db
    .prepare("SELECT body, expires_at, state, conversation_id, customer FROM refund_offers WHERE id = ?")
    .bind(id)
    .first<OfferRow>();
  return row ? toStored(row) : null;
}

export async function liveOffer(db: D1Database, conversationId: string, now: number): Promise<StoredOffer | null> {
  const row = await db
    .prepare(
      `SELECT body, expires_at, state, conversation_id, customer FROM refund_offers
       WHERE conversation_id = ? AND state = 'open' AND expires_at > ? ORDER BY created_at DESC LIMIT 1`,
    )
    .bind(conversationId, now)
    .first<OfferRow>();
  return row ? toStored(row) : null;
}

/** open → `to`, conditionally: of two racing callers one gets true. */
export async function closeOffer(db: D1Database, id: string, to: Exclude<OfferState, "open">): Promise<boolean> {
  const res = await db.prepare("UPDATE refund_offers SET state = ? WHERE id = ? AND state = 'open'").bind(to, id).run();
  return res.meta.changes > 0;
}

/**
 * Takes the order's next refund number for this offer, only if the order is
 * still as the offer saw it (status, fulfilment, refunds done) and no other
 * offer's refund is in flight: one statement, so two confirmations racing for
 * one order cannot both pass. The same offer retrying finds its own claim.
 */
export async function claimRefund(
  db: D1Database,
  c: { refundId: string; order: RefundableRecord; offer: RefundOffer; now: number },
): Promise<"claimed" | "retry" | "changed"> {
  const mine = await db
    .prepare("SELECT id, state FROM refunds WHERE offer_id = ?")
    .bind(c.offer.id)
    .first<{ id: string; state: string }>();
  if (mine) return mine.state === "pending" ? "retry" : "changed";
  const res = await db
    .prepare(
      `INSERT INTO refunds (id, order_id, seq, offer_id, amount, currency, stripe_refund_id, state, created_at, updated_at)
       SELECT ?, ?, ? + 1, ?, ?, ?, NULL, 'pending', ?, ?
       WHERE (SELECT COUNT(*) FROM refunds WHERE order_id = ?) = ?
         AND EXISTS (SELECT 1 FROM orders WHERE id = ? AND status = ? AND COALESCE(fulfillment_status, '') = ?)`,
    )
    .bind(
      c.refundId,
      c.order.id,
      c.order.refundCount,
      c.offer.id,
      c.offer.amount,
      c.offer.currency,
      c.now,
      c.now,
      c.order.id,
      c.order.refundCount,
      c.order.id,
      c.order.status,
      c.order.fulfillment ?? "",
    )
    .run()
    .catch((err: unknown) => {
      // Another claim took this number between the count and the insert.
      if (/UNIQUE constraint failed/i.test(String(err instanceof Error ? err.message : err))) return null;
      throw err;
    });
  return res && res.meta.changes > 0 ? "claimed" : "changed";
}

/** Stripe said no (or could not be asked): the claim goes, nothing else was written. */
export async function dropClaim(db: D1Database, offerId: string): Promise<void> {
  await db.prepare("DELETE FROM refunds WHERE offer_id = ? AND state = 'pending'").bind(offerId).run();
}

/**
 * The refund happened at Stripe: record it, its lines, the stock of
 * unshipped lines, the order's end when nothing is left, and the offer's
 * acceptance, all in one batch.
 */
export async function completeRefund(
  db: D1Database,
  c: { offer: RefundOffer; stripeRefundId: string | null; now: number },
): Promise<void> {
  const o = c.offer;
  const id = await db
    .prepare("SELECT id FROM refunds WHERE offer_id = ? AND state = 'pending'")
    .bind(o.id)
    .first<{ id: string }>();
  if (!id) return;
  const restock = (l: OfferLine) =>
    db.prepare("UPDATE variants SET stock = stock + ? WHERE sku = ?").bind(l.quantity, l.sku);
  await db.batch([
    db
      .prepare("UPDATE refunds SET state = 'succeeded', stripe_refund_id = ?, updated_at = ? WHERE id = ?")
      .bind(c.stripeRefundId, c.now, id.id),
    ...o.lines.map((l) =>
      db
        .prepare(
          "INSERT INTO refund_lines (refund_id, order_id, position, quantity, amount, restocked) VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(id.id, o.orderId, l.position, l.quantity, l.amount, l.restock ? 1 : 0),
    ),
    ...o.lines.filter((l) => l.restock).map(restock),
    ...(o.closesOrder
      ? [
          db
            .prepare("UPDATE orders SET status = 'refunded', updated_at = ? WHERE id = ? AND status = 'paid'")
            .bind(c.now, o.orderId),
        ]
      : []),
    db.prepare("UPDATE refund_offers SET state = 'accepted' WHERE id = ?").bind(o.id),
  ]);
}
