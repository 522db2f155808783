import { describe, expect, it } from "vitest";
import { AcpError } from "./errors.js";
import * as msg from "./messages.js";
import { assertCancelable, assertOpen, sessionStatus, sessionView, type ViewInput } from "./session-state.js";
import { checkoutPricing, NOW, pricingOf, quoteOf, record } from "./session.test-helper.js";

const lines = [{ sku: "sku_a", quantity: 2 }];
const codes: string[] = [];

async function input(patch: Partial<ViewInput> = {}): Promise<ViewInput> {
  return {
    record: record(),
    lines,
    codes,
    now: NOW,
    locale: "en-US",
    extra: [],
    order: null,
    pricing: await pricingOf([{ sku: "sku_a", unitAmount: 1000, quantity: 2 }]),
    quote: null,
    ...patch,
  };
}

/** Freezes a value and everything in it, so a write anywhere throws. */
function deepFreeze<T>(v: T): T {
  if (v && typeof v === "object" && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of v instanceof Map ? v.values() : Object.values(v)) deepFreeze(x);
  }
  return v;
}

describe("sessionView", () => {
  it("returns a new view and changes nothing it is given (it used to note the quote on the record)", async () => {
    const quote = await quoteOf(checkoutPricing([{ sku: "sku_a", unitAmount: 1000, quantity: 2 }]));
    const given = await input({ quote });
    const before = structuredClone({
      ...given,
      pricing: { ...given.pricing!, variants: [...given.pricing!.variants] },
    });
    deepFreeze(given);
    const view = sessionView(given);
    expect(view.status).toBe("ready_for_payment");
    expect(view.quote).toEqual({ id: quote.id, expiresAt: quote.expiresAt });
    expect(given.record.quoteId).toBeNull();
    expect({ ...given, pricing: { ...given.pricing!, variants: [...given.pricing!.variants] } }).toEqual(before);
  });

  it("shows a quote only while the session is ready for payment", async () => {
    const quote = await quoteOf(checkoutPricing([{ sku: "sku_a", unitAmount: 1000, quantity: 2 }]));
    const view = sessionView(await input({ quote, record: record({ fulfillmentDetails: null }) }));
    expect(view.status).toBe("not_ready_for_payment");
    expect(view.quote).toBeNull();
  });

  it("freezes lines and totals at the order's quote while it is being paid, pointing at the payment page", async () => {
    const p = checkoutPricing([{ sku: "sku_a", unitAmount: 1000, quantity: 2 }]);
    const quote = await quoteOf(p);
    const order = { id: "ord_1", status: "pending_payment" as const, quote, paymentUrl: "https://pay.test/1" };
    const view = sessionView(await input({ order, pricing: null }));
    expect(view.status).toBe("complete_in_progress");
    expect(view.content).toBe(quote);
    expect(view.variants).toBeNull();
    expect(view.order).toBeNull();
    expect(view.messages).toEqual([
      msg.info("Payment for order ord_1 needs the buyer to finish at https://pay.test/1."),
    ]);
  });

  it("is completed, with the order, once paid; a canceled session's pending order does not freeze it", async () => {
    const quote = await quoteOf(checkoutPricing([{ sku: "sku_a", unitAmount: 1000, quantity: 2 }]));
    const paid = sessionView(
      await input({ order: { id: "ord_1", status: "paid", quote, paymentUrl: null }, pricing: null }),
    );
    expect(paid.status).toBe("completed");
    expect(paid.order).toEqual({ id: "ord_1", status: "paid", content: quote });
    const canceled = sessionView(
      await input({
        record: record({ canceled: true }),
        order: { id: "ord_1", status: "pending_payment", quote, paymentUrl: null },
      }),
    );
    expect(canceled.status).toBe("canceled");
    expect(canceled.messages).toEqual([msg.sessionCanceled()]);
  });

  it("says what is missing: stock per line, the address, an empty cart; this request's news comes last", async () => {
    const pricing = await pricingOf([{ sku: "sku_a", unitAmount: 1000, quantity: 2, stock: 1 }]);
    const news = msg.priceChanged(["Item sku_a now costs $10.00."]);
    const view = sessionView(await input({ pricing, record: record({ fulfillmentDetails: null }), extra: [news] }));
    expect(view.status).toBe("not_ready_for_payment");
    expect(view.messages).toEqual([msg.quantityExceeded("Item sku_a", 0, 1, 2), msg.missingAddress(), news]);
    const empty = sessionView(await input({ lines: [], pricing: await pricingOf([]) }));
    expect(empty.messages).toEqual([msg.emptyCart()]);
  });

  it("explains the small-order fee and keeps a decline on show until the next attempt", async () => {
    const pricing = await pricingOf([{ sku: "sku_a", unitAmount: 10, quantity: 1 }], {
      fees: [{ label: "Small-order card fee", amount: 40 }],
    });
    const view = sessionView(await input({ pricing, record: record({ paymentError: "Your card was declined." }) }));
    expect(view.messages).toEqual([
      msg.paymentDeclined("Your card was declined."),
      msg.info("Small-order card fee: $0.40 is added because card payments have a minimum amount.", "$.totals"),
    ]);
  });
});

describe("sessionStatus", () => {
  it("ranks canceled over expired over ready", async () => {
    const pricing = await pricingOf([{ sku: "sku_a", unitAmount: 1000, quantity: 2 }]);
    const late = record().expiresAt;
    expect(sessionStatus(record({ canceled: true }), lines, pricing, late)).toBe("canceled");
    expect(sessionStatus(record(), lines, pricing, late)).toBe("expired");
    expect(sessionStatus(record(), lines, pricing, NOW)).toBe("ready_for_payment");
    expect(sessionStatus(record(), [], await pricingOf([]), NOW)).toBe("not_ready_for_payment");
  });
});

describe("assertOpen / assertCancelable", () => {
  const code = (f: () => void) => {
    try {
      f();
      return null;
    } catch (e) {
      return e instanceof AcpError ? `${e.status} ${e.code}` : String(e);
    }
  };
  const order = (status: "paid" | "pending_payment") => ({ id: "ord_1", status, quote: null, paymentUrl: null });

  it("refuses changes to a canceled, completed or expired session, and updates while a payment runs", () => {
    expect(code(() => assertOpen(record({ canceled: true }), null, NOW, "update"))).toBe(
      "400 checkout_session_canceled",
    );
    expect(code(() => assertOpen(record(), order("paid"), NOW, "complete"))).toBe("400 checkout_session_completed");
    expect(code(() => assertOpen(record(), null, record().expiresAt, "update"))).toBe("400 checkout_session_expired");
    expect(code(() => assertOpen(record(), order("pending_payment"), NOW, "update"))).toBe(
      "400 checkout_session_in_progress",
    );
    expect(code(() => assertOpen(record(), order("pending_payment"), NOW, "complete"))).toBeNull();
  });

  it("cancels only a session that is neither canceled nor completed (405)", () => {
    expect(code(() => assertCancelable(record({ canceled: true }), null))).toBe("405 checkout_session_not_cancelable");
    expect(code(() => assertCancelable(record(), order("paid")))).toBe("405 checkout_session_not_cancelable");
    expect(code(() => assertCancelable(record(), order("pending_payment")))).toBeNull();
  });
});
