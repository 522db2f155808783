/**
 * Edits and selections relative to what the conversation holds: "two more",
 * "next size down", "the other colour", "one of those please", "in a 42?",
 * "take the shoes out". They act on the cart line or product in focus, or on
 * the one line the words name; null when neither is clear.
 */
import type { Action, ProductRef } from "../actions.js";
import type { CartLineView, ConversationView } from "./port.js";
import { compareSizes } from "../../catalog/sizes.js";
import {
  JUST,
  LESS,
  MORE,
  NUMBER_WORDS,
  OF_POINTER,
  OTHER_COLOR,
  REMOVE_LEADS,
  REMOVE_TAILS,
  SIZE_DOWN,
  SIZE_NUMBER_GLUE,
  SIZE_UP,
} from "./converse-words.js";
import { LEADING_FILLER } from "./lexicon.js";
import { parseCount } from "./numbers.js";
import { parseOptionsOnly } from "./options.js";
import { findPhrase, hasPhrase, isWord, matchAt, phrases, stripLeading, stripTrailing } from "./tokens.js";
import { singular, type RulesContext } from "./vocab.js";

/** A cart line named by a title word or its category ("the shoes" → the sneakers). */
export function lineNamed(words: readonly string[], view: ConversationView): CartLineView | null {
  const ws = words.filter((w) => isWord(w) && !["the", "my", "a", "those", "these", "them"].includes(w)).map(singular);
  if (ws.length === 0) return null;
  const fits = view.cart.filter((l) => {
    const label = `${l.title} ${l.category} ${singular(l.category)} ${l.color ?? ""}`
      .toLowerCase()
      .split(/[^a-z0-9-]+/)
      .map(singular);
    return ws.every((w) => label.includes(w) || (w === "shoe" && l.category === "shoes"));
  });
  return fits.length === 1 ? fits[0]! : null;
}

export function removeByWord(words: readonly string[], view: ConversationView): Action[] | null {
  if (view.cart.length === 0) return null;
  const lead = REMOVE_LEADS.find(
    (p) => p.every((w, k) => words[k] === w) || (p.length > 1 && findPhrase(words, [p])?.at === 1 && words[0] === "i"),
  );
  if (!lead) return null;
  const rest = stripTrailing(stripLeading(words, [lead, ...phrases("i dont want the", "dont want the")]), REMOVE_TAILS);
  const line = lineNamed(rest, view);
  return line ? [{ type: "remove_from_cart", target: { kind: "sku", sku: line.sku } }] : null;
}

/**
 * "one of those please", "two in red medium please": a count asked for, with
 * "please", about the product in focus is an order at the counter: an add
 * (the executor still asks which variant when the words do not name one).
 */
export function countedRequest(words: readonly string[], ctx: RulesContext, view: ConversationView): Action[] | null {
  if (!view.focus || words[words.length - 1] !== "please") return null;
  const body = stripLeading(words, LEADING_FILLER).slice(0, -1);
  const count = parseCount(body, 0);
  if (count === null || count === "invalid" || count.value < 1 || count.value > 99) return null;
  const after = body.slice(count.length);
  const rest = after.slice(matchAt(after, OF_POINTER));
  if (rest.length === 0 && after.length === 0) return null; // "two please": of what exactly is the clause rules' call
  const options = rest.length === 0 ? {} : parseOptionsOnly(rest, ctx.vocab);
  if (options === null) return null;
  return [
    {
      type: "add_to_cart",
      target: { kind: "product", productId: view.focus.productId },
      quantity: count.value,
      options,
    },
  ];
}

/**
 * "in a 42?", "what about 44?" with a product in focus: a number that is one
 * of the shop's size labels, and cannot be a position in the list shown, is
 * that product's size (the executor says when it does not come in it).
 */
export function sizeOfFocus(words: readonly string[], ctx: RulesContext, view: ConversationView): Action[] | null {
  if (!view.focus) return null;
  const numbers = words.filter((w) => !SIZE_NUMBER_GLUE.has(w));
  if (numbers.length !== 1 || !/^\d{1,3}$/.test(numbers[0]!) || !ctx.vocab.sizes.has(numbers[0]!)) return null;
  if (!words.some((w) => w === "in" || w === "size" || w === "about" || w === "a")) return null;
  if (Number(numbers[0]) <= view.shown.length) return null;
  return [
    {
      type: "show_product",
      target: { kind: "product", productId: view.focus.productId },
      options: { size: numbers[0]! },
    },
  ];
}

/** The cart line a relative edit means: the focused variant, else the only line. */
function focusLine(view: ConversationView): CartLineView | null {
  const sku = view.focus?.sku;
  return view.cart.find((l) => l.sku === sku) ?? (view.cart.length === 1 ? view.cart[0]! : null);
}

export function relativeEdit(words: readonly string[], ctx: RulesContext, view: ConversationView): Action[] | null {
  const line =
    focusLine(view) ??
    (view.cart.length > 1
      ? lineNamed(
          words.filter((w) => !/^\d/.test(w) && !["more", "another", "one", "add"].includes(w)),
          view,
        )
      : null);
  if (!line) return null;
  const target: ProductRef = { kind: "sku", sku: line.sku };
  const sizes = view.focus?.productId === line.productId ? view.focus.sizes : [];
  const colors = view.focus?.productId === line.productId ? view.focus.colors : [];
  const step = hasPhrase(words, SIZE_UP) ? 1 : hasPhrase(words, SIZE_DOWN) ? -1 : 0;
  if (step !== 0 && line.size) {
    const order = [...sizes].sort(compareSizes);
    const next = order[order.indexOf(line.size) + step];
    return next
      ? [{ type: "change_options", target, options: { size: next } }]
      : [{ type: "show_product", target: { kind: "product", productId: line.productId } }];
  }
  if (hasPhrase(words, OTHER_COLOR)) {
    const others = colors.filter((c) => c !== line.color);
    if (others.length === 1) return [{ type: "change_options", target, options: { color: others[0]! } }];
    return [{ type: "show_product", target: { kind: "product", productId: line.productId } }];
  }
  const count = countIn(words);
  if (hasPhrase(words, JUST) && count !== null && !hasPhrase(words, MORE))
    return [{ type: "set_quantity", target, quantity: count }];
  if (hasPhrase(words, phrases("double it"))) return [{ type: "set_quantity", target, quantity: line.quantity * 2 }];
  if (hasPhrase(words, MORE) && count !== null)
    return [{ type: "set_quantity", target, quantity: line.quantity + count }];
  if (words.includes("another")) return [{ type: "set_quantity", target, quantity: line.quantity + 1 }];
  if (
    (hasPhrase(words, LESS) || hasPhrase(words, phrases("remove one", "drop one", "take one away", "take one"))) &&
    count !== null
  ) {
    return [{ type: "set_quantity", target, quantity: Math.max(0, line.quantity - count) }];
  }
  if (hasPhrase(words, phrases("make it", "make that")) && count !== null && words.length <= 3)
    return [{ type: "set_quantity", target, quantity: count }];
  return null;
}

function countIn(words: readonly string[]): number | null {
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (/^\d{1,2}$/.test(w)) return Number(w);
    const n = NUMBER_WORDS.get(w);
    if (n !== undefined && (w !== "a" && w !== "an" ? true : words[i + 1] === "size")) return n;
  }
  if (words.includes("another")) return 1;
  return null;
}
