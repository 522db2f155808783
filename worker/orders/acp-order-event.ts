import { lineId } from "../acp/session-json.js";
import type { FulfillmentStatus } from "../commerce/fulfillment-status.js";
import type { OrderWithLines } from "./order-repo.js";

/**
 * ACP order events (spec 2026-04-17, openapi.agentic_checkout_webhook.yaml):
 * `{type: "order_create" | "order_update", data: Order}`, where `data` is the
 * full Order (not a delta) with `type: "order"`, `checkout_session_id`,
 * `permalink_url` and `status`. One event per change of ours:
 *
 *   created → order_create, status "created"      paid → "confirmed"
 *   processing / shipped → "processing" / "shipped"  delivered → "completed"
 *   canceled / expired / failed → "canceled"
 *   refunded → a completed refund adjustment and an amount_refunded total
 *     (status "canceled" if nothing had shipped, else the fulfilment's)
 */
export type OrderChange =
  "created" | "paid" | "processing" | "shipped" | "delivered" | "refunded" | "canceled" | "expired" | "failed";

export interface AcpOrderEventOptions {
  /** When the change happened (ms). */
  at: number;
  /** Refunded: minor units returned; default the whole total. */
  refundedAmount?: number;
}

/** The event body, except `data.permalink_url`, which the session knows (filled in at delivery). */
export function acpOrderEvent(order: OrderWithLines, change: OrderChange, opts: AcpOrderEventOptions) {
  const fulfillment = change === "created" ? null : order.fulfillmentStatus;
  const shipped = fulfillment === "shipped" || fulfillment === "delivered";
  const refunded = change === "refunded";
  const refund = refunded ? Math.min(order.total, Math.max(0, opts.refundedAmount ?? order.total)) : 0;
  const items = order.lines.map((l) => ({ id: lineId(l.sku), quantity: l.quantity }));
  const occurredAt = new Date(opts.at).toISOString();
  return {
    type: change === "created" ? "order_create" : "order_update",
    data: {
      type: "order",
      id: order.id,
      checkout_session_id: order.conversationId,
      order_number: order.id,
      status: acpStatus(change, fulfillment),
      line_items: order.lines.map((l) => ({
        id: lineId(l.sku),
        title: l.title,
        product_id: l.productId,
        quantity: {
          ordered: l.quantity,
          current: refunded && refund === order.total && !shipped ? 0 : l.quantity,
          fulfilled: shipped ? l.quantity : 0,
        },
        unit_price: l.unitAmount,
        subtotal: l.lineTotal - l.discount,
        status: shipped ? "fulfilled" : "processing",
      })),
      ...(fulfillment
        ? {
            fulfillments: [
              {
                id: `ful_${order.id}`,
                type: "shipping",
                status: fulfillment,
                line_items: items,
                ...trackingJson(order.tracking),
                events: [{ id: `${order.id}:${fulfillment}`, type: fulfillment, occurred_at: occurredAt }],
              },
            ],
          }
        : {}),
      ...(refunded
        ? {
            adjustments: [
              {
                id: `adj_${order.id}_refund`,
                type: "refund",
                occurred_at: occurredAt,
                status: "completed",
                amount: refund,
                currency: order.currency.toLowerCase(),
              },
            ],
          }
        : {}),
      totals: [
        { type: "subtotal", display_text: "Subtotal", amount: order.total - order.feeTotal },
        ...(order.feeTotal > 0 ? [{ type: "fee", display_text: "Fees", amount: order.feeTotal }] : []),
        { type: "total", display_text: "Total", amount: order.total },
        ...(refunded ? [{ type: "amount_refunded", display_text: "Refunded", amount: refund }] : []),
      ],
    },
  };
}

export type AcpOrderEvent = ReturnType<typeof acpOrderEvent>;

function acpStatus(change: OrderChange, fulfillment: FulfillmentStatus | null): string {
  switch (change) {
    case "created":
      return "created";
    case "paid":
      return "confirmed";
    case "processing":
      return "processing";
    case "shipped":
      return "shipped";
    case "delivered":
      return "completed";
    case "refunded":
      return fulfillment === "delivered" ? "completed" : fulfillment === "shipped" ? "shipped" : "canceled";
    case "canceled":
    case "expired":
    case "failed":
      return "canceled";
  }
}

/** Ops give a tracking number or a carrier's tracking URL. */
function trackingJson(tracking: string | null) {
  if (!tracking) return {};
  return /^https:\/\//.test(tracking) ? { tracking_url: tracking } : { tracking_number: tracking };
}
