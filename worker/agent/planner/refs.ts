/**
 * The words after a verb → a ProductRef: "it" / "the blue one" (current),
 * "the second one" / "#2" (result), "sku DRS-1" (sku), "the milk tea"
 * (text). The planner only names what the shopper pointed at; the executor
 * resolves it against the last list and the cart.
 */
import type { OptionChoice, ProductRef } from "../actions.js";
import { CART_SUFFIX, NOISE, NOT_PRODUCTS, PRONOUNS, SENTENCE_WORDS, UNSUPPORTED_REF } from "./lexicon.js";
import { parseOrdinal } from "./numbers.js";
import { extractOptions } from "./options.js";
import { isWord, phrases, stripLeading, stripTrailing } from "./tokens.js";
import { singular, type RulesContext } from "./vocab.js";

export interface RefResult {
  readonly target: ProductRef;
  readonly options: OptionChoice;
}

/** null = not a reference; "unsupported" = a reference we will not resolve ("the last one"). */
export type RefOutcome = RefResult | "unsupported" | null;

export interface RefRules {
  /** "extract": colour/size words become options (add). "keep": they stay in a text reference. */
  readonly mode: "extract" | "keep";
  /** A bare "2" is list position 2 ("tell me more about 2"); elsewhere it is a count. */
  readonly bareNumber: boolean;
}

const LEADING = phrases("the", "a", "an", "my", "your", "some", "of", "of the", "about", "on", "for");
const DEMONSTRATIVES = new Set(["this", "that", "these", "those"]);
const ARTICLES = new Set(["a", "an", "the", "some"]);
/** "last month" is a time, not "the last one". */
const TIME_WORDS = new Set(["month", "week", "year", "time", "night", "season", "day", "summer", "winter"]);
/** Shapes like DRS-0001-NVY-M: letters/digits in three or more dash-separated parts, with a digit. */
const SKU_SHAPE = /^(?=.*\d)[a-z0-9]+(?:-[a-z0-9]+){2,}$/;
const ID = /^[a-z0-9_.-]{1,40}$/;
/** A text reference longer than this is a sentence, not a product name. */
const MAX_TEXT_WORDS = 8;

const CURRENT: ProductRef = { kind: "current" };

export function parseRef(input: readonly string[], ctx: RulesContext, rules: RefRules): RefOutcome {
  let t = stripTrailing(
    input.filter((w) => isWord(w) && !NOISE.has(w)),
    CART_SUFFIX,
  );
  t = stripLeading(t, LEADING);
  const unresolvable = t.some((w, i) => UNSUPPORTED_REF.has(w) && !(w === "last" && TIME_WORDS.has(t[i + 1] ?? "")));
  if (unresolvable) return "unsupported";
  if (t.length === 0) return { target: CURRENT, options: {} };

  // SKUs are upper-cased: the catalog's SKU convention (DRS-0001-NVY-M); tokens are lower case.
  if (t[0] === "sku" && t[1] !== undefined && ID.test(t[1])) {
    return { target: { kind: "sku", sku: t[1].toUpperCase() }, options: {} };
  }
  if (t.length === 1 && SKU_SHAPE.test(t[0]!) && t[0]!.length <= 40) {
    return { target: { kind: "sku", sku: t[0]!.toUpperCase() }, options: {} };
  }

  const ordinal = parseOrdinal(t, 0, rules.bareNumber);
  if (ordinal) {
    const rest = t.slice(ordinal.length);
    const options = rules.mode === "extract" ? extracted(rest, ctx) : {};
    return { target: { kind: "result", index: ordinal.value }, options };
  }

  // "the M", "a large one": a bare size letter is an option only when nothing but pointers is left.
  const loose = extractOptions(t, ctx.vocab, true);
  if (!loose.conflict && loose.rest.every((w) => PRONOUNS.has(w))) {
    return { target: CURRENT, options: rules.mode === "extract" ? loose.options : {} };
  }
  const ex = extractOptions(t, ctx.vocab, false);
  const options = rules.mode === "extract" && !ex.conflict ? ex.options : {};
  if (ex.rest.every((w) => PRONOUNS.has(w))) return { target: CURRENT, options };
  if (DEMONSTRATIVES.has(t[0]!) && t.length <= 3) return { target: CURRENT, options };

  // Text: the product words. With two colours ("black and white") the words stay whole.
  const words = (rules.mode === "extract" && !ex.conflict ? ex.rest : t).filter((w) => !ARTICLES.has(w));
  const query = stripLeading(words, LEADING);
  if (query.length === 0) return { target: CURRENT, options };
  if (query.length > MAX_TEXT_WORDS || query.some((w) => NOT_PRODUCTS.has(w) || SENTENCE_WORDS.has(w))) return null;
  if (!query.some((w) => /\p{L}/u.test(w))) return null; // "2" alone is not a product name
  const last = query.length - 1;
  const text = query.map((w, i) => (i === last ? singular(w) : w)).join(" ");
  return { target: { kind: "text", query: text }, options };
}

function extracted(tokens: readonly string[], ctx: RulesContext): OptionChoice {
  const ex = extractOptions(tokens, ctx.vocab, false);
  return ex.conflict ? {} : ex.options;
}
