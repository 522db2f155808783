import { describe, expect, it } from "vitest";
import { priceCart } from "./cart.js";
import { DAY_MS, NOW, cart, line, promotion } from "./fixtures.js";
import type { PriceCartInput, Promotion } from "./types.js";

/** Prices a cart and returns what happened to `code`. */
function outcomeOf(code: string, input: PriceCartInput) {
  const priced = priceCart(input);
  return {
    applied: priced.discounts.find((d) => d.code === code),
    rejected: priced.rejected.filter((r) => r.code === code),
    priced,
  };
}

function rejectionOf(p: Promotion, overrides: Parameters<typeof cart>[0] = {}) {
  const { rejected, applied } = outcomeOf(p.code, cart({ promotions: [p], codes: [p.code], ...overrides }));
  expect(applied).toBeUndefined();
  expect(rejected).toHaveLength(1);
  return rejected[0]!;
}

describe("promotion rejections", () => {
  it("rejects a code that is not a known promotion", () => {
    expect(priceCart(cart({ codes: ["NOPE"] })).rejected).toEqual([
      { code: "NOPE", reason: "discount_code_invalid", message: "NOPE isn't a valid discount code." },
    ]);
  });

  it("rejects a promotion switched off by operations", () => {
    expect(rejectionOf(promotion({ active: false }))).toEqual({
      code: "SAVE10",
      reason: "discount_code_invalid",
      message: "SAVE10 is no longer available.",
    });
  });

  it.each([
    ["above 100 %", { value: 10_001 }],
    ["fractional basis points", { value: 12.5 }],
    ["a negative percentage", { value: -1 }],
    ["an amount_off without a currency", { kind: "amount_off", value: 500, currency: null }],
    ["a negative amount_off", { kind: "amount_off", value: -500, currency: "USD" }],
    ["a fractional minimum", { minSubtotal: 0.5 }],
    ["a negative maxUnits", { kind: "fixed_unit_price", value: 1, currency: "USD", maxUnits: -1 }],
    ["an unknown kind", { kind: "buy_one_get_one" }],
    ["an unknown scope", { scope: "category" }],
  ] as const)("rejects a malformed promotion as invalid: %s", (_, overrides) => {
    const r = rejectionOf(promotion(overrides as Partial<Promotion>));
    expect(r.reason).toBe("discount_code_invalid");
    expect(r.message).toBe("SAVE10 can't be used right now.");
  });

  it("rejects an amount_off promotion in another currency", () => {
    const r = rejectionOf(promotion({ code: "EUR5", kind: "amount_off", value: 500, currency: "EUR" }));
    expect(r).toEqual({
      code: "EUR5",
      reason: "discount_code_invalid",
      message: "EUR5 can only be used for purchases in EUR.",
    });
  });

  it("rejects a fixed_unit_price promotion in another currency", () => {
    const r = rejectionOf(promotion({ kind: "fixed_unit_price", value: 1, currency: "GBP" }));
    expect(r.reason).toBe("discount_code_invalid");
  });

  it("rejects a percent_off that names another currency (its minimum is in that currency)", () => {
    expect(rejectionOf(promotion({ currency: "EUR" })).reason).toBe("discount_code_invalid");
  });

  it("rejects a code before it starts, saying when it starts", () => {
    const r = rejectionOf(promotion({ code: "SPRING", startsAt: Date.UTC(2026, 2, 1, 9, 0) }));
    expect(r).toEqual({
      code: "SPRING",
      reason: "discount_code_invalid",
      message: "SPRING starts on March 1, 2026 at 9:00 AM UTC.",
    });
  });

  it("rejects a code at and after its end instant as expired, saying when it ended", () => {
    const ended = promotion({ code: "MILKTEA1C", endsAt: NOW });
    expect(rejectionOf(ended)).toEqual({
      code: "MILKTEA1C",
      reason: "discount_code_expired",
      message: "MILKTEA1C ended on January 15, 2026 at 12:00 PM UTC.",
    });
  });

  it("accepts a code from its start instant until just before its end", () => {
    const p = promotion({ startsAt: NOW, endsAt: NOW + 1 });
    expect(outcomeOf("SAVE10", cart({ promotions: [p], codes: ["SAVE10"] })).applied?.amount).toBe(100);
  });

  it("rejects the second occurrence of a code as already applied", () => {
    const { priced } = outcomeOf("SAVE10", cart({ promotions: [promotion()], codes: ["SAVE10", "SAVE10"] }));
    expect(priced.discounts.map((d) => d.code)).toEqual(["SAVE10"]);
    expect(priced.discountTotal).toBe(100);
    expect(priced.rejected).toEqual([
      {
        code: "SAVE10",
        reason: "discount_code_already_applied",
        message: "SAVE10 was entered more than once; it counts only once.",
      },
    ]);
  });

  it("rejects a repeated code as already applied even when the first was rejected", () => {
    const { rejected } = outcomeOf(
      "OLD",
      cart({ promotions: [promotion({ code: "OLD", endsAt: NOW - 1 })], codes: ["OLD", "OLD"] }),
    );
    expect(rejected.map((r) => r.reason)).toEqual(["discount_code_expired", "discount_code_already_applied"]);
  });

  it("rejects a code whose total cap is spent", () => {
    const r = rejectionOf(promotion({ code: "MILKTEA1C", totalCap: 1000 }), {
      usage: { MILKTEA1C: { totalRedeemed: 1000, userRedeemed: 0 } },
    });
    expect(r).toEqual({
      code: "MILKTEA1C",
      reason: "discount_code_usage_limit_reached",
      message: "MILKTEA1C has reached its limit of 1,000 uses.",
    });
  });

  it("rejects a code whose per-user cap is spent", () => {
    const r = rejectionOf(promotion({ code: "WELCOME10", perUserCap: 1 }), {
      usage: { WELCOME10: { totalRedeemed: 5, userRedeemed: 1 } },
    });
    expect(r).toEqual({
      code: "WELCOME10",
      reason: "discount_code_usage_limit_reached",
      message: "WELCOME10 can be used once per customer, and you've already used it.",
    });
  });

  it("rejects a code whose cap is zero", () => {
    expect(rejectionOf(promotion({ totalCap: 0 })).message).toBe("SAVE10 has no uses left.");
    expect(rejectionOf(promotion({ perUserCap: 0 })).reason).toBe("discount_code_usage_limit_reached");
  });

  it("rejects a code as invalid when its redemption counts are unreadable", () => {
    const r = rejectionOf(promotion({ totalCap: 10 }), {
      usage: { SAVE10: { totalRedeemed: Number.NaN, userRedeemed: 0 } },
    });
    expect(r.reason).toBe("discount_code_invalid");
  });

  it("accepts a capped code while redemptions remain, and treats missing usage as none", () => {
    const p = promotion({ totalCap: 10, perUserCap: 2 });
    const under = cart({
      promotions: [p],
      codes: ["SAVE10"],
      usage: { SAVE10: { totalRedeemed: 9, userRedeemed: 1 } },
    });
    expect(priceCart(under).discounts).toHaveLength(1);
    expect(priceCart(cart({ promotions: [p], codes: ["SAVE10"] })).discounts).toHaveLength(1);
  });

  it("rejects a code whose minimum subtotal is not met, naming both amounts", () => {
    const p = promotion({ code: "WELCOME10", minSubtotal: 2000 });
    const r = rejectionOf(p, { lines: [line({ unitAmount: 1250 })] });
    expect(r).toEqual({
      code: "WELCOME10",
      reason: "discount_code_minimum_not_met",
      message: "WELCOME10 needs a subtotal of at least $20.00 (you have $12.50).",
    });
  });

  it("checks the minimum against the subtotal before any discount", () => {
    const half = promotion({ code: "HALF", value: 5000 });
    const welcome = promotion({ code: "WELCOME10", minSubtotal: 2000 });
    const priced = priceCart(
      cart({ lines: [line({ unitAmount: 2000 })], promotions: [half, welcome], codes: ["HALF", "WELCOME10"] }),
    );
    expect(priced.rejected).toEqual([]);
    expect(priced.discounts.map((d) => d.amount)).toEqual([1000, 100]);
  });

  it("rejects a code when no item in the cart qualifies", () => {
    const p = promotion({ code: "SOCKS", scope: "skus", scopeIds: ["SOCK-BLUE-M"] });
    expect(rejectionOf(p)).toEqual({
      code: "SOCKS",
      reason: "discount_code_minimum_not_met",
      message: "SOCKS needs a qualifying item in the cart (qualifying: SOCK-BLUE-M).",
    });
    const byProduct = promotion({ code: "SOCKS", name: "Socks week", scope: "products", scopeIds: ["socks"] });
    expect(rejectionOf(byProduct).message).toBe(
      'SOCKS needs a qualifying item in the cart ("Socks week" applies to selected products only).',
    );
  });

  it("rejects a non-stackable code when another code is already applied", () => {
    const priced = priceCart(
      cart({
        promotions: [promotion({ code: "A" }), promotion({ code: "SOLO", stackable: false })],
        codes: ["A", "SOLO"],
      }),
    );
    expect(priced.discounts.map((d) => d.code)).toEqual(["A"]);
    expect(priced.rejected).toEqual([
      {
        code: "SOLO",
        reason: "discount_code_combination_disallowed",
        message: "SOLO can't be combined with other codes (already applied: A).",
      },
    ]);
  });

  it("rejects any code after an applied non-stackable one: earlier wins", () => {
    const priced = priceCart(
      cart({
        promotions: [promotion({ code: "A" }), promotion({ code: "SOLO", stackable: false })],
        codes: ["SOLO", "A"],
      }),
    );
    expect(priced.discounts.map((d) => d.code)).toEqual(["SOLO"]);
    expect(priced.rejected).toEqual([
      { code: "A", reason: "discount_code_combination_disallowed", message: "A can't be combined with SOLO." },
    ]);
  });

  it("does not let a rejected non-stackable code block later codes", () => {
    const solo = promotion({ code: "SOLO", stackable: false, endsAt: NOW - DAY_MS });
    const priced = priceCart(cart({ promotions: [solo, promotion({ code: "A" })], codes: ["SOLO", "A"] }));
    expect(priced.discounts.map((d) => d.code)).toEqual(["A"]);
    expect(priced.rejected.map((r) => r.reason)).toEqual(["discount_code_expired"]);
  });
});

describe("usage flags from the promotion's Durable Object", () => {
  it("rejects a killed promotion for everyone", () => {
    const priced = priceCart(
      cart({
        codes: ["SALE"],
        promotions: [promotion({ code: "SALE" })],
        usage: { SALE: { totalRedeemed: 0, userRedeemed: 0, killed: true } },
      }),
    );
    expect(priced.rejected).toMatchObject([{ code: "SALE", reason: "discount_code_expired" }]);
    expect(priced.discountTotal).toBe(0);
  });

  it("asks a guest to sign in for a per-customer-capped code, and lets a known shopper use it", () => {
    const capped = promotion({ code: "ONEEACH", perUserCap: 1 });
    const guest = priceCart(
      cart({
        codes: ["ONEEACH"],
        promotions: [capped],
        usage: { ONEEACH: { totalRedeemed: 0, userRedeemed: 0, shopperKnown: false } },
      }),
    );
    expect(guest.rejected).toMatchObject([{ reason: "discount_code_user_not_logged_in" }]);
    const known = priceCart(
      cart({
        codes: ["ONEEACH"],
        promotions: [capped],
        usage: { ONEEACH: { totalRedeemed: 0, userRedeemed: 0, shopperKnown: true } },
      }),
    );
    expect(known.rejected).toEqual([]);
    expect(known.discounts).toHaveLength(1);
  });
});
