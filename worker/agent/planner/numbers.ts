/**
 * Counts ("2", "two", "a couple of") and list positions ("second", "3rd",
 * "#3"). Digits are read as strings and capped in length, so a quantity is
 * always a safe integer and never NaN; bounds (max per line) are the
 * executor's job, not ours.
 */

/** Longer digit runs are not read as a number at all (the clause becomes unknown). */
export const MAX_DIGITS = 9;

/** "one" … "ten", shared by every reading of a spelled-out count or amount (spread into a Map, never looked up). */
export const ONE_TO_TEN = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
} as const;

// Maps, not object literals: a plain object would answer "constructor" with a function.
const WORDS: ReadonlyMap<string, number> = new Map(
  Object.entries({
    zero: 0,
    ...ONE_TO_TEN,
    eleven: 11,
    twelve: 12,
    twenty: 20,
    dozen: 12,
    twice: 2,
  }),
);

const ORDINALS: ReadonlyMap<string, number> = new Map(
  Object.entries({
    first: 1,
    second: 2,
    third: 3,
    fourth: 4,
    fifth: 5,
    sixth: 6,
    seventh: 7,
    eighth: 8,
    ninth: 9,
    tenth: 10,
    eleventh: 11,
    twelfth: 12,
  }),
);

/** Words that introduce a list position: "number 3", "item 3", "option 3". */
const POSITION_NOUNS = new Set(["number", "item", "option", "result", "product", "choice", "no"]);

export interface Count {
  readonly value: number;
  /** How many tokens the count used. */
  readonly length: number;
}

/** "invalid" = looks like a number but is not one we accept (too many digits). */
export type CountResult = Count | "invalid" | null;

function digits(t: string | undefined): number | "invalid" | null {
  if (t === undefined || !/^\d+$/.test(t)) return null;
  return t.length > MAX_DIGITS ? "invalid" : Number(t);
}

/** A count at `at`: "3", "three", "a couple of", "a dozen", "half a dozen", "2 dozen", "x3", "3x". */
export function parseCount(tokens: readonly string[], at = 0): CountResult {
  const t = tokens[at];
  if (t === undefined) return null;
  const p = (n: number) => (w: string) => tokens[at + n] === w;
  if (t === "half" && p(1)("a") && p(2)("dozen")) return { value: 6, length: 3 };
  if ((t === "a" || t === "one") && p(1)("dozen")) return { value: 12, length: 2 };
  if ((t === "a" && p(1)("couple")) || t === "couple") {
    const length = t === "a" ? 2 : 1;
    return { value: 2, length: p(length)("of") ? length + 1 : length };
  }
  const xy = /^x(\d+)$/.exec(t) ?? /^(\d+)x$/.exec(t);
  if (xy) return wrap(digits(xy[1]), 1);
  if (t === "x" && tokens[at + 1] !== undefined) return wrap(digits(tokens[at + 1]), 2);
  const n = digits(t) ?? WORDS.get(t) ?? null;
  if (n === null || n === "invalid") return n;
  if (p(1)("dozen") && t !== "dozen") return { value: n * 12, length: 2 };
  return { value: n, length: 1 };
}

function wrap(n: number | "invalid" | null, length: number): CountResult {
  return n === null || n === "invalid" ? n : { value: n, length };
}

/**
 * A 1-based list position at `at`: "second", "2nd", "number 2", "#2" (the
 * tokenizer turns "#" into "number"), and a bare "2" only when the caller
 * says a bare number means a position ("tell me more about 2").
 */
export function parseOrdinal(tokens: readonly string[], at: number, allowBare: boolean): Count | null {
  const t = tokens[at];
  if (t === undefined) return null;
  const word = ORDINALS.get(t);
  if (word !== undefined) return { value: word, length: 1 };
  const suffixed = /^(\d{1,3})(st|nd|rd|th)$/.exec(t);
  if (suffixed) return positive(Number(suffixed[1]), 1);
  if (POSITION_NOUNS.has(t) && /^\d{1,3}$/.test(tokens[at + 1] ?? "")) return positive(Number(tokens[at + 1]), 2);
  if (allowBare && /^\d{1,3}$/.test(t)) return positive(Number(t), 1);
  return null;
}

function positive(value: number, length: number): Count | null {
  return value >= 1 ? { value, length } : null;
}
