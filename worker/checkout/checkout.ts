import type { CheckoutPort, ConfirmResult, OrderSummary, PaymentChoice, QuoteResult } from "../agent/checkout-port.js";
import { repriceCart, type RepricedCart, type UsageLoader } from "../catalog/reprice-cart.js";
import type { Catalog } from "../catalog/types.js";
import { formatMoney } from "../commerce/format.js";
import type { Cart, Shop } from "../commerce/types.js";
import type { ShopperKey } from "../commerce/shopper-key.js";
import { randomId } from "../http/crypto.js";
import { buildQuote, describeChanges, quoteContent, type Quote, type QuoteContent } from "../commerce/quote.js";
import { createOrder, pendingOrderCount } from "../orders/order-repo.js";
import { promotionLimitKey, promoStub, releaseAll } from "../orders/promotion-reservations.js";
import { settleHere } from "./order-copy.js";
import { orderReply } from "../orders/order-wording.js";
import type { CheckoutStore } from "./checkout-store.js";
import { checkoutSettings, type CheckoutSettingsEnv } from "./settings.js";
import type { CheckoutGate, GateRefusal } from "./gate.js";
import { payOrder, type ExternalPayment, type PaymentContext, type PaymentEnv } from "./pay-order.js";

/** What the engine reads: what paying reads (settlement's env, the shop's address) and the checkout knobs. */
export interface CheckoutEnv extends PaymentEnv, CheckoutSettingsEnv {}

export interface CheckoutContext {
  env: CheckoutEnv;
  store: CheckoutStore;
  catalog: Catalog;
  shop: Shop;
  conversationId: string;
  /** Who buys: per-shopper caps, saved cards, the orders' `customer`. */
  customer: ShopperKey;
  usage: UsageLoader;
  /** Called after an order is created so the DO can set its expiry alarm. */
  onOrderPending: (expiresAt: number) => Promise<void>;
  /** Admission of a real confirmation (shop-wide gate, promotion pace); asked only right before money moves. */
  gate: CheckoutGate;
  /** The shopper pays outside Stripe (a Telegram invoice): a confirmed order waits for that payment. */
  externalPayment?: ExternalPayment;
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

/** The checkout engine: quote, confirm, reserve, order, then the charge (pay-order.ts). The chat and the ACP session both use it. */
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
    return payOrder(this.paying(), pending, quote, expiresAt, payment);
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
    return payOrder(this.paying(), summary, quote, expiresAt, payment);
  }

  /** What the charge step (pay-order.ts) reads of this checkout. */
  private paying(): PaymentContext {
    const { env, store, shop, conversationId, customer, externalPayment } = this.c;
    return {
      env,
      orders: store.orders,
      settings: this.settings,
      shop,
      conversationId,
      shopper: customer,
      onOrderPending: (expiresAt) => this.c.onOrderPending(expiresAt),
      ...(externalPayment ? { externalPayment } : {}),
    };
  }
}
