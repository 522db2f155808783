import { describe, expect, it } from "vitest";
import type { Catalog } from "../catalog/types.js";
import type { GateRefusal } from "../checkout/gate.js";
import type { Quote } from "../commerce/quote.js";
import { sha256Hex } from "../http/crypto.js";
import type { CheckoutPort, ConfirmResult, OrderSummary, QuoteResult } from "./checkout-port.js";
import { EMPTY_VIEW } from "./conversation-view.js";
import { memoryCatalog } from "./llm/memory-catalog.test-helper.js";
import { payload } from "./payloads.js";
import { planRules } from "./planner/rules.js";
import { EMPTY_STATE, type ConversationState } from "./state.js";
import {
  chatTurn,
  requestHash,
  shopperWords,
  type ChatRequest,
  type PlanRequest,
  type TurnDeps,
  type TurnResult,
} from "./turn.js";

const NOW = Date.UTC(2026, 11, 2, 12, 0, 0);
const shop = { currency: "USD", locale: "en-US", now: NOW };

const quote: Quote = {
  id: "q_0123456789abcdef01234567",
  hash: "h".repeat(64),
  createdAt: NOW - 60_000,
  expiresAt: NOW + 540_000,
  currency: "USD",
  lines: [
    {
      sku: "TEA-100G",
      productId: "p-tea",
      title: "Jasmine Tea",
      color: null,
      size: null,
      quantity: 2,
      unitAmount: 850,
      lineTotal: 1700,
      discount: 0,
    },
  ],
  discounts: [],
  fees: [],
  subtotal: 1700,
  discountTotal: 0,
  feeTotal: 0,
  total: 1700,
};
const order: OrderSummary = {
  id: "ord_1",
  status: "pending_payment",
  total: 1700,
  currency: "USD",
  paymentUrl: "https://pay.example/ord_1",
};
const refusal: GateRefusal = {
  text: "Lots of people are checking out right now; try again in 3 seconds.",
  retryAfterSeconds: 3,
  headers: { "Retry-After": "3" },
};

/** The engine's port, in memory: one open quote; a confirmation is turned away by the gate when `gate` is set. */
class FakeCheckout implements CheckoutPort {
  gated: GateRefusal | null = null;
  constructor(private readonly gate: GateRefusal | null = null) {}
  async openQuote(): Promise<QuoteResult> {
    return { kind: "quote", quote, notes: [] };
  }
  liveQuotes(): Quote[] {
    return [quote];
  }
  findQuote(id: string) {
    return id === quote.id ? { quote, state: "open" as const } : null;
  }
  async confirm(): Promise<ConfirmResult> {
    if (this.gate) {
      this.gated = this.gate;
      return { kind: "refused", text: this.gate.text };
    }
    return { kind: "order", order, text: "Order ord_1 placed." };
  }
  cancel(): void {}
  async cancelPending(): Promise<OrderSummary | null> {
    return null;
  }
}

interface Spy {
  plans: PlanRequest[];
  openQuoteAt: number[];
  vocabularyReads: number;
  newsTaken: number;
  finish: { text: string; facts: readonly string[] }[];
}

type Over = Partial<TurnDeps> & { news?: string[]; live?: Quote | null; order?: OrderSummary };

function deps(over: Over = {}): { deps: TurnDeps; spy: Spy } {
  const spy: Spy = { plans: [], openQuoteAt: [], vocabularyReads: 0, newsTaken: 0, finish: [] };
  const catalog: Catalog = {
    ...memoryCatalog,
    vocabulary: () => {
      spy.vocabularyReads++;
      return memoryCatalog.vocabulary();
    },
  };
  const d: TurnDeps = {
    catalog,
    shop,
    plan: async (p) => {
      spy.plans.push(p);
      return {
        actions: planRules(p.input, p.context),
        finish: (text, facts) => {
          spy.finish.push({ text, facts });
          return text;
        },
      };
    },
    checkout: new FakeCheckout(),
    usage: async () => new Map(),
    conversationOrders: {
      liveQuotes: (now) => {
        spy.openQuoteAt.push(now);
        return over.live ? [over.live] : [];
      },
      latestOrder: () => over.order ?? null,
      takeUnread: () => {
        spy.newsTaken++;
        return over.news ?? [];
      },
    },
    clock: () => NOW + 1234,
    ...over,
  };
  return { deps: d, spy };
}

const req = (r: Partial<ChatRequest>): ChatRequest => ({
  conversationId: "conv_0123456789abcdef",
  messageId: "m1",
  principal: "guest",
  ...r,
});

function answered(r: TurnResult) {
  if (r.kind !== "answered") throw new Error(`expected an answer, got ${r.kind}`);
  return r;
}

describe("chatTurn: one chat turn, pure", () => {
  it("answers free text with the Reply (products as the engine has them) and the storefront body (snake_case)", async () => {
    const { deps: d, spy } = deps();
    const r = answered(await chatTurn(req({ text: "show me dresses" }), EMPTY_STATE, d));
    expect(r.reply.products?.map((p) => [p.id, p.priceFrom, p.inStock])).toEqual([["p-dress", 3900, true]]);
    expect(Object.keys(r.body)).toEqual(["conversation_id", "message_id", "reply", "cart"]);
    expect(r.body.conversation_id).toBe("conv_0123456789abcdef");
    expect(r.body.message_id).toBe("m1");
    expect(Object.keys(r.body.reply)).toEqual(["text", "buttons", "products"]);
    expect(r.body.reply.text).toBe(r.reply.text);
    expect(r.body.reply.buttons).toEqual(r.reply.buttons);
    expect(r.body.reply.products).toEqual([
      {
        id: "p-dress",
        title: "Navy Midi Dress",
        category: "dresses",
        brand: "Aurora",
        price_from: 3900,
        currency: "USD",
        colors: ["navy"],
        sizes: ["S", "M"],
        in_stock: true,
      },
    ]);
    // The next turn's "the first one" means what this reply showed.
    expect(r.state.lastResults).toEqual(["p-dress"]);
    // Free text: the planner had the shop's words and the conversation's view, with the quote open at the turn's time.
    expect(spy.vocabularyReads).toBe(1);
    expect(spy.plans[0]!.input).toEqual({ text: "show me dresses" });
    expect(spy.plans[0]!.context.vocabulary.categories).toEqual(["dresses", "groceries"]);
    expect(spy.openQuoteAt).toEqual([NOW, NOW + 1234]);
  });

  it("a button press carries its own meaning: no vocabulary read, an empty view, the press planned as a button", async () => {
    const { deps: d, spy } = deps();
    const r = answered(await chatTurn(req({ button: payload.add("TEA-100G", 2) }), EMPTY_STATE, d));
    expect(spy.vocabularyReads).toBe(0);
    expect(spy.plans[0]!.input).toEqual({ button: "add:TEA-100G:2" });
    expect(spy.plans[0]!.context.conversation).toBe(EMPTY_VIEW);
    expect(spy.plans[0]!.text).toBe("");
    expect(r.state.lines).toEqual([{ sku: "TEA-100G", quantity: 2 }]);
    expect(r.body.cart).toMatchObject({ total: 1700 });
    // Only the body's quote was looked up, at the end of the turn.
    expect(spy.openQuoteAt).toEqual([NOW + 1234]);
  });

  it("puts payment news first, and shows the open quote and the latest order in the body", async () => {
    const { deps: d, spy } = deps({
      news: ["Order ord_0 is paid. Thank you!"],
      live: quote,
      order,
    });
    const r = answered(await chatTurn(req({ text: "help" }), EMPTY_STATE, d));
    expect(spy.newsTaken).toBe(1);
    expect(r.reply.text.startsWith("Order ord_0 is paid. Thank you!\n\nI can help you shop.")).toBe(true);
    expect(r.body.reply.text).toBe(r.reply.text);
    expect(Object.keys(r.body)).toEqual(["conversation_id", "message_id", "reply", "cart", "quote", "order"]);
    expect(r.body.quote).toMatchObject({
      id: quote.id,
      total: 1700,
      expires_at: new Date(quote.expiresAt).toISOString(),
    });
    expect(r.body.order).toEqual({
      id: "ord_1",
      status: "pending_payment",
      total: 1700,
      currency: "USD",
      payment_url: "https://pay.example/ord_1",
    });
    // The planners were told about the open quote too.
    expect(spy.plans[0]!.context.conversation?.quote).toEqual({
      id: quote.id,
      lines: 1,
      items: 2,
      expiresAt: quote.expiresAt,
    });
  });

  it("a confirmation the checkout gate turned away keeps nothing: no body, no state, the news stays unread", async () => {
    const { deps: d, spy } = deps({ checkout: new FakeCheckout(refusal), news: ["Order ord_0 is paid."] });
    const state: ConversationState = { ...EMPTY_STATE, lines: [{ sku: "TEA-100G", quantity: 2 }] };
    const r = await chatTurn(req({ button: payload.pay(quote.id) }), state, d);
    expect(r).toEqual({ kind: "refused", refusal });
    expect(spy.newsTaken).toBe(0);
  });

  it("a confirmation the gate admits places the order in the same turn", async () => {
    const { deps: d } = deps({ order });
    const state: ConversationState = { ...EMPTY_STATE, lines: [{ sku: "TEA-100G", quantity: 2 }] };
    const r = answered(await chatTurn(req({ button: payload.pay(quote.id) }), state, d));
    expect(r.reply.text).toContain("Order ord_1 placed.");
    expect(r.reply.buttons).toEqual([{ label: "Cancel order", payload: "cancel:ord_1" }]);
    expect(r.body.order?.id).toBe("ord_1");
  });

  it("the planner ends the turn: its finish gets the engine's text and the cart as facts, and its text is the reply", async () => {
    const { deps: d, spy } = deps({
      plan: async (p) => {
        spy.plans.push(p);
        return {
          actions: [{ type: "view_cart" }],
          finish: (text, facts) => {
            spy.finish.push({ text, facts });
            return `${text}\n\nAnything else?`;
          },
        };
      },
    });
    const state: ConversationState = { ...EMPTY_STATE, lines: [{ sku: "DRS-NV-M", quantity: 1 }] };
    const r = answered(await chatTurn(req({ text: "what's in my cart" }), state, d));
    expect(spy.finish).toHaveLength(1);
    expect(spy.finish[0]!.text).toMatch(/^Your cart:\n• 1 × Navy Midi Dress/);
    expect(spy.finish[0]!.facts).toEqual([JSON.stringify(r.body.cart)]);
    expect(r.reply.text).toBe(`${spy.finish[0]!.text}\n\nAnything else?`);
    expect(r.body.reply.text).toBe(r.reply.text);
    expect(r.reply.products).toBeUndefined();
    expect(Object.keys(r.body.reply)).toEqual(["text", "buttons"]);
  });

  it("hands a photo and its caption to the planner", async () => {
    const { deps: d, spy } = deps({
      plan: async (p) => {
        spy.plans.push(p);
        return { actions: [], finish: () => "That looks like a dress." };
      },
    });
    const r = answered(
      await chatTurn(req({ imageUrl: "data:image/png;base64,AAAA", text: "like this" }), EMPTY_STATE, d),
    );
    expect(spy.plans[0]).toMatchObject({
      input: { text: "like this" },
      text: "like this",
      imageUrl: "data:image/png;base64,AAAA",
    });
    expect(r.reply.text).toBe("That looks like a dress.");
  });
});

describe("requestHash and shopperWords", () => {
  it("hashes what the shopper sent; a photo only when there is one, so stored text turns keep their hash", async () => {
    expect(await requestHash(req({ text: "hi" }))).toBe(await sha256Hex(JSON.stringify(["hi", null])));
    expect(await requestHash(req({ button: "cart" }))).toBe(await sha256Hex(JSON.stringify([null, "cart"])));
    const photo = await requestHash(req({ text: "hi", imageUrl: "data:image/png;base64,AAAA" }));
    expect(photo).toBe(await sha256Hex(JSON.stringify(["hi", null, "data:image/png;base64,AAAA"])));
    // Who sends it and under which id is not part of the body: ownership and the id are checked apart.
    expect(await requestHash(req({ text: "hi", messageId: "m2", principal: "user:x" }))).toBe(
      await requestHash(req({ text: "hi" })),
    );
  });

  it("logs the shopper's side of a turn: the text, a pressed button, or a photo with its caption", () => {
    expect(shopperWords(req({ text: "red shoes" }))).toBe("red shoes");
    expect(shopperWords(req({ button: "cart" }))).toBe("[button] cart");
    expect(shopperWords(req({ imageUrl: "data:", text: "like this" }))).toBe("[photo] like this");
    expect(shopperWords(req({ imageUrl: "data:" }))).toBe("[photo] ");
  });
});
