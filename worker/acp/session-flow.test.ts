import { describe, expect, it } from "vitest";
import type { ConfirmResult } from "../agent/checkout-port.js";
import type { CheckoutPricing } from "../checkout/checkout.js";
import type { GateRefusal } from "../checkout/gate.js";
import type { Quote } from "../commerce/quote.js";
import { runSessionCall, type SessionCall, type SessionDeps, type SessionEngine } from "./session-flow.js";
import type { SessionOrder } from "./session-state.js";
import { checkoutPricing, NOW, quoteOf, record } from "./session.test-helper.js";

/**
 * The session flow over a counting fake of the checkout engine: each request
 * prices the cart once, and that one pricing is what the quote and the
 * confirmation get (the object used to price a /complete 4–8 times).
 */
class CountingEngine implements SessionEngine {
  prices = 0;
  readonly pricing: CheckoutPricing;
  readonly quotes = new Map<string, Quote>();
  /** The pricing each openQuote / confirm was handed (undefined: it would have priced again). */
  readonly handed: (CheckoutPricing | undefined)[] = [];
  gated: GateRefusal | null = null;
  confirmResult: (quote: Quote) => ConfirmResult;

  constructor(pricing: CheckoutPricing, confirmResult: (quote: Quote) => ConfirmResult) {
    this.pricing = pricing;
    this.confirmResult = confirmResult;
  }

  async price() {
    this.prices++;
    return this.pricing;
  }

  async openQuote(_cart: unknown, pricing?: CheckoutPricing) {
    this.handed.push(pricing);
    const quote = await quoteOf(pricing ?? (await this.price()), `q_${this.quotes.size + 1}`);
    this.quotes.set(quote.id, quote);
    return { kind: "quote" as const, quote, notes: [] };
  }

  findQuote(id: string) {
    const quote = this.quotes.get(id);
    return quote ? { quote, state: "open" as const } : null;
  }

  async confirm(quote: Quote, _cart: unknown, _payment?: unknown, pricing?: CheckoutPricing) {
    this.handed.push(pricing);
    if (!pricing) await this.price();
    return this.confirmResult(quote);
  }

  cancel() {}
}

const cart = { lines: [{ sku: "sku_a", quantity: 2 }], codes: [] };
const complete: SessionCall = { op: "complete", key: "k", requestHash: "h", paymentMethod: "spt_ok" };

function deps(engine: CountingEngine, order: () => SessionOrder | null = () => null): SessionDeps {
  return {
    engine,
    shop: { currency: "USD", locale: "en-US", now: NOW },
    orderOf: (r) => (r.orderId ? order() : null),
    failureOf: async () => "Your card was declined.",
    cancelOrder: async () => {},
  };
}

const priced = () => checkoutPricing([{ sku: "sku_a", unitAmount: 1000, quantity: 2 }]);
const summary = (status: "pending_payment" | "failed") => ({
  id: "ord_1",
  status,
  total: 2000,
  currency: "USD",
  paymentUrl: null,
});

describe("an ACP request prices the cart once", () => {
  it("update: one pricing, handed to the quote it opens", async () => {
    const engine = new CountingEngine(priced(), () => ({ kind: "refused", text: "unused" }));
    const out = await runSessionCall(deps(engine), record(), cart, { op: "update", key: "k", requestHash: "h" });
    expect(out.response.status).toBe(200);
    expect(out.commit?.record.quoteId).toBe("q_1");
    expect(engine.prices).toBe(1);
    expect(engine.handed).toEqual([engine.pricing]);
  });

  it("complete that pays the quote shown: one pricing, handed to the confirmation; the paid view needs none", async () => {
    const engine = new CountingEngine(priced(), () => ({ kind: "order", order: summary("pending_payment"), text: "" }));
    const shown = await quoteOf(engine.pricing, "q_shown");
    engine.quotes.set(shown.id, shown);
    let order: SessionOrder | null = null;
    const d = deps(engine, () => order);
    const confirm = engine.confirmResult;
    engine.confirmResult = (q) => {
      order = { id: "ord_1", status: "pending_payment", quote: q, paymentUrl: "https://pay.test/1" };
      return confirm(q);
    };
    const out = await runSessionCall(d, record({ quoteId: shown.id, shownHash: shown.hash }), cart, complete);
    expect(out.commit?.record.orderId).toBe("ord_1");
    expect((out.response.body as { status: string }).status).toBe("complete_in_progress");
    expect(engine.prices).toBe(1);
    expect(engine.handed).toEqual([engine.pricing]);
  });

  it("complete after a price change: one pricing for the new quote and the answer, nothing confirmed", async () => {
    const engine = new CountingEngine(priced(), () => {
      throw new Error("must not confirm");
    });
    const out = await runSessionCall(deps(engine), record({ quoteId: null, shownHash: "stale" }), cart, complete);
    const body = out.response.body as { status: string; messages: { code?: string }[] };
    expect(body.messages.map((m) => m.code)).toContain("price_change");
    expect(out.commit?.record.shownHash).toBe(engine.quotes.get("q_1")!.hash);
    expect(engine.prices).toBe(1);
    expect(engine.handed).toEqual([engine.pricing]);
  });

  it("a declined payment is answered from the same pricing", async () => {
    const engine = new CountingEngine(priced(), () => ({ kind: "order", order: summary("failed"), text: "" }));
    const shown = await quoteOf(engine.pricing, "q_shown");
    engine.quotes.set(shown.id, shown);
    const failed = () => ({ id: "ord_1", status: "failed" as const, quote: shown, paymentUrl: null });
    const out = await runSessionCall(
      deps(engine, failed),
      record({ quoteId: shown.id, shownHash: shown.hash }),
      cart,
      complete,
    );
    expect(out.commit?.record.paymentError).toBe("Your card was declined.");
    expect(engine.prices).toBe(1);
  });

  it("prices again only when the engine found the world changed while confirming (sold out just now)", async () => {
    const engine = new CountingEngine(priced(), () => ({
      kind: "refused",
      text: "Sorry, some items sold out just now.",
    }));
    const shown = await quoteOf(engine.pricing, "q_shown");
    engine.quotes.set(shown.id, shown);
    const out = await runSessionCall(
      deps(engine),
      record({ quoteId: shown.id, shownHash: shown.hash }),
      cart,
      complete,
    );
    const body = out.response.body as { messages: { code?: string }[] };
    expect(body.messages.map((m) => m.code)).toContain("conflict");
    expect(out.commit?.record.quoteId).toBeNull();
    expect(engine.prices).toBe(2);
  });

  it("a confirmation the checkout gate turned away is a 429 that commits nothing", async () => {
    const engine = new CountingEngine(priced(), () => ({ kind: "refused", text: "wait" }));
    const shown = await quoteOf(engine.pricing, "q_shown");
    engine.quotes.set(shown.id, shown);
    const gate = { text: "Too busy; try in 3 seconds.", retryAfterSeconds: 3, headers: { "Retry-After": "3" } };
    engine.confirmResult = () => {
      engine.gated = gate;
      return { kind: "refused", text: gate.text };
    };
    const out = await runSessionCall(
      deps(engine),
      record({ quoteId: shown.id, shownHash: shown.hash }),
      cart,
      complete,
    );
    expect(out.response.status).toBe(429);
    expect(out.commit).toBeNull();
    expect(out.retryable).toEqual({ "Retry-After": "3" });
  });
});
