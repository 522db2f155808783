import type { CheckoutPort, ConfirmResult, OrderSummary, PaymentChoice, QuoteResult } from "../agent/checkout-port.js";
import { repriceCart, type RepricedCart, type UsageLoader } from "../catalog/reprice-cart.js";
import type { Catalog } from "../catalog/types.js";
import { formatMoney } from "../commerce/format.js";
import type { Cart, Shop } from "../commerce/types.js";
import { randomId } from "../http/crypto.js";
import { buildQuote, describeChanges, quoteContent, type Quote, type QuoteContent } from "../commerce/quote.js";
import { createOrder, noteAwaitingPayment, pendingOrderCount } from "../orders/order-repo.js";
import { promotionLimitKey, promoStub, releaseAll } from "../orders/promotion-reservations.js";
import { settle, type SettleEnv } from "../orders/settle.js";
import { settleHere } from "./order-copy.js";
import { orderNews, orderReply, paymentDeclinedReply, paymentProcessingReply } from "../orders/order-wording.js";
import { charge } from "../payments/charge.js";
import { sessionContent, shopUrl } from "../payments/checkout-session.js";
import { addStripeCustomer, savedCardOf, stripeCustomerOf, type SavedCard } from "../payments/customer-repo.js";
import { paymentTimeoutMs, stripeClient } from "../payments/stripe-client.js";
import type Stripe from "stripe";
import type { CheckoutStore } from "./checkout-store.js";
import { checkoutSettings, type CheckoutSettingsEnv } from "./settings.js";
import type { CheckoutGate, GateRefusal } from "./gate.js";
import { isSignedIn } from "../commerce/shopper-key.js";

/** What the engine reads: settlement's env (D1, Stripe, promotions, the outbox) and the checkout knobs. */
export interface CheckoutEnv extends SettleEnv, CheckoutSettingsEnv {
  /** Public origin of this Worker (https://shop.example): Stripe Checkout returns the shopper to its /pay/done and /pay/cancelled. */
  SHOP_URL?: string;
}

export interface CheckoutContext {
  env: CheckoutEnv;
  store: CheckoutStore;
  catalog: Catalog;
  shop: Shop;
  conversationId: string;
  /** Principal key used for per-user caps and saved cards. */
  customer: string;
  usage: UsageLoader;
  /** Called after an order is created so the DO can set its expiry alarm. */
  onOrderPending: (expiresAt: number) => Promise<void>;
  /** Admission of a real confirmation (shop-wide gate, promotion pace); asked only right before money moves. */
  gate: CheckoutGate;
  /**
   * The shopper pays outside Stripe (a Telegram invoice, worker/channels/telegram/invoicing.ts):
   * a confirmed order waits for that payment instead of a charge; `awaiting` gives the reply.
   */
  externalPayment?: { awaiting(order: OrderSummary, quote: Quote): string };
  /**
   * Chat: this instance is one turn, so a quote it issued has not been shown
   * yet and cannot be confirmed, and it confirms at most once. ACP binds to
   * the hash the agent was shown instead, so it leaves this off.
   */
  oneTurn?: boolean;
}

/** One pricing of a cart for checkout: what a quote would freeze, why it cannot be quoted yet, and the priced cart behind it. */
export interface CheckoutPricing {
  readonly content: QuoteContent;
  readonly problems: string[];
  readonly priced: RepricedCart;
}

const SMALL_ORDER_FEE = "Small-order card fee";
/** After a charge that timed out, when to ask Stripe what became of it. */
const RECHECK_AFTER_TIMEOUT_MS = 30_000;

/** The checkout engine: quote, confirm, order, reserve, charge. The chat and the ACP session both use it. */
export class Checkout implements CheckoutPort {
  private readonly settings;
  /** Quotes issued by this instance (this turn): the shopper has not seen them yet. */
  private readonly issued = new Set<string>();
  private confirmed = false;
  /** Set when the gate turned a confirmation away: the caller answers 429 and keeps nothing of the turn. */
  gated: GateRefusal | null = null;

  constructor(private readonly c: CheckoutContext) {
    this.settings = checkoutSettings(c.env);
  }

  private money = (n: number) => formatMoney(n, this.c.shop.currency, this.c.shop.locale);
  private reply = (o: OrderSummary) => orderReply(o, this.c.shop.locale);

  /** Prices the cart as a quote would freeze it, with current usage and the small-order fee. */
  async price(cart: Cart): Promise<CheckoutPricing> {
    const { catalog, shop, usage } = this.c;
    const min = this.settings.minChargeAmount;
    // Card processors cannot charge tiny amounts; rather than inventing a
    // price, the quote shows a transparent fee up to the processor minimum.
    const priced = await repriceCart(cart, catalog, shop, {
      usage,
      fees: ({ total }) => (total > 0 && total < min ? [{ label: SMALL_ORDER_FEE, amount: min - total }] : []),
    });
    const problems: string[] = [];
    for (const l of priced.priced.lines) {
      const v = priced.variants.get(l.sku)!;
      // An unpaid order holds its stock for the payment window: one shopper may not corner a product.
      if (l.quantity > this.settings.maxUnitsPerLine)
        problems.push(
          `You can order at most ${this.settings.maxUnitsPerLine} of ${v.title} at a time (you have ${l.quantity}).`,
        );
      else if (v.stock < l.quantity)
        problems.push(
          v.stock === 0
            ? `${v.title} is out of stock.`
            : `Only ${v.stock} of ${v.title} left (you have ${l.quantity}).`,
        );
    }
    if (priced.unavailable.length) problems.push("Some items are no longer available.");
    const content = quoteContent(priced.priced, (sku) => {
      const v = priced.variants.get(sku)!;
      return { title: v.title, color: v.options.color, size: v.options.size };
    });
    return { content, problems, priced };
  }

  /** `pricing`: this request's pricing of the same cart, when the caller has one (else the cart is priced here). */
  async openQuote(cart: Cart, pricing?: CheckoutPricing): Promise<QuoteResult> {
    // While an order waits for payment, "checkout" resumes it instead of making another.
    const pending = this.c.store.pendingOrder(this.c.shop.now);
    if (pending) {
      const resumed = await this.resume(pending, {});
      return resumed.kind === "requote" ? { kind: "quote", quote: resumed.quote, notes: [] } : resumed;
    }
    const { content, problems } = pricing ?? (await this.price(cart));
    if (problems.length)
      return { kind: "refused", text: `I can't check out yet:\n${problems.map((p) => `• ${p}`).join("\n")}` };
    if (content.lines.length === 0) return { kind: "refused", text: "Your cart is empty." };
    const quote = await buildQuote(content, randomId("q", 12), this.c.shop.now, this.settings.quoteTtlMs);
    this.c.store.saveQuote(quote);
    this.issued.add(quote.id);
    return { kind: "quote", quote, notes: [] };
  }

  liveQuotes(): Quote[] {
    return this.c.store.liveQuotes(this.c.shop.now);
  }

  findQuote(id: string) {
    return this.c.store.quote(id);
  }

  cancel(quoteId: string): void {
    const found = this.c.store.quote(quoteId);
    if (found?.state === "open") this.c.store.setQuoteState(quoteId, "canceled");
  }

  /** Cancels this conversation's order waiting for payment: stock and promotion units go back (a late payment is refunded by settle). */
  async cancelPending(target?: string): Promise<OrderSummary | null> {
    const pending = this.c.store.pendingOrder(this.c.shop.now);
    if (!pending || (target !== undefined && target !== pending.id && target !== pending.quoteId)) return null;
    const s = await settleHere(this.c.env, this.c.store.orders, {
      type: "canceled",
      orderId: pending.id,
      paymentIntentId: null,
    });
    const status = s.order?.status ?? pending.status;
    return { ...pending, status };
  }

  /**
   * docs/ARCHITECTURE.md invariant 4, enforced here whatever the planner
   * emitted: an order already placed for the quote (or any order of this
   * conversation still unpaid) is resumed, never doubled; in a chat turn a
   * quote issued in this same turn is only shown, and one turn confirms once.
   * Confirming re-prices the cart, unless the caller passes its `pricing` made
   * for this same request (ACP prices once per request).
   */
  async confirm(
    quote: Quote,
    cart: Cart,
    payment: PaymentChoice = {},
    pricing?: CheckoutPricing,
  ): Promise<ConfirmResult> {
    const existing = this.c.store.orderForQuote(quote.id) ?? this.c.store.pendingOrder(this.c.shop.now);
    if (existing) {
      const pending = existing.status === "pending_payment" ? this.c.store.pendingOrder(this.c.shop.now) : null;
      return pending?.id === existing.id
        ? this.resume(pending, payment)
        : { kind: "order", order: existing, text: this.reply(existing) };
    }
    if (this.c.store.quote(quote.id)?.state === "confirmed")
      return { kind: "refused", text: "That quote was already confirmed." };
    if (this.c.oneTurn) {
      if (this.issued.has(quote.id))
        return { kind: "refused", text: "Please check the order above, then press Pay (or say “pay”) to confirm it." };
      if (this.confirmed)
        return { kind: "refused", text: "I confirm one order per message, so nothing else was charged." };
      this.confirmed = true;
    }
    const fresh = pricing ?? (await this.price(cart));
    if (fresh.problems.length) {
      this.c.store.setQuoteState(quote.id, "superseded");
      return {
        kind: "refused",
        text: `Your quote is void because:\n${fresh.problems.map((p) => `• ${p}`).join("\n")}`,
      };
    }
    const requote = await this.requoteIfChanged(quote, fresh.content);
    if (requote) return requote;
    return this.placeOrder(quote, cart, payment);
  }

  private async requoteIfChanged(quote: Quote, content: QuoteContent): Promise<ConfirmResult | null> {
    const candidate = await buildQuote(content, randomId("q", 12), this.c.shop.now, this.settings.quoteTtlMs);
    if (candidate.hash === quote.hash) return null;
    this.c.store.saveQuote(candidate);
    this.issued.add(candidate.id);
    const changes = describeChanges(quote, content, this.money);
    return { kind: "requote", quote: candidate, changes: changes.length ? changes : ["Prices were updated."] };
  }

  private async placeOrder(quote: Quote, cart: Cart, payment: PaymentChoice): Promise<ConfirmResult> {
    const { env, shop } = this.c;
    const orderId = randomId("ord", 12);
    const codes = quote.discounts.map((d) => d.code);
    const holding = await pendingOrderCount(env.DB, this.c.customer, shop.now);
    if (holding >= this.settings.maxPendingPerShopper) {
      return {
        kind: "refused",
        text: `You already have ${holding} unpaid order${holding === 1 ? "" : "s"} holding items for you. Pay or cancel one first; nothing was charged.`,
      };
    }
    // Only now is this a real confirmation of a live quote: the shop-wide gate and
    // each promotion's pace are metered here (both fail closed), never before.
    // One redemption bucket per shard of a sharded promotion: its rate scales with its shards.
    const promotionKeys = await Promise.all(codes.map((code) => promotionLimitKey(env, code, this.c.customer)));
    const refused = await this.admit(promotionKeys);
    if (refused) return refused;
    const held = await this.reservePromotions(orderId, codes);
    if (!held.ok) {
      // The promotion ran out (or was switched off) between quote and confirmation.
      const fresh = await this.price(cart);
      const changed = await this.requoteIfChanged(quote, fresh.content);
      return (
        changed ?? { kind: "refused", text: "That promotion is no longer available. Say “checkout” for a new quote." }
      );
    }
    const expiresAt = shop.now + this.settings.paymentTtlMs;
    const created = await createOrder(env.DB, {
      id: orderId,
      conversationId: this.c.conversationId,
      customer: this.c.customer,
      quote,
      codes,
      now: shop.now,
      expiresAt,
    });
    if (!created.ok) {
      await releaseAll(env, orderId, codes, "order_not_created");
      this.c.store.setQuoteState(quote.id, "superseded");
      return {
        kind: "refused",
        text: "Sorry, some items sold out just now, so nothing was charged. Say “checkout” for a new quote.",
      };
    }
    this.c.store.setQuoteState(quote.id, "confirmed");
    const pending: OrderSummary = {
      id: orderId,
      status: "pending_payment",
      total: quote.total,
      currency: quote.currency,
      paymentUrl: null,
    };
    this.c.store.orders.record({ ...pending, quoteId: quote.id, expiresAt }, shop.now);
    await this.c.onOrderPending(expiresAt);
    return this.pay(pending, quote, expiresAt, payment);
  }

  private async reservePromotions(orderId: string, codes: string[]): Promise<{ ok: boolean }> {
    if (codes.length === 0) return { ok: true };
    const promotions = await this.c.catalog.promotions(codes);
    const ttlMs = this.settings.paymentTtlMs + this.settings.holdMarginMs;
    const results = await Promise.all(
      codes.map((code) => {
        const p = promotions.get(code);
        return promoStub(this.c.env, code).reserve({
          code,
          reservationId: orderId,
          customer: this.c.customer,
          ttlMs,
          limits: { totalCap: p?.totalCap ?? null, perUserCap: p?.perUserCap ?? null },
        });
      }),
    );
    if (results.every((r) => r.ok)) return { ok: true };
    await releaseAll(this.c.env, orderId, codes, "reservation_failed");
    return { ok: false };
  }

  private async admit(promotionKeys: readonly string[]): Promise<ConfirmResult | null> {
    const refusal = await this.c.gate(promotionKeys);
    if (!refusal) return null;
    this.gated = refusal;
    return { kind: "refused", text: refusal.text };
  }

  /**
   * Paying again for the order already waiting: its link, or, when the payment
   * service failed before a PaymentIntent existed, the same charge again (the
   * idempotency key is the order's, so it can never become a second payment).
   */
  private async resume(
    order: OrderSummary & { quoteId: string; expiresAt: number },
    payment: PaymentChoice,
  ): Promise<ConfirmResult> {
    const quote = this.c.store.quote(order.quoteId)?.quote;
    if (order.paymentUrl || !quote) return { kind: "order", order, text: this.reply(order) };
    if (this.c.oneTurn) {
      if (this.confirmed) return { kind: "order", order, text: this.reply(order) };
      this.confirmed = true;
    }
    const refused = await this.admit([]);
    if (refused) return refused;
    const { quoteId: _q, expiresAt, ...summary } = order;
    return this.pay(summary, quote, expiresAt, payment);
  }

  private async pay(
    order: OrderSummary,
    quote: Quote,
    expiresAt: number,
    payment: PaymentChoice,
  ): Promise<ConfirmResult> {
    const { env } = this.c;
    if (quote.total === 0) {
      const s = await settle(env, { type: "succeeded", orderId: order.id, paymentIntentId: "free" }, { notify: false });
      return this.finished(s.order?.status ?? "paid", order, quote, expiresAt, null);
    }
    if (this.c.externalPayment) {
      this.finished("pending_payment", order, quote, expiresAt, null);
      return { kind: "order", order, text: this.c.externalPayment.awaiting(order, quote) };
    }
    const stripe = stripeClient(env);
    if (!stripe) {
      await settle(
        env,
        {
          type: "failed",
          orderId: order.id,
          paymentIntentId: null,
          message: "payments are not configured",
          final: true,
        },
        { notify: false },
      );
      this.c.store.orders.record({ ...order, status: "failed", quoteId: quote.id, expiresAt }, Date.now());
      return { kind: "refused", text: "Payments are not set up in this shop yet, so nothing was charged." };
    }
    const saved = payment.paymentMethod ? null : await savedCard(env.DB, this.c.customer);
    // The shopper waits for all of this: one budget for every Stripe call (PAYMENT_TIMEOUT_MS).
    const deadline = Date.now() + paymentTimeoutMs(env);
    // A signed-in shopper without a card gets a Stripe customer now, so the card
    // used on the payment page is kept for one-tap next time.
    const newCustomer =
      !saved && !payment.paymentMethod ? await ensureCustomer(stripe, env.DB, this.c.customer, deadline) : null;
    const outcome = await charge(stripe, {
      orderId: order.id,
      amount: quote.total,
      currency: quote.currency,
      description: `Order ${order.id}`,
      metadata: { order_id: order.id, quote_id: quote.id, conversation_id: this.c.conversationId },
      ...(saved ? { customer: saved.customer, paymentMethod: saved.paymentMethod } : {}),
      ...(newCustomer ? { customer: newCustomer, saveCard: true } : {}),
      ...(payment.paymentMethod ? { paymentMethod: payment.paymentMethod, onSession: true } : {}),
      paymentPageBase: this.settings.paymentPageBase,
      checkout: sessionContent(quote, {
        shopUrl: shopUrl(env),
        locale: this.c.shop.locale,
        createdAt: expiresAt - this.settings.paymentTtlMs,
        expiresAt,
      }),
      budgetMs: Math.max(deadline - Date.now(), 0),
    });
    switch (outcome.kind) {
      case "succeeded": {
        const s = await settle(
          env,
          { type: "succeeded", orderId: order.id, paymentIntentId: outcome.paymentIntentId },
          { notify: false },
        );
        if (s.outcome === "canceled_promotion_withdrawn" && s.order) {
          this.finished("canceled", order, quote, expiresAt, null);
          return {
            kind: "order",
            order: { ...order, status: "canceled" },
            text: orderNews(s.order, this.c.shop.locale),
          };
        }
        return this.finished(s.order?.status ?? "paid", order, quote, expiresAt, null);
      }
      case "awaiting_payment": {
        await noteAwaitingPayment(env.DB, order.id, outcome);
        return this.finished("pending_payment", order, quote, expiresAt, outcome.paymentUrl);
      }
      case "declined": {
        await settle(
          env,
          {
            type: "failed",
            orderId: order.id,
            paymentIntentId: outcome.paymentIntentId,
            message: outcome.message,
            final: true,
          },
          { notify: false },
        );
        const failed = { ...order, status: "failed" as const };
        this.c.store.orders.record({ ...failed, quoteId: quote.id, expiresAt }, Date.now());
        return {
          kind: "order",
          order: failed,
          text: paymentDeclinedReply(outcome.message),
        };
      }
      case "unavailable": {
        // Stripe may still make the PaymentIntent: the conversation looks for it
        // soon (alarm, worker/orders/reconcile.ts) and the webhook settles it.
        const at = Date.now() + RECHECK_AFTER_TIMEOUT_MS;
        this.c.store.orders.recheck(order.id, Math.min(at, expiresAt), null, Date.now());
        await this.c.onOrderPending(expiresAt);
        return {
          kind: "order",
          order,
          text: paymentProcessingReply(order.id),
        };
      }
    }
  }

  private finished(
    status: OrderSummary["status"],
    order: OrderSummary,
    quote: Quote,
    expiresAt: number,
    paymentUrl: string | null,
  ): ConfirmResult {
    const done: OrderSummary = { ...order, status, paymentUrl };
    this.c.store.orders.record({ ...done, quoteId: quote.id, expiresAt }, Date.now());
    return { kind: "order", order: done, text: this.reply(done) };
  }
}

async function savedCard(db: D1Database, principal: string): Promise<SavedCard | null> {
  return isSignedIn(principal) ? savedCardOf(db, principal) : null;
}

async function ensureCustomer(
  stripe: Stripe,
  db: D1Database,
  principal: string,
  deadline: number,
): Promise<string | null> {
  if (!isSignedIn(principal)) return null;
  const known = await stripeCustomerOf(db, principal);
  if (known) return known;
  try {
    const customer = await stripe.customers.create(
      { metadata: { principal } },
      { idempotencyKey: `customer-${principal}`, timeout: Math.max(deadline - Date.now(), 1), maxNetworkRetries: 0 },
    );
    await addStripeCustomer(db, principal, customer.id, Date.now());
    return customer.id;
  } catch {
    // Saving the card is a convenience; paying must not depend on it.
    return null;
  }
}
