/**
 * "a blue dress under $40 in size M" → search { query: "dress", filters }.
 * Filters are taken out of the words first (price, size, colour); what is
 * left, minus filler, is the query. The category filter is set whenever a
 * shop category word appears; the query keeps the product words.
 */
import type { Action, SearchFilters } from "../actions.js";
import { NOISE, NOT_PRODUCTS, SENTENCE_WORDS } from "./lexicon.js";
import { findMaxPrice, findMinPrice } from "./money-words.js";
import { findColors, findExcludedColors, findSizes } from "./options.js";
import { findPhrase, hasPhrase, isMeaningful, isWord, phrases, stripLeading, stripTrailing } from "./tokens.js";
import { categoryAt, singular, type RulesContext } from "./vocab.js";

/** Words that are never part of a product query, wherever they are. */
const FILLER = new Set([
  "maybe",
  "perhaps",
  "a",
  "an",
  "the",
  "some",
  "any",
  "something",
  "anything",
  "stuff",
  "things",
  "thing",
  "item",
  "items",
  "product",
  "products",
  "one",
  "ones",
  "color",
  "size",
  "sized",
  "please",
  "me",
  "your",
  "you",
  "cheap",
  "nice",
  "good",
  "new",
  "available",
  "options",
  "kind",
  "kinds",
  "type",
  "types",
  "all",
  "every",
  "more",
  "priced",
  "need",
  "whats",
  "what",
  "s",
  "is",
  "please",
  "nothing",
  "hi",
  "hey",
]);
/** Glue words dropped only at the ends ("dress in stock", "for a gift" keeps "for" inside). */
const EDGES = phrases(
  "for",
  "with",
  "that",
  "is",
  "are",
  "in",
  "of",
  "and",
  "or",
  "to",
  "which",
  "there",
  "do",
  "have",
  "sell",
  "carry",
  "got",
  "in stock",
  "do you have",
  "do you sell",
  "do you carry",
  "have you got",
  "for me",
  "at",
  "on",
  "that are",
  "that is",
  "what",
  "of",
  "kind of",
  "type of",
  "from",
);
/** Words asking for the cheap end of the range: a sort, never search words. */
const CHEAP_WORDS = phrases(
  "cheapest",
  "cheap",
  "affordable",
  "inexpensive",
  "budget",
  "not too expensive",
  "not expensive",
  "low cost",
  "low price",
  "least expensive",
  "lowest price",
  "cheaper",
  "bargain",
  "priced low",
  "lowest priced",
  "low priced",
);

function isCategoryWord(word: string, category: string): boolean {
  return category.split(" ").some((c) => singular(c) === singular(word));
}

/** A cheap word anywhere ("what's the cheapest smartphone"). */
export function hasCheapWord(tokens: readonly string[]): boolean {
  return hasPhrase(tokens, CHEAP_WORDS);
}

/** A query this long is a sentence, not a product; the clause is unknown. */
const MAX_QUERY_WORDS = 8;

/** Who or what a thing is for ("for my mum", "for a wedding"): not in any product's words. */
const PURPOSES = new Set([
  "wedding",
  "party",
  "birthday",
  "anniversary",
  "christmas",
  "xmas",
  "holiday",
  "date",
  "interview",
  "office",
  "mum",
  "mom",
  "mother",
  "dad",
  "father",
  "parent",
  "wife",
  "husband",
  "girlfriend",
  "boyfriend",
  "partner",
  "friend",
  "sister",
  "brother",
  "son",
  "daughter",
  "kid",
  "baby",
  "grandma",
  "grandpa",
  "grandmother",
  "grandfather",
  "boss",
  "colleague",
  "teacher",
]);
const PURPOSE_GLUE = new Set(["a", "an", "the", "my", "our", "his", "her", "their"]);
const GIFT_WORDS = new Set(["gift", "gifts", "present", "presents"]);

/** Marks "for (my|a|…) <purpose>" as read, so the words looked for are the product's. */
function markPurpose(words: readonly string[], used: boolean[]): void {
  for (let k = 0; k < words.length; k++) {
    if (words[k] !== "for" || used[k]) continue;
    let j = PURPOSE_GLUE.has(words[k + 1] ?? "") ? k + 2 : k + 1;
    if (j >= words.length || !PURPOSES.has(singular(words[j]!))) continue;
    // "for my sister's wedding": the whole chain of purposes.
    while (j + 1 < words.length && PURPOSES.has(singular(words[j + 1]!))) j++;
    for (let i = k; i <= j; i++) used[i] = true;
  }
}

export function parseSearch(tokens: readonly string[], ctx: RulesContext): Action | null {
  const words = tokens.filter(isMeaningful);
  const used = words.map(() => false);
  const filters: { -readonly [K in keyof SearchFilters]: SearchFilters[K] } = {};

  const floor = findMinPrice(words, ctx.currency);
  let price = findMaxPrice(words, ctx.currency);
  // "over $100": the amount is the floor's, not a ceiling; look for a ceiling elsewhere.
  if (floor && price && price.amount === floor.amount) {
    price = findMaxPrice(
      words.map((w, k) => (k >= floor.start && k < Math.max(floor.end, price!.end) ? "" : w)),
      ctx.currency,
    );
  }
  if (price) {
    for (let k = price.start; k < price.end; k++) used[k] = true;
    if (price.amount !== null) filters.maxPrice = price.amount;
  }
  if (floor) {
    for (let k = floor.start; k < floor.end; k++) used[k] = true;
    if (floor.amount !== null && (filters.maxPrice === undefined || floor.amount <= filters.maxPrice))
      filters.minPrice = floor.amount;
  }
  // "no pink", "anything but white": ruled-out colours, taken before the colour filter can read them.
  const excluded = findExcludedColors(words, ctx.vocab, used);
  if (excluded.length) filters.excludeColors = excluded;
  const cheap = findPhrase(
    words.map((w, k) => (used[k] ? "" : w)),
    CHEAP_WORDS,
  );
  if (cheap) {
    for (let k = cheap.at; k < cheap.at + cheap.length; k++) used[k] = true;
    filters.sort = "price_asc";
  }
  const sizes = new Set(findSizes(words, ctx.vocab, used, false).map((s) => s.value));
  if (sizes.size === 1) filters.size = [...sizes][0]!;
  // Two colours ("black and white dress") describe the product, not one variant: keep the words.
  const trial = [...used];
  const colors = new Set(findColors(words, ctx.vocab, trial).map((s) => s.value));
  if (colors.size === 1) {
    filters.color = [...colors][0]!;
    trial.forEach((u, k) => (used[k] = u));
  }

  markPurpose(words, used);
  let rest = words.filter((w, k) => !used[k] && isWord(w) && !NOISE.has(w));
  rest = rest.filter((w) => !FILLER.has(w));
  // "a gift, maybe a scarf": the scarf is what is looked for; a gift alone is still searched.
  if (rest.some((w) => !GIFT_WORDS.has(w))) rest = rest.filter((w) => !GIFT_WORDS.has(w));
  rest = stripTrailing(stripLeading(rest, EDGES), EDGES);
  if (rest.length > MAX_QUERY_WORDS || rest.some((w) => NOT_PRODUCTS.has(w) || SENTENCE_WORDS.has(w))) return null;
  for (let k = 0; k < rest.length && filters.category === undefined; k++) {
    const c = categoryAt(rest, k, ctx.vocab);
    if (c) filters.category = c.value;
  }
  // "groceries under $3": a category no product is named after is only the filter, not search words.
  if (
    filters.category !== undefined &&
    ctx.vocab.titles.size > 0 &&
    rest.length > 0 &&
    rest.every((w) => isCategoryWord(w, filters.category!) && !ctx.vocab.titles.has(singular(w)))
  )
    rest = [];
  const last = rest.length - 1;
  const query = rest.map((w, k) => (k === last ? singular(w) : w)).join(" ");
  if (query === "" && Object.keys(filters).length === 0) return null;
  return { type: "search", query, filters };
}
