import type { ConfirmResult, PaymentChoice, QuoteResult } from "../agent/checkout-port.js";
import type { CheckoutPricing } from "../checkout/checkout.js";
import type { GateRefusal } from "../checkout/gate.js";
import type { QuoteState } from "../checkout/checkout-store.js";
import { formatMoney } from "../commerce/format.js";
import { describeChanges, hashQuoteContent, isLive, type Quote } from "../commerce/quote.js";
import type { Cart, CartLine, Shop } from "../commerce/types.js";
import { AcpError } from "./errors.js";
import type { StoredResponse } from "./idempotency.js";
import * as msg from "./messages.js";
import type { Message } from "./messages.js";
import type { AddressInput, BuyerInput, CreateRequest, FulfillmentDetailsInput } from "./schemas.js";
import { sessionJson, type SessionView } from "./session-json.js";
import {
  assertCancelable,
  assertOpen,
  freezes,
  isReady,
  newSessionRecord,
  sessionPricing,
  sessionStatus,
  sessionView,
  type SessionOrder,
  type SessionPricing,
} from "./session-state.js";
import type { SessionRecord } from "./session-store.js";

/**
 * What an ACP request does to a checkout session, over ports: the
 * CheckoutSession object supplies the engine and its stores, runs one call at
 * a time and commits the outcome with its idempotency record. The cart is
 * priced at most once per request and that one pricing goes to the view, the
 * quote and the confirmation alike; it is priced again only after the engine
 * found that something changed while confirming (a promotion ran out, stock
 * sold out), so the answer shows the world as it is now.
 */

/** A create, already validated by the route (items known, currency ours), with the session's first cart. */
export interface CreateCall extends Cart {
  sessionId: string;
  origin: string;
  request: CreateRequest;
}

/** The session-scoped POSTs; `key` is the scoped idempotency key, `requestHash` the body's fingerprint. */
export type SessionCall = { key: string; requestHash: string } & (
  | {
      op: "update";
      lines?: CartLine[];
      codes?: string[];
      buyer?: BuyerInput;
      fulfillmentDetails?: FulfillmentDetailsInput;
      orderNotes?: string;
    }
  | { op: "complete"; paymentMethod: string; buyer?: BuyerInput; billingAddress?: AddressInput; orderNotes?: string }
  | { op: "cancel" }
);

/** One work item's result: what to answer, and the state to commit with it (null = nothing changes). */
export interface Outcome {
  response: StoredResponse;
  commit: (Cart & { record: SessionRecord }) | null;
  /** A 429 from the checkout gate: answered with these headers and never stored, so the same key can be retried. */
  retryable?: Record<string, string>;
}

/** The part of the checkout engine a session uses (worker/checkout/checkout.ts). */
export interface SessionEngine {
  price(cart: Cart): Promise<CheckoutPricing>;
  openQuote(cart: Cart, pricing?: CheckoutPricing): Promise<QuoteResult>;
  findQuote(id: string): { quote: Quote; state: QuoteState } | null;
  confirm(quote: Quote, cart: Cart, payment?: PaymentChoice, pricing?: CheckoutPricing): Promise<ConfirmResult>;
  cancel(quoteId: string): void;
  readonly gated: GateRefusal | null;
}

export interface SessionDeps {
  readonly engine: SessionEngine;
  /** The shop and the request's clock. */
  readonly shop: Shop;
  /** The order /complete placed for the session (its latest attempt), from the object's order copy. */
  orderOf(record: SessionRecord): SessionOrder | null;
  /** Why the order's payment failed, as recorded in D1. */
  failureOf(orderId: string): Promise<string | null>;
  /** Cancels the session's order still waiting for payment (a late payment is refunded by settlement). */
  cancelOrder(orderId: string): Promise<void>;
}

type Priced = { engine: CheckoutPricing; session: SessionPricing };
type PricingOnce = () => Promise<Priced>;

/** The cart's pricing for this request: asked for by whoever needs it first, computed once. */
function pricingOnce(d: SessionDeps, cart: Cart): PricingOnce {
  let priced: Promise<Priced> | null = null;
  return () =>
    (priced ??= d.engine.price(cart).then(async (engine) => ({
      engine,
      session: sessionPricing(engine, await hashQuoteContent(engine.content)),
    })));
}

/**
 * The view of `record` and, with `openQuote`, the record noting the quote
 * issued for it when it is ready for payment (the quote /complete will pay).
 */
async function viewOf(
  d: SessionDeps,
  record: SessionRecord,
  cart: Cart,
  pricing: PricingOnce,
  extra: readonly Message[],
  opts: { openQuote?: boolean } = {},
): Promise<{ view: SessionView; record: SessionRecord }> {
  const base = { lines: cart.lines, codes: cart.codes, now: d.shop.now, locale: d.shop.locale, extra };
  const order = d.orderOf(record);
  if (freezes(record, order))
    return { view: sessionView({ ...base, record, order, pricing: null, quote: null }), record };
  const p = await pricing();
  let next = record;
  let quote: Quote | null = null;
  if (sessionStatus(record, cart.lines, p.session, d.shop.now) === "ready_for_payment") {
    if (opts.openQuote) {
      const opened = await d.engine.openQuote(cart, p.engine);
      if (opened.kind === "quote") {
        quote = opened.quote;
        next = { ...record, quoteId: quote.id, shownHash: quote.hash };
      }
    } else if (record.quoteId) {
      const q = d.engine.findQuote(record.quoteId);
      if (q && q.state === "open" && isLive(q.quote, d.shop.now) && q.quote.hash === p.session.hash) quote = q.quote;
    }
  }
  return { view: sessionView({ ...base, record: next, order, pricing: p.session, quote }), record: next };
}

const ok = (view: SessionView): StoredResponse => ({ status: 200, body: sessionJson(view) });

/** A new session: priced, and quoted when it is ready for payment. */
export async function createSession(
  d: SessionDeps,
  call: CreateCall,
): Promise<{ response: StoredResponse; record: SessionRecord }> {
  const cart = { lines: call.lines, codes: call.codes };
  const fresh = newSessionRecord(call, d.shop.currency, d.shop.now);
  const { view, record } = await viewOf(d, fresh, cart, pricingOnce(d, cart), [], { openQuote: true });
  return { response: { status: 201, body: sessionJson(view) }, record };
}

/** The session as it is now (fresh prices and stock; nothing is written). */
export async function readSession(d: SessionDeps, record: SessionRecord, cart: Cart): Promise<unknown> {
  return sessionJson((await viewOf(d, record, cart, pricingOnce(d, cart), [])).view);
}

/** update / complete / cancel; an AcpError below 500 is the answer, and changes nothing. */
export async function runSessionCall(
  d: SessionDeps,
  record: SessionRecord,
  cart: Cart,
  call: SessionCall,
): Promise<Outcome> {
  try {
    switch (call.op) {
      case "update":
        return await update(d, record, cart, call);
      case "complete":
        return await complete(d, record, cart, call);
      case "cancel":
        return await cancel(d, record, cart);
    }
  } catch (err) {
    if (err instanceof AcpError && err.status < 500)
      return { response: { status: err.status, body: err.body() }, commit: null };
    throw err;
  }
}

async function update(
  d: SessionDeps,
  record: SessionRecord,
  cart: Cart,
  call: Extract<SessionCall, { op: "update" }>,
): Promise<Outcome> {
  assertOpen(record, d.orderOf(record), d.shop.now, "update");
  const changed: SessionRecord = {
    ...record,
    updatedAt: d.shop.now,
    paymentError: null,
    ...(call.buyer ? { buyer: call.buyer } : {}),
    ...(call.fulfillmentDetails ? { fulfillmentDetails: call.fulfillmentDetails } : {}),
    ...(call.orderNotes !== undefined ? { orderNotes: call.orderNotes } : {}),
  };
  const next = { lines: call.lines ?? cart.lines, codes: call.codes ?? cart.codes };
  const shown = await viewOf(d, changed, next, pricingOnce(d, next), [], { openQuote: true });
  return { response: ok(shown.view), commit: { record: shown.record, ...next } };
}

async function complete(
  d: SessionDeps,
  record: SessionRecord,
  cart: Cart,
  call: Extract<SessionCall, { op: "complete" }>,
): Promise<Outcome> {
  assertOpen(record, d.orderOf(record), d.shop.now, "complete");
  let next: SessionRecord = {
    ...record,
    updatedAt: d.shop.now,
    paymentError: null,
    ...(call.buyer ? { buyer: call.buyer } : {}),
    ...(call.billingAddress ? { billingAddress: call.billingAddress } : {}),
    ...(call.orderNotes !== undefined ? { orderNotes: call.orderNotes } : {}),
  };
  let pricing = pricingOnce(d, cart);
  const answer = async (extra: Message[] = []): Promise<Outcome> => {
    const { view } = await viewOf(d, next, cart, pricing, extra);
    return { response: ok(view), commit: { record: next, ...cart } };
  };
  // A payment already under way (payment page, 3-D Secure) settles by webhook; never start a second one.
  if (d.orderOf(record)?.status === "pending_payment") return answer();

  const p = await pricing();
  if (!isReady(next, cart.lines, p.session)) return answer(); // the view says what is missing; nothing is charged

  // Pay exactly what the agent was last shown; anything else is a new quote to review.
  const shown = next.quoteId ? d.engine.findQuote(next.quoteId) : null;
  if (p.session.hash !== next.shownHash) {
    const fresh = await d.engine.openQuote(cart, p.engine);
    if (fresh.kind === "quote") next = { ...next, quoteId: fresh.quote.id, shownHash: fresh.quote.hash };
    const changes = shown
      ? describeChanges(shown.quote, p.session.content, (n) => formatMoney(n, d.shop.currency, d.shop.locale))
      : [];
    return answer([msg.priceChanged(changes.length ? changes : ["Prices were updated."])]);
  }
  let quote: Quote;
  if (shown && shown.state === "open" && isLive(shown.quote, d.shop.now) && shown.quote.hash === p.session.hash)
    quote = shown.quote;
  else {
    const fresh = await d.engine.openQuote(cart, p.engine);
    if (fresh.kind !== "quote") return answer([msg.notPlaced(fresh.text)]);
    quote = fresh.quote;
    next = { ...next, quoteId: quote.id, shownHash: quote.hash };
  }

  const result = await d.engine.confirm(quote, cart, { paymentMethod: call.paymentMethod }, p.engine);
  const gated = d.engine.gated;
  if (gated) {
    const error = new AcpError(429, "rate_limited", gated.text, { type: "service_unavailable" });
    return { response: { status: error.status, body: error.body() }, commit: null, retryable: gated.headers };
  }
  switch (result.kind) {
    case "requote":
      // Something changed while confirming: the answer shows the cart as it is now.
      pricing = pricingOnce(d, cart);
      next = { ...next, quoteId: result.quote.id, shownHash: result.quote.hash };
      return answer([msg.priceChanged(result.changes)]);
    case "refused":
      pricing = pricingOnce(d, cart);
      next = { ...next, quoteId: null };
      return answer([msg.notPlaced(result.text)]);
    case "order": {
      // confirm() answers for this quote: a new order, or the one already placed for it.
      next = { ...next, orderId: result.order.id, orderQuoteId: quote.id };
      if (result.order.status === "failed")
        next = { ...next, paymentError: (await d.failureOf(result.order.id)) ?? "the card was declined." };
      return answer();
    }
  }
}

async function cancel(d: SessionDeps, record: SessionRecord, cart: Cart): Promise<Outcome> {
  const order = d.orderOf(record);
  assertCancelable(record, order);
  // A payment still open on the payment page: cancel the order (a late payment is refunded by settle).
  if (order?.status === "pending_payment") await d.cancelOrder(order.id);
  if (record.quoteId) d.engine.cancel(record.quoteId);
  const next: SessionRecord = { ...record, canceled: true, updatedAt: d.shop.now, quoteId: null };
  const { view } = await viewOf(d, next, cart, pricingOnce(d, cart), []);
  return { response: ok(view), commit: { record: next, ...cart } };
}
