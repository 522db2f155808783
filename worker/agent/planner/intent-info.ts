/**
 * Intents recognised by their words rather than a leading verb: promo codes,
 * "what's in my cart", price history. They run before verb dispatch so
 * "add code SAVE5" is a promo and "show my cart" is the cart.
 */
import type { Action } from "../actions.js";
import { CART_NOUNS } from "./lexicon.js";
import { parseRef, type RefOutcome } from "./refs.js";
import { hasPhrase, matchAt, phrases } from "./tokens.js";
import type { RulesContext } from "./vocab.js";

/** What an intent parser returns: actions, not-this-intent (null), or understood-but-refused. */
export type Parsed = Action[] | null | "unsupported";

// ---- promo codes ----

const PROMO_WORDS = new Set([
  "code",
  "codes",
  "coupon",
  "coupons",
  "promo",
  "promos",
  "promocode",
  "voucher",
  "vouchers",
  "couponcode",
]);
/** "discount" names a code only after a promo verb: "add the discount dress" is a dress. */
const WEAK_PROMO_WORDS = new Set(["discount", "discounts", "promotion"]);
const PROMO_VERBS = new Set(["apply", "use", "enter", "redeem", "remove", "delete", "drop", "unapply", "try"]);
const PROMO_OPENERS = new Set([
  ...PROMO_WORDS,
  ...PROMO_VERBS,
  "add",
  "i",
  "ive",
  "here",
  "heres",
  "my",
  "dont",
  "do",
  "take",
  "got",
  "with",
  "cancel",
  "clear",
  "undo",
  "stop",
  "get",
]);
const REMOVE_PROMO = phrases(
  "remove",
  "delete",
  "drop",
  "unapply",
  "take off",
  "take out",
  "get rid of",
  "dont use",
  "do not use",
  "dont apply",
  "do not apply",
  "cancel",
  "clear",
  "undo",
  "stop using",
);
/** Codes are [A-Z0-9_-]{1,32} once upper-cased (same rule as payloads.ts). */
const CODE = /^[a-z0-9_-]{1,32}$/;
/** Words between the keyword and the code ("my code is X", "a coupon called X"). */
const CODE_GLUE = new Set(["is", "the", "my", "a", "called", "named", "of", "please", "number"]);
/** Words that can sit where a code would but are not codes ("apply the code please"). */
const NOT_CODE = new Set([
  "to",
  "for",
  "on",
  "now",
  "and",
  "it",
  "this",
  "that",
  "cart",
  "order",
  "too",
  "also",
  "from",
  "in",
  "at",
  "checkout",
  "again",
  "instead",
  "here",
  "you",
  "i",
  "have",
  "got",
  "with",
  "off",
  "one",
  "do",
  "does",
  "work",
  "works",
  "valid",
  "expired",
  "still",
  "any",
  "there",
  "available",
  "please",
  // Contractions lose their apostrophe in tokens; "code i'll" is not the code ILL.
  "im",
  "ive",
  "id",
  "ill",
  "dont",
  "cant",
  "wont",
  "isnt",
  "its",
  "lets",
  "thats",
  "whats",
  "youre",
]);

export function hasPromotionWord(t: readonly string[]): boolean {
  return t.some((w) => PROMO_WORDS.has(w));
}

export function parsePromotion(t: readonly string[]): Parsed {
  if (!PROMO_OPENERS.has(t[0] ?? "")) return null;
  const verbFirst = PROMO_VERBS.has(t[0]!);
  let k = t.findIndex((w) => PROMO_WORDS.has(w) || (verbFirst && WEAK_PROMO_WORDS.has(w)));
  if (k < 0 && (t[0] === "apply" || t[0] === "redeem")) k = 0; // "apply SAVE5"
  if (k < 0 && (t[0] === "use" || t[0] === "enter") && t.length === 2 && /\d/.test(t[1]!)) k = 0; // "use SAVE5"
  if (k < 0) return null;
  let i = k + 1;
  while (i < t.length && (PROMO_WORDS.has(t[i]!) || WEAK_PROMO_WORDS.has(t[i]!) || CODE_GLUE.has(t[i]!))) i++;
  const codes: string[] = [];
  while (i < t.length && CODE.test(t[i]!) && !NOT_CODE.has(t[i]!)) {
    codes.push(t[i]!.toUpperCase());
    i += 1;
    if (t[i] !== "and") break; // "codes SAVE5 and WELCOME10"
    i += 1;
  }
  if (codes.length === 0) return null;
  const remove = matchAt(t, REMOVE_PROMO) > 0;
  return codes.map((code): Action => (remove ? { type: "remove_promo", code } : { type: "apply_promo", code }));
}

// ---- the cart ----

/** Words that may surround "cart" in a request to see it. */
const CART_TALK = new Set([
  "show",
  "view",
  "see",
  "open",
  "check",
  "display",
  "me",
  "my",
  "the",
  "whats",
  "what",
  "is",
  "in",
  "do",
  "i",
  "have",
  "go",
  "to",
  "look",
  "at",
  "contents",
  "content",
  "shopping",
  "current",
  "let",
  "lets",
  "got",
  "so",
  "far",
  "inside",
  "summary",
  "review",
  "items",
  "things",
  "ive",
  "there",
  "how",
  "does",
  "looks",
  "like",
  "of",
  "full",
  "whole",
  "entire",
  "products",
]);
const CART_QUESTIONS = phrases(
  "what did i add",
  "what have i added",
  "what have i got",
  "what do i have",
  "what ive got",
  "what did i pick",
  "what have i picked",
);

export function parseCart(t: readonly string[]): Parsed {
  const asked = matchAt(t, CART_QUESTIONS) === t.length && t.length > 0;
  const named = t.some((w) => CART_NOUNS.has(w)) && t.every((w) => CART_TALK.has(w) || CART_NOUNS.has(w));
  return asked || named ? [{ type: "view_cart" }] : null;
}

// ---- price history ----

/** "has the price of the tea dropped": a price word and a movement word anywhere in the clause. */
const PRICE_WORDS = new Set(["price", "prices", "priced", "cost"]);
const MOVES = new Set([
  "dropped",
  "drop",
  "drops",
  "changed",
  "change",
  "changes",
  "gone",
  "went",
  "fallen",
  "fell",
  "risen",
  "rose",
  "moved",
  "history",
]);
const HISTORY_PHRASES = phrases(
  "price history",
  "prices history",
  "price chart",
  "price graph",
  "price trend",
  "price trends",
  "price drop",
  "price drops",
  "price dropped",
  "price change",
  "price changes",
  "price changed",
  "price went down",
  "price gone down",
  "price go down",
  "price over time",
  "lowest price",
  "lowest ever",
  "historical price",
  "historical prices",
  "past price",
  "past prices",
  "previous price",
  "previous prices",
  "old price",
  "price before",
  "been on sale",
  "ever on sale",
  "on sale before",
  "cheapest ever",
  "price in the past",
  "price last",
  "prices last",
  "history",
);
const COMPARATIVES = phrases("cheaper", "more expensive", "less expensive", "pricier");
const TEMPORAL = phrases(
  "before",
  "earlier",
  "previously",
  "ago",
  "last",
  "ever",
  "yesterday",
  "in the past",
  "used to",
  "recently",
  "once",
  "back then",
  "at some point",
);
const PAST_OPENERS = new Set(["was", "were", "has", "had", "did", "have"]);
/** Words of the question itself; what remains names the product. */
const HISTORY_NOISE = new Set([
  "was",
  "were",
  "is",
  "has",
  "have",
  "had",
  "did",
  "does",
  "do",
  "ever",
  "been",
  "be",
  "cheaper",
  "more",
  "less",
  "expensive",
  "pricier",
  "before",
  "earlier",
  "previously",
  "ago",
  "month",
  "months",
  "week",
  "weeks",
  "year",
  "years",
  "day",
  "days",
  "yesterday",
  "past",
  "in",
  "over",
  "time",
  "price",
  "prices",
  "priced",
  "history",
  "historical",
  "lowest",
  "low",
  "cheapest",
  "drop",
  "dropped",
  "drops",
  "change",
  "changed",
  "changes",
  "went",
  "gone",
  "go",
  "down",
  "trend",
  "trends",
  "chart",
  "graph",
  "show",
  "me",
  "tell",
  "what",
  "whats",
  "of",
  "for",
  "on",
  "sale",
  "used",
  "to",
  "cost",
  "costs",
  "recently",
  "once",
  "back",
  "then",
  "at",
  "some",
  "point",
  "old",
  "previous",
  "check",
  "see",
  "view",
  "its",
  "the",
  "a",
  "an",
  "any",
  "fallen",
  "fell",
  "risen",
  "rose",
  "moved",
  "lower",
  "higher",
  "how",
  "has",
  "it",
]);
const TIME_UNITS = new Set(["month", "months", "week", "weeks", "year", "years", "day", "days"]);

/** "lowest price jeans" sorts a search; "lowest price of the tea" / "lowest price ever" asks for history. */
const LOWEST = phrases("lowest price", "lowest priced");
const HISTORY_GLUE = new Set([
  "of",
  "for",
  "on",
  "ever",
  "it",
  "this",
  "that",
  "the",
  "in",
  "they",
  "was",
  "were",
  "been",
  "last",
  "before",
]);

function sortsBy(t: readonly string[]): boolean {
  const n = matchAt(t, LOWEST);
  return n > 0 && t.length > n && !HISTORY_GLUE.has(t[n]!) && !hasPhrase(t, TEMPORAL);
}

export function isHistory(t: readonly string[]): boolean {
  if (sortsBy(t)) return false;
  if (hasPhrase(t, HISTORY_PHRASES)) return true;
  if (t.some((w) => PRICE_WORDS.has(w)) && t.some((w) => MOVES.has(w)) && !t.includes("under")) return true;
  const compares = hasPhrase(t, COMPARATIVES);
  return compares && (hasPhrase(t, TEMPORAL) || PAST_OPENERS.has(t[0] ?? ""));
}

export function parseHistory(t: readonly string[], ctx: RulesContext): Parsed {
  if (!isHistory(t)) return null;
  const rest = t.filter((w, i) => {
    const next = t[i + 1] ?? "";
    if (w === "last") return !TIME_UNITS.has(next); // "last month" goes, "the last one" stays (and is refused)
    if (/^\d+$/.test(w) || w === "a" || w === "one" || w === "few") {
      if (TIME_UNITS.has(next)) return false; // "2 weeks ago"
    }
    return !HISTORY_NOISE.has(w);
  });
  return withRef(parseRef(rest, ctx, { mode: "keep", bareNumber: false }), (target) => ({
    type: "price_history",
    target,
  }));
}

/** Maps a parsed reference to one action, passing refusals through. */
export function withRef(
  ref: RefOutcome,
  make: (target: Extract<Action, { target: unknown }>["target"]) => Action,
): Parsed {
  if (ref === null || ref === "unsupported") return ref;
  return [make(ref.target)];
}
