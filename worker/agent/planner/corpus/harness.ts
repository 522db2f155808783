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
import type { Action } from "../../actions.js";
import { priceConversation } from "../../cart-pricing.js";
import type { CheckoutPort, ConfirmResult, OrderSummary, QuoteResult } from "../../checkout-port.js";
import { conversationView } from "../../conversation-view.js";
import { executeTurn } from "../../executor.js";
import type { ShopVocabulary } from "../../../catalog/types.js";
import type { Planner } from "../port.js";
import type { Reply } from "../../reply.js";
import { EMPTY_STATE, type CartLine, type ConversationState } from "../../state.js";

export const CORPUS_NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const SHOP = { currency: "USD", locale: "en-US", now: CORPUS_NOW };

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

  async openQuote(state: ConversationState): Promise<QuoteResult> {
    const priced = await priceConversation(state, this.catalog, SHOP);
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
    this.pending = {
      id: `o_${quote.id}`,
      status: "pending_payment",
      total: quote.total,
      currency: quote.currency,
      paymentUrl: null,
    };
    return { kind: "order", order: this.pending, text: `Order placed for ${quote.total} minor units.` };
  }

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
    const conversation = await conversationView(this.state, catalog, this.checkout.liveQuotes()[0] ?? null);
    const actions = await this.planner.plan(message, {
      currency: SHOP.currency,
      vocabulary: this.vocabulary,
      conversation,
    });
    const quotesBefore = this.checkout.liveQuotes()[0]?.id;
    const paidBefore = this.checkout.paid.length;
    const before = this.state.lines;
    const result = await executeTurn(actions, this.state, catalog, SHOP, { checkout: this.checkout });
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
