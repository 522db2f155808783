/**
 * Cart verbs: add, remove, change quantity, change options. Each gets the
 * tokens after its verb. Counts are integers from parseCount; a count of 0
 * in "make it 0" means remove, and anything we cannot read is refused
 * rather than rounded into something the shopper did not say.
 */
import { CHANGE_VERBS } from "./lexicon.js";
import type { Parsed } from "./intent-info.js";
import { withRef } from "./intent-info.js";
import { findMaxPrice } from "./money-words.js";
import { parseCount } from "./numbers.js";
import { parseOptionsOnly } from "./options.js";
import { parseRef } from "./refs.js";
import { hasCheapWord, parseSearch } from "./search.js";
import { phrases, stripLeading, stripTrailing } from "./tokens.js";
import type { RulesContext } from "./vocab.js";

const AFTER_COUNT = phrases("more", "of", "x", "of the", "more of");
const UNITS = phrases(
  "pieces",
  "piece",
  "units",
  "unit",
  "items",
  "pcs",
  "of them",
  "of those",
  "of it",
  "them",
  "please",
  "now",
  "instead",
  "only",
);

/** "another", "2 more", "a couple of", "x3" at the end: the count, and the words left. */
function takeCount(tokens: readonly string[]): { quantity: number | undefined; rest: string[] } | "invalid" {
  let t = [...tokens];
  let quantity: number | undefined;
  if (t[0] === "another") {
    quantity = 1;
    t = t.slice(1);
  }
  const lead = parseCount(t, 0);
  if (lead === "invalid") return "invalid";
  if (lead && quantity === undefined) {
    quantity = lead.value;
    t = stripLeading(t.slice(lead.length), AFTER_COUNT);
  }
  // Trailing "x3" / "3x" / "x 3" / "twice".
  for (const at of [t.length - 2, t.length - 1]) {
    const tail = at >= 0 ? parseCount(t, at) : null;
    if (tail === "invalid") return "invalid";
    if (tail && at + tail.length === t.length && (/^x|x$/.test(t[at]!) || t[at] === "twice")) {
      if (quantity !== undefined && quantity !== tail.value) return "invalid"; // "add 2 of it x3": which one?
      quantity = tail.value;
      t = t.slice(0, at);
      break;
    }
  }
  return { quantity, rest: t };
}

export function parseAdd(tokens: readonly string[], ctx: RulesContext): Parsed {
  const counted = takeCount(tokens);
  if (counted === "invalid") return "unsupported";
  const quantity = counted.quantity ?? 1;
  if (quantity < 1) return "unsupported"; // "add 0": nothing to add
  const ref = parseRef(counted.rest, ctx, { mode: "extract", bareNumber: false });
  // "get me a dress under $40" asks to look, not to buy.
  if (
    (ref === null || (ref !== "unsupported" && ref.target.kind === "text")) &&
    findMaxPrice(counted.rest, ctx.currency)
  ) {
    const search = parseSearch(counted.rest, ctx);
    return search ? [search] : null;
  }
  if (ref === null || ref === "unsupported") return ref;
  return [{ type: "add_to_cart", target: ref.target, quantity, options: ref.options }];
}

/** "i want X": a pointer or a count is a purchase, plain words are a search. */
export function parseWant(tokens: readonly string[], ctx: RulesContext): Parsed {
  const counted = takeCount(tokens);
  if (counted === "invalid") return "unsupported";
  const ref = parseRef(counted.rest, ctx, { mode: "extract", bareNumber: false });
  if (ref === "unsupported") {
    // "I want the cheapest green tea" names no product: the cheapest is found by sorting a search.
    const cheapest = counted.quantity === undefined && hasCheapWord(counted.rest) ? parseSearch(tokens, ctx) : null;
    return cheapest ? [cheapest] : ref;
  }
  // "I'd like the sea salt crackers": a definite product is chosen, not looked for ("i want a red top" looks).
  const definite = counted.rest[0] === "the" && ref !== null && !findMaxPrice(counted.rest, ctx.currency);
  if (counted.quantity !== undefined || definite || (ref !== null && ref.target.kind !== "text"))
    return parseAdd(tokens, ctx);
  const search = parseSearch(tokens, ctx);
  return search ? [search] : null;
}

export function parseRemove(tokens: readonly string[], ctx: RulesContext): Parsed {
  // "remove 2 teas": the union has no partial removal, and guessing "set to n-2" is not ours to do.
  const lead = parseCount(tokens, 0);
  if (lead !== null && tokens.length > 1) return "unsupported";
  const ref = parseRef(tokens, ctx, { mode: "keep", bareNumber: false });
  return withRef(ref, (target) => ({ type: "remove_from_cart", target }));
}

/** Words naming what is changed, not which product: "the quantity of the tea". */
const ATTRIBUTES = new Set(["quantity", "qty", "amount", "count", "size", "color", "variant", "option"]);

/**
 * "make it 3", "set the tea to 2", "change it to L", "make the second one red".
 * With "to"/"into" the split is there; without, the first split whose right
 * side is only a count or only options wins.
 */
export function parseChange(tokens: readonly string[], ctx: RulesContext): Parsed {
  const t = stripLeading(tokens, CHANGE_VERBS); // "switch" after a hedge ("actually switch to M")
  const to = Math.max(t.lastIndexOf("to"), t.lastIndexOf("into"));
  const splits = to >= 0 ? [[to, to + 1]] : t.map((_, i) => [i, i]).concat([[t.length, t.length]]);
  for (const [end, from] of splits) {
    const result = changeWith(t.slice(0, end), t.slice(from), ctx);
    if (result !== null) return result;
  }
  return null;
}

function changeWith(target: readonly string[], arg: readonly string[], ctx: RulesContext): Parsed {
  const bare = stripTrailing(stripLeading(arg, phrases("the", "a", "an", "just", "only")), UNITS);
  const count = parseCount(bare, 0);
  if (count === "invalid") return "unsupported";
  const quantity = count && count.length === bare.length ? count.value : null;
  const options = quantity === null ? parseOptionsOnly(arg, ctx.vocab) : null;
  if (quantity === null && options === null) return null;
  // "the quantity of the tea" → "the tea"; "the dress size" → "the dress".
  // "number" is an attribute only in "the number of": "number 2" is a list position.
  const attribute = (i: number) =>
    ATTRIBUTES.has(target[i] ?? "") || (target[i] === "number" && target[i + 1] === "of");
  const named = target.filter((w, i) => !attribute(i) && !(w === "of" && attribute(i - 1)));
  const ref = parseRef(named, ctx, { mode: "keep", bareNumber: false });
  if (ref === null || ref === "unsupported") return ref;
  if (quantity === 0) return [{ type: "remove_from_cart", target: ref.target }];
  if (quantity !== null) return [{ type: "set_quantity", target: ref.target, quantity }];
  return [{ type: "change_options", target: ref.target, options: options! }];
}

/** Hedges before an implicit change: "actually, in red instead", "I'd like it in M instead". */
const HEDGES = phrases(
  "actually",
  "no",
  "rather",
  "i want it",
  "i would like it",
  "id like it",
  "i prefer it",
  "get it",
  "have it",
  "i want",
  "id like",
  "i prefer",
  "lets do",
  "lets go with",
  "go with",
  "make it",
  "do it",
  "can we do",
  "how about",
  "what about",
  "maybe",
  "i want that",
  "id like that",
  "it",
  "that",
);

/** A clause with "instead", or one that opens with "in" + options: a change to the product in focus. */
export function parseInstead(tokens: readonly string[], saidInstead: boolean, ctx: RulesContext): Parsed {
  if (!saidInstead && tokens[0] !== "in") return null;
  const body = stripLeading(stripLeading(tokens, HEDGES), CHANGE_VERBS);
  if (!saidInstead) {
    const options = parseOptionsOnly(body, ctx.vocab);
    return options ? [{ type: "change_options", target: { kind: "current" }, options }] : null;
  }
  return parseChange(body, ctx);
}
