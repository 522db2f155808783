/**
 * One clause → actions. Order matters and is the point of this file:
 * word-marked intents first (promo, cart, price history, "instead"), then
 * the leading verb, then a bare product name as a search. The first parser
 * that understands the clause wins; a parser that understands but refuses
 * ("the last one") makes the clause unknown instead of letting a looser
 * parser guess.
 */
import type { Action } from "../actions.js";
import { parseAdd, parseChange, parseInstead, parseRemove, parseWant } from "./intent-cart.js";
import { hasPromotionWord, parseCart, parseHistory, parsePromotion, withRef, type Parsed } from "./intent-info.js";
import {
  ADD_VERBS,
  CHANGE_VERBS,
  CHATTER,
  GREETINGS,
  HELP,
  LEADING_FILLER,
  NOISE,
  NOT_BARE_SEARCH,
  OBJECT_OPENERS,
  PRONOUNS,
  REMOVE_VERBS,
  SEARCH_VERBS,
  SHOW_VERBS,
  TELL_GLUE,
  TELL_VERBS,
  WANT_VERBS,
  WEAK_VERBS,
} from "./lexicon.js";
import { parseCheckout } from "./intent-checkout.js";
import { parseCount, parseOrdinal } from "./numbers.js";
import { findMaxPrice } from "./money-words.js";
import { findExcludedColors, parseOptionsOnly } from "./options.js";
import { parseRef } from "./refs.js";
import { hasCheapWord, parseSearch } from "./search.js";
import { isMeaningful, isWord, matchAt, phrases, stripLeading, stripTrailing, type Phrase } from "./tokens.js";
import { singular, type RulesContext } from "./vocab.js";

/** A clause longer than this is prose, not a request; skipping it keeps the worst case cheap. */
const MAX_CLAUSE_WORDS = 60;

export type ClauseResult =
  | { readonly kind: "actions"; readonly actions: Action[] }
  /** Only greetings / thanks / "ok": dropped when the message says anything else. */
  | { readonly kind: "chatter"; readonly greeting: boolean }
  | { readonly kind: "unknown"; readonly text: string };

const OPENERS = [...LEADING_FILLER, ...GREETINGS, ...CHATTER].sort((a, b) => b.length - a.length);
const TRAILING = [
  ...phrases(
    "for me",
    "too",
    "as well",
    "now",
    "right now",
    "again",
    "if possible",
    "if you can",
    // "the cheapest green tea you've got": who has it is not what is looked for. Only the
    // contraction: "what dresses do you have" and "have you got" are read as questions elsewhere.
    "youve got",
  ),
  ...CHATTER,
].sort((a, b) => b.length - a.length);
/** Longest verb wins; on a tie the earlier category wins ("show me" is show, then search). */
const VERBS: readonly (readonly [string, readonly Phrase[]])[] = [
  ["remove", REMOVE_VERBS],
  ["change", CHANGE_VERBS],
  ["add", ADD_VERBS],
  ["want", WANT_VERBS],
  ["tell", TELL_VERBS],
  ["show", SHOW_VERBS],
  ["search", SEARCH_VERBS],
];
/** Words that make a bare or "show me" clause point at a list position we cannot know. */
const LIST_POSITION = new Set(["last", "other", "previous", "latest"]);
/** Words that point at a shown product rather than describe one. */
const POINTERS = new Set(["it", "this", "that", "them", "those", "these", "first", "second", "third", "number"]);
const QUESTION_TAIL = phrases(
  "do you have",
  "do you sell",
  "do you carry",
  "do you stock",
  "have you got",
  "are there",
  "are available",
);

export function planClause(clause: readonly string[], ctx: RulesContext): ClauseResult {
  const words = clause.filter(isMeaningful);
  const text = words.join(" ");
  if (words.length > MAX_CLAUSE_WORDS) return { kind: "unknown", text };
  // Before greetings and chatter are stripped: "yes" alone is a confirmation, not small talk.
  const checkoutWords = parseCheckout(words.filter((w) => !NOISE.has(w) && w !== "please"));
  if (checkoutWords !== null) return done(checkoutWords);
  const saidInstead = words.includes("instead") || words[words.length - 1] === "rather";
  // Thanks and greetings come off the ends as phrases ("thank you" must not leave a "you").
  const quiet = words.filter((w) => w !== "instead");
  const greeting = matchAt(quiet, GREETINGS) > 0;
  const asked = stripTrailing(
    stripLeading(
      quiet.filter((w) => !NOISE.has(w)),
      GREETINGS,
    ),
    CHATTER,
  );
  if (asked.length > 0 && matchAt(asked, HELP) === asked.length) return done([{ type: "help" }]);
  const trimmed = stripTrailing(stripLeading(quiet, OPENERS), TRAILING);
  const t = stripTrailing(
    stripLeading(
      trimmed.filter((w) => !NOISE.has(w)),
      OPENERS,
    ),
    TRAILING,
  );
  if (t.length === 0) return { kind: "chatter", greeting };

  const result = understand(t, saidInstead, ctx);
  if (result === null || result === "unsupported" || result.length === 0) return { kind: "unknown", text };
  return done(result);
}

function done(actions: Action[]): ClauseResult {
  return { kind: "actions", actions };
}

function understand(t: readonly string[], saidInstead: boolean, ctx: RulesContext): Parsed {
  const checkout = parseCheckout(t);
  if (checkout !== null) return checkout;
  const promo = parsePromotion(t);
  if (promo !== null || hasPromotionWord(t)) return promo; // a clause about codes is never a product search
  for (const parse of [
    parseCart,
    (x: readonly string[]) => parseHistory(x, ctx),
    (x: readonly string[]) => parseInstead(x, saidInstead, ctx),
  ]) {
    const r = parse(t);
    if (r !== null) return r;
  }
  const cheap = cheapQuestion(t, ctx);
  if (cheap !== null) return cheap;
  let best: { name: string; length: number } | null = null;
  for (const [name, list] of VERBS) {
    const length = matchAt(t, list);
    if (length > 0 && (best === null || length > best.length)) best = { name, length };
  }
  if (best === null) return bare(t, ctx);
  const rest = t.slice(best.length);
  if (best.length === 1 && WEAK_VERBS.has(t[0]!)) {
    if (rest.length === 0) return null; // "cancel", "drop" alone: of what?
    if (!hasObject(rest)) return bare(t, ctx); // "drop earrings", "change purse": product words
  }
  return byVerb(best.name, rest, ctx, t[0] === "do" || t[0] === "have" || t[0] === "you" || t[0] === "got");
}

/** "what's the cheapest smartphone", "which tea is cheapest": a search sorted cheapest first. */
const CHEAP_QUESTION = phrases(
  "whats",
  "what is",
  "what are",
  "which is",
  "which are",
  "which",
  "what",
  "the",
  "your",
  "you have",
  "do you have",
  "got",
);

function cheapQuestion(t: readonly string[], ctx: RulesContext): Parsed {
  if (!["whats", "what", "which"].includes(t[0] ?? "") || !hasCheapWord(t)) return null;
  const rest = stripLeading(t, CHEAP_QUESTION).filter((w) => w !== "is" && w !== "are");
  return rest.length > 0 ? asSearch(rest, ctx) : null;
}

/**
 * "the Lite ones", "the cashmere one": product words (catalog title words)
 * with "one(s)" and no verb look for those words. A colour or size alone
 * ("the blue one") is not a search: it is left to the rules that ask.
 */
function namedOne(t: readonly string[], ctx: RulesContext): Parsed {
  if (!t.includes("one") && !t.includes("ones")) return null;
  const words = t.filter((w) => !PRONOUNS.has(w) && w !== "ones" && isWord(w));
  if (words.length === 0 || words.length > 3 || ctx.vocab.titles.size === 0) return null;
  if (!words.every((w) => ctx.vocab.titles.has(singular(w)))) return null;
  return asSearch(words, ctx);
}

function hasObject(rest: readonly string[]): boolean {
  const count = parseCount(rest, 0);
  return (
    OBJECT_OPENERS.has(rest[0]!) || (count !== null && count !== "invalid") || parseOrdinal(rest, 0, false) !== null
  );
}

/** `asked`: the verb was a question ("do you sell", "have you got"), not an order to look ("find"). */
function byVerb(verb: string, rest: readonly string[], ctx: RulesContext, asked: boolean): Parsed {
  switch (verb) {
    case "remove":
      return parseRemove(rest, ctx);
    case "change":
      return parseChange(rest, ctx);
    case "add":
      return parseAdd(rest, ctx);
    case "want":
      return parseWant(rest, ctx);
    case "tell": {
      const about = stripLeading(rest, TELL_GLUE);
      return withRef(parseRef(about, ctx, { mode: "keep", bareNumber: true }), (target) => ({
        type: "show_product",
        target,
      }));
    }
    case "show": {
      if (rest.some((w) => LIST_POSITION.has(w))) return "unsupported";
      const ref = parseRef(rest, ctx, { mode: "keep", bareNumber: true });
      if (ref !== null && ref !== "unsupported" && ref.target.kind !== "text")
        return [{ type: "show_product", target: ref.target }];
      return asSearch(rest, ctx);
    }
    default: {
      // "do you sell the smart watch in midnight blue?": one named product and a variant of it, a question about it.
      if (asked && rest[0] === "the") {
        const named = parseRef(rest, ctx, { mode: "extract", bareNumber: false });
        if (
          named &&
          named !== "unsupported" &&
          named.target.kind === "text" &&
          (named.options.color || named.options.size) &&
          !findMaxPrice(rest, ctx.currency)
        ) {
          return [{ type: "show_product", target: named.target, options: named.options }];
        }
      }
      // "do you have it in M?", "find the second one": a pointer, not words to search for.
      const ref = rest.some((w) => POINTERS.has(w)) ? parseRef(rest, ctx, { mode: "keep", bareNumber: false }) : null;
      if (ref !== null && ref !== "unsupported" && ref.target.kind !== "text")
        return [{ type: "show_product", target: ref.target }];
      return asSearch(rest, ctx);
    }
  }
}

function asSearch(t: readonly string[], ctx: RulesContext): Parsed {
  const search = parseSearch(t, ctx);
  return search ? [search] : null;
}

/**
 * No verb. "2" / "the second one" / "#3" picks from the list (show it, never
 * buy it). Short product words are a search ("milk tea"). Questions,
 * chatter and "the blue one" without a verb are not guessed at.
 */
function bare(t: readonly string[], ctx: RulesContext): Parsed {
  // "no black jackets", "jeans other than indigo", "minus the black ones": a ruled-out colour makes it a search.
  if (
    findExcludedColors(
      t,
      ctx.vocab,
      t.map(() => false),
    ).length > 0
  )
    return asSearch(t, ctx);
  const body = stripLeading(t, phrases("the"));
  const position = parseOrdinal(body, 0, true);
  if (position && body.slice(position.length).every((w) => w === "one" || w === "item" || w === "please")) {
    return [{ type: "show_product", target: { kind: "result", index: position.value } }];
  }
  // "the 2nd in small", "number 1 in navy XL": that product, with the variant named (shown, never added).
  const options = position ? parseOptionsOnly(body.slice(position.length), ctx.vocab) : null;
  if (position && options)
    return [{ type: "show_product", target: { kind: "result", index: position.value }, options }];
  const named = namedOne(t, ctx);
  if (named) return named;
  if (t.some((w) => LIST_POSITION.has(w))) return "unsupported";
  const tail = stripTrailing(t, QUESTION_TAIL);
  if (tail.length < t.length)
    return asSearch(stripLeading(tail, phrases("what", "which", "what kind of", "which kind of", "any")), ctx);
  if (NOT_BARE_SEARCH.has(t[0]!) || t.includes("one") || t.includes("ones") || t.filter(isWord).length > 10)
    return null;
  const count = parseCount(t, 0);
  return asSearch(count && count !== "invalid" ? t.slice(count.length) : t, ctx);
}
