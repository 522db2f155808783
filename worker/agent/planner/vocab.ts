/**
 * The shop's words (colours, sizes, categories) prepared for token matching,
 * plus the generic colour words a shopper uses whether or not the shop has
 * them: the executor, not the planner, decides whether "blue" exists.
 */
import type { ShopVocabulary } from "../../catalog/types.js";
import type { PlannerContext } from "./port.js";
import { isWord, tokenize } from "./tokens.js";
import { typoIndex, type TypoIndex } from "./typos.js";

export interface VocabEntry {
  readonly tokens: readonly string[];
  readonly value: string;
}

export interface VocabIndex {
  /** Longest first, so "sky blue" wins over "blue". */
  readonly colors: readonly VocabEntry[];
  /** Upper-case size labels. */
  readonly sizes: ReadonlySet<string>;
  readonly categories: readonly VocabEntry[];
  /** The shop's words for typo correction (typos.ts). */
  readonly typos: TypoIndex;
  /** Singulars of catalog title words; empty when the vocabulary has none. */
  readonly titles: ReadonlySet<string>;
}

/** What every rule receives: the vocabulary index and the shop currency. */
export interface RulesContext {
  readonly currency: string;
  readonly vocab: VocabIndex;
}

export const GENERIC_COLORS = [
  "blue",
  "red",
  "green",
  "black",
  "white",
  "pink",
  "grey",
  "gray",
  "beige",
  "yellow",
  "purple",
  "orange",
  "brown",
];

function list(xs: unknown): string[] {
  return Array.isArray(xs) ? xs.filter((x): x is string => typeof x === "string" && x.length <= 100) : [];
}

function entries(values: readonly string[]): VocabEntry[] {
  const out: VocabEntry[] = [];
  for (const v of values) {
    const tokens = tokenize(v).filter(isWord);
    if (tokens.length > 0) out.push({ tokens, value: v.trim().toLowerCase() });
  }
  return out;
}

function build(vocabulary: ShopVocabulary): VocabIndex {
  const shop = entries(list(vocabulary.colors));
  const known = new Set(shop.map((e) => e.value));
  // "gray" and "grey" are one colour: answer in the spelling the shop uses.
  const spelling = (c: string) =>
    c === "gray" && known.has("grey") ? "grey" : c === "grey" && known.has("gray") ? "gray" : c;
  const generic = GENERIC_COLORS.filter((c) => !known.has(c)).map((c) => ({ tokens: [c], value: spelling(c) }));
  const colors = [...shop, ...generic].sort((a, b) => b.tokens.length - a.tokens.length);
  const sizes = new Set<string>();
  for (const s of list(vocabulary.sizes)) {
    const tokens = tokenize(s).filter(isWord);
    if (tokens.length === 1) sizes.add(tokens[0]!.toUpperCase());
  }
  const categories = entries(list(vocabulary.categories));
  return { colors, sizes, categories, ...typosFor(vocabulary, colors, categories) };
}

/** Size words a shopper spells out ("medum"), besides the shop's own labels. */
const SIZE_WORDS = ["small", "medium", "large"];

/**
 * The typo index is a few hundred words: built once per vocabulary (keyed on
 * its title-word array, checked against the other words so a changed
 * vocabulary never reads a stale index).
 */
const typoCache = new WeakMap<readonly string[], { key: string; words: TitleIndexes }>();

type TitleIndexes = Pick<VocabIndex, "typos" | "titles">;

function typosFor(
  vocabulary: ShopVocabulary,
  colors: readonly VocabEntry[],
  categories: readonly VocabEntry[],
): TitleIndexes {
  const titles = Array.isArray(vocabulary.words) ? vocabulary.words : [];
  const sizes = list(vocabulary.sizes).map((s) => s.toLowerCase());
  const own = [...colors.flatMap((c) => c.tokens), ...categories.flatMap((c) => c.tokens), ...sizes, ...SIZE_WORDS];
  const key = `${titles.length}|${own.join(" ")}`;
  const hit = typoCache.get(titles);
  if (hit && hit.key === key) return hit.words;
  const words = { typos: typoIndex([...own, ...list(titles)]), titles: new Set(list(titles).map(singular)) };
  if (titles.length > 0) typoCache.set(titles, { key, words });
  return words;
}

/**
 * Built per message, not cached: a few dozen short entries cost microseconds,
 * and a cache keyed on the vocabulary object would go stale if a caller
 * mutated its arrays.
 */
export function rulesContext(context: PlannerContext): RulesContext {
  const vocabulary = (context?.vocabulary ?? {}) as ShopVocabulary;
  const currency = typeof context?.currency === "string" ? context.currency.toUpperCase() : "USD";
  return { currency, vocab: build(vocabulary) };
}

/** Words whose plural is the same word, or that are never used in the singular. */
const NO_SINGULAR = new Set([
  "jeans",
  "pants",
  "trousers",
  "shorts",
  "leggings",
  "tights",
  "glasses",
  "sunglasses",
  "clothes",
  "headphones",
  "earphones",
  "earbuds",
  "scissors",
  "pyjamas",
  "pajamas",
  "news",
  "series",
  "species",
  "goggles",
  "overalls",
  "boxers",
  "briefs",
  "slacks",
  "binoculars",
  "electronics",
  "cosmetics",
  "jeans",
  "sweats",
  "chinos",
  "joggers",
  "pliers",
  "tongs",
  "this",
  "his",
  "yes",
  "gas",
  "plus",
  "bus",
  "lens",
]);

/** -ves plurals whose singular ends in f / fe ("gloves", "sleeves" just lose the s). */
const F_PLURALS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    knives: "knife",
    shelves: "shelf",
    scarves: "scarf",
    leaves: "leaf",
    loaves: "loaf",
    halves: "half",
    wives: "wife",
  }),
);

/**
 * "teas" → "tea", "dresses" → "dress", "berries" → "berry". Only the simple
 * English rules: a wrong singular costs nothing (the search index stems),
 * a missing one just keeps the shopper's word.
 */
export function singular(word: string): string {
  const dash = word.lastIndexOf("-");
  if (dash > 0) return word.slice(0, dash + 1) + singular(word.slice(dash + 1)); // "t-shirts" → "t-shirt"
  if (word.length <= 3 || NO_SINGULAR.has(word) || !/^[a-z]+$/.test(word)) return word;
  const f = F_PLURALS.get(word);
  if (f) return f;
  if (word.endsWith("ies")) return word.slice(0, -3) + "y";
  if (/(ss|sh|ch|x|zz)es$/.test(word)) return word.slice(0, -2);
  if (/[^sui]s$/.test(word)) return word.slice(0, -1);
  return word;
}

/** The category named by `tokens` at `at` (singular or plural), or null. */
export function categoryAt(tokens: readonly string[], at: number, vocab: VocabIndex): VocabEntry | null {
  for (const c of vocab.categories) {
    const ok = c.tokens.every((w, k) => {
      const t = tokens[at + k];
      return t !== undefined && (t === w || singular(t) === singular(w));
    });
    if (ok) return c;
  }
  return null;
}
