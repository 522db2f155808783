import { and, count, eq, gt } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { orders as ordersTable } from "../../schema/index.js";
import { canTransition, ORDER_STATUSES, type OrderStatus } from "../commerce/order-status.js";
import type { Quote } from "../commerce/quote.js";
import { statesBefore, type FulfillmentStatus } from "../commerce/fulfillment-status.js";
import type { ShopperKey } from "../commerce/shopper-key.js";

export interface OrderRecord {
  id: string;
  conversationId: string;
  customer: string;
  quoteId: string;
  status: OrderStatus;
  currency: string;
  total: number;
  /** Part of `total` that is fees (minor units). */
  feeTotal: number;
  promoCodes: string[];
  paymentIntentId: string | null;
  paymentUrl: string | null;
  /** The Stripe Checkout Session the shopper pays on (cs_…), when the payment needs the shopper. */
  checkoutSessionId: string | null;
  failureReason: string | null;
  createdAt: number;
  expiresAt: number;
  fulfillmentStatus: FulfillmentStatus | null;
  tracking: string | null;
}

interface Row {
  id: string;
  conversation_id: string;
  customer: string;
  quote_id: string;
  status: OrderStatus;
  currency: string;
  total: number;
  fee_total: number;
  promo_codes: string;
  payment_intent_id: string | null;
  payment_url: string | null;
  checkout_session_id: string | null;
  failure_reason: string | null;
  created_at: number;
  expires_at: number;
  fulfillment_status: FulfillmentStatus | null;
  tracking: string | null;
}

const toRecord = (r: Row): OrderRecord => ({
  id: r.id,
  conversationId: r.conversation_id,
  customer: r.customer,
  quoteId: r.quote_id,
  status: r.status,
  currency: r.currency,
  total: r.total,
  feeTotal: r.fee_total,
  promoCodes: JSON.parse(r.promo_codes) as string[],
  paymentIntentId: r.payment_intent_id,
  paymentUrl: r.payment_url,
  checkoutSessionId: r.checkout_session_id,
  failureReason: r.failure_reason,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  fulfillmentStatus: r.fulfillment_status,
  tracking: r.tracking,
});

export type CreateOrderResult =
  { ok: true } | { ok: false; reason: "out_of_stock"; skus: string[] } | { ok: false; reason: "duplicate_quote" };

/**
 * Inserts the order and its lines in one atomic batch. The lines' insert
 * trigger takes the stock; if any variant would go below zero the CHECK
 * constraint aborts the batch, so either the whole order exists with its stock
 * taken or nothing happened.
 */
export async function createOrder(
  db: D1Database,
  o: {
    id: string;
    conversationId: string;
    customer: string;
    quote: Quote;
    codes: string[];
    now: number;
    expiresAt: number;
  },
): Promise<CreateOrderResult> {
  const q = o.quote;
  const stmts = [
    db
      .prepare(
        `INSERT INTO orders (id, conversation_id, customer, quote_id, quote_hash, status, currency, subtotal, discount_total, fee_total, total, promo_codes, created_at, updated_at, expires_at)
         VALUES (?, ?, ?, ?, ?, 'pending_payment', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .bind(
        o.id,
        o.conversationId,
        o.customer,
        q.id,
        q.hash,
        q.currency,
        q.subtotal,
        q.discountTotal,
        q.feeTotal,
        q.total,
        JSON.stringify(o.codes),
        o.now,
        o.now,
        o.expiresAt,
      ),
    ...q.lines.map((l, i) =>
      db
        .prepare(
          `INSERT INTO order_lines (order_id, position, sku, product_id, title, color, size, quantity, unit_amount, line_total, discount)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .bind(o.id, i, l.sku, l.productId, l.title, l.color, l.size, l.quantity, l.unitAmount, l.lineTotal, l.discount),
    ),
  ];
  try {
    await db.batch(stmts);
    return { ok: true };
  } catch (err) {
    const message = String(err instanceof Error ? err.message : err);
    if (/CHECK constraint failed/i.test(message)) {
      const short = await shortSkus(db, q);
      return { ok: false, reason: "out_of_stock", skus: short };
    }
    if (/UNIQUE constraint failed: orders\.quote_id/i.test(message)) return { ok: false, reason: "duplicate_quote" };
    throw err;
  }
}

async function shortSkus(db: D1Database, q: Quote): Promise<string[]> {
  const rows = await db
    .prepare(`SELECT sku, stock FROM variants WHERE sku IN (${q.lines.map(() => "?").join(",")})`)
    .bind(...q.lines.map((l) => l.sku))
    .all<{ sku: string; stock: number }>();
  const stock = new Map(rows.results.map((r) => [r.sku, r.stock]));
  return q.lines.filter((l) => (stock.get(l.sku) ?? 0) < l.quantity).map((l) => l.sku);
}

export async function getOrder(db: D1Database, id: string): Promise<OrderRecord | null> {
  const row = await db.prepare("SELECT * FROM orders WHERE id = ?").bind(id).first<Row>();
  return row ? toRecord(row) : null;
}

/** Unpaid orders this shopper holds across all their conversations (a guest's shopper key is its conversation). */
export async function pendingOrderCount(db: D1Database, customer: string, now: number): Promise<number> {
  const [row] = await drizzle(db)
    .select({ n: count() })
    .from(ordersTable)
    .where(
      and(
        eq(ordersTable.customer, customer),
        eq(ordersTable.status, "pending_payment"),
        gt(ordersTable.expiresAt, now),
      ),
    );
  return row?.n ?? 0;
}

export async function findOrderByQuote(db: D1Database, quoteId: string): Promise<OrderRecord | null> {
  const row = await db.prepare("SELECT * FROM orders WHERE quote_id = ?").bind(quoteId).first<Row>();
  return row ? toRecord(row) : null;
}

/**
 * Moves an order to `to` only from a state the state machine allows, in one
 * conditional UPDATE: of two racing callers exactly one gets `true`.
 */
export async function transitionOrder(
  db: D1Database,
  id: string,
  to: OrderStatus,
  patch: { paymentIntentId?: string; paymentUrl?: string | null; failureReason?: string | null; now: number },
): Promise<boolean> {
  const from = ORDER_STATUSES.filter((s) => canTransition(s, to));
  if (from.length === 0) return false;
  const res = await db
    .prepare(
      `UPDATE orders SET status = ?, updated_at = ?,
         payment_intent_id = COALESCE(?, payment_intent_id),
         payment_url = CASE WHEN ? THEN ? ELSE payment_url END,
         failure_reason = CASE WHEN ? THEN ? ELSE failure_reason END
       WHERE id = ? AND status IN (${from.map(() => "?").join(",")})`,
    )
    .bind(
      to,
      patch.now,
      patch.paymentIntentId ?? null,
      patch.paymentUrl !== undefined ? 1 : 0,
      patch.paymentUrl ?? null,
      patch.failureReason !== undefined ? 1 : 0,
      patch.failureReason ?? null,
      id,
      ...from,
    )
    .run();
  // D1 counts rows the stock trigger touched too; no match means 0 either way.
  return res.meta.changes > 0;
}

/** Records payment details on a still-pending order without changing its status. */
export async function notePayment(
  db: D1Database,
  id: string,
  patch: { paymentIntentId: string; paymentUrl?: string | null; failureReason?: string | null; now: number },
): Promise<void> {
  await db
    .prepare(
      `UPDATE orders SET payment_intent_id = ?, payment_url = COALESCE(?, payment_url), failure_reason = ?, updated_at = ?
       WHERE id = ? AND status = 'pending_payment'`,
    )
    .bind(patch.paymentIntentId, patch.paymentUrl ?? null, patch.failureReason ?? null, patch.now, id)
    .run();
}

/**
 * The payment page the shopper was given for a still-pending order. A
 * Checkout Session replaces any PaymentIntent noted before it (a saved card's
 * off-session attempt that asked for 3-D Secure): the session makes its own.
 */
export async function noteAwaitingPayment(
  db: D1Database,
  id: string,
  p: { paymentIntentId: string | null; paymentUrl: string; checkoutSessionId?: string },
): Promise<void> {
  await db
    .prepare(
      `UPDATE orders SET payment_intent_id = ?, payment_url = ?, checkout_session_id = COALESCE(?, checkout_session_id)
       WHERE id = ? AND status = 'pending_payment'`,
    )
    .bind(p.paymentIntentId, p.paymentUrl, p.checkoutSessionId ?? null, id)
    .run();
}

export async function findOrderByCheckoutSession(db: D1Database, sessionId: string): Promise<OrderRecord | null> {
  const row = await db.prepare("SELECT * FROM orders WHERE checkout_session_id = ?").bind(sessionId).first<Row>();
  return row ? toRecord(row) : null;
}

export interface OrderLineRecord {
  /** The line's place in the order (0, 1, …): refunds name lines by it. */
  position: number;
  sku: string;
  productId: string;
  title: string;
  color: string | null;
  size: string | null;
  quantity: number;
  unitAmount: number;
  lineTotal: number;
  discount: number;
}

export type OrderWithLines = OrderRecord & { lines: OrderLineRecord[] };

interface LineRow {
  order_id: string;
  position: number;
  sku: string;
  product_id: string;
  title: string;
  color: string | null;
  size: string | null;
  quantity: number;
  unit_amount: number;
  line_total: number;
  discount: number;
}

const linesOf = (db: D1Database, ids: readonly string[]) =>
  db
    .prepare(
      `SELECT * FROM order_lines WHERE order_id IN (${ids.map(() => "?").join(",")}) ORDER BY order_id, position`,
    )
    .bind(...ids);

function joinLines(orders: OrderRecord[], results: LineRow[]): OrderWithLines[] {
  return orders.map((o) => ({
    ...o,
    lines: results
      .filter((l) => l.order_id === o.id)
      .map((l) => ({
        position: l.position,
        sku: l.sku,
        productId: l.product_id,
        title: l.title,
        color: l.color,
        size: l.size,
        quantity: l.quantity,
        unitAmount: l.unit_amount,
        lineTotal: l.line_total,
        discount: l.discount,
      })),
  }));
}

async function withLines(db: D1Database, orders: OrderRecord[]): Promise<OrderWithLines[]> {
  if (orders.length === 0) return [];
  const { results } = await linesOf(
    db,
    orders.map((o) => o.id),
  ).all<LineRow>();
  return joinLines(orders, results);
}

/** The one read of an order's lines (every reader of order_lines comes here): the order and its lines in one round trip. */
export async function getOrderWithLines(db: D1Database, id: string): Promise<OrderWithLines | null> {
  const [order, lines] = await db.batch([db.prepare("SELECT * FROM orders WHERE id = ?").bind(id), linesOf(db, [id])]);
  const row = (order!.results as Row[])[0];
  return row ? (joinLines([toRecord(row)], lines!.results as LineRow[])[0] ?? null) : null;
}

/**
 * One shopper's orders, newest first. The shopper key is the only filter and
 * it is always bound: a guest's key names its conversation, so a guest sees
 * that conversation's orders and nothing else.
 */
export async function shopperOrders(
  db: D1Database,
  customer: ShopperKey,
  opts: { limit: number; since?: number; statuses: readonly string[] },
): Promise<OrderWithLines[]> {
  const { results } = await db
    .prepare(
      `SELECT * FROM orders WHERE customer = ? AND created_at >= ? AND status IN (${opts.statuses.map(() => "?").join(",")})
       ORDER BY created_at DESC, rowid DESC LIMIT ?`,
    )
    .bind(customer, opts.since ?? 0, ...opts.statuses, opts.limit)
    .all<Row>();
  return withLines(db, results.map(toRecord));
}

/** One order, only when it is this shopper's: another shopper's id reads exactly like an unknown one. */
export async function shopperOrder(db: D1Database, customer: ShopperKey, id: string): Promise<OrderWithLines | null> {
  const row = await db.prepare("SELECT * FROM orders WHERE id = ? AND customer = ?").bind(id, customer).first<Row>();
  return row ? ((await withLines(db, [toRecord(row)]))[0] ?? null) : null;
}

/**
 * Moves a paid order's fulfilment forward to `to` in one conditional UPDATE
 * (worker/commerce/fulfillment-status.ts): of two racing callers, or a call
 * and its replay, exactly one gets `true`. Tracking given with the move is
 * kept; a move without it keeps the tracking already recorded.
 */
export async function advanceFulfillment(
  db: D1Database,
  id: string,
  to: FulfillmentStatus,
  patch: { tracking: string | null; now: number },
): Promise<boolean> {
  const from = statesBefore(to);
  const res = await db
    .prepare(
      `UPDATE orders SET fulfillment_status = ?, tracking = COALESCE(?, tracking), fulfillment_updated_at = ?
       WHERE id = ? AND status = 'paid' AND (fulfillment_status IS NULL${from.length ? ` OR fulfillment_status IN (${from.map(() => "?").join(",")})` : ""})`,
    )
    .bind(to, patch.tracking, patch.now, id, ...from)
    .run();
  return res.meta.changes > 0;
}
