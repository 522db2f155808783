import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Action, ProductRef } from "../actions.js";
import { fixtureContext as ctx } from "./fixtures.js";
import { toMinorUnits } from "./money-words.js";
import { planRules } from "./rules.js";

/** Each action has exactly its fields, with the right types; returns a problem or null. */
function problem(a: Action): string | null {
  const keys = (o: object) => Object.keys(o).sort().join(",");
  const isCount = (n: unknown, min: number) => typeof n === "number" && Number.isSafeInteger(n) && n >= min;
  const ref = (r: ProductRef): boolean => {
    switch (r.kind) {
      case "result":
        return keys(r) === "index,kind" && isCount(r.index, 1);
      case "product":
        return keys(r) === "kind,productId" && r.productId.length > 0;
      case "sku":
        return keys(r) === "kind,sku" && /^[A-Za-z0-9_.-]{1,40}$/.test(r.sku);
      case "text":
        return keys(r) === "kind,query" && r.query.trim().length > 0;
      case "current":
        return keys(r) === "kind";
      default:
        return false;
    }
  };
  const options = (o: { color?: unknown; size?: unknown }) =>
    Object.keys(o).every((k) => k === "color" || k === "size") &&
    (o.color === undefined || (typeof o.color === "string" && o.color === o.color.toLowerCase() && o.color !== "")) &&
    (o.size === undefined || (typeof o.size === "string" && o.size === o.size.toUpperCase() && o.size !== ""));
  const ok = ((): boolean => {
    switch (a.type) {
      case "search": {
        const f = a.filters;
        return (
          keys(a) === "filters,query,type" &&
          typeof a.query === "string" &&
          Object.keys(f).every((k) =>
            ["color", "size", "maxPrice", "minPrice", "category", "excludeColors", "sort"].includes(k),
          ) &&
          (f.minPrice === undefined || isCount(f.minPrice, 0)) &&
          (f.sort === undefined || f.sort === "price_asc" || f.sort === "price_desc") &&
          (f.excludeColors === undefined ||
            (f.excludeColors.length > 0 && f.excludeColors.every((c) => options({ color: c })))) &&
          options({ color: f.color, size: f.size }) &&
          (f.maxPrice === undefined || isCount(f.maxPrice, 0)) &&
          (f.category === undefined || ctx.vocabulary.categories.includes(f.category))
        );
      }
      case "show_product":
        return (
          (keys(a) === "target,type" || (keys(a) === "options,target,type" && options(a.options ?? {}))) &&
          ref(a.target)
        );
      case "remove_from_cart":
      case "price_history":
        return keys(a) === "target,type" && ref(a.target);
      case "add_to_cart":
        return (
          keys(a) === "options,quantity,target,type" && ref(a.target) && isCount(a.quantity, 1) && options(a.options)
        );
      case "set_quantity":
        return keys(a) === "quantity,target,type" && ref(a.target) && isCount(a.quantity, 0);
      case "change_options":
        return (
          keys(a) === "options,target,type" && ref(a.target) && options(a.options) && Object.keys(a.options).length > 0
        );
      case "apply_promo":
      case "remove_promo":
        return keys(a) === "code,type" && /^[A-Z0-9_-]{1,32}$/.test(a.code);
      case "view_cart":
      case "help":
      case "checkout":
      case "clear_cart":
      case "decline_discount":
      case "cheapest_shown":
        return keys(a) === "type";
      case "confirm_quote":
      case "cancel_quote":
        return keys(a) === "type" || (keys(a) === "quoteId,type" && /^[A-Za-z0-9_.-]{1,40}$/.test(a.quoteId ?? ""));
      case "unknown":
        return keys(a) === "text,type" && typeof a.text === "string" && a.text.length <= 2000;
      default:
        return false;
    }
  })();
  return ok ? null : `invalid action ${JSON.stringify(a)}`;
}

function keysDeep(o: unknown): string[] {
  return typeof o === "object" && o !== null ? Object.entries(o).flatMap(([k, v]) => [k, ...keysDeep(v)]) : [];
}

function assertValid(actions: readonly Action[]): void {
  expect(Array.isArray(actions)).toBe(true);
  expect(actions.length).toBeGreaterThan(0);
  for (const a of actions) expect(problem(a)).toBeNull();
}

/** Words the planner reacts to, so generated messages reach deep into the rules, not just "unknown". */
const shopWords = fc.constantFrom(
  "add",
  "remove",
  "make",
  "it",
  "the",
  "second",
  "one",
  "2",
  "x3",
  "a",
  "couple",
  "of",
  "dozen",
  "blue",
  "sky",
  "navy",
  "size",
  "M",
  "in",
  "instead",
  "to",
  "code",
  "SAVE5",
  "apply",
  "cart",
  "was",
  "cheaper",
  "last",
  "month",
  "price",
  "history",
  "under",
  "$",
  "40",
  "39.99",
  "dollars",
  "and",
  "then",
  ",",
  ".",
  "?",
  "show",
  "me",
  "tell",
  "more",
  "about",
  "#",
  "3rd",
  "milk",
  "tea",
  "dress",
  "dresses",
  "please",
  "pls",
  "🍵",
  "hi",
  "help",
  "sku",
  "DRS-0001-NVY-M",
  "0",
  "99999999999",
  "between",
  "€",
  "constructor",
  "__proto__",
  "toString",
  "-",
  "'",
  "last",
  "i",
  "want",
  "i'll",
  "take",
);

describe("the planner never throws and always returns valid actions", () => {
  it("for arbitrary unicode text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), (text) => assertValid(planRules({ text }, ctx))),
      { numRuns: 2000 },
    );
  });

  it("for arbitrary binary strings (lone surrogates included)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (text) => assertValid(planRules({ text }, ctx))),
      { numRuns: 1000 },
    );
  });

  it("for messages made of shop words", () => {
    const message = fc.array(shopWords, { maxLength: 25 }).map((ws) => ws.join(" "));
    fc.assert(
      fc.property(message, (text) => assertValid(planRules({ text }, ctx))),
      { numRuns: 5000 },
    );
  });

  it("for arbitrary button payloads, with or without text", () => {
    const button = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc
        .tuple(
          fc.constantFrom("add", "rm", "qty", "show", "hist", "code-rm", "cart", "help"),
          fc.array(fc.string({ maxLength: 45 }), { maxLength: 3 }),
        )
        .map(([verb, parts]) => [verb, ...parts].join(":")),
    );
    fc.assert(
      fc.property(button, fc.option(fc.string({ maxLength: 50 })), (b, text) => {
        assertValid(planRules(text === null ? { button: b } : { button: b, text }, ctx));
      }),
      { numRuns: 3000 },
    );
  });

  it("for long text, quickly", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1900, maxLength: 2100 }), (text) => {
        const started = performance.now();
        assertValid(planRules({ text }, ctx));
        expect(performance.now() - started).toBeLessThan(250);
      }),
      { numRuns: 50 },
    );
  });

  it("no purchase without a purchase verb (words that are not add/take/want/buy/get/...)", () => {
    const noBuying = shopWords.filter((w) => !["add", "take", "i'll", "want"].includes(w));
    const message = fc
      .array(fc.oneof(noBuying, fc.constantFrom("red", "one", "it", "size", "L", "navy", "in")), { maxLength: 15 })
      .map((ws) => ws.join(" "));
    fc.assert(
      fc.property(message, (text) => {
        expect(planRules({ text }, ctx).filter((a) => a.type === "add_to_cart")).toEqual([]);
      }),
      { numRuns: 3000 },
    );
  });

  it("a promo code is always one the shopper typed", () => {
    const message = fc.array(shopWords, { maxLength: 15 }).map((ws) => ws.join(" "));
    fc.assert(
      fc.property(message, (text) => {
        for (const a of planRules({ text }, ctx)) {
          // Tokens drop apostrophes ("don't" → "dont"), so compare without them.
          if (a.type === "apply_promo" || a.type === "remove_promo")
            expect(text.toUpperCase().replace(/'/g, "")).toContain(a.code);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("emits no price except a maxPrice / minPrice read from the shopper's digits or number words", () => {
    const message = fc.array(shopWords, { maxLength: 15 }).map((ws) => ws.join(" "));
    fc.assert(
      fc.property(message, (text) => {
        for (const a of planRules({ text }, ctx)) {
          if (a.type === "search" && (a.filters.maxPrice !== undefined || a.filters.minPrice !== undefined))
            expect(/\d|\b(one|dozen)\b/.test(text)).toBe(true);
          expect(
            keysDeep(a).filter((k) => /price|amount|total/i.test(k) && k !== "maxPrice" && k !== "minPrice"),
          ).toEqual([]);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe("money words", () => {
  it("dollars and cents become exact integers, never float results", () => {
    fc.assert(
      fc.property(fc.nat({ max: 10_000_000 }), fc.nat({ max: 99 }), (dollars, cents) => {
        const written = `${dollars}.${String(cents).padStart(2, "0")}`;
        expect(toMinorUnits(written, 2)).toBe(dollars * 100 + cents);
        expect(planRules({ text: `tea under $${written}` }, ctx)).toEqual([
          { type: "search", query: "tea", filters: { maxPrice: dollars * 100 + cents } },
        ]);
      }),
    );
  });

  it.each([
    ["40", 2, 4000],
    ["39.99", 2, 3999],
    ["39.9", 2, 3990],
    ["0.1", 2, 10],
    ["39.999", 2, 3999],
    ["500", 0, 500],
    ["1.5", 3, 1500],
    ["19.99", 2, 1999],
    ["1234567890.12", 2, 123456789012],
  ] as const)("%s with %i decimals is %i", (numeral, decimals, expected) => {
    expect(toMinorUnits(numeral, decimals)).toBe(expected);
  });
});
