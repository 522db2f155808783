import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Quote, QuoteLine } from "../../commerce/quote.js";
import { invoiceParams, invoicePayload, invoicePrices, parseInvoicePayload } from "./invoice.js";

const money = (n: number) => `$${(n / 100).toFixed(2)}`;

function quoteOf(lines: QuoteLine[], fees: { label: string; amount: number }[]): Quote {
  const subtotal = lines.reduce((n, l) => n + l.lineTotal, 0);
  const discountTotal = lines.reduce((n, l) => n + l.discount, 0);
  const feeTotal = fees.reduce((n, f) => n + f.amount, 0);
  return {
    id: "q_0123456789abcdef01234567",
    hash: "ab".repeat(32),
    createdAt: 0,
    expiresAt: 1,
    currency: "USD",
    lines,
    discounts: discountTotal ? [{ code: "WELCOME10", amount: discountTotal }] : [],
    fees,
    subtotal,
    discountTotal,
    feeTotal,
    total: subtotal - discountTotal + feeTotal,
  };
}

const line = (quantity: number, unitAmount: number, discount: number, title = "Linen Dress"): QuoteLine => ({
  sku: `SKU-${title.length}-${unitAmount}`,
  productId: "p1",
  title,
  color: "navy",
  size: "M",
  quantity,
  unitAmount,
  lineTotal: quantity * unitAmount,
  discount,
});

describe("invoicePrices", () => {
  it("prices each line after its discount share, then the fees: no negative part", () => {
    const q = quoteOf(
      [line(2, 3900, 780), line(1, 500, 0, "Milk Tea")],
      [{ label: "Small-order card fee", amount: 10 }],
    );
    expect(invoicePrices(q, money)).toEqual([
      { label: "2 × Linen Dress (navy / M) (−$7.80 off)", amount: 7020 },
      { label: "1 × Milk Tea (navy / M)", amount: 500 },
      { label: "Small-order card fee", amount: 10 },
    ]);
  });

  it("property: the parts are positive integers and add up to the quote's total exactly", () => {
    const lineArb = fc
      .record({
        quantity: fc.integer({ min: 1, max: 20 }),
        unit: fc.integer({ min: 0, max: 100_000 }),
        share: fc.double({ min: 0, max: 1, noNaN: true }),
        title: fc.string({ minLength: 1, maxLength: 200 }),
      })
      .map((r) => line(r.quantity, r.unit, Math.floor(r.quantity * r.unit * r.share), r.title));
    const feeArb = fc.record({
      label: fc.string({ minLength: 1, maxLength: 80 }),
      amount: fc.integer({ min: 1, max: 60 }),
    });
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 8 }), fc.array(feeArb, { maxLength: 2 }), (ls, fs) => {
        const q = quoteOf(ls, fs);
        fc.pre(q.total > 0);
        const parts = invoicePrices(q, money);
        expect(parts.reduce((n, p) => n + p.amount, 0)).toBe(q.total);
        for (const p of parts) {
          expect(Number.isSafeInteger(p.amount) && p.amount > 0).toBe(true);
          expect([...p.label].length).toBeLessThanOrEqual(64);
          expect(p.label.length).toBeGreaterThan(0);
        }
      }),
    );
  });

  it("a quote whose parts would not add up is one part carrying the total", () => {
    const q = { ...quoteOf([line(1, 1000, 0)], []), total: 999 };
    expect(invoicePrices(q, money)).toEqual([{ label: "Order total", amount: 999 }]);
  });
});

describe("invoice payload", () => {
  it("names the quote and its hash, round-trips, and fits Telegram's 128 bytes", () => {
    const q = quoteOf([line(1, 1000, 0)], []);
    const payload = invoicePayload(q);
    expect(new TextEncoder().encode(payload).length).toBeLessThanOrEqual(128);
    expect(parseInvoicePayload(payload)).toEqual({ quoteId: q.id, hashPrefix: q.hash.slice(0, 16) });
  });

  it.each(["", "q_abc", "q_abc.123", "ord_0123.abababababababab", "q_ab.ABABABABABABABAB", "q_ab.abababababababab.x"])(
    "refuses a payload we did not issue: %j",
    (p) => expect(parseInvoicePayload(p)).toBeNull(),
  );
});

describe("invoiceParams", () => {
  it("is sendInvoice for the quote: currency, prices summing to the total, short title, a start parameter", () => {
    const q = quoteOf([line(3, 1999, 0, "A".repeat(300))], []);
    const p = invoiceParams("ord_0123456789abcdef01234567", q, money);
    expect(p.currency).toBe("USD");
    expect([...p.title].length).toBeLessThanOrEqual(32);
    expect([...p.description].length).toBeLessThanOrEqual(255);
    expect(p.prices.reduce((n, x) => n + x.amount, 0)).toBe(q.total);
    expect(p.start_parameter).not.toBe("");
    expect(parseInvoicePayload(p.payload)?.quoteId).toBe(q.id);
  });
});
