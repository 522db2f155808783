import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PlannerContext } from "./port.js";
import { fixtureContext } from "./fixtures.js";
import { planRules } from "./rules.js";
import { tokenize } from "./tokens.js";
import { correctTypos, correctWord, distance, typoIndex } from "./typos.js";

const SHOP = [
  "jacket",
  "jackets",
  "sneakers",
  "watch",
  "wash",
  "navy",
  "sand",
  "black",
  "dress",
  "dresses",
  "medium",
  "t-shirt",
  "latte",
  "brie",
  "bread",
];
const index = typoIndex(SHOP);
const fix = (text: string) => correctTypos(tokenize(text), index).join(" ");

describe("typo correction", () => {
  it.each([
    ["jakcet", "jacket"], // swapped pair
    ["jackt", "jacket"], // dropped letter
    ["snekaers", "sneakers"],
    ["navvy", "navy"], // extra letter
    ["blsck", "black"], // wrong letter
    ["tshirt", "t-shirt"],
    ["medum", "medium"],
  ])("%s → %s", (typed, word) => {
    expect(correctWord(typed, index)).toBe(word);
  });

  it("keeps a word it knows, an everyday word and anything short", () => {
    // "said" is one edit from the colour "sand": a claim must stay a claim.
    expect(fix("the website said it was free")).toBe("the website said it was free");
    expect(fix("too late for that")).toBe("too late for that");
    expect(fix("a red bag")).toBe("a red bag");
    expect(fix("jackets")).toBe("jackets");
  });

  it("prefers a dropped letter to a wrong one, and corrects nothing on a true tie", () => {
    expect(correctWord("wach", index)).toBe("watch");
    expect(correctWord("bread", typoIndex(["bread", "brand"]))).toBe(null); // known word
    expect(correctWord("brexd", typoIndex(["bread", "brend"]))).toBe(null); // two words one substitution away
  });

  it("leaves a message about a code or a SKU exactly as typed", () => {
    expect(fix("apply code JAKCET")).toBe("apply code jakcet");
    expect(fix("sku navvy-1")).toBe("sku navvy-1");
  });

  it("looks up a bounded number of distinct words per message (prose stays cheap)", () => {
    const prose = Array.from({ length: 12 }, (_, i) => `zq${"abcdefghijkl"[i]}xw`).join(" ");
    expect(fix(`jackt ${prose}`).split(" ")[0]).toBe("jacket");
    expect(fix(`${prose} jackt`).split(" ").pop()).toBe("jackt");
  });

  it("reads a typo in the whole planner: colour, size and category become filters", () => {
    const ctx: PlannerContext = {
      ...fixtureContext,
      vocabulary: { ...fixtureContext.vocabulary, words: ["linen", "midi", "dress", "sneakers"] },
    };
    expect(planRules({ text: "blak dresss in medum" }, ctx)).toEqual([
      { type: "search", query: "dress", filters: { size: "M", color: "black", category: "dresses" } },
    ]);
    expect(planRules({ text: "add a linnen midi dress in navvy medum" }, ctx)).toEqual([
      {
        type: "add_to_cart",
        target: { kind: "text", query: "linen midi dress" },
        quantity: 1,
        options: { color: "navy", size: "M" },
      },
    ]);
  });
});

describe("bounded edit distance", () => {
  const word = fc.string({ unit: fc.constantFrom("a", "b", "c", "d"), maxLength: 8 });
  it("is 0 for the same word, symmetric, and never above the length difference plus the longer word", () => {
    fc.assert(
      fc.property(word, word, (a, b) => {
        const d = distance(a, b, 20);
        expect(distance(a, a, 2)).toBe(0);
        expect(d).toBe(distance(b, a, 20));
        expect(d).toBeLessThanOrEqual(Math.max(a.length, b.length));
        expect(d).toBeGreaterThanOrEqual(Math.abs(a.length - b.length));
      }),
    );
  });
  it("gives up at limit + 1 exactly when the true distance is above the limit", () => {
    fc.assert(
      fc.property(word, word, fc.integer({ min: 0, max: 3 }), (a, b, limit) => {
        const d = distance(a, b, 20);
        expect(distance(a, b, limit)).toBe(d > limit ? limit + 1 : d);
      }),
    );
  });
});
