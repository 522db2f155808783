/**
 * "under $40", "below 39.99", "less than 40 bucks" → a maximum price in
 * minor units. The amount is built from the digit strings ("39" + "99"),
 * never with float maths, so 39.99 is exactly 3999 and never 3998.9999.
 */
import { ONE_TO_TEN } from "./numbers.js";
import { matchAt, phrases, startsWith } from "./tokens.js";

/** Currencies without minor units or with three; everything else has two (ISO 4217). */
const ZERO_DECIMALS = new Set([
  "BIF",
  "CLP",
  "DJF",
  "GNF",
  "ISK",
  "JPY",
  "KMF",
  "KRW",
  "PYG",
  "RWF",
  "UGX",
  "UYI",
  "VND",
  "VUV",
  "XAF",
  "XOF",
  "XPF",
]);
const THREE_DECIMALS = new Set(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"]);

export function minorUnitDigits(currency: string): number {
  const c = currency.toUpperCase();
  return ZERO_DECIMALS.has(c) ? 0 : THREE_DECIMALS.has(c) ? 3 : 2;
}

const DOLLARS = ["USD", "CAD", "AUD", "NZD", "SGD", "HKD", "TWD", "MXN"];
/** Signs and words, with the currencies they can mean. "cents" is handled apart: it is already minor units. */
const MARKS: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries({
    $: DOLLARS,
    dollar: DOLLARS,
    dollars: DOLLARS,
    buck: DOLLARS,
    bucks: DOLLARS,
    "€": ["EUR"],
    euro: ["EUR"],
    euros: ["EUR"],
    "£": ["GBP"],
    pound: ["GBP"],
    pounds: ["GBP"],
    quid: ["GBP"],
    "¥": ["JPY", "CNY"],
    yen: ["JPY"],
    usd: ["USD"],
    eur: ["EUR"],
    gbp: ["GBP"],
    jpy: ["JPY"],
    cad: ["CAD"],
    aud: ["AUD"],
  }),
);
/**
 * Slang a shopper uses for "money" whatever the shop's currency ("30 quid",
 * "50 bucks" in a euro shop): read as the shop's own unit, since nobody means
 * to be converted. The exact names ("dollars", "£") keep their currency.
 */
const SLANG = new Set(["quid", "bucks", "buck"]);
/** "a tenner", "a fiver": an amount and its unit in one word. */
const NOTES: ReadonlyMap<string, string> = new Map(
  Object.entries({ tenner: "10", fiver: "5", tenners: "10", fivers: "5" }),
);

const UNITS_WORDS: ReadonlyMap<string, number> = new Map(
  Object.entries({
    ...ONE_TO_TEN,
    eleven: 11,
    twelve: 12,
    thirteen: 13,
    fourteen: 14,
    fifteen: 15,
    sixteen: 16,
    seventeen: 17,
    eighteen: 18,
    nineteen: 19,
  }),
);
const TENS_WORDS: ReadonlyMap<string, number> = new Map(
  Object.entries({
    twenty: 20,
    thirty: 30,
    forty: 40,
    fifty: 50,
    sixty: 60,
    seventy: 70,
    eighty: 80,
    ninety: 90,
  }),
);

/**
 * A spelled-out whole amount at `at`: "fifty", "twenty five", "a hundred",
 * "two hundred and fifty". Returns the digits and the tokens used.
 */
export function spelledNumber(tokens: readonly string[], at: number): { numeral: string; length: number } | null {
  let i = at;
  let value = 0;
  const first = tokens[i] ?? "";
  if ((first === "a" || UNITS_WORDS.has(first)) && tokens[i + 1] === "hundred") {
    value = (UNITS_WORDS.get(first) ?? 1) * 100;
    i += 2;
    if (tokens[i] === "and" && (TENS_WORDS.has(tokens[i + 1] ?? "") || UNITS_WORDS.has(tokens[i + 1] ?? ""))) i += 1;
  }
  const tens = TENS_WORDS.get(tokens[i] ?? "");
  if (tens !== undefined) {
    value += tens;
    i += 1;
    const unit = UNITS_WORDS.get(tokens[i] ?? "");
    if (unit !== undefined && unit < 10) {
      value += unit;
      i += 1;
    }
  } else {
    const unit = UNITS_WORDS.get(tokens[i] ?? "");
    if (unit !== undefined) {
      value += unit;
      i += 1;
    }
  }
  return i > at ? { numeral: String(value), length: i - at } : null;
}

/** Words that make the next amount a ceiling. */
const CEILINGS = phrases(
  "under",
  "below",
  "beneath",
  "less than",
  "lower than",
  "cheaper than",
  "no more than",
  "not more than",
  "not over",
  "at most",
  "max",
  "maximum",
  "up to",
  "upto",
  "within",
  "budget",
  "budget of",
  "budget is",
  "max price",
  "max price of",
  "maximum price",
  "maximum price of",
  "for under",
  "for less than",
  "priced under",
  "price under",
  "costing under",
  "costing less than",
  "that costs less than",
  "nothing over",
  "nothing above",
  "nothing more than",
  "no higher than",
  "not above",
);

export interface PriceMatch {
  /** Minor units, or null when the words named a price in another currency (we drop it, never convert). */
  readonly amount: number | null;
  readonly start: number;
  readonly end: number;
}

/** "39.99" → 3999 for two decimals; extra decimals are cut (a ceiling of 39.999 admits 39.99, not 40.00). */
export function toMinorUnits(numeral: string, decimals: number): number | null {
  const m = /^(\d{1,12})(?:\.(\d+))?$/.exec(numeral);
  if (!m) return null;
  const fraction = (m[2] ?? "").padEnd(decimals, "0").slice(0, decimals);
  return Number(m[1]! + fraction);
}

/** An amount at `at`: [sign] number [word]; `needsMark` = a bare number is not money here. */
function amountAt(tokens: readonly string[], at: number, currency: string, needsMark: boolean): PriceMatch | null {
  let i = at;
  const note = NOTES.get(tokens[i] === "a" ? (tokens[i + 1] ?? "") : (tokens[i] ?? ""));
  if (note !== undefined) {
    const end = tokens[i] === "a" ? i + 2 : i + 1;
    return { amount: toMinorUnits(note, minorUnitDigits(currency)), start: at, end };
  }
  let marks: readonly string[] | undefined = markOf(tokens[i], currency);
  if (marks) i += 1;
  let numeral = tokens[i];
  let length = 1;
  if (numeral === undefined) return null;
  let spelledOut = false;
  if (!/^\d/.test(numeral)) {
    const spelled = spelledNumber(tokens, i);
    if (!spelled) return null;
    numeral = spelled.numeral;
    length = spelled.length;
    spelledOut = true;
  }
  i += length;
  const after = tokens[i] ?? "";
  const cents = after === "cents" || after === "cent";
  // "$20 $40": a sign after a signed amount starts the next amount.
  const wordMarks = marks
    ? undefined
    : (markOf(after, currency) ??
      (/^[a-z]{3}$/.test(after) && after.toUpperCase() === currency ? [currency] : undefined));
  if (wordMarks || cents) i += 1;
  marks = marks ?? wordMarks;
  if (needsMark && !marks && !cents) return null;
  // "under one", "below two": a small number word on its own is a count or a
  // pronoun far more often than a price, so it needs "dollars", "bucks", "$"….
  if (spelledOut && !marks && !cents && Number(numeral) < 10) return null;
  const decimals = cents ? 0 : minorUnitDigits(currency);
  const value = toMinorUnits(numeral, decimals);
  if (value === null) return null;
  const sameCurrency = marks === undefined || marks.includes(currency);
  return { amount: sameCurrency && !(cents && minorUnitDigits(currency) !== 2) ? value : null, start: at, end: i };
}

function markOf(token: string | undefined, currency: string): readonly string[] | undefined {
  if (token === undefined) return undefined;
  return SLANG.has(token) ? [currency] : MARKS.get(token);
}

/**
 * The first ceiling in `tokens`: "under 40", "$40", "40 dollars",
 * "between 20 and 40" (the upper bound), "20-40". A bare number without a
 * ceiling word or currency is not a price ("size 38", "2 teas").
 */
export function findMaxPrice(tokens: readonly string[], currency: string): PriceMatch | null {
  const m = firstCeiling(tokens, currency);
  // "a fiver or less", "50 dollars max": the words after the amount belong to it.
  return m ? { ...m, end: m.end + matchAt(tokens, AFTER_CEILING, m.end) } : null;
}

const AFTER_CEILING = phrases(
  "or less",
  "or under",
  "or below",
  "or cheaper",
  "max",
  "maximum",
  "at most",
  "at the most",
);

function firstCeiling(tokens: readonly string[], currency: string): PriceMatch | null {
  const code = currency.toUpperCase();
  for (let i = 0; i < tokens.length; i++) {
    const ceiling = CEILINGS.find((p) => startsWith(tokens, p, i));
    if (ceiling) {
      const m = amountAt(tokens, i + ceiling.length, code, false);
      if (m) return { ...m, start: i };
    }
    if (tokens[i] === "between" || tokens[i] === "from") {
      const low = amountAt(tokens, i + 1, code, false);
      const joint = low ? tokens[low.end] : undefined;
      const high = low && (joint === "and" || joint === "to") ? amountAt(tokens, low.end + 1, code, false) : null;
      if (high) return { ...high, start: i };
    }
    const range = /^\d+(?:\.\d+)?-(\d+(?:\.\d+)?)$/.exec(tokens[i] ?? "");
    const before = MARKS.get(tokens[i - 1] ?? "");
    const after = MARKS.get(tokens[i + 1] ?? "");
    if (range && (before || after)) {
      // "$20-40", "20-40 dollars": the upper end is the ceiling.
      const value = toMinorUnits(range[1]!, minorUnitDigits(code));
      if (value !== null) {
        const amount = (before ?? after)!.includes(code) ? value : null;
        return { amount, start: before ? i - 1 : i, end: after ? i + 2 : i + 1 };
      }
    }
    const plain = amountAt(tokens, i, code, true);
    if (plain) {
      // "$20 to $40", "$20-$40" (the tokenizer drops the dash): the upper end.
      const gap = tokens[plain.end] === "to" ? 1 : 0;
      const upper = amountAt(tokens, plain.end + gap, code, true);
      return upper ? { ...upper, start: plain.start } : plain;
    }
  }
  return null;
}

/** Words that make the next amount a floor. "nothing over" / "not over" are ceilings (CEILINGS). */
const FLOORS = phrases(
  "over",
  "above",
  "more than",
  "at least",
  "starting at",
  "starting from",
  "min",
  "minimum",
  "no less than",
  "not less than",
  "upwards of",
  "from",
);
const NOT_FLOOR_BEFORE = new Set(["nothing", "not", "no"]);

/**
 * The first floor in `tokens`: "over $100", "at least 60", and the lower end
 * of a range: "between 20 and 35", "from 50 to 150", "$20-$40", "20 to 40 dollars".
 */
export function findMinPrice(tokens: readonly string[], currency: string): PriceMatch | null {
  const code = currency.toUpperCase();
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] === "between") {
      const low = amountAt(tokens, i + 1, code, false);
      if (low && (tokens[low.end] === "and" || tokens[low.end] === "to")) return { ...low, start: i, end: low.end + 1 };
    }
    const floor = FLOORS.find((p) => startsWith(tokens, p, i));
    if (floor && !NOT_FLOOR_BEFORE.has(tokens[i - 1] ?? "")) {
      const m = amountAt(tokens, i + floor.length, code, false);
      if (m) return { ...m, start: i, end: tokens[m.end] === "to" || tokens[m.end] === "and" ? m.end + 1 : m.end };
    }
    const range = /^(\d+(?:\.\d+)?)-\d+(?:\.\d+)?$/.exec(tokens[i] ?? "");
    if (range && (MARKS.has(tokens[i - 1] ?? "") || MARKS.has(tokens[i + 1] ?? ""))) {
      const value = toMinorUnits(range[1]!, minorUnitDigits(code));
      if (value !== null) return { amount: value, start: i, end: i };
    }
    // "$20 to $40", "$20-$40", "20 to 40 dollars": the lower end, when an upper one follows.
    const low = amountAt(tokens, i, code, false);
    if ((low && /^\d/.test(tokens[i] ?? tokens[i + 1] ?? "")) || (low && MARKS.has(tokens[i] ?? ""))) {
      const gap = tokens[low!.end] === "to" ? 1 : 0;
      const upper = amountAt(tokens, low!.end + gap, code, true);
      if (upper && (gap === 1 || MARKS.has(tokens[low!.end] ?? "")) && (MARKS.has(tokens[i] ?? "") || gap === 1)) {
        return { ...low!, end: low!.end + gap };
      }
    }
  }
  return null;
}
