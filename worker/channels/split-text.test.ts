import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitTail, splitText } from "./split-text.js";

/** Asserts `original` is the parts in order with only whitespace between and around them. */
function expectPartsCover(original: string, parts: string[]): void {
  let pos = 0;
  for (const part of parts) {
    const at = original.indexOf(part, pos);
    expect(at, `part not found in order: ${JSON.stringify(part.slice(0, 40))}`).toBeGreaterThanOrEqual(pos);
    expect(original.slice(pos, at).trim()).toBe("");
    pos = at + part.length;
  }
  expect(original.slice(pos).trim()).toBe("");
}

const isLoneSurrogateAtEnd = (s: string) => /[\uD800-\uDBFF]$/.test(s);
const isLoneSurrogateAtStart = (s: string) => /^[\uDC00-\uDFFF]/.test(s);

describe("splitText", () => {
  it("returns a short text as it is", () => {
    expect(splitText("Hello", 4096)).toEqual(["Hello"]);
  });

  it("returns nothing for a blank text", () => {
    expect(splitText("  \n\n ", 4096)).toEqual([]);
  });

  it("prefers a paragraph break, then a line break, then a space", () => {
    const para = `${"a".repeat(60)}\n${"b".repeat(20)}\n\n${"c".repeat(30)}`;
    expect(splitText(para, 100)).toEqual([`${"a".repeat(60)}\n${"b".repeat(20)}`, "c".repeat(30)]);
    expect(splitText(`${"a".repeat(70)}\n${"b".repeat(40)}`, 100)).toEqual(["a".repeat(70), "b".repeat(40)]);
    expect(splitText(`${"a ".repeat(60)}`, 100)[0]).toMatch(/a$/);
  });

  it("cuts a text without whitespace hard, at the limit", () => {
    expect(splitText("x".repeat(9000), 4096).map((p) => p.length)).toEqual([4096, 4096, 808]);
  });

  it("never cuts inside a surrogate pair", () => {
    const parts = splitText("😀".repeat(3000), 4096);
    expect(parts.join("")).toBe("😀".repeat(3000));
    for (const p of parts) expect(isLoneSurrogateAtEnd(p) || isLoneSurrogateAtStart(p)).toBe(false);
  });

  it("keeps every part within the limit and loses only whitespace at the cuts (property)", () => {
    const piece = fc.oneof(
      fc.string({ minLength: 1, maxLength: 30 }),
      fc.constantFrom(" ", "\n", "\n\n", "😀", "é", "\t"),
      fc.string({ unit: "grapheme", maxLength: 10 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 400 }), fc.integer({ min: 2, max: 200 }), (pieces, limit) => {
        const text = pieces.join("");
        const parts = splitText(text, limit);
        for (const p of parts) {
          expect(p.length).toBeLessThanOrEqual(limit);
          expect(p.trim()).not.toBe("");
        }
        expectPartsCover(text, parts);
      }),
      { numRuns: 300 },
    );
  });

  it("splits a 10 000-character reply into Telegram-sized parts (property, limit 4096)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("word ", "line\n", "para\n\n", "€", "x".repeat(50)), {
          minLength: 1000,
          maxLength: 2500,
        }),
        (words) => {
          const text = words.join("");
          const parts = splitText(text, 4096);
          expect(parts.every((p) => p.length <= 4096)).toBe(true);
          expect(parts.join("").replace(/\s/g, "")).toBe(text.replace(/\s/g, ""));
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe("splitTail", () => {
  it("keeps the last lines within the limit at a line break", () => {
    const text = `${"row\n".repeat(400)}Total to pay: $12.00`;
    const { head, tail } = splitTail(text, 1024);
    expect(tail.length).toBeLessThanOrEqual(1024);
    expect(tail.endsWith("Total to pay: $12.00")).toBe(true);
    expect(tail.startsWith("row")).toBe(true);
    expect((head + tail).replace(/\s/g, "")).toBe(text.replace(/\s/g, ""));
  });

  it("leaves a short text whole", () => {
    expect(splitTail("short", 1024)).toEqual({ head: "", tail: "short" });
  });

  it("fits the tail and covers the text (property)", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("a", "b", " ", "\n", "😀", "é"), maxLength: 1500 }),
        fc.integer({ min: 4, max: 400 }),
        (text, limit) => {
          const { head, tail } = splitTail(text, limit);
          expect(tail.length).toBeLessThanOrEqual(limit);
          expectPartsCover(
            text,
            [head, tail].filter((p) => p !== ""),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
