import type { Variant } from "../catalog/types.js";
import type { CheckoutPricing } from "../checkout/checkout.js";
import { formatMoney } from "../commerce/format.js";
import type { OrderStatus } from "../commerce/order-status.js";
import type { Quote, QuoteContent } from "../commerce/quote.js";
import type { CartLine, RejectedCode } from "../commerce/types.js";
import { AcpError } from "./errors.js";
import * as msg from "./messages.js";
import type { Message } from "./messages.js";
import type { CreateRequest } from "./schemas.js";
import type { AppliedView, SessionStatus, SessionView } from "./session-json.js";
import type { SessionRecord } from "./session-store.js";

/**
 * The ACP session state machine, pure: what a session's status, messages and
 * view are, given what the CheckoutSession object read (the record, its order,
 * the engine's one pricing of the cart, the quote shown). No I/O here.
 */

/** How long an ACP checkout session stays open for changes and payment. */
export const SESSION_TTL_MS = 24 * 60 * 60 * 1000;

/** The engine's pricing of the cart as the session shows it: rejected codes, allocations, stock problems. */
export interface SessionPricing {
  readonly content: QuoteContent;
  /** Of `content`: /complete pays only when it equals the hash the agent was shown. */
  readonly hash: string;
  readonly applied: readonly AppliedView[];
  readonly rejected: readonly RejectedCode[];
  readonly variants: ReadonlyMap<string, Variant>;
  /** Stock and availability problems, as messages pointing at line items. */
  readonly problems: readonly Message[];
}

/** The order /complete placed for this session, as the object's order copy has it. */
export interface SessionOrder {
  readonly id: string;
  readonly status: OrderStatus;
  /** The quote it froze. */
  readonly quote: Quote | null;
  readonly paymentUrl: string | null;
}

/** A new session's record, from a validated create. */
export function newSessionRecord(
  call: { sessionId: string; origin: string; request: CreateRequest },
  currency: string,
  now: number,
): SessionRecord {
  const r = call.request;
  const extensions = r.capabilities.extensions;
  return {
    id: call.sessionId,
    currency: currency.toLowerCase(),
    createdAt: now,
    updatedAt: now,
    expiresAt: now + SESSION_TTL_MS,
    origin: call.origin,
    buyer: r.buyer ?? null,
    fulfillmentDetails: r.fulfillment_details ?? null,
    billingAddress: null,
    // Active unless the agent listed the extensions it understands and left discount out.
    discountExtension:
      extensions === undefined ||
      extensions.some((e) => (typeof e === "string" ? e : e.name).split("@")[0] === "discount"),
    locale: r.locale ?? null,
    timezone: r.timezone ?? null,
    metadata: r.metadata ?? null,
    orderNotes: r.order_notes ?? null,
    canceled: false,
    quoteId: null,
    shownHash: null,
    orderId: null,
    orderQuoteId: null,
    paymentError: null,
  };
}

/** The engine's pricing in the session's terms; `hash` is that of `p.content`. */
export function sessionPricing(p: CheckoutPricing, hash: string): SessionPricing {
  const { priced, variants, unavailable, promotions } = p.priced;
  const applied: AppliedView[] = priced.discounts.map((d) => ({
    code: d.code,
    name: d.name,
    kind: d.kind,
    value: promotions.get(d.code)?.value ?? null,
    amount: d.amount,
    allocations: d.allocations,
  }));
  const problems: Message[] = [];
  p.content.lines.forEach((l, i) => {
    const v = variants.get(l.sku);
    if (!v || v.stock >= l.quantity) return;
    problems.push(v.stock === 0 ? msg.outOfStock(l.title, i) : msg.quantityExceeded(l.title, i, v.stock, l.quantity));
  });
  for (const l of unavailable) problems.push(msg.noLongerSold(l.sku));
  if (problems.length === 0 && p.problems.length)
    problems.push(...p.problems.map((text) => msg.error("invalid", text, "requires_buyer_input")));
  return { content: p.content, hash, applied, rejected: priced.rejected, variants, problems };
}

/** Items, no problem with them, and somewhere to ship: /complete may charge. */
export function isReady(record: SessionRecord, lines: readonly CartLine[], pricing: SessionPricing): boolean {
  return lines.length > 0 && pricing.problems.length === 0 && record.fulfillmentDetails?.address !== undefined;
}

/** A paid (or refunded) order, or one being paid in a session not canceled, freezes the session at its quote. */
export function freezes(record: SessionRecord, order: SessionOrder | null): order is SessionOrder & { quote: Quote } {
  return (
    !!order?.quote &&
    (order.status === "paid" || order.status === "refunded" || (order.status === "pending_payment" && !record.canceled))
  );
}

/** The status of a session no order freezes. */
export function sessionStatus(
  record: SessionRecord,
  lines: readonly CartLine[],
  pricing: SessionPricing,
  now: number,
): Exclude<SessionStatus, "complete_in_progress" | "completed"> {
  if (record.canceled) return "canceled";
  if (now >= record.expiresAt) return "expired";
  return isReady(record, lines, pricing) ? "ready_for_payment" : "not_ready_for_payment";
}

/** What the agent should tell the buyer about a session no order freezes; `extra` (this request's news) comes last. */
export function sessionMessages(
  record: SessionRecord,
  lines: readonly CartLine[],
  codes: readonly string[],
  pricing: SessionPricing,
  extra: readonly Message[],
  locale: string,
): Message[] {
  if (record.canceled) return [msg.sessionCanceled()];
  const messages: Message[] = [...pricing.problems];
  if (lines.length === 0) messages.push(msg.emptyCart());
  if (!record.fulfillmentDetails?.address) messages.push(msg.missingAddress());
  if (record.discountExtension)
    for (const r of pricing.rejected) {
      const index = r.reason === "discount_code_already_applied" ? codes.lastIndexOf(r.code) : codes.indexOf(r.code);
      messages.push(msg.discountRejected(r.reason, r.message, Math.max(0, index)));
    }
  if (record.paymentError) messages.push(msg.paymentDeclined(record.paymentError));
  for (const f of pricing.content.fees)
    messages.push(
      msg.info(
        `${f.label}: ${formatMoney(f.amount, pricing.content.currency, locale)} is added because card payments have a minimum amount.`,
        "$.totals",
      ),
    );
  messages.push(...extra);
  return messages;
}

export interface ViewInput {
  readonly record: SessionRecord;
  readonly lines: readonly CartLine[];
  readonly codes: readonly string[];
  readonly now: number;
  readonly locale: string;
  /** This request's own messages (a price change, a refusal). */
  readonly extra: readonly Message[];
  readonly order: SessionOrder | null;
  /** The engine's pricing of the cart; null only when the order freezes the session (then it is not needed). */
  readonly pricing: SessionPricing | null;
  /** The live quote for this cart the agent is shown (and /complete will pay), if any. */
  readonly quote: Quote | null;
}

/**
 * The session as the agent sees it. An order that is paid (or being paid)
 * freezes lines and totals at its quote; otherwise the engine's pricing of
 * the cart now. Returns a new value and changes nothing it is given.
 */
export function sessionView(v: ViewInput): SessionView {
  const { record, order, codes, now } = v;
  if (freezes(record, order)) return frozenView(v, order);
  if (!v.pricing) throw new Error("sessionView: a session no order freezes needs its pricing");
  const pricing = v.pricing;
  const status = sessionStatus(record, v.lines, pricing, now);
  const quote = status === "ready_for_payment" ? v.quote : null;
  return {
    record,
    codes,
    now,
    status,
    content: quote ?? pricing.content,
    applied: pricing.applied,
    rejected: pricing.rejected,
    variants: pricing.variants,
    messages: sessionMessages(record, v.lines, codes, pricing, v.extra, v.locale),
    quote: quote ? { id: quote.id, expiresAt: quote.expiresAt } : null,
    order: null,
  };
}

function frozenView(v: ViewInput, order: SessionOrder & { quote: Quote }): SessionView {
  const q = order.quote;
  const pending = order.status === "pending_payment";
  return {
    record: v.record,
    codes: v.codes,
    now: v.now,
    status: pending ? "complete_in_progress" : "completed",
    content: q,
    applied: q.discounts.map((d) => ({
      code: d.code,
      name: d.code,
      kind: null,
      value: null,
      amount: d.amount,
      allocations: null,
    })),
    rejected: [],
    variants: null,
    messages: pending
      ? [
          ...v.extra,
          msg.info(
            order.paymentUrl
              ? `Payment for order ${order.id} needs the buyer to finish at ${order.paymentUrl}.`
              : `Payment for order ${order.id} has not gone through yet; nothing was charged so far. The items stay reserved until the order expires.`,
          ),
        ]
      : [...v.extra],
    quote: null,
    order: pending ? null : { id: order.id, status: order.status, content: q },
  };
}

/** Why an update or a /complete cannot go ahead, as the AcpError the route answers with. */
export function assertOpen(
  record: SessionRecord,
  order: SessionOrder | null,
  now: number,
  what: "update" | "complete",
): void {
  if (record.canceled)
    throw new AcpError(400, "checkout_session_canceled", `This checkout session was canceled; it cannot ${what}.`);
  if (order?.status === "paid" || order?.status === "refunded")
    throw new AcpError(
      400,
      "checkout_session_completed",
      `This checkout session is already completed; it cannot ${what}.`,
    );
  if (now >= record.expiresAt)
    throw new AcpError(400, "checkout_session_expired", `This checkout session expired; create a new one.`);
  if (order?.status === "pending_payment" && what === "update")
    throw new AcpError(
      400,
      "checkout_session_in_progress",
      "A payment for this session is in progress; it cannot be changed now.",
    );
}

/** A canceled or completed session cannot be canceled (405). */
export function assertCancelable(record: SessionRecord, order: SessionOrder | null): void {
  if (record.canceled || order?.status === "paid" || order?.status === "refunded") {
    const what = record.canceled ? "canceled" : "completed";
    throw new AcpError(
      405,
      "checkout_session_not_cancelable",
      `This checkout session is already ${what} and cannot be canceled.`,
    );
  }
}
