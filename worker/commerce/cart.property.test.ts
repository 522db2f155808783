/**
 * Property tests for priceCart over arbitrary carts and promotion sets,
 * including malformed promotions, other currencies, caps, date windows and
 * amounts far beyond 2^32, so the invariants of docs/ARCHITECTURE.md invariant 1 hold for
 * inputs nobody thought to write by hand.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { priceCart } from "./cart.js";
import { NOW, promotion } from "./fixtures.js";
import type { PriceCartInput, PricedCart, Promotion, PromotionUsage } from "./types.js";

const SKUS = ["S1", "S2", "S3", "S4"];
const PRODUCTS = ["P1", "P2", "P3"];
const CODES = ["A", "B", "C", "D", "E", "F"];

const weighted = <T>(common: fc.Arbitrary<T>, rare: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: common, weight: 6 }, { arbitrary: rare, weight: 1 });

const lineArb = fc.record({
  sku: fc.constantFrom(...SKUS),
  productId: fc.constantFrom(...PRODUCTS),
  quantity: fc.integer({ min: 1, max: 5 }),
  // Mostly shop-sized prices, sometimes huge ones (still safe × 5).
  unitAmount: weighted(fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 0, max: 10 ** 14 })),
});

// Mostly well inside the validity window, sometimes right at its edges.
const startsAtArb = fc.option(
  weighted(fc.integer({ min: NOW - 10 ** 6, max: NOW - 10 }), fc.integer({ min: NOW - 10, max: NOW + 10 })),
  { freq: 2 },
);
const endsAtArb = fc.option(
  weighted(fc.integer({ min: NOW + 10, max: NOW + 10 ** 6 }), fc.integer({ min: NOW - 10, max: NOW + 10 })),
  { freq: 2 },
);

/**
 * Biased toward promotions that apply, so stacking and allocation get
 * exercised, with a steady share of malformed, foreign-currency, expired,
 * capped and switched-off ones.
 */
const promotionArb = (code: string): fc.Arbitrary<Promotion> =>
  fc
    .record({
      kind: fc.constantFrom("percent_off", "amount_off", "fixed_unit_price"),
      value: weighted(fc.integer({ min: 0, max: 10_000 }), fc.constantFrom(-1, 10_001, 2.5, 1_000_000)),
      // undefined = the currency the kind expects (none for percent, USD otherwise).
      currency: weighted(fc.constant(undefined), fc.constantFrom(null, "USD", "EUR")),
      scope: weighted(fc.constant("all"), fc.constantFrom("products", "skus")),
      scopeIds: fc.subarray([...SKUS, ...PRODUCTS]),
      minSubtotal: weighted(fc.constant(0), fc.integer({ min: 0, max: 20_000 })),
      maxUnits: fc.option(fc.integer({ min: 0, max: 6 })),
      startsAt: startsAtArb,
      endsAt: endsAtArb,
      totalCap: weighted(fc.constant(null), fc.integer({ min: 0, max: 5 })),
      perUserCap: weighted(fc.constant(null), fc.integer({ min: 0, max: 3 })),
      stackable: weighted(fc.constant(true), fc.constant(false)),
      active: weighted(fc.constant(true), fc.constant(false)),
    })
    .map(({ currency, ...fields }) =>
      promotion({
        ...fields,
        currency: currency !== undefined ? currency : fields.kind === "percent_off" ? null : "USD",
        code,
        name: `Promo ${code}`,
      }),
    );

const usageArb: fc.Arbitrary<PromotionUsage> = fc.record({
  totalRedeemed: fc.integer({ min: 0, max: 6 }),
  userRedeemed: fc.integer({ min: 0, max: 3 }),
});

const inputArb: fc.Arbitrary<PriceCartInput> = fc
  .record({
    lines: fc.array(lineArb, { maxLength: 6 }),
    promos: fc.tuple(...CODES.map((c) => fc.option(promotionArb(c), { freq: 10 }))),
    usage: fc.dictionary(fc.constantFrom(...CODES), usageArb, { maxKeys: 3 }),
    codes: fc.array(weighted(fc.constantFrom(...CODES), fc.constant("UNKNOWN")), { maxLength: 6 }),
    fees: fc.array(
      fc.record({ label: fc.constantFrom("Shipping", "Service"), amount: fc.integer({ min: 0, max: 2_000 }) }),
      { maxLength: 2 },
    ),
    now: fc.integer({ min: NOW - 5, max: NOW + 5 }),
  })
  .map(({ promos, usage, ...rest }) => ({
    currency: "USD",
    ...rest,
    promotions: new Map(promos.flatMap((p) => (p === null ? [] : [[p.code, p] as const]))),
    usage: new Map(Object.entries(usage)),
  }));

const total = (xs: readonly { amount: number }[]): number => xs.reduce((acc, x) => acc + x.amount, 0);
const withCodes = (input: PriceCartInput, codes: readonly string[]): PriceCartInput => ({ ...input, codes });
const withPromotion = (input: PriceCartInput, p: Promotion): PriceCartInput => ({
  ...input,
  promotions: new Map([...input.promotions, [p.code, p]]),
});
const snapshot = (input: PriceCartInput) =>
  structuredClone({ ...input, promotions: [...input.promotions], usage: [...(input.usage ?? [])] });

function assertInvariants(input: PriceCartInput, priced: PricedCart): void {
  const fees = total(priced.fees);
  expect(priced.total).toBe(priced.subtotal - priced.discountTotal + fees);
  expect(priced.total).toBeGreaterThanOrEqual(0);
  expect(priced.subtotal).toBe(priced.lines.reduce((acc, l) => acc + l.lineTotal, 0));
  expect(priced.discountTotal).toBe(total(priced.discounts));
  expect(priced.discountTotal).toBe(priced.lines.reduce((acc, l) => acc + l.discount, 0));
  priced.lines.forEach((l, i) => {
    expect(l.lineTotal).toBe(input.lines[i]!.unitAmount * input.lines[i]!.quantity);
    expect(l.discount).toBeGreaterThanOrEqual(0);
    expect(l.discount).toBeLessThanOrEqual(l.lineTotal);
    expect(l.total).toBe(l.lineTotal - l.discount);
    const allocated = priced.discounts.flatMap((d) => d.allocations.filter((a) => a.lineIndex === i));
    expect(l.discount).toBe(total(allocated));
  });
  for (const d of priced.discounts) {
    expect(d.amount).toBe(total(d.allocations));
    for (const a of d.allocations) {
      expect(Number.isSafeInteger(a.amount) && a.amount > 0).toBe(true);
      expect(a.lineIndex >= 0 && a.lineIndex < priced.lines.length).toBe(true);
    }
  }
  // Every code gets exactly one outcome.
  expect(priced.discounts.length + priced.rejected.length).toBe(input.codes.length);
}

const nonStackableApplied = (input: PriceCartInput, priced: PricedCart): number =>
  priced.discounts.filter((d) => input.promotions.get(d.code)?.stackable === false).length;

describe("priceCart properties", () => {
  it("keeps totals consistent and never negative, and no line discount exceeds its line", () => {
    fc.assert(
      fc.property(inputArb, (input) => assertInvariants(input, priceCart(input))),
      { numRuns: 200 },
    );
  });

  it("is deterministic and does not mutate its input", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const before = snapshot(input);
        const first = priceCart(input);
        expect(snapshot(input)).toEqual(before);
        expect(priceCart(input)).toEqual(first);
      }),
    );
  });

  it("never applies a non-stackable code together with another code, in any order", () => {
    fc.assert(
      fc.property(
        inputArb.chain((input) =>
          fc.tuple(fc.constant(input), fc.shuffledSubarray([...input.codes], { minLength: input.codes.length })),
        ),
        ([input, reordered]) => {
          for (const codes of [input.codes, reordered]) {
            const priced = priceCart(withCodes(input, codes));
            assertInvariants(withCodes(input, codes), priced);
            if (nonStackableApplied(input, priced) > 0) expect(priced.discounts).toHaveLength(1);
          }
        },
      ),
    );
  });

  it("appending a code never changes earlier outcomes and never raises the total", () => {
    fc.assert(
      fc.property(inputArb, fc.constantFrom(...CODES, "UNKNOWN"), (input, extra) => {
        const before = priceCart(input);
        const after = priceCart(withCodes(input, [...input.codes, extra]));
        expect(after.discounts.slice(0, before.discounts.length)).toEqual(before.discounts);
        expect(after.rejected.slice(0, before.rejected.length)).toEqual(before.rejected);
        expect(after.total).toBeLessThanOrEqual(before.total);
      }),
    );
  });

  it("a percent_off of 0 bps discounts nothing", () => {
    const zero = promotion({ code: "ZERO", value: 0 });
    fc.assert(
      fc.property(inputArb, (input) => {
        const before = priceCart(input);
        const after = priceCart(withCodes(withPromotion(input, zero), [...input.codes, "ZERO"]));
        expect(after.total).toBe(before.total);
        expect(after.lines).toEqual(before.lines);
        const applied = after.discounts.find((d) => d.code === "ZERO");
        if (applied !== undefined) expect(applied).toMatchObject({ amount: 0, allocations: [] });
        // Alone on a non-empty cart it is always applied (with 0).
        if (input.lines.length > 0) {
          const alone = priceCart(withCodes(withPromotion(input, zero), ["ZERO"]));
          expect(alone.discounts).toEqual([
            { code: "ZERO", name: zero.name, kind: "percent_off", amount: 0, allocations: [] },
          ]);
        }
      }),
    );
  });

  it("10000 bps on an all-scope promotion makes the total equal the fees", () => {
    const free = promotion({ code: "FREE", value: 10_000, scope: "all" });
    fc.assert(
      fc.property(inputArb, (input) => {
        const priced = priceCart(withCodes(withPromotion(input, free), ["FREE", ...input.codes]));
        assertInvariants(withCodes(input, ["FREE", ...input.codes]), priced);
        expect(priced.total).toBe(total(priced.fees));
        expect(priced.lines.every((l) => l.total === 0)).toBe(true);
        if (input.lines.length > 0) expect(priced.discounts[0]?.amount).toBe(priced.subtotal);
      }),
    );
  });
});
