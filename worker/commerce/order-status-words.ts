/**
 * How an order's state reads to the shopper: the chat's answers about orders
 * (agent/order-actions.ts) and the news sent when ops move a parcel
 * (orders/order-events.ts) say it alike. Here, in the pure core, because the
 * agent may not import orders/.
 */
import type { FulfillmentStatus } from "./fulfillment-status.js";
import type { OrderStatus } from "./order-status.js";

/** An order's payment state and, once paid, where its parcel is. */
export interface OrderProgress {
  readonly status: OrderStatus;
  readonly fulfillment: FulfillmentStatus | null;
  readonly tracking: string | null;
}

/** The order's payment state and, once paid, where the parcel is. */
export function statusWords(o: OrderProgress): string {
  const tracking = o.tracking ? ` (tracking: ${o.tracking})` : "";
  switch (o.status) {
    case "pending_payment":
      return "waiting for payment";
    case "paid":
      return paidWords(o.fulfillment, tracking);
    case "refunded":
      return "refunded";
    case "canceled":
      return "canceled";
    case "expired":
      return "expired before it was paid";
    case "failed":
      return "payment failed";
  }
}

function paidWords(f: FulfillmentStatus | null, tracking: string): string {
  if (f === "processing") return "paid, being prepared for shipping";
  if (f === "shipped") return `paid and shipped${tracking}`;
  if (f === "delivered") return `paid and delivered${tracking}`;
  return "paid, not shipped yet";
}
