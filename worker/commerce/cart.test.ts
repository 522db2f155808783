import { describe, expect, it } from "vitest";
import { priceCart } from "./cart.js";
import { cart, line, promotion } from "./fixtures.js";
import { MoneyError } from "./money.js";

const tea = line({ sku: "TEA-1", productId: "tea", quantity: 2, unitAmount: 450 });
const mug = line({ sku: "MUG-1", productId: "mug", quantity: 1, unitAmount: 1299 });

describe("priceCart totals", () => {
  it("computes line totals, subtotal, fees and total without codes", () => {
    const priced = priceCart(cart({ lines: [tea, mug], fees: [{ label: "Shipping", amount: 499 }] }));
    expect(priced.lines.map((l) => [l.lineTotal, l.discount, l.total])).toEqual([
      [900, 0, 900],
      [1299, 0, 1299],
    ]);
    expect(priced).toMatchObject({
      currency: "USD",
      subtotal: 2199,
      discountTotal: 0,
      total: 2698,
      discounts: [],
      rejected: [],
    });
    expect(priced.fees).toEqual([{ label: "Shipping", amount: 499 }]);
  });

  it("prices an empty cart at its fees", () => {
    expect(priceCart(cart({ lines: [], fees: [{ label: "Service", amount: 100 }] })).total).toBe(100);
  });

  it.each([
    ["a zero quantity", { lines: [line({ quantity: 0 })] }, "invalid_quantity"],
    ["a fractional quantity", { lines: [line({ quantity: 1.5 })] }, "invalid_quantity"],
    ["a negative unit amount", { lines: [line({ unitAmount: -1 })] }, "invalid_amount"],
    ["a fractional unit amount", { lines: [line({ unitAmount: 9.99 })] }, "invalid_amount"],
    ["a line total beyond 2^53", { lines: [line({ unitAmount: 2 ** 52, quantity: 4 })] }, "invalid_amount"],
    ["a negative fee", { fees: [{ label: "Oops", amount: -100 }] }, "invalid_amount"],
    ["a lower-case currency", { currency: "usd" }, "invalid_currency"],
    ["a fractional clock", { now: 1.5 }, "invalid_argument"],
  ] as const)("refuses %s", (_, overrides, code) => {
    expect(() => priceCart(cart(overrides))).toThrow(expect.objectContaining({ code }));
    expect(() => priceCart(cart(overrides))).toThrow(MoneyError);
  });
});

describe("priceCart discounts", () => {
  it("takes 10 % off with the store's rounding (199.9 → 200)", () => {
    const priced = priceCart(
      cart({ lines: [line({ unitAmount: 1999 })], promotions: [promotion()], codes: ["SAVE10"] }),
    );
    expect(priced.discounts).toEqual([
      {
        code: "SAVE10",
        name: "10% off everything",
        kind: "percent_off",
        amount: 200,
        allocations: [{ lineIndex: 0, amount: 200 }],
      },
    ]);
    expect(priced.total).toBe(1799);
  });

  it("splits a percent discount across lines by their amounts", () => {
    const priced = priceCart(cart({ lines: [tea, mug], promotions: [promotion()], codes: ["SAVE10"] }));
    // 10 % of 2199 = 219.9 → 220; split 900:1299 → 90.04 + 129.96 → 90 + 130.
    expect(priced.discounts[0]?.allocations).toEqual([
      { lineIndex: 0, amount: 90 },
      { lineIndex: 1, amount: 130 },
    ]);
    expect(priced.lines.map((l) => l.discount)).toEqual([90, 130]);
    expect(priced.total).toBe(1979);
  });

  it("discounts only the lines in scope, by product or by SKU", () => {
    const byProduct = promotion({ code: "MUGS", scope: "products", scopeIds: ["mug"], value: 5000 });
    const bySku = promotion({
      code: "TEA",
      kind: "amount_off",
      value: 100,
      currency: "USD",
      scope: "skus",
      scopeIds: ["TEA-1"],
    });
    const priced = priceCart(cart({ lines: [tea, mug], promotions: [byProduct, bySku], codes: ["MUGS", "TEA"] }));
    expect(priced.discounts.map((d) => d.allocations)).toEqual([
      [{ lineIndex: 1, amount: 650 }],
      [{ lineIndex: 0, amount: 100 }],
    ]);
  });

  it("caps an amount_off at what remains of the eligible lines", () => {
    const big = promotion({
      code: "BIG",
      kind: "amount_off",
      value: 5000,
      currency: "USD",
      scope: "skus",
      scopeIds: ["TEA-1"],
    });
    const priced = priceCart(cart({ lines: [tea, mug], promotions: [big], codes: ["BIG"] }));
    expect(priced.discountTotal).toBe(900);
    expect(priced.lines.map((l) => l.total)).toEqual([0, 1299]);
  });

  it("applies later codes to what earlier codes left (50 % then 50 % leaves 25 %)", () => {
    const a = promotion({ code: "A", value: 5000 });
    const b = promotion({ code: "B", value: 5000 });
    const priced = priceCart(cart({ lines: [line({ unitAmount: 1000 })], promotions: [a, b], codes: ["A", "B"] }));
    expect(priced.discounts.map((d) => d.amount)).toEqual([500, 250]);
    expect(priced.total).toBe(250);
  });

  it("sells one unit at a 1-cent fixed price when maxUnits is 1", () => {
    const p = promotion({
      code: "MILKTEA1C",
      kind: "fixed_unit_price",
      value: 1,
      currency: "USD",
      scope: "skus",
      scopeIds: ["TEA-1"],
      maxUnits: 1,
    });
    const priced = priceCart(cart({ lines: [tea], promotions: [p], codes: ["MILKTEA1C"] }));
    expect(priced.discountTotal).toBe(449);
    expect(priced.total).toBe(451);
  });

  it("counts fixed-price units across lines in cart order", () => {
    const p = promotion({ code: "FIX", kind: "fixed_unit_price", value: 100, currency: "USD", maxUnits: 3 });
    const lines = [line({ sku: "X", unitAmount: 500, quantity: 2 }), line({ sku: "Y", unitAmount: 300, quantity: 5 })];
    const priced = priceCart(cart({ lines, promotions: [p], codes: ["FIX"] }));
    // Two units of X save 400 each, then one unit of Y saves 200.
    expect(priced.discounts[0]?.allocations).toEqual([
      { lineIndex: 0, amount: 800 },
      { lineIndex: 1, amount: 200 },
    ]);
  });

  it("discounts every unit at a fixed price when maxUnits is null", () => {
    const p = promotion({ code: "FIX", kind: "fixed_unit_price", value: 100, currency: "USD" });
    expect(priceCart(cart({ lines: [tea], promotions: [p], codes: ["FIX"] })).discountTotal).toBe(700);
  });

  it("never takes a fixed-price line below zero after an earlier discount", () => {
    const half = promotion({ code: "HALF", value: 5000 });
    const fix = promotion({ code: "FIX", kind: "fixed_unit_price", value: 0, currency: "USD" });
    const priced = priceCart(cart({ lines: [tea], promotions: [half, fix], codes: ["HALF", "FIX"] }));
    expect(priced.discounts.map((d) => d.amount)).toEqual([450, 450]);
    expect(priced.lines[0]?.total).toBe(0);
  });

  it("applies a fixed price above the unit price with amount 0 and no allocations", () => {
    const p = promotion({ code: "FIX", kind: "fixed_unit_price", value: 9999, currency: "USD" });
    const priced = priceCart(cart({ lines: [tea], promotions: [p], codes: ["FIX"] }));
    expect(priced.discounts).toEqual([
      { code: "FIX", name: p.name, kind: "fixed_unit_price", amount: 0, allocations: [] },
    ]);
    expect(priced.rejected).toEqual([]);
    expect(priced.total).toBe(900);
  });

  it("does not mutate its input", () => {
    const input = cart({
      lines: [tea, mug],
      promotions: [promotion()],
      codes: ["SAVE10", "NOPE"],
      fees: [{ label: "Ship", amount: 5 }],
    });
    const snapshot = structuredClone({ ...input, promotions: [...input.promotions], usage: [...(input.usage ?? [])] });
    priceCart(input);
    expect({ ...input, promotions: [...input.promotions], usage: [...(input.usage ?? [])] }).toEqual(snapshot);
  });
});
