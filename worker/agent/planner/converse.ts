/**
 * Messages that only make sense against the conversation: answers to the
 * question we asked ("navy, M", "the Sonique one"), verbless selections
 * ("the second one in medium"), relative edits ("two more", "next size
 * down", "the other colour"), cart questions and edits, product questions,
 * price claims and haggling, confirming by sentence. Runs before the clause
 * rules; null means "not one of these", and the clause rules decide.
 *
 * It reads the ConversationView (ids and words, never prices) and proposes
 * actions the executor validates. It never adds without a purchase intent:
 * an add comes only from an add verb, or from answering our own variant
 * question (whose buttons are Add buttons).
 */
import type { Action } from "../actions.js";
import type { ConversationView } from "./port.js";
import {
  CART_SEE,
  CART_TOTAL,
  CHEAPEST_OF,
  CLAIM_NOISE,
  CLAIM_TAGS,
  CLEAR,
  FINISH,
  HAGGLE,
  MORE_ADD_VERBS,
  NEGATE_PAY,
  NOT_LATE,
  OPENERS,
  PAY_LATE,
  PAY_WORDS,
  REMOVE_IT,
} from "./converse-words.js";
import { answerQuestion, productQuestion } from "./intent-question.js";
import { countedRequest, lineNamed, relativeEdit, removeByWord, sizeOfFocus } from "./intent-relative.js";
import { ADD_VERBS, LEADING_FILLER, WANT_VERBS } from "./lexicon.js";
import { parseRef } from "./refs.js";
import { COMMA, STOP, hasPhrase, isWord, matchAt, phrases, stripLeading, stripTrailing } from "./tokens.js";
import { singular, type RulesContext } from "./vocab.js";

export function planConversation(
  tokens: readonly string[],
  ctx: RulesContext,
  view: ConversationView,
): Action[] | null {
  const t = tokens.filter((w) => w !== STOP && w !== COMMA && w !== "?");
  const words = stripLeading(t, OPENERS);
  if (words.length === 0) return null;

  if (
    view.codes.length &&
    words.some((w) => ["code", "codes", "coupon", "discount", "voucher"].includes(w)) &&
    words.some((w) => ["take", "remove", "delete", "drop", "off"].includes(w))
  ) {
    return view.codes.map((code) => ({ type: "remove_promo", code }));
  }
  if (hasPhrase(words, CLEAR) || (words[0] === "remove" && words[1] === "everything")) return [{ type: "clear_cart" }];

  // Money talk first: a claimed price or a demanded discount never becomes a search.
  const haggle =
    hasPhrase(words, HAGGLE) &&
    (words.some((w) => /^\d/.test(w) || w === "%") ||
      hasPhrase(words, phrases("discount", "haggle", "half price", "price match", "knock", "cheaper if", "off")));
  if (haggle && !words.includes("code") && !hasPhrase(words, phrases("take the code off", "take it off", "take off")))
    return [{ type: "decline_discount" }];
  const claim = claimed(words, ctx, view);
  if (claim) return claim;

  if (view.quote) {
    if (hasPhrase(words, NEGATE_PAY)) return [{ type: "cancel_quote" }];
    if (hasPhrase(words, PAY_WORDS) || hasPhrase(words, phrases("place", "proceed", "complete")))
      return [{ type: "confirm_quote" }];
  }
  if (hasPhrase(words, CHEAPEST_OF) && view.shown.length > 0) return [{ type: "cheapest_shown" }];
  // "total please", "my total now": the whole message names the total.
  const core = words.filter((w) => w !== "please" && w !== "now" && w !== "so" && w !== "far");
  if (core.length > 0 && matchAt(core, CART_TOTAL) === core.length) return [{ type: "view_cart" }];
  // "take my money", "let's wrap this up" with a full cart and no quote yet: the quote is the next step.
  if (!view.quote && view.cart.length > 0 && hasPhrase(words, FINISH)) return [{ type: "checkout" }];
  // "remove it" with several lines: the cart with a Remove button per line, rather than a guess.
  if (view.cart.length > 1 && REMOVE_IT.some((p) => p.length === core.length && matchAt(core, [p]) === p.length))
    return [{ type: "view_cart" }];
  const counted = countedRequest(words, ctx, view);
  if (counted) return counted;
  const sized = sizeOfFocus(words, ctx, view);
  if (sized) return sized;
  const removal = removeByWord(words, view);
  if (removal) return removal;
  const relative = relativeEdit(words, ctx, view);
  if (relative) return relative;
  return answerQuestion(words, ctx, view);
}

/**
 * What the clause rules did not understand, read once more as a question
 * about the cart, paying, or a product ("what sizes does it come in?").
 */
export function planLate(tokens: readonly string[], ctx: RulesContext, view: ConversationView): Action[] | null {
  const words = stripLeading(
    tokens.filter((w) => w !== STOP && w !== COMMA && w !== "?"),
    OPENERS,
  );
  if (words.length === 0 || words.some((w) => NOT_LATE.has(w))) return null;
  if (hasPhrase(words, CART_TOTAL) || hasPhrase(words, CART_SEE)) return [{ type: "view_cart" }];
  if (!view.quote && hasPhrase(words, PAY_LATE)) return [{ type: "checkout" }];
  const opened = stripLeading(words, LEADING_FILLER);
  // A purchase verb ("I'll take it in red", "get me the dress in S") is the clause rules' to read.
  if (matchAt(opened, ADD_VERBS) > 0 || matchAt(opened, WANT_VERBS) > 0 || matchAt(opened, MORE_ADD_VERBS) > 0)
    return null;
  const alsoTail = stripTrailing(opened, phrases("please"));
  if (hasPhrase(alsoTail.slice(-2), phrases("as well", "too")) && opened.length <= 8) {
    const ref = parseRef(stripTrailing(alsoTail, phrases("as well", "too")), ctx, {
      mode: "extract",
      bareNumber: false,
    });
    if (ref && ref !== "unsupported")
      return [{ type: "add_to_cart", target: ref.target, quantity: 1, options: ref.options }];
  }
  return productQuestion(words, ctx, view);
}

function claimed(words: readonly string[], ctx: RulesContext, view: ConversationView): Action[] | null {
  const amount =
    words.some((w) => /^\d/.test(w)) ||
    words.includes("$") ||
    words.includes("free") ||
    words.includes("cents") ||
    words.includes("dollar");
  const tagged =
    hasPhrase(words.slice(-3), CLAIM_TAGS) ||
    hasPhrase(words, phrases("costs", "said it was", "so it costs", "is a dollar"));
  if (!amount || !tagged) return null;
  if (words.includes("total")) return [{ type: "view_cart" }];
  const body = words.filter((w) => isWord(w) && !/^\d/.test(w));
  const cut = body.findIndex((w) => ["is", "costs", "cost", "isnt", "are", "said"].includes(w));
  // "that's 2 dollars", "the website said": words naming no catalog product leave the claim about the product in focus.
  const said = cut > 0 ? body.slice(0, cut).filter((w) => !CLAIM_NOISE.has(w)) : [];
  const named = ctx.vocab.titles.size > 0 && !said.some((w) => ctx.vocab.titles.has(singular(w))) ? [] : said;
  const ref = named.length ? parseRef(named, ctx, { mode: "keep", bareNumber: false }) : null;
  if (ref && ref !== "unsupported" && ref.target.kind !== "current")
    return [{ type: "show_product", target: ref.target }];
  const cartLine = named.length ? lineNamed(named, view) : null;
  if (cartLine) return [{ type: "show_product", target: { kind: "product", productId: cartLine.productId } }];
  return view.focus || view.shown.length === 1 ? [{ type: "show_product", target: { kind: "current" } }] : null;
}
