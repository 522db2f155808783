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
import type { Action, OptionChoice, ProductRef } from "../actions.js";
import type { CartLineView, ChoiceView, ConversationView } from "./port.js";
import { compareSizes } from "../../catalog/sizes.js";
import { ADD_VERBS, LEADING_FILLER, WANT_VERBS } from "./lexicon.js";
import { parseCount, parseOrdinal } from "./numbers.js";
import { extractOptions, parseOptionsOnly } from "./options.js";
import { parseRef } from "./refs.js";
import { COMMA, STOP, findPhrase, hasPhrase, isWord, matchAt, phrases, stripLeading, stripTrailing } from "./tokens.js";
import { singular, type RulesContext } from "./vocab.js";

const OPENERS = phrases(
  "hi",
  "hey",
  "ok",
  "okay",
  "so",
  "um",
  "well",
  "great",
  "perfect",
  "sounds good",
  "yes",
  "yep",
  "actually",
  "and",
);

/** Messages about codes or thanks are not product questions. */
const NOT_LATE = new Set(["code", "codes", "promo", "coupon", "coupons", "voucher", "thank", "thanks", "with"]);
/** Paying phrases when no quote is open: they ask for one. Plain "pay" stays the clause rules' (confirm). */
const PAY_LATE = phrases(
  "how do i pay",
  "place it",
  "place the order",
  "place my order",
  "go ahead",
  "complete my purchase",
  "proceed with payment",
  "proceed to payment",
  "take my money",
  "buy now",
  "wrap this up",
  "ready to check out",
  "ready to pay",
  "pay now",
  "pay by card",
  "checkout and pay",
  "check out and pay",
  "like to pay",
);

/** Purchase openers the clause rules know under other spellings. */
const MORE_ADD_VERBS = phrases(
  "gimme",
  "let me get",
  "let me have",
  "also get",
  "could i get",
  "can i get",
  "can i also get",
  "i want to buy",
);
const HAGGLE = phrases(
  "off",
  "discount",
  "cheaper for me",
  "knock",
  "half price",
  "haggle",
  "price match",
  "do it for",
  "let me have it for",
  "lower the price",
  "reduce the price",
  "better price",
  "deal",
  "cheaper if",
  "negotiate",
  "bargain",
);
const CLAIM_TAGS = phrases("right", "isnt it", "correct", "yes", "yeah", "true", "arent they", "no", "is it");
const CLAIM_NOISE = new Set([
  "thats",
  "its",
  "it",
  "that",
  "this",
  "dollar",
  "dollars",
  "bucks",
  "quid",
  "euros",
  "pounds",
  "cents",
  "only",
  "just",
]);
const CART_TOTAL = phrases(
  "what do i owe",
  "how much do i owe",
  "whats my total",
  "what is my total",
  "my total",
  "the total",
  "total please",
  "how much is everything",
  "how much do i have to pay",
  "how much altogether",
  "how much in total",
  "total",
);
const CART_SEE = phrases(
  "show my basket",
  "show my cart",
  "my basket",
  "my cart",
  "my bag",
  "in my bag",
  "in the trolley",
  "my trolley",
  "in my cart",
  "in my basket",
  "what have i got",
  "how many things",
  "how many items",
);
const CLEAR = phrases(
  "empty my cart",
  "empty the cart",
  "empty my basket",
  "clear the basket",
  "clear my basket",
  "clear the cart",
  "clear my cart",
  "remove everything",
  "delete all",
  "delete everything",
  "remove all",
  "start over",
  "empty cart",
  "clear cart",
  "clear everything",
);
const REMOVE_LEADS = phrases(
  "take the",
  "take out the",
  "get rid of the",
  "get rid of",
  "i dont want the",
  "dont want the",
  "lose the",
  "scrap the",
  "no",
  "remove the",
  "delete the",
  "drop the",
);
const REMOVE_TAILS = phrases(
  "out",
  "anymore",
  "after all",
  "from my basket",
  "from my cart",
  "from the cart",
  "please",
);
const FINISH = phrases(
  "take my money",
  "wrap this up",
  "wrap it up",
  "wrap things up",
  "ready to check out",
  "ready to pay",
  "how do i pay",
  "finish up",
  "all done shopping",
);
const REMOVE_IT = phrases(
  "remove it",
  "delete it",
  "take it out",
  "drop it",
  "remove that",
  "remove this",
  "get rid of it",
);
const PAY_WORDS = phrases(
  "place it",
  "place the order",
  "place my order",
  "go ahead",
  "pay",
  "confirm",
  "buy it",
  "complete my purchase",
  "complete the purchase",
  "go for it",
  "proceed with payment",
  "proceed to payment",
  "take my money",
  "buy now",
  "wrap this up",
  "ready to check out",
  "ready to pay",
  "pay now",
  "pay by card",
);
const NEGATE_PAY = phrases("dont", "not yet", "wait", "cancel", "do not", "hold on", "stop");
const CHEAPEST_OF = phrases(
  "which of these is cheapest",
  "which one is the cheapest",
  "which is cheapest",
  "cheapest of those",
  "cheapest of these",
  "which is the cheapest",
  "cheapest one",
);
const SIZE_UP = phrases(
  "next size up",
  "size up",
  "a size bigger",
  "size bigger",
  "one size bigger",
  "a size up",
  "full size up",
  "one size up",
  "bigger size",
  "larger size",
);
const SIZE_DOWN = phrases(
  "next size down",
  "size down",
  "a size smaller",
  "size smaller",
  "one size smaller",
  "a size down",
  "one size down",
  "smaller size",
);
const OTHER_COLOR = phrases("the other color", "other color", "the other one in color");
const MORE = phrases("more", "another");
const LESS = phrases("less", "fewer");
const JUST = phrases("just the one", "only one", "just one", "actually only one", "just");
const QUESTION_FRAME = phrases(
  "what sizes does",
  "what sizes do",
  "what sizes",
  "what colors does",
  "what colors do",
  "what colors",
  "what lengths does",
  "what size does",
  "what color does",
  "how much is",
  "how much are",
  "how much does",
  "how much do",
  "price of",
  "is",
  "are",
  "does",
  "do you have",
  "do you sell",
  "got",
  "tell me about",
  "what brand is",
  "any info on",
  "what about",
  "how about",
  "what do they cost",
  "what does it cost",
  "how many of",
  "how many",
  "can i get",
  "have you got",
);
const QUESTION_TAIL = phrases(
  "come in",
  "available",
  "in stock",
  "cost",
  "costs",
  "do you have",
  "then",
  "please",
  "available in",
  "in stock in",
);
const PRODUCT_QUESTION_WORDS = new Set([
  "sizes",
  "size",
  "colors",
  "color",
  "lengths",
  "stock",
  "available",
  "much",
  "price",
  "cost",
  "brand",
  "info",
  "about",
]);

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

/** A cart line named by a title word or its category ("the shoes" → the sneakers). */
function lineNamed(words: readonly string[], view: ConversationView): CartLineView | null {
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

function removeByWord(words: readonly string[], view: ConversationView): Action[] | null {
  if (view.cart.length === 0) return null;
  const lead = REMOVE_LEADS.find(
    (p) => p.every((w, k) => words[k] === w) || (p.length > 1 && findPhrase(words, [p])?.at === 1 && words[0] === "i"),
  );
  if (!lead) return null;
  const rest = stripTrailing(stripLeading(words, [lead, ...phrases("i dont want the", "dont want the")]), REMOVE_TAILS);
  const line = lineNamed(rest, view);
  return line ? [{ type: "remove_from_cart", target: { kind: "sku", sku: line.sku } }] : null;
}

const OF_POINTER = phrases("of those", "of these", "of them", "of it", "of that", "of that one");

/**
 * "one of those please", "two in red medium please": a count asked for, with
 * "please", about the product in focus is an order at the counter: an add
 * (the executor still asks which variant when the words do not name one).
 */
function countedRequest(words: readonly string[], ctx: RulesContext, view: ConversationView): Action[] | null {
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

/** Words around a bare size number: "what about 44?", "in a 42?", "a 40 then". */
const SIZE_NUMBER_GLUE = new Set([
  "what",
  "about",
  "how",
  "in",
  "a",
  "an",
  "size",
  "then",
  "please",
  "one",
  "maybe",
  "instead",
]);

/**
 * "in a 42?", "what about 44?" with a product in focus: a number that is one
 * of the shop's size labels, and cannot be a position in the list shown, is
 * that product's size (the executor says when it does not come in it).
 */
function sizeOfFocus(words: readonly string[], ctx: RulesContext, view: ConversationView): Action[] | null {
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

function relativeEdit(words: readonly string[], ctx: RulesContext, view: ConversationView): Action[] | null {
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

const NUMBER_WORDS: ReadonlyMap<string, number> = new Map(
  Object.entries({
    one: 1,
    a: 1,
    an: 1,
    two: 2,
    three: 3,
    four: 4,
    five: 5,
    six: 6,
    seven: 7,
    eight: 8,
    nine: 9,
    ten: 10,
  }),
);

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

/** Options named in the words; a conflict (two colours) names none. */
function optionsIn(words: readonly string[], ctx: RulesContext): { options: OptionChoice; rest: string[] } {
  const ex = extractOptions(words, ctx.vocab, true);
  return { options: ex.conflict ? {} : ex.options, rest: ex.rest };
}

const fits = (c: ChoiceView, o: OptionChoice) =>
  (!o.color || (c.color ?? "").toLowerCase() === o.color || (c.color ?? "").toLowerCase().endsWith(` ${o.color}`)) &&
  (!o.size || (c.size ?? "").toUpperCase() === o.size);

function answerQuestion(words: readonly string[], ctx: RulesContext, view: ConversationView): Action[] | null {
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

const FILLER = new Set([
  "the",
  "one",
  "ones",
  "a",
  "an",
  "please",
  "in",
  "by",
  "pair",
  "im",
  "i",
  "am",
  "size",
  "color",
  "then",
  "that",
  "this",
  "with",
  "and",
  "of",
]);

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
function productQuestion(words: readonly string[], ctx: RulesContext, view: ConversationView): Action[] | null {
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
