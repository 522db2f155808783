/**
 * The line items of a Stripe Checkout Session for an order, priced so that
 * Stripe's total is exactly the quote's total (pure; no I/O).
 *
 * Why lines priced after allocation, not a Stripe coupon: the quote already
 * split every discount over the lines (largest remainder, worker/commerce/
 * allocate.ts), so each line's net (line total − its share) is an integer the
 * shopper was shown. A coupon would make Stripe redo that split with its own
 * rounding. A net that does not divide by the quantity becomes two items of
 * the same product, k units at ⌊net/q⌋ and q − k at ⌊net/q⌋ + 1, so unit
 * amounts stay integers and sum to the net. Fees (the small-order card fee)
 * are their own items. When the items cannot add up (inconsistent input) or
 * there are more than Stripe's 100, the session falls back to one item for
 * the whole total with the lines in its description.
 */
import type { OrderLineRecord } from "../orders/order-repo.js";

/** An order line as stored (discount = its share of the order's discounts, minor units). */
export type OrderLineForSession = Pick<
  OrderLineRecord,
  "title" | "color" | "size" | "quantity" | "unitAmount" | "lineTotal" | "discount"
>;

export interface SessionLineItem {
  name: string;
  description?: string;
  /** Minor units per unit; an integer ≥ 0. */
  unitAmount: number;
  quantity: number;
}

/** Stripe's cap on line items per Checkout Session. */
export const MAX_LINE_ITEMS = 100;

export function sessionLineItems(o: {
  orderId: string;
  total: number;
  lines: readonly OrderLineForSession[];
  fees: readonly { label: string; amount: number }[];
  codes: readonly string[];
  money: (minor: number) => string;
}): SessionLineItem[] {
  const items: SessionLineItem[] = [];
  for (const l of o.lines) {
    const name = [l.title, l.color, l.size].filter(Boolean).join(" · ");
    const net = l.lineTotal - l.discount;
    const description =
      l.discount > 0
        ? `${l.quantity} × ${o.money(l.unitAmount)}, ${o.money(l.discount)} off (${o.codes.join(", ")})`
        : undefined;
    if (l.quantity < 1 || net < 0) return single(o);
    const base = Math.floor(net / l.quantity);
    const plusOne = net - base * l.quantity;
    for (const [quantity, unitAmount] of [
      [l.quantity - plusOne, base],
      [plusOne, base + 1],
    ] as const) {
      if (quantity > 0) items.push({ name, unitAmount, quantity, ...(description ? { description } : {}) });
    }
  }
  for (const f of o.fees) items.push({ name: f.label, unitAmount: f.amount, quantity: 1 });
  const sum = items.reduce((n, i) => n + i.unitAmount * i.quantity, 0);
  if (sum !== o.total || items.length > MAX_LINE_ITEMS || items.some((i) => i.unitAmount < 0)) return single(o);
  return items;
}

/** One item for the whole order; the lines are listed in its description so the page still says what is bought. */
function single(o: Parameters<typeof sessionLineItems>[0]): SessionLineItem[] {
  const lines = o.lines.map((l) => `${l.quantity} × ${l.title}`).join(", ");
  return [{ name: `Order ${o.orderId}`, unitAmount: o.total, quantity: 1, description: lines.slice(0, 500) }];
}
