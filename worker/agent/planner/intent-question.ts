/**
 * Questions in the conversation: the shopper's answer to the question we
 * asked ("navy, M", "the Sonique one"), and questions about a product shown
 * or in focus ("what sizes does it come in?", "the second one in medium").
 */
import type { Action, OptionChoice, ProductRef } from "../actions.js";
import type { ChoiceView, ConversationView } from "./port.js";
import { FILLER, PRODUCT_QUESTION_WORDS, QUESTION_FRAME, QUESTION_TAIL } from "./converse-words.js";
import { ADD_VERBS, LEADING_FILLER, WANT_VERBS } from "./lexicon.js";
import { parseCount, parseOrdinal } from "./numbers.js";
import { extractOptions } from "./options.js";
import { isWord, matchAt, stripLeading, stripTrailing } from "./tokens.js";
import { singular, type RulesContext } from "./vocab.js";

/** Options named in the words; a conflict (two colours) names none. */
function optionsIn(words: readonly string[], ctx: RulesContext): { options: OptionChoice; rest: string[] } {
  const ex = extractOptions(words, ctx.vocab, true);
  return { options: ex.conflict ? {} : ex.options, rest: ex.rest };
}

const fits = (c: ChoiceView, o: OptionChoice) =>
  (!o.color || (c.color ?? "").toLowerCase() === o.color || (c.color ?? "").toLowerCase().endsWith(` ${o.color}`)) &&
  (!o.size || (c.size ?? "").toUpperCase() === o.size);

export function answerQuestion(words: readonly string[], ctx: RulesContext, view: ConversationView): Action[] | null {
  const q = view.question;
  if (!q) return null;
  const opened = stripLeading(words, LEADING_FILLER);
  if (matchAt(opened, ADD_VERBS) > 0 || matchAt(opened, WANT_VERBS) > 0) return null; // "add 2 of the navy one": the clause rules' add
  const found = optionsIn(words, ctx);
  let options = found.options;
  const named = found.rest.filter((w) => isWord(w) && !FILLER.has(w));
  if (q.kind === "variant" && (options.color || options.size)) {
    const matching = q.choices.filter((c) => c.action.type === "add_to_cart" && fits(c, options));
    // After an add, our Add buttons are the question: naming exactly one of them in words is pressing it.
    // On a product page the same buttons are an offer, and words only select (never add).
    if (matching.length === 1 && named.length === 0 && /Which one would you like\?$/.test(q.text))
      return [matching[0]!.action];
    if (q.productId) return [{ type: "show_product", target: { kind: "product", productId: q.productId }, options }];
  }
  if (q.kind === "product" || q.kind === "other") {
    const products = q.choices.filter((c) => c.productId);
    // "Green Pantry": a colour word that is part of a brand or title names the product, it is not an option.
    const whole = words.filter((w) => isWord(w) && !FILLER.has(w));
    const byName = byWords(whole, products);
    const picked = byName ?? byWords(named, products);
    if (byName) options = {};
    if (picked) {
      const target: ProductRef = { kind: "product", productId: picked.productId! };
      // "Which one do you mean?" follows an add: the shopper already asked to buy, so the answer adds.
      if (/which one do you mean\?/i.test(q.text)) return [{ type: "add_to_cart", target, quantity: 1, options }];
      return [
        options.color || options.size ? { type: "show_product", target, options } : { type: "show_product", target },
      ];
    }
  }
  return null;
}

/** The one choice whose brand or title words include every named word. */
function byWords(named: readonly string[], choices: readonly ChoiceView[]): ChoiceView | null {
  if (named.length === 0) return null;
  const labelOf = (c: ChoiceView) =>
    `${c.brand ?? ""} ${c.title ?? ""}`
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean)
      .map(singular);
  const said = (l: string) => named.some((w) => l === singular(w) || (l.startsWith(w) && w.length >= 4));
  const hits = choices.filter((c) => {
    const label = labelOf(c);
    return named.every((w) => label.includes(singular(w)) || label.some((l) => l.startsWith(w) && w.length >= 4));
  });
  if (hits.length <= 1) return hits[0] ?? null;
  // "the Old Mill one" between "Sourdough Loaf (Old Mill)" and "Classic Sourdough Loaf (Old Mill)": the one
  // with no word the shopper left unsaid (beyond the words every choice shares) is the one meant.
  const shared = choices.map(labelOf).reduce((a, b) => a.filter((w) => b.includes(w)));
  const exact = hits.filter((c) => labelOf(c).every((l) => said(l) || shared.includes(l)));
  return exact.length === 1 ? exact[0]! : null;
}

/**
 * "the second one in medium", "what about in red?", "is the wool coat in
 * stock in M?", "what sizes does it come in": point at a product and answer
 * from the catalog (with the named variant when options are given).
 */
export function productQuestion(words: readonly string[], ctx: RulesContext, view: ConversationView): Action[] | null {
  const hasContext = view.focus !== null || view.shown.length > 0;
  const framed = matchAt(words, QUESTION_FRAME) > 0;
  const question = framed || words.some((w) => PRODUCT_QUESTION_WORDS.has(w));
  const { options } = optionsIn(words, ctx);
  const hasOptions = Boolean(options.color || options.size);
  if (!question && !hasOptions) return null;
  let body = stripLeading(words, QUESTION_FRAME);
  body = stripLeading(body, QUESTION_FRAME);
  body = stripTrailing(body, QUESTION_TAIL);
  body = body.filter(
    (w) =>
      (!PRODUCT_QUESTION_WORDS.has(w) &&
        ![
          "come",
          "in",
          "of",
          "it",
          "does",
          "do",
          "they",
          "have",
          "you",
          "got",
          "what",
          "is",
          "are",
          "for",
          "the",
          "s",
        ].includes(w)) ||
      /\d/.test(w),
  );
  const ex = extractOptions(body, ctx.vocab, true);
  const rest = ex.rest.filter((w) => !FILLER.has(w) && !["that", "those", "these", "this", "them"].includes(w));
  const ordinal = parseOrdinal(
    ex.rest.filter((w) => w !== "the"),
    0,
    true,
  );
  let target: ProductRef | null = null;
  if (ordinal && view.shown.length > 0) target = { kind: "result", index: ordinal.value };
  else if (rest.length === 0) target = hasContext ? { kind: "current" } : null;
  else {
    const shown = byWords(
      rest,
      view.shown.map((p) => ({
        label: p.title,
        payload: "",
        action: { type: "help" },
        productId: p.productId,
        title: p.title,
        brand: p.brand,
      })),
    );
    if (shown) target = { kind: "product", productId: shown.productId! };
    else if (framed && rest.length <= 6 && rest.every(isWord) && /\p{L}/u.test(rest[0]!))
      target = { kind: "text", query: rest.map((w, i) => (i === rest.length - 1 ? singular(w) : w)).join(" ") };
  }
  if (!target) return null;
  if (target.kind === "current" && !hasContext) return null;
  // A bare option with a list but no focus ("in red?") is not a question about one product.
  if (target.kind === "current" && !view.focus && view.shown.length > 1) return null;
  if (!question && target.kind === "text") return null;
  const opts = ex.conflict ? {} : ex.options;
  if (parseCount(words, 0) !== null && !question && !(opts.color || opts.size)) return null;
  return [opts.color || opts.size ? { type: "show_product", target, options: opts } : { type: "show_product", target }];
}
