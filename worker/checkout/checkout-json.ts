import type { OrderSummary } from "../agent/checkout-port.js";
import type { Quote } from "../commerce/quote.js";

/** `quote` in chat responses (snake_case, minor units). */
export function quoteJson(q: Quote) {
  return {
    id: q.id,
    hash: q.hash,
    lines: q.lines.map((l) => ({
      sku: l.sku,
      product_id: l.productId,
      title: l.title,
      options: { color: l.color, size: l.size },
      quantity: l.quantity,
      unit_amount: l.unitAmount,
      line_total: l.lineTotal,
      discount: l.discount,
    })),
    discounts: q.discounts.map((d) => ({ code: d.code, amount: d.amount })),
    fees: q.fees.map((f) => ({ label: f.label, amount: f.amount })),
    subtotal: q.subtotal,
    discount_total: q.discountTotal,
    total: q.total,
    currency: q.currency,
    expires_at: new Date(q.expiresAt).toISOString(),
  };
}

export function orderJson(o: OrderSummary) {
  return {
    id: o.id,
    status: o.status,
    total: o.total,
    currency: o.currency,
    ...(o.paymentUrl ? { payment_url: o.paymentUrl } : {}),
  };
}
