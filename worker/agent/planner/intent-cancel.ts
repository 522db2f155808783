/**
 * Cancel and refund words: "cancel my order", "I want a refund", "return the
 * shoes", "cancel order 3", "refund the hoodie only". They only ask for an
 * offer (what would happen); the engine decides what is possible and the
 * shopper confirms it. "yes" / "no" confirm or decline an offer only when our
 * last reply was that offer (its buttons are the open question), so a "yes"
 * always answers the offer it follows and nothing older.
 *
 * Bare "cancel" stays the checkout's (cancel the open quote or the order
 * waiting for payment, intent-checkout.ts).
 */
import type { Action } from "../actions.js";
import type { OrderRef } from "../after-sales-port.js";
import type { ConversationView } from "./port.js";
import { COMMA, STOP, findPhrase, phrases } from "./tokens.js";

const YES = new Set(["yes", "yep", "yeah", "yup", "sure", "ok", "okay", "confirm", "confirmed", "y", "please"]);
const NO = new Set(["no", "nope", "nah", "n"]);
/** "cancel my order, yes": the answer ends the part that names lines (it confirms nothing in the same message). */
const ANSWERS = new Set(["yes", "yep", "yeah", "yup", "no", "nope", "nah"]);
const KEEP = phrases("keep it", "keep my order", "keep the order", "never mind", "nevermind", "dont", "do not", "not");

const REFUND_WORDS = phrases(
  "refund",
  "refunds",
  "reimburse",
  "money back",
  "return",
  "returning",
  "send back",
  "send it back",
  "send them back",
);
const CANCEL_WORDS = new Set(["cancel", "cancelling", "canceling", "cancellation"]);
const ORDER_WORDS = new Set(["order", "orders", "purchase"]);
/** Questions about the rules, not requests: answered by help, never by an offer. */
const NOT_A_REQUEST = new Set(["policy", "how", "when", "status", "where", "track", "tracking", "wheres"]);
/** Words that say the whole order (no line named). */
const WHOLE = new Set(["everything", "all", "whole", "entire", "it", "them", "full"]);
/** The reason the shopper gives ends the part that names lines. */
const REASON = new Set([
  "because",
  "since",
  "as",
  "cause",
  "cos",
  "its",
  "theyre",
  "doesnt",
  "dont",
  "too",
  "it",
  "they",
]);
const FILLER = new Set([
  "i",
  "id",
  "im",
  "want",
  "wanna",
  "would",
  "like",
  "to",
  "a",
  "an",
  "the",
  "my",
  "me",
  "for",
  "please",
  "only",
  "just",
  "can",
  "could",
  "you",
  "of",
  "from",
  "on",
  "in",
  "item",
  "items",
  "this",
  "that",
  "these",
  "those",
  "need",
  "do",
  "get",
  "back",
  "send",
  "money",
  "request",
  "make",
  "start",
  "hi",
  "hello",
  "hey",
  "actually",
  "now",
  "pair",
  "one",
  "ones",
  "of",
  "is",
  "with",
  "#",
  "number",
  "bought",
  "instead",
  "reimburse",
  "refund",
  "refunds",
  "return",
  "returning",
  "cancel",
  "cancelling",
  "canceling",
  "cancellation",
  "order",
  "orders",
  "purchase",
  "ok",
  "okay",
  "so",
  "also",
  "thanks",
  "pls",
  // "the order I placed yesterday", "my last order": which order, not which lines.
  "placed",
  "made",
  "yesterday",
  "today",
  "earlier",
  "recent",
  "latest",
  "last",
]);
const ORDER_ID = /^ord_[0-9a-f]{6,40}$/;

export function parseAfterSales(tokens: readonly string[], view: ConversationView): Action[] | null {
  const words = tokens.filter((w) => w !== STOP && w !== COMMA && w !== "?" && w !== "!");
  if (words.length === 0) return null;
  const answer = answerToOffer(words, view);
  if (answer) return [answer];
  if (words.some((w) => NOT_A_REQUEST.has(w))) return null;
  const refund = findPhrase(words, REFUND_WORDS);
  const cancel = words.findIndex((w) => CANCEL_WORDS.has(w));
  // "cancel" needs an object that is an order or its lines; alone it is the checkout's cancel.
  if (!refund && cancel < 0) return null;
  const at = refund ? refund.at : cancel;
  // "don't cancel", "not a refund": not a request.
  if (words.slice(Math.max(0, at - 2), at).some((w) => w === "dont" || w === "not" || w === "never")) return null;
  const order = orderRef(words);
  const items = itemGroups(words);
  if (!refund && !order && items.length === 0 && !words.some((w) => ORDER_WORDS.has(w))) return null;
  // "cancel the order" while a quote is open means that quote: it is not an order yet.
  if (!refund && !order && items.length === 0 && view.quote) return [{ type: "cancel_quote" }];
  return [{ type: "cancel_or_refund", ...(order ? { order } : {}), ...(items.length ? { items } : {}) }];
}

function answerToOffer(words: readonly string[], view: ConversationView): Action | null {
  const choices = view.question?.choices ?? [];
  const yes = choices.find((c) => c.action.type === "confirm_refund")?.action;
  const no = choices.find((c) => c.action.type === "decline_refund")?.action;
  if (!yes || !no) return null;
  if (NO.has(words[0]!) || findPhrase(words, KEEP)) return no;
  if (YES.has(words[0]!) || (words.length <= 4 && findPhrase(words, phrases("go ahead", "do it", "please do"))))
    return yes;
  return null;
}

function orderRef(words: readonly string[]): OrderRef | undefined {
  const id = words.find((w) => ORDER_ID.test(w));
  if (id) return { kind: "id", id };
  for (let i = 0; i < words.length - 1; i++) {
    if (!ORDER_WORDS.has(words[i]!)) continue;
    const next = words[i + 1] === "#" || words[i + 1] === "number" ? words[i + 2] : words[i + 1];
    if (next && /^[1-9][0-9]?$/.test(next)) return { kind: "position", n: Number(next) };
  }
  return undefined;
}

/** The words naming lines, one group per "and" / ","-separated name; empty = the whole order. */
function itemGroups(words: readonly string[]): string[][] {
  const groups: string[][] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length) groups.push(current);
    current = [];
  };
  for (const w of words) {
    if (REASON.has(w) || ANSWERS.has(w)) break;
    if (w === "and" || w === "&") flush();
    else if (WHOLE.has(w)) return [];
    else if (!FILLER.has(w) && !ORDER_ID.test(w) && !/^[0-9]+$/.test(w) && w !== "back") current.push(w);
  }
  flush();
  return groups;
}
