import { DurableObject } from "cloudflare:workers";
import { priceConversation, type UsageLoader } from "../agent/cart-pricing.js";
import type { Checkout } from "../checkout/checkout.js";
import type { CartLine, ConversationState } from "../agent/state.js";
import { D1Catalog } from "../catalog/d1-catalog.js";
import { CheckoutStore } from "../checkout/checkout-store.js";
import { formatMoney } from "../commerce/format.js";
import type { OrderStatus } from "../commerce/order-status.js";
import { describeChanges, hashQuoteContent, isLive, type Quote, type QuoteContent } from "../commerce/quote.js";
import type { Env } from "../env.js";
import { getOrder } from "../orders/order-repo.js";
import { settle } from "../orders/settle.js";
import { AcpError, acpErrorBody } from "../acp/errors.js";
import { conflictError, IDEMPOTENCY_RETENTION_MS, inFlightError, type StoredResponse } from "../acp/idempotency.js";
import * as msg from "../acp/messages.js";
import type { Message } from "../acp/messages.js";
import type { AddressInput, BuyerInput, CreateRequest, FulfillmentDetailsInput } from "../acp/schemas.js";
import { sessionJson, type AppliedView, type SessionStatus, type SessionView } from "../acp/session-json.js";
import { SessionStore, type SessionRecord } from "../acp/session-store.js";
import { CHECKOUT_SESSION_MIGRATIONS } from "./schemas.js";
import { migrate } from "./sqlite-migrate.js";
import { TurnQueue } from "./turn-queue.js";
import { checkoutFor } from "./checkout-factory.js";
import { expireDueOrders } from "./order-expiry.js";
import { shopperKey } from "../commerce/shopper-key.js";

/** How long an ACP checkout session stays open for changes and payment. */
export const SESSION_TTL_MS = 24 * 60 * 60 * 1000;

/** A response the route sends as is (`json`: the body, serialized); `replayed` adds `Idempotent-Replayed: true`. */
export interface AcpReply {
  status: number;
  json: string;
  replayed: boolean;
  headers?: Record<string, string>;
}

/** A create, already validated by the route (items known, currency ours). */
export interface CreateCall {
  sessionId: string;
  origin: string;
  lines: CartLine[];
  codes: string[];
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

interface Ctx {
  catalog: D1Catalog;
  shop: { currency: string; locale: string; now: number };
  usage: UsageLoader;
  checkout: Checkout;
  now: number;
}

interface Pricing {
  content: QuoteContent;
  hash: string;
  applied: AppliedView[];
  rejected: SessionView["rejected"];
  variants: NonNullable<SessionView["variants"]>;
  /** Stock and availability problems, as messages pointing at line items. */
  problems: Message[];
}

/** One work item's result: what to answer, and the state to commit with it (null = nothing changes). */
interface Outcome {
  response: StoredResponse;
  commit: { record: SessionRecord; lines: CartLine[]; codes: string[] } | null;
  /** A 429 from the checkout gate: answered with these headers and never stored, so the same key can be retried. */
  retryable?: Record<string, string>;
}

const reply = (r: StoredResponse, replayed = false, headers?: Record<string, string>): AcpReply => ({
  status: r.status,
  json: JSON.stringify(r.body),
  replayed,
  ...(headers ? { headers } : {}),
});
const errorResponse = (e: AcpError): StoredResponse => ({ status: e.status, body: e.body() });

/**
 * One ACP checkout session (Agentic Commerce Protocol 2026-04-17), keyed by
 * its id. Cart, buyer and fulfillment live in its SQLite; pricing, quotes,
 * orders and the charge go through Checkout, the same engine as the chat.
 *
 * Idempotency of update/complete/cancel lives here: the key's record is
 * written (in_flight) before any await, so a concurrent duplicate sees it and
 * gets 409; the result is stored in the same transaction as the state change.
 * Work items run one at a time (the queue), as in the Conversation DO.
 */
export class CheckoutSession extends DurableObject<Env> {
  private readonly store: SessionStore;
  private readonly checkoutStore: CheckoutStore;
  private readonly turns = new TurnQueue();
  /** Keys whose first request is running in this instance; an in_flight row not in here was abandoned by a crash. */
  private readonly running = new Set<string>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    migrate(ctx.storage, CHECKOUT_SESSION_MIGRATIONS);
    this.store = new SessionStore(ctx.storage.sql);
    this.checkoutStore = new CheckoutStore(ctx.storage.sql);
  }

  // --- RPC --------------------------------------------------------------

  /** Creates the session; if it already exists (a retried create), answers with it as it is now. */
  create(call: CreateCall): Promise<AcpReply> {
    return this.turns.run(async () => {
      const existing = this.store.session();
      if (existing) {
        const ctx = this.context(existing);
        const view = await this.view(ctx, existing, this.store.lines(), this.store.codes(), []);
        return reply({ status: 201, body: sessionJson(view) });
      }
      const now = Date.now();
      const r = call.request;
      const extensions = r.capabilities.extensions;
      const record: SessionRecord = {
        id: call.sessionId,
        currency: this.env.SHOP_CURRENCY.toLowerCase(),
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
      const ctx = this.context(record);
      const view = await this.view(ctx, record, call.lines, call.codes, [], { openQuote: true });
      const body = sessionJson(view);
      this.ctx.storage.transactionSync(() => this.store.save(record, call.lines, call.codes));
      return reply({ status: 201, body });
    });
  }

  /** GET: the session as it is now (fresh prices and stock; nothing is written). */
  read(): Promise<AcpReply> {
    return this.turns.run(async () => {
      const record = this.store.session();
      if (!record) return reply(notFound());
      const view = await this.view(this.context(record), record, this.store.lines(), this.store.codes(), []);
      return reply({ status: 200, body: sessionJson(view) });
    });
  }

  /** update / complete / cancel, exactly once per idempotency key. */
  async post(call: SessionCall): Promise<AcpReply> {
    const now = Date.now();
    if (!this.store.session()) return reply(notFound());
    // Synchronous from here to beginIdempotent: no other request can interleave.
    const seen = this.store.idempotency(call.key);
    if (seen && now - seen.createdAt < IDEMPOTENCY_RETENTION_MS) {
      if (seen.requestHash !== call.requestHash) return errorReply(conflictError());
      if (seen.state === "done" && seen.response) return reply(seen.response, true);
      if (this.running.has(call.key)) return errorReply(inFlightError());
      // in_flight but not running here: the attempt died with an earlier instance; run it again.
    }
    this.store.beginIdempotent(call.key, call.requestHash, now, IDEMPOTENCY_RETENTION_MS);
    this.running.add(call.key);
    try {
      const outcome = await this.turns.run(async () => {
        const outcome = await this.run(call);
        if (outcome.retryable) {
          this.store.dropIdempotent(call.key);
          return outcome;
        }
        // The state change and the stored answer commit together, before the next work item starts.
        this.ctx.storage.transactionSync(() => {
          if (outcome.commit) this.store.save(outcome.commit.record, outcome.commit.lines, outcome.commit.codes);
          this.store.finishIdempotent(call.key, outcome.response);
        });
        return outcome;
      });
      return reply(outcome.response, false, outcome.retryable);
    } catch (err) {
      // 5xx are never stored (RFC §6.5): a retry with the same key runs afresh.
      this.store.dropIdempotent(call.key);
      throw err;
    } finally {
      this.running.delete(call.key);
    }
  }

  /** An order of this session changed (webhook, expiry): the session's status follows it. */
  orderUpdated(u: { orderId: string; status: OrderStatus; text: string }): Promise<void> {
    return this.turns.run(async () => {
      const now = Date.now();
      if (!this.checkoutStore.setOrderStatus(u.orderId, u.status, now)) return;
      this.checkoutStore.pushOutbox(u.text, u.orderId, now);
      const record = this.store.session();
      if (!record || record.orderId !== u.orderId) return;
      const next: SessionRecord = {
        ...record,
        updatedAt: now,
        paymentError: u.status === "failed" ? ((await this.failureOf(u.orderId)) ?? u.text) : record.paymentError,
      };
      this.ctx.storage.transactionSync(() => this.store.save(next, this.store.lines(), this.store.codes()));
    });
  }

  /** Unpaid orders whose time ran out give back their stock and promotions; the session reopens. */
  override async alarm(): Promise<void> {
    await this.turns.run(async () => {
      await expireDueOrders(this.env, this.checkoutStore, (text, orderId) =>
        this.checkoutStore.pushOutbox(text, orderId, Date.now()),
      );
      await this.scheduleExpiry();
    });
  }

  // --- work -------------------------------------------------------------

  private async run(call: SessionCall): Promise<Outcome> {
    const record = this.store.session()!;
    const lines = this.store.lines();
    const codes = this.store.codes();
    try {
      switch (call.op) {
        case "update":
          return await this.update(record, lines, codes, call);
        case "complete":
          return await this.complete(record, lines, codes, call);
        case "cancel":
          return await this.cancel(record, lines, codes);
      }
    } catch (err) {
      if (err instanceof AcpError && err.status < 500) return { response: errorResponse(err), commit: null };
      throw err;
    }
  }

  private async update(
    record: SessionRecord,
    lines: CartLine[],
    codes: string[],
    call: Extract<SessionCall, { op: "update" }>,
  ): Promise<Outcome> {
    this.assertOpen(record, "update");
    const now = Date.now();
    const next: SessionRecord = {
      ...record,
      updatedAt: now,
      paymentError: null,
      ...(call.buyer ? { buyer: call.buyer } : {}),
      ...(call.fulfillmentDetails ? { fulfillmentDetails: call.fulfillmentDetails } : {}),
      ...(call.orderNotes !== undefined ? { orderNotes: call.orderNotes } : {}),
    };
    const nextLines = call.lines ?? lines;
    const nextCodes = call.codes ?? codes;
    const view = await this.view(this.context(next), next, nextLines, nextCodes, [], { openQuote: true });
    return {
      response: { status: 200, body: sessionJson(view) },
      commit: { record: next, lines: nextLines, codes: nextCodes },
    };
  }

  private async complete(
    record: SessionRecord,
    lines: CartLine[],
    codes: string[],
    call: Extract<SessionCall, { op: "complete" }>,
  ): Promise<Outcome> {
    this.assertOpen(record, "complete");
    const now = Date.now();
    let next: SessionRecord = {
      ...record,
      updatedAt: now,
      paymentError: null,
      ...(call.buyer ? { buyer: call.buyer } : {}),
      ...(call.billingAddress ? { billingAddress: call.billingAddress } : {}),
      ...(call.orderNotes !== undefined ? { orderNotes: call.orderNotes } : {}),
    };
    const ctx = this.context(next);
    const state = stateOf(lines, codes);
    const answer = async (extra: Message[] = []): Promise<Outcome> => {
      const view = await this.view(ctx, next, lines, codes, extra);
      return { response: { status: 200, body: sessionJson(view) }, commit: { record: next, lines, codes } };
    };
    // A payment already under way (payment page, 3-D Secure) settles by webhook; never start a second one.
    if (this.orderOf(record)?.status === "pending_payment") return answer();

    const pricing = await this.price(ctx, state);
    if (!this.ready(next, lines, pricing)) return answer(); // the view says what is missing; nothing is charged

    // Pay exactly what the agent was last shown; anything else is a new quote to review.
    const shown = next.quoteId ? ctx.checkout.findQuote(next.quoteId) : null;
    if (pricing.hash !== next.shownHash) {
      const fresh = await ctx.checkout.openQuote(state);
      if (fresh.kind === "quote") next = { ...next, quoteId: fresh.quote.id, shownHash: fresh.quote.hash };
      const changes = shown
        ? describeChanges(shown.quote, pricing.content, (n) =>
            formatMoney(n, this.env.SHOP_CURRENCY, this.env.SHOP_LOCALE),
          )
        : [];
      return answer([msg.priceChanged(changes.length ? changes : ["Prices were updated."])]);
    }
    let quote: Quote;
    if (shown && shown.state === "open" && isLive(shown.quote, now) && shown.quote.hash === pricing.hash)
      quote = shown.quote;
    else {
      const fresh = await ctx.checkout.openQuote(state);
      if (fresh.kind !== "quote") return answer([msg.notPlaced(fresh.text)]);
      quote = fresh.quote;
      next = { ...next, quoteId: quote.id, shownHash: quote.hash };
    }

    const result = await ctx.checkout.confirm(quote, state, { paymentMethod: call.paymentMethod });
    const gated = ctx.checkout.gated;
    if (gated) {
      const error = new AcpError(429, "rate_limited", gated.text, { type: "service_unavailable" });
      return { response: errorResponse(error), commit: null, retryable: gated.headers };
    }
    switch (result.kind) {
      case "requote":
        next = { ...next, quoteId: result.quote.id, shownHash: result.quote.hash };
        return answer([msg.priceChanged(result.changes)]);
      case "refused":
        next = { ...next, quoteId: null };
        return answer([msg.notPlaced(result.text)]);
      case "order": {
        // confirm() answers for this quote: a new order, or the one already placed for it.
        next = { ...next, orderId: result.order.id, orderQuoteId: quote.id };
        if (result.order.status === "failed")
          next = { ...next, paymentError: (await this.failureOf(result.order.id)) ?? "the card was declined." };
        return answer();
      }
    }
  }

  private async cancel(record: SessionRecord, lines: CartLine[], codes: string[]): Promise<Outcome> {
    const order = this.orderOf(record);
    if (record.canceled || order?.status === "paid" || order?.status === "refunded") {
      const what = record.canceled ? "canceled" : "completed";
      throw new AcpError(
        405,
        "checkout_session_not_cancelable",
        `This checkout session is already ${what} and cannot be canceled.`,
      );
    }
    const now = Date.now();
    if (order?.status === "pending_payment") {
      // A payment still open on the payment page: cancel the order (a late payment is refunded by settle).
      const s = await settle(
        this.env,
        { type: "canceled", orderId: order.id, paymentIntentId: null },
        { notify: false },
      );
      if (s.order) this.checkoutStore.setOrderStatus(order.id, s.order.status, now);
    }
    if (record.quoteId) this.context(record).checkout.cancel(record.quoteId);
    const next: SessionRecord = { ...record, canceled: true, updatedAt: now, quoteId: null };
    const view = await this.view(this.context(next), next, lines, codes, []);
    return { response: { status: 200, body: sessionJson(view) }, commit: { record: next, lines, codes } };
  }

  private assertOpen(record: SessionRecord, what: "update" | "complete"): void {
    const order = this.orderOf(record);
    if (record.canceled)
      throw new AcpError(400, "checkout_session_canceled", `This checkout session was canceled; it cannot ${what}.`);
    if (order?.status === "paid" || order?.status === "refunded")
      throw new AcpError(
        400,
        "checkout_session_completed",
        `This checkout session is already completed; it cannot ${what}.`,
      );
    if (Date.now() >= record.expiresAt)
      throw new AcpError(400, "checkout_session_expired", `This checkout session expired; create a new one.`);
    if (order?.status === "pending_payment" && what === "update") {
      throw new AcpError(
        400,
        "checkout_session_in_progress",
        "A payment for this session is in progress; it cannot be changed now.",
      );
    }
  }

  // --- views --------------------------------------------------------------

  private context(record: SessionRecord): Ctx {
    const catalog = new D1Catalog(this.env.DB);
    const now = Date.now();
    const shop = { currency: this.env.SHOP_CURRENCY, locale: this.env.SHOP_LOCALE, now };
    const customer = shopperKey.acp(record.id);
    // Promotion usage is counted as for a guest: an agent can open any number of
    // sessions, so a per-customer cap cannot be enforced per session, and codes
    // with one are refused (discount_code_user_not_logged_in) instead of bypassed.
    const { checkout, usage } = checkoutFor({
      env: this.env,
      ctx: this.ctx,
      store: this.checkoutStore,
      catalog,
      shop,
      conversationId: record.id,
      customer,
      usageOf: shopperKey.guest(customer),
      onOrderPending: () => this.scheduleExpiry(),
    });
    return { catalog, shop, usage, checkout, now };
  }

  /** Engine pricing (what a quote would freeze) plus the details ACP shows: rejected codes, allocations, stock. */
  private async price(ctx: Ctx, state: ConversationState): Promise<Pricing> {
    const [engine, detail] = await Promise.all([
      ctx.checkout.price(state),
      priceConversation(state, ctx.catalog, ctx.shop, { usage: ctx.usage }),
    ]);
    const promotions = state.codes.length ? await ctx.catalog.promotions(state.codes) : new Map();
    const applied: AppliedView[] = detail.priced.discounts.map((d) => ({
      code: d.code,
      name: d.name,
      kind: d.kind,
      value: promotions.get(d.code)?.value ?? null,
      amount: d.amount,
      allocations: d.allocations,
    }));
    const problems: Message[] = [];
    engine.content.lines.forEach((l, i) => {
      const v = detail.variants.get(l.sku);
      if (!v || v.stock >= l.quantity) return;
      problems.push(v.stock === 0 ? msg.outOfStock(l.title, i) : msg.quantityExceeded(l.title, i, v.stock, l.quantity));
    });
    for (const l of detail.unavailable) problems.push(msg.noLongerSold(l.sku));
    if (problems.length === 0 && engine.problems.length)
      problems.push(...engine.problems.map((p) => msg.error("invalid", p, "requires_buyer_input")));
    return {
      content: engine.content,
      hash: await hashQuoteContent(engine.content),
      applied,
      rejected: detail.priced.rejected,
      variants: detail.variants,
      problems,
    };
  }

  private ready(record: SessionRecord, lines: readonly CartLine[], p: Pricing): boolean {
    return lines.length > 0 && p.problems.length === 0 && record.fulfillmentDetails?.address !== undefined;
  }

  private orderOf(record: SessionRecord): { id: string; status: OrderStatus; quote: Quote | null } | null {
    if (!record.orderId || !record.orderQuoteId) return null;
    const order = this.checkoutStore.orderForQuote(record.orderQuoteId);
    if (!order) return null;
    return { id: order.id, status: order.status, quote: this.checkoutStore.quote(record.orderQuoteId)?.quote ?? null };
  }

  private async failureOf(orderId: string): Promise<string | null> {
    return (await getOrder(this.env.DB, orderId))?.failureReason ?? null;
  }

  /**
   * The session as the agent sees it. An order that is paid (or being paid)
   * freezes lines and totals at its quote; otherwise the engine prices the
   * cart now. `openQuote`: when ready for payment, issue the quote /complete
   * will pay, and note it on `record` (which the caller then commits).
   */
  private async view(
    ctx: Ctx,
    record: SessionRecord,
    lines: CartLine[],
    codes: string[],
    extra: Message[],
    opts: { openQuote?: boolean } = {},
  ): Promise<SessionView> {
    const order = this.orderOf(record);
    const base = { record, codes, now: ctx.now };
    if (
      order?.quote &&
      (order.status === "paid" ||
        order.status === "refunded" ||
        (order.status === "pending_payment" && !record.canceled))
    ) {
      const q = order.quote;
      const pending = order.status === "pending_payment";
      const summary = pending ? this.checkoutStore.orderForQuote(q.id) : null;
      return {
        ...base,
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
              ...extra,
              msg.info(
                summary?.paymentUrl
                  ? `Payment for order ${order.id} needs the buyer to finish at ${summary.paymentUrl}.`
                  : `Payment for order ${order.id} has not gone through yet; nothing was charged so far. The items stay reserved until the order expires.`,
              ),
            ]
          : extra,
        quote: null,
        order: pending ? null : { id: order.id, status: order.status, content: q },
      };
    }
    const state = stateOf(lines, codes);
    const pricing = await this.price(ctx, state);
    let content: QuoteContent = pricing.content;
    let status: SessionStatus;
    const messages: Message[] = [];
    if (record.canceled) {
      status = "canceled";
      messages.push(msg.sessionCanceled());
    } else {
      messages.push(...pricing.problems);
      if (lines.length === 0) messages.push(msg.emptyCart());
      if (!record.fulfillmentDetails?.address) messages.push(msg.missingAddress());
      pricing.rejected.forEach((r) => {
        const index = r.reason === "discount_code_already_applied" ? codes.lastIndexOf(r.code) : codes.indexOf(r.code);
        if (record.discountExtension) messages.push(msg.discountRejected(r.reason, r.message, Math.max(0, index)));
      });
      if (record.paymentError) messages.push(msg.paymentDeclined(record.paymentError));
      for (const f of content.fees)
        messages.push(
          msg.info(
            `${f.label}: ${formatMoney(f.amount, content.currency, ctx.shop.locale)} is added because card payments have a minimum amount.`,
            "$.totals",
          ),
        );
      messages.push(...extra);
      status =
        ctx.now >= record.expiresAt
          ? "expired"
          : this.ready(record, lines, pricing)
            ? "ready_for_payment"
            : "not_ready_for_payment";
    }
    let quote: SessionView["quote"] = null;
    if (status === "ready_for_payment") {
      if (opts.openQuote) {
        const opened = await ctx.checkout.openQuote(state);
        if (opened.kind === "quote") {
          record.quoteId = opened.quote.id;
          record.shownHash = opened.quote.hash;
          content = opened.quote;
          quote = { id: opened.quote.id, expiresAt: opened.quote.expiresAt };
        }
      } else if (record.quoteId) {
        const q = ctx.checkout.findQuote(record.quoteId);
        if (q && q.state === "open" && isLive(q.quote, ctx.now) && q.quote.hash === pricing.hash)
          quote = { id: q.quote.id, expiresAt: q.quote.expiresAt };
      }
    }
    return {
      ...base,
      status,
      content,
      applied: pricing.applied,
      rejected: pricing.rejected,
      variants: pricing.variants,
      messages,
      quote,
      order: null,
    };
  }

  private async scheduleExpiry(): Promise<void> {
    const next = this.checkoutStore.nextExpiry();
    if (next !== null) await this.ctx.storage.setAlarm(next);
  }
}

function stateOf(lines: readonly CartLine[], codes: readonly string[]): ConversationState {
  return { lines, codes, lastResults: [], lastOptions: {}, focus: null };
}

function notFound(): StoredResponse {
  return { status: 404, body: acpErrorBody("not_found", "No checkout session with this id.") };
}

function errorReply(e: AcpError): AcpReply {
  return reply(errorResponse(e), false, e.extra.headers);
}
