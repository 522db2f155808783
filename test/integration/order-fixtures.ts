import { env } from "cloudflare:test";

export interface SeededOrder {
  id: string;
  conversationId: string;
  customer: string;
  status?: string;
  createdAt?: number;
  total?: number;
  fulfillmentStatus?: string | null;
  tracking?: string | null;
  lines: { sku: string; productId: string; title: string; quantity: number; unitAmount: number }[];
}

let seq = 0;
/** An order id the way the checkout makes them ("ord_" + hex), unique per call. */
export function orderId(): string {
  seq += 1;
  return `ord_${crypto.randomUUID().replace(/-/g, "").slice(0, 20)}${seq.toString(16).padStart(4, "0")}`;
}

/**
 * Writes an order straight into D1, for tests of what is read back (history,
 * fulfilment): the checkout path itself is covered by the payment tests. The
 * lines' insert trigger takes stock like a real order.
 */
export async function seedOrder(o: SeededOrder): Promise<void> {
  const now = o.createdAt ?? Date.now();
  const total = o.total ?? o.lines.reduce((n, l) => n + l.quantity * l.unitAmount, 0);
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO orders (id, conversation_id, customer, quote_id, quote_hash, status, currency, subtotal, discount_total, fee_total, total, promo_codes, payment_intent_id, created_at, updated_at, expires_at, fulfillment_status, tracking)
       VALUES (?, ?, ?, ?, 'h', ?, 'USD', ?, 0, 0, ?, '[]', ?, ?, ?, ?, ?, ?)`,
    ).bind(
      o.id,
      o.conversationId,
      o.customer,
      `q_${o.id}`,
      o.status ?? "paid",
      total,
      total,
      `pi_${o.id}`,
      now,
      now,
      now + 900_000,
      o.fulfillmentStatus ?? null,
      o.tracking ?? null,
    ),
    ...o.lines.map((l, i) =>
      env.DB.prepare(
        `INSERT INTO order_lines (order_id, position, sku, product_id, title, quantity, unit_amount, line_total, discount)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)`,
      ).bind(o.id, i, l.sku, l.productId, l.title, l.quantity, l.unitAmount, l.quantity * l.unitAmount),
    ),
  ]);
}
