import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { colorMatches } from "./colors.js";
import { ftsMatch, ftsTokens } from "./fts-query.js";
import { compareSizes } from "./sizes.js";

describe("colorMatches", () => {
  it.each([
    ["blue", "navy", true],
    ["blue", "sky blue", true],
    ["blue", "teal", true],
    ["sky blue", "sky blue", true],
    ["sky blue", "navy", false],
    ["blue", "blueberry", false],
    ["red", "navy", false],
    ["grey", "gray", true],
    ["Blue", "Royal Blue", true],
    // A shade said with its family is also the shade alone, as shops often name it.
    ["navy blue", "navy", true],
    ["navy blue", "navy blue", true],
    ["navy blue", "royal navy", true],
    ["navy blue", "royal blue", false],
    ["navy blue", "sky blue", false],
    ["olive green", "olive", true],
    ["olive green", "green", false],
    ["sky blue", "blue", false],
    ["navy red", "navy", false],
    [" ", "navy", false],
  ])("filter %s vs colour %s → %s", (filter, color, expected) => {
    expect(colorMatches(filter, color)).toBe(expected);
  });

  it("never matches a product without colours", () => {
    expect(colorMatches("blue", null)).toBe(false);
  });
});

describe("ftsMatch", () => {
  it("quotes every token and makes the last one a prefix", () => {
    expect(ftsMatch("blue dres")).toBe('"blue" "dres"*');
    expect(ftsMatch("milk tea", "any")).toBe('"milk" OR "tea"*');
    expect(ftsMatch("a tv")).toBe('"a" "tv"');
  });

  it("drops operators and punctuation a shopper typed", () => {
    expect(ftsMatch('dress" OR NEAR(x')).toBe('"dress" "or" "near" "x"');
    expect(ftsMatch("*** ((( ")).toBeNull();
  });

  it("only ever emits quoted alphanumeric tokens, whatever the input", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const m = ftsMatch(s);
        if (m === null) return ftsTokens(s).length === 0;
        return /^("[\p{L}\p{N}]+"\*?)( "[\p{L}\p{N}]+"\*?)*$/u.test(m);
      }),
    );
  });
});

describe("compareSizes", () => {
  it("orders letters by wear, numbers numerically, then the rest", () => {
    expect(["XL", "M", "128GB", "S", "40", "XS", "L", "38", "500ML"].sort(compareSizes)).toEqual([
      "XS",
      "S",
      "M",
      "L",
      "XL",
      "38",
      "40",
      "128GB",
      "500ML",
    ]);
  });
});
