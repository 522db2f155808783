import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COLOR_FAMILIES } from "./colors.js";
import { ftsTokens } from "./fts-query.js";
import { colorInQuery } from "./query-color.js";

const KNOWN = ["navy", "sky blue", "royal blue", "off-white", "Powder Blue", ...COLOR_FAMILIES];

describe("colorInQuery", () => {
  it.each([
    ["blue dress", { color: "blue", text: "dress" }],
    ["dress blue", { color: "blue", text: "dress" }],
    ["sky blue dress", { color: "sky blue", text: "dress" }],
    ["linen sky blue midi dress", { color: "sky blue", text: "linen midi dress" }],
    ["Sky  BLUE, dress!", { color: "sky blue", text: "dress" }],
    ["powder blue dress", { color: "powder blue", text: "dress" }],
    ["off-white shirt", { color: "off-white", text: "shirt" }],
    ["off white shirt", { color: "off-white", text: "shirt" }],
    ["blue dress in blue", { color: "blue", text: "dress" }],
    ["dress in blue", { color: "blue", text: "dress" }],
    ["a dress in the colour blue", { color: "blue", text: "dress" }],
    ["navy coloured rain jacket", { color: "navy", text: "rain jacket" }],
    ["navy blue dress", { color: "navy", text: "dress" }],
    ["dress navy blue", { color: "navy", text: "dress" }],
    ["navy rain jacket", { color: "navy", text: "rain jacket" }],
  ])("%s → %j", (query, expected) => {
    expect(colorInQuery(query, KNOWN)).toEqual(expected);
  });

  it.each([
    ["blue", "only a colour: the words alone are the search"],
    ["blue blue", "only a colour, repeated"],
    ["sky blue", "only a colour of two words"],
    ["blue red dress", "two colours"],
    ["blue navy dress", "two colours (a family before a shade is not the shade's name)"],
    ["navy dress blue", "two colours apart"],
    ["in blue", "only a colour and a framing word"],
    ["the colour blue", "only a colour and framing words"],
    ["sky blue dress in red", "two colours, one of two words"],
    ["blueberry jam", "a colour inside a word is no colour"],
    ["sky dress", "part of a colour of two words"],
    ["summer dress", "no colour"],
    ["", "nothing"],
    ["!!! ??? ---", "only punctuation"],
  ])("%j → null (%s)", (query) => {
    expect(colorInQuery(query, KNOWN)).toBeNull();
  });

  it("reads only the words the text search reads (its cap), so a colour past them is not used", () => {
    const eight = "b c d e f g h i";
    expect(ftsTokens(`${eight} blue`)).toHaveLength(8);
    expect(colorInQuery(`${eight} blue`, KNOWN)).toBeNull();
    expect(colorInQuery(`blue ${eight}`, KNOWN)).toEqual({ color: "blue", text: "b c d e f g h" });
  });

  it("takes hostile input: long queries, punctuation, quotes, FTS operators, unicode", () => {
    expect(colorInQuery(`${"blue ".repeat(40)}`.slice(0, 200), KNOWN)).toBeNull();
    expect(colorInQuery(`${"x".repeat(195)} blue`, KNOWN)).toEqual({ color: "blue", text: "x".repeat(195) });
    expect(colorInQuery('"blue" OR dress* NEAR(', KNOWN)).toEqual({ color: "blue", text: "or dress near" });
    expect(colorInQuery("blue, red; green.", KNOWN)).toBeNull();
    expect(colorInQuery("Robe bleue ✨ 👗 blue", KNOWN)).toEqual({ color: "blue", text: "robe bleue" });
    expect(colorInQuery("ＢＬＵＥ dress", KNOWN)).toBeNull();
    expect(colorInQuery("blue dress", ["", "  ", "!!", ...KNOWN])).toEqual({ color: "blue", text: "dress" });
    expect(colorInQuery("blue dress", [])).toBeNull();
  });

  it("whatever the words: the colour is a known one, the text is the other words, each read once", () => {
    const word = fc.constantFrom("blue", "sky", "navy", "red", "dress", "tea", "off", "white", "ß", "\u0301", "-", "!");
    fc.assert(
      fc.property(fc.array(word, { maxLength: 14 }), fc.constantFrom(" ", ",", "  ", "-"), (words, sep) => {
        const query = words.join(sep);
        const found = colorInQuery(query, KNOWN);
        if (found === null) return;
        expect(KNOWN.map((k) => k.toLowerCase())).toContain(found.color);
        const text = ftsTokens(found.text);
        expect(text.length).toBeGreaterThan(0);
        expect(text.length).toBeLessThan(ftsTokens(query).length);
        expect(text.every((t) => ftsTokens(query).includes(t))).toBe(true);
      }),
    );
  });
});
