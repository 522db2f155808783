/**
 * Typo-tolerant words: a token the planner does not know ("jackt",
 * "navvy", "medum") is replaced by the one shop word (colour, size word,
 * category, catalog title word) within a small Damerau–Levenshtein distance.
 *
 * Edit distance against the vocabulary rather than FTS5's trigram tokenizer:
 * the planner must read the colour and size words too (they become filters,
 * not search text), it runs without the database, and the vocabulary is a
 * few hundred words, so a bounded distance over words of similar length is
 * microseconds.
 *
 * Only unknown words are touched: a word of the planner's own lexicon or of
 * everyday English ("said", "late", "take") is never "corrected" into a
 * product word, and a message about a code or a SKU is left as typed
 * (codes only as typed). Ambiguity corrects nothing.
 */
import * as lexicon from "./lexicon.js";
import { ORDER_PERIOD_WORDS, ORDER_QUESTION_WORDS } from "./intent-orders.js";
import { singular } from "./vocab.js";

/** Shorter tokens are too easily another word ("red" / "bed"). */
const MIN_LENGTH = 4;
/** Distinct words looked up per message at most. */
const MAX_LOOKUPS = 12;
/** From this length a token may be two edits away ("headphnes" is one, "hedphnes" two). */
const TWO_EDITS_FROM = 8;

/**
 * Everyday words a shopper types that are not in the lexicon. Kept to words
 * within an edit or two of some catalog word, and to the words of chat.
 */
const EVERYDAY = words(`
about above after again also always amount another answer anything anyway around asked back bad bag bags
been before being best better between big bill bit black blue both bought box boxes brand bring brown busy
but buy call came can cant card care case cash cheers code color come comes cost costs could cute dark
date day days deal dear does doing done dont down each else even ever every exactly fast fine first five
fixed for four free friend from full gift girl give given glad goes going gone good got great had half
hand hang happy hard has hate have having head hear help here hers high him his hold home hope hot how
idea into isnt item its just keep kind knew know large last late later least left less lets like line
list little live long look looks lost lot love made make many mate maybe mean means mine miss mom month
more most much must name near need needs never next nice none nope not note now number off okay old once
one only open order other ours out over own paid pair part pay pays plan plus price quid rather real
really right said sale same save says seen sell send sent set she shop should show side sign since size
sized small some soon sort still such sure take taken tell than that thats the them then there these
they thing think this those though three time told too took total tried true try two type under until
upon used very wait want wanted wants was way week well went were what when where which while white who
whole why will wish with within without won wont work would yeah year yes yet you your yours
thanks thank please cheers money website wedding summer winter party birthday office school work
what whats wheres hows isnt arent doesnt didnt wasnt havent cant couldnt wouldnt shouldnt
medium large small extra tenner fiver bucks dollars dollar pounds euros cents budget cheap cheaper
cheapest expensive affordable pricey priced colour colours sizes size another instead actually
stock match mill elsewhere online store shops shopping basket trolley checkout payment delivery shipping
return returns refund receipt account email phone address street town city country today tomorrow
morning evening night hello goodbye sorry okay awesome brilliant lovely perfect amazing super fancy
wear wearing worn fits fit fitting tight loose long short wide narrow warm cool soft hard light heavy
ones someone something somewhere else mine them their theyre youre were wheres theres heres
`);

function words(text: string): Set<string> {
  return new Set(text.split(/\s+/).filter(Boolean));
}

/** Every word of the planner's lexicon (verbs, fillers, pointers): known, never corrected. */
function lexiconWords(): Set<string> {
  const out = new Set<string>();
  const add = (x: unknown) => {
    if (typeof x === "string") for (const w of x.split(" ")) out.add(w);
    else if (Array.isArray(x) || x instanceof Set) for (const y of x) add(y);
  };
  for (const value of Object.values(lexicon)) add(value);
  return out;
}

const KNOWN = new Set([...EVERYDAY, ...lexiconWords(), ...ORDER_QUESTION_WORDS, ...ORDER_PERIOD_WORDS]);
/** Messages naming codes or SKUs are taken exactly as typed. */
const AS_TYPED = new Set(["code", "codes", "coupon", "coupons", "promo", "promocode", "voucher", "vouchers", "sku"]);

export interface TypoIndex {
  /** Shop words and their singulars: a token in here is already right. */
  readonly known: ReadonlySet<string>;
  /** Shop words by length, the candidates. */
  readonly byLength: ReadonlyMap<number, readonly string[]>;
}

export function typoIndex(shopWords: Iterable<string>): TypoIndex {
  const known = new Set<string>();
  const byLength = new Map<number, string[]>();
  const seen = new Set<string>();
  for (const raw of shopWords) {
    const w = raw.toLowerCase();
    if (!/^[a-z]+(?:-[a-z]+)*$/.test(w) || seen.has(w)) continue;
    seen.add(w);
    known.add(w);
    known.add(singular(w));
    if (w.length < MIN_LENGTH - 1) continue;
    const list = byLength.get(w.length) ?? [];
    list.push(w);
    byLength.set(w.length, list);
  }
  return { known, byLength };
}

/** The tokens with unknown words corrected; the same array when nothing changed. */
export function correctTypos(tokens: readonly string[], index: TypoIndex): readonly string[] {
  if (index.byLength.size === 0 || tokens.some((t) => AS_TYPED.has(t))) return tokens;
  let out: string[] | null = null;
  const tried = new Map<string, string | null>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    let fixed = tried.get(t);
    if (fixed === undefined) {
      // A message of many unknown words is prose; a bounded number of lookups keeps the worst case cheap.
      if (tried.size >= MAX_LOOKUPS) break;
      fixed = correctWord(t, index);
      tried.set(t, fixed);
    }
    if (fixed !== null) (out ??= [...tokens])[i] = fixed;
  }
  return out ?? tokens;
}

function isKnown(t: string, index: TypoIndex): boolean {
  return KNOWN.has(t) || index.known.has(t) || index.known.has(singular(t)) || KNOWN.has(singular(t));
}

/** The single closest shop word, or null (known word, nothing close, or a tie). */
export function correctWord(t: string, index: TypoIndex): string | null {
  if (t.length < MIN_LENGTH || t.length > 30 || !/^[a-z]+(?:-[a-z]+)*$/.test(t) || isKnown(t, index)) return null;
  const limit = t.length >= TWO_EDITS_FROM ? 2 : 1;
  let best: string[] = [];
  let bestScore = Infinity;
  for (let len = t.length - limit; len <= t.length + limit; len++) {
    for (const w of index.byLength.get(len) ?? []) {
      const d = distance(t, w, limit);
      if (d > limit) continue;
      const score = d * 4 + editKind(t, w);
      if (score < bestScore) [best, bestScore] = [[w], score];
      else if (score === bestScore) best.push(w);
    }
  }
  // A tie between a word and its own plural is no ambiguity ("jaket" → jacket / jackets): keep the shopper's number.
  if (best.length === 2 && singular(best[0]!) === singular(best[1]!))
    best = best.filter((w) => (w === singular(w)) === (t === singular(t))).slice(0, 1);
  return best.length === 1 ? best[0]! : null;
}

/**
 * Tie-break between equally distant words, by how people mistype: a dropped
 * letter is the commonest slip, then a swapped pair, then a wrong letter,
 * then an extra one ("wach" is "watch" sooner than "wash").
 */
function editKind(typed: string, word: string): number {
  if (word.length > typed.length) return 0;
  if (word.length < typed.length) return 3;
  for (let i = 0; i + 1 < typed.length; i++) {
    if (typed[i] !== word[i]) return typed[i] === word[i + 1] && typed[i + 1] === word[i] ? 1 : 2;
  }
  return 2;
}

/** Optimal-string-alignment distance, given up (limit + 1) once every row exceeds the limit. */
export function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      row.push(d);
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > limit) return limit + 1;
    prev2 = prev;
    prev = row;
  }
  return Math.min(prev[b.length]!, limit + 1);
}
