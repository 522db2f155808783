import { describe, expect, it } from "vitest";
import { MAX_TITLE_WORDS, titleWords } from "./title-words.js";

describe("titleWords", () => {
  it("lower-cases, drops apostrophes and short or numeric words, keeps inner dashes, once each", () => {
    expect(
      titleWords(["Levi's 501 Original Jeans", "Crew-Neck T-Shirt (2 pack)", "Original  jeans", "A-Line Mini Dress"]),
    ).toEqual(["levis", "original", "jeans", "crew-neck", "t-shirt", "pack", "a-line", "mini", "dress"]);
  });
  it("stops at the cap", () => {
    const titles = Array.from(
      { length: MAX_TITLE_WORDS + 50 },
      (_, i) =>
        `w${"abcdefghij"[i % 10]}${String.fromCharCode(97 + (Math.floor(i / 10) % 26))}${String.fromCharCode(97 + Math.floor(i / 260))}x`,
    );
    expect(titleWords(titles)).toHaveLength(MAX_TITLE_WORDS);
  });
});
