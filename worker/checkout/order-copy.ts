import type { OrderSummary } from "../agent/checkout-port.js";
import type { OrderStatus } from "../commerce/order-status.js";
import { settle, type PaymentUpdate, type Settlement } from "../orders/settle.js";

/**
 * The one writer of a Durable Object's copy of its orders (the `orders` table
 * beside its quotes). D1 holds the truth (orders/order-repo.ts, changed only
 * by settlement); the copy lets the object resume its pending order, set its
 * expiry alarm and show "your order" without a D1 read. Every write to the
 * copy comes through here; CheckoutStore only reads it.
 */
export class OrderCopy {
  constructor(private readonly sql: SqlStorage) {}

  /** The engine's record of an order it placed or paid: the status and payment page it left it with. */
  record(o: OrderSummary & { quoteId: string; expiresAt: number }, at: number): void {
    this.sql.exec(
      `INSERT INTO orders (id, quote_id, status, total, currency, payment_url, expires_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET status = excluded.status, payment_url = excluded.payment_url, updated_at = excluded.updated_at`,
      o.id,
      o.quoteId,
      o.status,
      o.total,
      o.currency,
      o.paymentUrl,
      o.expiresAt,
      at,
    );
  }

  /** The status settlement gave the order (webhook, expiry, a cancel); true when the copy changed, i.e. this is news. */
  follow(id: string, status: OrderStatus, at: number): boolean {
    return (
      this.sql.exec("UPDATE orders SET status = ?, updated_at = ? WHERE id = ? AND status != ?", status, at, id, status)
        .rowsWritten > 0
    );
  }

  /**
   * When the alarm should next look at a pending order (its deadline, or
   * sooner after a charge that timed out, or later while Stripe is unreachable);
   * a payment page found meanwhile is remembered.
   */
  recheck(id: string, at: number, paymentUrl: string | null, now: number): void {
    this.sql.exec(
      "UPDATE orders SET expires_at = ?, payment_url = COALESCE(?, payment_url), updated_at = ? WHERE id = ? AND status = 'pending_payment'",
      at,
      paymentUrl,
      now,
      id,
    );
  }
}

/**
 * Settles an order of the calling object inline (it is not notified: its own
 * queue would wait on itself) and brings the copy to the result.
 */
export async function settleHere(
  env: Parameters<typeof settle>[0],
  copy: OrderCopy,
  update: PaymentUpdate,
): Promise<Settlement> {
  const s = await settle(env, update, { notify: false });
  if (s.order) copy.follow(update.orderId, s.order.status, Date.now());
  return s;
}
