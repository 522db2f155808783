import type { Variant } from "../catalog/types.js";
import type { OrderStatus } from "../commerce/order-status.js";
import type { QuoteContent, QuoteLine } from "../commerce/quote.js";
import type { PromotionKind, RejectedCode } from "../commerce/types.js";
import { fulfillmentOptions, selectedFulfillment } from "./fulfillment.js";
import type { Message } from "./messages.js";
import { paymentHandlers } from "./payment.js";
import type { SessionRecord } from "./session-store.js";
import { ACP_VERSION } from "./version.js";

/** `CheckoutSessionBase.status` values this server uses. */
export type SessionStatus =
  "not_ready_for_payment" | "ready_for_payment" | "complete_in_progress" | "completed" | "canceled" | "expired";

/** A discount the engine applied, with what the coupon is (for `discounts.applied`). */
export interface AppliedView {
  code: string;
  name: string;
  kind: PromotionKind | null;
  /** Promotion value: basis points for percent_off, minor units for amount_off. */
  value: number | null;
  amount: number;
  /** Per line (index into content.lines); null when only the total is known (a frozen quote). */
  allocations: readonly { lineIndex: number; amount: number }[] | null;
}

export interface SessionView {
  record: SessionRecord;
  status: SessionStatus;
  /** Lines and totals to show: fresh engine pricing, or the order's frozen quote once paid for. */
  content: QuoteContent;
  codes: readonly string[];
  applied: readonly AppliedView[];
  rejected: readonly RejectedCode[];
  /** Current catalog data for availability; null for a frozen (ordered) session. */
  variants: ReadonlyMap<string, Variant> | null;
  messages: readonly Message[];
  quote: { id: string; expiresAt: number } | null;
  order: { id: string; status: OrderStatus; content: QuoteContent } | null;
  now: number;
}

const MAX_QUANTITY_PER_ORDER = 99;
const LOW_STOCK = 5;

export const lineId = (sku: string) => `li_${sku}`;
/** Where the agent's buyer sees the order: the session on the API origin the agent called. */
export const permalinkUrl = (record: Pick<SessionRecord, "origin" | "id">) =>
  `${record.origin}/checkout_sessions/${record.id}`;
const iso = (ms: number) => new Date(ms).toISOString();
const total = (type: string, display_text: string, amount: number, description?: string) => ({
  type,
  display_text,
  amount,
  ...(description !== undefined ? { description } : {}),
});

function displayName(l: QuoteLine): string {
  const opts = [l.color, l.size].filter((o): o is string => !!o);
  return opts.length ? `${l.title} (${opts.join(", ")})` : l.title;
}

function availability(v: Variant | undefined, quantity: number) {
  if (!v) return {};
  const status = v.stock === 0 ? "out_of_stock" : v.stock < quantity || v.stock <= LOW_STOCK ? "low_stock" : "in_stock";
  return { availability_status: status, available_quantity: v.stock };
}

function discountType(kind: PromotionKind | null): "percentage" | "fixed" {
  return kind === "percent_off" ? "percentage" : "fixed";
}

function lineItemJson(l: QuoteLine, index: number, view: Pick<SessionView, "applied" | "variants">) {
  const details = view.applied.flatMap((d) =>
    (d.allocations ?? [])
      .filter((a) => a.lineIndex === index && a.amount > 0)
      .map((a) => ({
        code: d.code,
        type: discountType(d.kind),
        amount: a.amount,
        description: d.name,
        source: "coupon" as const,
      })),
  );
  const options = [
    ...(l.color ? [{ name: "Color", value: l.color }] : []),
    ...(l.size ? [{ name: "Size", value: l.size }] : []),
  ];
  const net = l.lineTotal - l.discount;
  return {
    id: lineId(l.sku),
    item: { id: l.sku },
    quantity: l.quantity,
    name: displayName(l),
    unit_amount: l.unitAmount,
    product_id: l.productId,
    sku: l.sku,
    ...(options.length ? { variant_options: options } : {}),
    ...availability(view.variants?.get(l.sku), l.quantity),
    max_quantity_per_order: MAX_QUANTITY_PER_ORDER,
    ...(details.length ? { discount_details: details } : {}),
    totals: [
      total("items_base_amount", "Base amount", l.lineTotal),
      total("discount", "Discount", l.discount),
      total("subtotal", "Subtotal", net),
      total("tax", "Tax", 0),
      total("total", "Total", net),
    ],
  };
}

/** Session-level totals; they add up: items − discounts + shipping + tax + fees = total (the engine's). */
export function totalsJson(c: QuoteContent, applied: readonly AppliedView[]) {
  const discounts = applied.length
    ? applied.map((d) => total("items_discount", `Discount (${d.code})`, d.amount))
    : c.discountTotal > 0
      ? [total("items_discount", "Discounts", c.discountTotal)]
      : [];
  return [
    total("items_base_amount", "Items", c.subtotal),
    ...discounts,
    total("subtotal", "Subtotal", c.subtotal - c.discountTotal),
    total("fulfillment", "Shipping", 0),
    total("tax", "Tax", 0),
    ...c.fees.map((f) => total("fee", f.label, f.amount, f.label)),
    total("total", "Total", c.total),
  ];
}

function couponJson(d: AppliedView, currency: string) {
  return {
    id: d.code,
    name: d.name,
    ...(d.kind === "percent_off" && d.value !== null ? { percent_off: d.value / 100 } : {}),
    ...(d.kind === "amount_off" && d.value !== null ? { amount_off: d.value, currency } : {}),
  };
}

function orderStatusJson(s: OrderStatus): string {
  switch (s) {
    case "paid":
      return "confirmed";
    case "pending_payment":
      return "created";
    default:
      return "canceled";
  }
}

export function orderJson(view: SessionView) {
  const { order, record } = view;
  if (!order) return null;
  const c = order.content;
  return {
    id: order.id,
    checkout_session_id: record.id,
    order_number: order.id,
    permalink_url: permalinkUrl(record),
    status: orderStatusJson(order.status),
    confirmation: { confirmation_number: order.id, ...(record.orderNotes ? { order_notes: record.orderNotes } : {}) },
    line_items: c.lines.map((l) => ({
      id: lineId(l.sku),
      title: displayName(l),
      product_id: l.productId,
      quantity: { ordered: l.quantity, current: order.status === "refunded" ? 0 : l.quantity, fulfilled: 0 },
      unit_price: l.unitAmount,
      subtotal: l.lineTotal - l.discount,
    })),
    totals: [
      ...totalsJson(c, []),
      ...(order.status === "refunded" ? [total("amount_refunded", "Refunded", c.total)] : []),
    ],
  };
}

/** The `CheckoutSession` (or `CheckoutSessionWithOrder`) JSON for a session. */
export function sessionJson(view: SessionView) {
  const { record, content, now } = view;
  const lines = content.lines.map((l, i) => lineItemJson(l, i, view));
  const order = orderJson(view);
  return {
    id: record.id,
    protocol: { version: ACP_VERSION },
    capabilities: {
      payment: { handlers: paymentHandlers() },
      ...(record.discountExtension
        ? {
            extensions: [
              {
                name: "discount",
                extends: [
                  "$.CheckoutSessionCreateRequest.discounts",
                  "$.CheckoutSessionUpdateRequest.discounts",
                  "$.CheckoutSession.discounts",
                ],
                spec: "https://agenticcommerce.dev/specs/discount",
                schema: "https://agenticcommerce.dev/schemas/discount.json",
              },
            ],
          }
        : {}),
    },
    ...(record.buyer ? { buyer: record.buyer } : {}),
    status: view.status,
    currency: record.currency,
    ...(record.locale ? { locale: record.locale } : {}),
    ...(record.timezone ? { timezone: record.timezone } : {}),
    line_items: lines,
    ...(record.fulfillmentDetails ? { fulfillment_details: record.fulfillmentDetails } : {}),
    fulfillment_options: fulfillmentOptions(now),
    selected_fulfillment_options: selectedFulfillment(lines.map((l) => l.id)),
    totals: totalsJson(content, view.applied),
    messages: [...view.messages],
    // No policy pages exist yet; the field is required, so it is empty rather than invented.
    links: [],
    created_at: iso(record.createdAt),
    updated_at: iso(record.updatedAt),
    expires_at: iso(record.expiresAt),
    ...(record.metadata ? { metadata: record.metadata } : {}),
    ...(view.quote ? { quote_id: view.quote.id, quote_expires_at: iso(view.quote.expiresAt) } : {}),
    ...(record.discountExtension
      ? {
          discounts: {
            codes: [...view.codes],
            applied: view.applied.map((d) => ({
              id: `disc_${d.code}`,
              code: d.code,
              coupon: couponJson(d, record.currency),
              amount: d.amount,
              automatic: false,
              ...(d.allocations
                ? {
                    method: "each" as const,
                    allocations: d.allocations.map((a) => ({ path: `$.line_items[${a.lineIndex}]`, amount: a.amount })),
                  }
                : {}),
            })),
            rejected: view.rejected.map((r) => ({ code: r.code, reason: r.reason, message: r.message })),
          },
        }
      : {}),
    ...(order ? { order } : {}),
  };
}

export type CheckoutSessionJson = ReturnType<typeof sessionJson>;
