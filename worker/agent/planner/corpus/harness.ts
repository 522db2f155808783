/**
 * Drives planner + executor over the seeded catalog (in memory) through
 * multi-turn scenarios and checks outcomes: what the reply said and offered,
 * what it listed, and the cart. Used by the corpus test and
 * `npm run eval:planner`. The checkout port is an in-process fake for these
 * pure tests: quotes are priced by the real engine, a confirmation only pays
 * a quote shown in an earlier turn and never charges anything.
 */
import { buildCatalog } from "../../../../db/seed/index.js";
import { MemoryCatalog } from "../../../catalog/memory-catalog.js";
import { TurnCatalog } from "../../../catalog/turn-cache.js";
import type { Catalog, ProductSummary } from "../../../catalog/types.js";
import { buildQuote, quoteContent, type Quote } from "../../../commerce/quote.js";
import type { Cart, CartLine, Shop } from "../../../commerce/types.js";
import {
  buildOffer,
  decideOffer,
  matchLines,
  type RefundableOrder,
  type RefundOffer,
} from "../../../commerce/refund-offer.js";
import type { Action } from "../../actions.js";
import type { AcceptResult, AfterSalesPort, OfferResult, OrderRef } from "../../after-sales-port.js";
import type { CheckoutPort, ConfirmResult, OrderSummary, QuoteResult } from "../../checkout-port.js";
import { conversationView } from "../../conversation-view.js";
import { executeTurn } from "../../executor.js";
import type { OrdersPort, ShopperOrderView } from "../../orders-port.js";
import { repriceCart } from "../../../catalog/reprice-cart.js";
import type { ShopVocabulary } from "../../../catalog/types.js";
import type { Planner } from "../port.js";
import type { Reply } from "../../reply.js";
import { EMPTY_STATE, type ConversationState } from "../../state.js";

export const CORPUS_NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const SHOP: Shop = { currency: "USD", locale: "en-US", now: CORPUS_NOW };

let seeded: MemoryCatalog | null = null;
/** The deterministic seed (320 products), built once per process. */
export function seedCatalog(): MemoryCatalog {
  seeded ??= new MemoryCatalog(buildCatalog({ now: CORPUS_NOW }));
  return seeded;
}

/** Quotes priced by the engine; "paying" records the order and charges nothing. */
export class FakeCheckout implements CheckoutPort {
  private readonly quotes = new Map<
    string,
    { quote: Quote; state: "open" | "superseded" | "confirmed" | "canceled"; turn: number }
  >();
  paid: string[] = [];
  turn = 0;
  private n = 0;

  constructor(private readonly catalog: Catalog) {}

  async openQuote(cart: Cart): Promise<QuoteResult> {
    const priced = await repriceCart(cart, this.catalog, SHOP);
    const content = quoteContent(priced.priced, (sku) => {
      const v = priced.variants.get(sku)!;
      return { title: v.title, color: v.options.color, size: v.options.size };
    });
    if (content.lines.length === 0) return { kind: "refused", text: "Your cart is empty." };
    for (const q of this.quotes.values()) if (q.state === "open") q.state = "superseded";
    const quote = await buildQuote(content, `q_${++this.n}`, SHOP.now);
    this.quotes.set(quote.id, { quote, state: "open", turn: this.turn });
    return { kind: "quote", quote, notes: [] };
  }

  liveQuotes(): Quote[] {
    return [...this.quotes.values()]
      .filter((q) => q.state === "open")
      .map((q) => q.quote)
      .reverse();
  }

  findQuote(id: string) {
    const q = this.quotes.get(id);
    return q ? { quote: q.quote, state: q.state } : null;
  }

  async confirm(quote: Quote): Promise<ConfirmResult> {
    const q = this.quotes.get(quote.id);
    if (!q || q.state !== "open") return { kind: "refused", text: "That quote is no longer valid." };
    if (q.turn >= this.turn) return { kind: "refused", text: "Please check the quote first, then confirm it." };
    q.state = "confirmed";
    this.paid.push(quote.id);
    this.placed.unshift({
      id: `o_${quote.id}`,
      status: "pending_payment",
      fulfillment: null,
      tracking: null,
      currency: quote.currency,
      total: quote.total,
      createdAt: SHOP.now,
      lines: quote.lines.map((l) => ({ ...l, color: l.color ?? null, size: l.size ?? null })),
    });
    this.pending = {
      id: `o_${quote.id}`,
      status: "pending_payment",
      total: quote.total,
      currency: quote.currency,
      paymentUrl: null,
    };
    return { kind: "order", order: this.pending, text: `Order placed for ${quote.total} minor units.` };
  }

  /** Orders this fake placed, newest first: the after-sales questions read them. */
  readonly placed: ShopperOrderView[] = [];
  readonly orders: OrdersPort = {
    recent: async (opts) => this.placed.filter((o) => o.createdAt >= (opts.since ?? 0)).slice(0, opts.limit),
    find: async (id) => this.placed.find((o) => o.id === id) ?? null,
  };

  /** The order this fake placed last, while still unpaid: the shopper may cancel it. */
  private pending: OrderSummary | null = null;

  async cancelPending(target?: string): Promise<OrderSummary | null> {
    const order = this.pending;
    if (!order || (target !== undefined && target !== order.id && `o_${target}` !== order.id)) return null;
    this.pending = null;
    return { ...order, status: "canceled" };
  }

  cancel(quoteId: string): void {
    const q = this.quotes.get(quoteId);
    if (q && q.state === "open") q.state = "canceled";
  }
}

/**
 * One paid, unshipped order (2 hoodies, 1 pair of sneakers) the shopper may
 * cancel or refund; offers are decided by the real rules (refund-offer.ts) and
 * accepted only in a later turn, once. Nothing is refunded anywhere.
 */
export class FakeAfterSales implements AfterSalesPort {
  turn = 0;
  private readonly offers = new Map<string, { offer: RefundOffer; turn: number; state: "open" | "done" | "no" }>();
  private n = 0;
  private readonly order: RefundableOrder = {
    id: "ord_corpus",
    status: "paid",
    currency: "USD",
    total: 12_949,
    createdAt: CORPUS_NOW - 86_400_000,
    fulfillment: null,
    lines: [
      {
        position: 0,
        sku: "TOP-HOOD",
        title: "Pullover Hoodie",
        color: "grey",
        size: "M",
        quantity: 2,
        lineTotal: 6000,
        discount: 0,
      },
      {
        position: 1,
        sku: "SHO-MIN",
        title: "Minimalist Sneakers",
        color: "grey",
        size: "40",
        quantity: 1,
        lineTotal: 6949,
        discount: 0,
      },
    ],
    refundedUnits: {},
    refundedAmount: 0,
  };

  async offer(ref: OrderRef | undefined, items: readonly (readonly string[])[]): Promise<OfferResult> {
    if (ref?.kind === "position" && ref.n !== 1) return { kind: "refused", text: `You have 1 order, not ${ref.n}.` };
    if (ref?.kind === "id" && ref.id !== this.order.id) return { kind: "refused", text: "I can't find that order." };
    const positions = items.length ? matchLines(this.order.lines, items) : undefined;
    if (positions === null)
      return {
        kind: "refused",
        text: `Order ${this.order.id} has nothing called “${items.map((g) => g.join(" ")).join(" ")}”.`,
      };
    const d = decideOffer(this.order, positions, {
      now: CORPUS_NOW,
      returnWindowDays: 30,
      card: { brand: "visa", last4: "4242" },
    });
    if (d.kind === "refused") return { kind: "refused", text: d.reason };
    const offer = await buildOffer(d.content, `rfo_${++this.n}`, CORPUS_NOW, 600_000);
    for (const o of this.offers.values()) if (o.state === "open") o.state = "no";
    this.offers.set(offer.id, { offer, turn: this.turn, state: "open" });
    return { kind: "offer", offer };
  }

  async liveOffer(): Promise<RefundOffer | null> {
    return [...this.offers.values()].reverse().find((o) => o.state === "open")?.offer ?? null;
  }

  async accept(offerId: string | undefined): Promise<AcceptResult> {
    const o = offerId ? this.offers.get(offerId) : [...this.offers.values()].reverse().find((x) => x.state === "open");
    if (!o || o.state !== "open") return { kind: "refused", text: "That offer is no longer valid." };
    if (o.turn >= this.turn) return { kind: "refused", text: "Please read the offer first, then confirm it." };
    o.state = "done";
    return { kind: "done", text: `Order ${o.offer.orderId}: ${o.offer.amount} minor units are on its way back.` };
  }

  async decline(offerId: string | undefined): Promise<boolean> {
    const o = offerId ? this.offers.get(offerId) : undefined;
    if (!o || o.state !== "open") return false;
    o.state = "no";
    return true;
  }
}

/** What one turn produced, for expectations to check. */
export interface TurnRecord {
  readonly actions: readonly Action[];
  readonly reply: Reply;
  readonly before: readonly CartLine[];
  readonly cart: readonly CartLine[];
  readonly codes: readonly string[];
  readonly paid: readonly string[];
  readonly quoteOpened: boolean;
}

export class Session {
  state: ConversationState = EMPTY_STATE;
  readonly checkout: FakeCheckout;
  readonly afterSales = new FakeAfterSales();
  private vocabulary: ShopVocabulary | null = null;

  constructor(
    public planner: Planner,
    private readonly catalog: Catalog = seedCatalog(),
  ) {
    this.checkout = new FakeCheckout(catalog);
  }

  async send(message: { text: string } | { button: string }): Promise<TurnRecord> {
    const catalog = new TurnCatalog(this.catalog);
    this.vocabulary ??= await catalog.vocabulary();
    this.checkout.turn++;
    this.afterSales.turn++;
    const conversation = await conversationView(this.state, catalog, this.checkout.liveQuotes()[0] ?? null);
    const actions = await this.planner.plan(message, {
      currency: SHOP.currency,
      vocabulary: this.vocabulary,
      conversation,
    });
    const quotesBefore = this.checkout.liveQuotes()[0]?.id;
    const paidBefore = this.checkout.paid.length;
    const before = this.state.lines;
    const result = await executeTurn(actions, this.state, catalog, SHOP, {
      checkout: this.checkout,
      orders: this.checkout.orders,
      afterSales: this.afterSales,
    });
    this.state = result.state;
    const quoteAfter = this.checkout.liveQuotes()[0]?.id;
    return {
      actions,
      reply: result.reply,
      before,
      cart: result.state.lines,
      codes: result.state.codes,
      paid: this.checkout.paid.slice(paidBefore),
      quoteOpened: quoteAfter !== undefined && quoteAfter !== quotesBefore,
    };
  }
}

/** The listed products of a reply, for "shows" expectations. */
export function listed(r: TurnRecord): readonly ProductSummary[] {
  return r.reply.products ?? [];
}
