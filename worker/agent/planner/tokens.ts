/**
 * Raw chat text → lower-case word tokens. Every rule downstream matches on
 * tokens, never on the raw string, so emoji, odd punctuation, capitals and
 * extra spaces cannot change a decision. Sentence marks survive as "." and
 * "," tokens because clause splitting needs them.
 */

/** Longest message the rules planner reads; anything longer is "unknown". */
export const MAX_TEXT_LENGTH = 2000;

/** Hard boundary (. ! ? ; newline) and soft boundary (,) tokens. */
export const STOP = ".";
export const COMMA = ",";

// A word may carry inner "-" / "_" (SKUs, codes, "t-shirt") and a decimal
// part ("39.99"). Currency signs and "#" are tokens of their own; "&" / "+"
// become "and" so "black & white" reads like "black and white".
const TOKEN = /[$€£¥#&+×]|[\p{L}\p{N}\p{M}]+(?:[_-][\p{L}\p{N}\p{M}]+|\.\p{Nd}+)*|[.!?;,\n]/gu;

/** Single tokens rewritten to a canonical one (a Map: an object would answer "constructor"). */
const SAME_AS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    "&": "and",
    "+": "and",
    "×": "x",
    "x-large": "xl",
    "extra-large": "xl",
    "x-small": "xs",
    "extra-small": "xs",
    "xx-large": "xxl",
    "2xl": "xxl",
    "3xl": "xxxl",
    // Chat shorthand: "do u have", "is it ur cheapest".
    u: "you",
    ur: "your",
    pls: "please",
    plz: "please",
    pleas: "please",
    colour: "color",
    coloured: "color",
    colored: "color",
    colours: "colors",
  }),
);

/** Two- and three-token spellings of one token. */
const JOIN: readonly (readonly [readonly string[], string])[] = [
  [["extra", "extra", "large"], "xxl"],
  [["extra", "large"], "xl"],
  [["x", "large"], "xl"],
  [["xx", "large"], "xxl"],
  [["extra", "small"], "xs"],
  [["x", "small"], "xs"],
];

/** Units glued to a number so "500 ml" reads as the size label "500ml". "l" is left out: "1 L" is a quantity and a size. */
const UNITS = new Set(["ml", "cl", "kg", "g", "gb", "tb", "mb", "oz", "lb", "lbs", "mm", "cm"]);

export function tokenize(text: string): string[] {
  const prepared = text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/['’‘`´]/g, "") // what's → whats, i'll → ill: contractions become one word
    .replace(/(\d),(?=\d{3}(?!\d))/g, "$1"); // 1,299 → 1299 (a comma between digits is a thousands mark)
  const raw: string[] = [];
  for (const m of prepared.matchAll(TOKEN)) {
    const t = m[0];
    raw.push(/^[.!?;\n]$/.test(t) ? STOP : (SAME_AS.get(t) ?? t));
  }
  return rewrite(raw);
}

function rewrite(raw: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const t = raw[i]!;
    const next = raw[i + 1];
    const joined = JOIN.find(([words]) => words.every((w, k) => raw[i + k] === w));
    if (joined) {
      out.push(joined[1]);
      i += joined[0].length - 1;
    } else if (next !== undefined && /^\d+(\.\d+)?$/.test(t) && UNITS.has(next)) {
      out.push(t + next);
      i += 1;
    } else if ((t === "#" || t === "nr" || t === "num") && next !== undefined && /^\d+$/.test(next)) {
      out.push("number"); // "#3" → "number 3"
    } else if (t === "no" && next === STOP && /^\d+$/.test(raw[i + 2] ?? "")) {
      out.push("number"); // "no. 3": the dot is not a sentence end
      i += 1;
    } else if (t !== "#") {
      out.push(t);
    }
  }
  return out;
}

// ---- phrase helpers: phrases are token arrays, lists are sorted longest first ----

export type Phrase = readonly string[];

export function phrases(...texts: string[]): Phrase[] {
  return texts.map((t) => t.split(" ")).sort((a, b) => b.length - a.length);
}

export function startsWith(tokens: readonly string[], phrase: Phrase, at = 0): boolean {
  return phrase.every((w, k) => tokens[at + k] === w);
}

/** Length of the longest phrase of `list` found at `at`, 0 if none. */
export function matchAt(tokens: readonly string[], list: readonly Phrase[], at = 0): number {
  for (const p of list) if (p.length > 0 && startsWith(tokens, p, at)) return p.length;
  return 0;
}

/** Index of the first occurrence of any phrase, with its length. */
export function findPhrase(tokens: readonly string[], list: readonly Phrase[]): { at: number; length: number } | null {
  for (let i = 0; i < tokens.length; i++) {
    const length = matchAt(tokens, list, i);
    if (length > 0) return { at: i, length };
  }
  return null;
}

/** Whether any phrase of `list` occurs anywhere in the tokens. */
export function hasPhrase(tokens: readonly string[], list: readonly Phrase[]): boolean {
  return findPhrase(tokens, list) !== null;
}

/** Drops phrases of `list` from the start, repeatedly. */
export function stripLeading(tokens: readonly string[], list: readonly Phrase[]): string[] {
  let i = 0;
  for (let n = matchAt(tokens, list, i); n > 0; n = matchAt(tokens, list, i)) i += n;
  return tokens.slice(i);
}

/** Drops phrases of `list` from the end, repeatedly. */
export function stripTrailing(tokens: readonly string[], list: readonly Phrase[]): string[] {
  let end = tokens.length;
  for (;;) {
    const p = list.find((q) => q.length > 0 && q.length <= end && startsWith(tokens, q, end - q.length));
    if (!p) return tokens.slice(0, end);
    end -= p.length;
  }
}

/** A token that can be part of a product name (not a sign or a boundary). */
export function isWord(t: string): boolean {
  return /[\p{L}\p{N}]/u.test(t);
}

/** A token worth keeping in a clause: a word or a currency sign ("$40"). */
export function isMeaningful(t: string): boolean {
  return isWord(t) || t === "$" || t === "€" || t === "£" || t === "¥";
}
