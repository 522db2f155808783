import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { priceCart } from "./cart.js";
import { canTransition, ORDER_STATUSES, isFinal } from "./order-status.js";
import { buildQuote, describeChanges, hashQuoteContent, isLive, quoteContent } from "./quote.js";
import type { PricingLine } from "./types.js";

const describeSku = (sku: string) => ({ title: `Item ${sku}`, color: null, size: null });
const money = (n: number) => `$${(n / 100).toFixed(2)}`;

function content(lines: PricingLine[]) {
  return quoteContent(priceCart({ currency: "USD", lines, codes: [], promotions: new Map(), now: 0 }), describeSku);
}

const tea: PricingLine = { sku: "TEA", productId: "p1", quantity: 2, unitAmount: 450 };

describe("quotes", () => {
  it("hashes equal content equally, whatever the id and time", async () => {
    const a = await buildQuote(content([tea]), "q_1", 1_000);
    const b = await buildQuote(content([tea]), "q_2", 9_000);
    expect(a.hash).toBe(b.hash);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("changes the hash when any price, quantity or line changes", async () => {
    const base = await hashQuoteContent(content([tea]));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 99 }), async (price, qty) => {
        fc.pre(price !== tea.unitAmount || qty !== tea.quantity);
        return (await hashQuoteContent(content([{ ...tea, unitAmount: price, quantity: qty }]))) !== base;
      }),
      { numRuns: 50 },
    );
  });

  it("expires after its time to live", async () => {
    const q = await buildQuote(content([tea]), "q", 1_000, 600_000);
    expect(isLive(q, 600_999)).toBe(true);
    expect(isLive(q, 601_000)).toBe(false);
  });

  it("spells out what changed between a quote and a fresh pricing", () => {
    const before = content([tea, { sku: "MUG", productId: "p2", quantity: 1, unitAmount: 1200 }]);
    const after = content([{ ...tea, unitAmount: 500 }]);
    expect(describeChanges(before, after, money)).toEqual([
      "Item TEA now costs $5.00 (was $4.50).",
      "Item MUG is no longer available.",
    ]);
    expect(describeChanges(before, before, money)).toEqual([]);
  });
});

describe("order status", () => {
  it("only moves forward", () => {
    expect(canTransition("pending_payment", "paid")).toBe(true);
    expect(canTransition("paid", "refunded")).toBe(true);
    expect(canTransition("paid", "pending_payment")).toBe(false);
    expect(canTransition("expired", "paid")).toBe(false);
    expect(canTransition("refunded", "paid")).toBe(false);
    expect(canTransition("paid", "paid")).toBe(false);
  });

  it("never returns to pending and has no cycles", () => {
    for (const from of ORDER_STATUSES) {
      expect(canTransition(from, "pending_payment")).toBe(false);
      for (const to of ORDER_STATUSES) if (canTransition(from, to)) expect(canTransition(to, from)).toBe(false);
    }
    expect(ORDER_STATUSES.filter(isFinal).sort()).toEqual(["canceled", "expired", "failed", "refunded"]);
  });
});
