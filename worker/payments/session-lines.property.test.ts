/** The Checkout Session's line items always add up to exactly the quote's total (docs/ARCHITECTURE.md invariant 1). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocate } from "../commerce/allocate.js";
import { MAX_LINE_ITEMS, sessionLineItems } from "./session-lines.js";

const money = (n: number) => `$${(n / 100).toFixed(2)}`;

const order = fc
  .record({
    lines: fc.array(
      fc.record({ quantity: fc.integer({ min: 1, max: 20 }), unitAmount: fc.integer({ min: 0, max: 500_000 }) }),
      { minLength: 1, maxLength: 60 },
    ),
    discountPercent: fc.integer({ min: 0, max: 100 }),
    fee: fc.integer({ min: 0, max: 49 }),
  })
  .map(({ lines, discountPercent, fee }) => {
    const totals = lines.map((l) => l.quantity * l.unitAmount);
    const subtotal = totals.reduce((a, b) => a + b, 0);
    const discount = Math.floor((subtotal * discountPercent) / 100);
    const shares = allocate(discount, totals);
    return {
      orderId: "ord_x",
      total: subtotal - discount + fee,
      lines: lines.map((l, i) => ({
        title: `Item ${i}`,
        color: i % 2 ? "blue" : null,
        size: null,
        quantity: l.quantity,
        unitAmount: l.unitAmount,
        lineTotal: totals[i]!,
        discount: shares[i]!,
      })),
      fees: fee ? [{ label: "Small-order card fee", amount: fee }] : [],
      codes: discount ? ["WELCOME10"] : [],
      money,
    };
  });

describe("sessionLineItems", () => {
  it("sums to the order total exactly, with integer unit amounts ≥ 0 and at most 100 items", () => {
    fc.assert(
      fc.property(order, (o) => {
        const items = sessionLineItems(o);
        expect(items.reduce((n, i) => n + i.unitAmount * i.quantity, 0)).toBe(o.total);
        for (const i of items) {
          expect(Number.isInteger(i.unitAmount) && i.unitAmount >= 0).toBe(true);
          expect(Number.isInteger(i.quantity) && i.quantity >= 1).toBe(true);
        }
        expect(items.length).toBeLessThanOrEqual(MAX_LINE_ITEMS);
      }),
      { numRuns: 500 },
    );
  });

  it("splits a net that does not divide by the quantity into two items of one product", () => {
    const items = sessionLineItems({
      orderId: "ord_x",
      total: 2500,
      lines: [
        { title: "Mug", color: "blue", size: null, quantity: 3, unitAmount: 1000, lineTotal: 3000, discount: 500 },
      ],
      fees: [],
      codes: ["SAVE5"],
      money,
    });
    expect(items).toEqual([
      { name: "Mug · blue", unitAmount: 833, quantity: 2, description: "3 × $10.00, $5.00 off (SAVE5)" },
      { name: "Mug · blue", unitAmount: 834, quantity: 1, description: "3 × $10.00, $5.00 off (SAVE5)" },
    ]);
  });

  it("falls back to one item for the whole total when the lines do not add up", () => {
    const items = sessionLineItems({
      orderId: "ord_x",
      total: 999,
      lines: [{ title: "Mug", color: null, size: null, quantity: 1, unitAmount: 1000, lineTotal: 1000, discount: 0 }],
      fees: [],
      codes: [],
      money,
    });
    expect(items).toEqual([{ name: "Order ord_x", unitAmount: 999, quantity: 1, description: "1 × Mug" }]);
  });
});
