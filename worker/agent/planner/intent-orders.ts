/**
 * After-sales questions about the shopper's own orders: "where's my order?",
 * "did my order ship?", "what did I buy last week?", "order ord_1a2b status".
 *
 * Read as a whole message, before the conversational and clause rules: an
 * order question must never become a search, a cart edit or, with a quote
 * open, a confirmation ("did my payment go through?" is not "pay").
 *
 * Deliberately narrow: every word of the message must be one of the words
 * order questions are made of (ORDER_QUESTION_WORDS), and it must name an
 * order ("order", "package", "tracking", an order id) or ask what was bought.
 * So "order 2 blue shirts" or "is delivery free for the dress?" are left to
 * the other rules, and "cancel my order" to the checkout words.
 */
import type { Action } from "../actions.js";
import { CHATTER, GREETINGS, LEADING_FILLER, NOISE } from "./lexicon.js";
import { COMMA, STOP, hasPhrase, phrases, stripLeading, stripTrailing } from "./tokens.js";

/** Order ids as the checkout issues them ("ord_" + hex, worker/http/crypto.ts randomId). */
const ORDER_ID = /^ord_[0-9a-f]{4,40}$/;

/** Words that name an order. */
export const ORDER_NOUNS = new Set([
  "order",
  "orders",
  "package",
  "packages",
  "parcel",
  "parcels",
  "shipment",
  "shipments",
  "purchase",
  "purchases",
  "tracking",
  "delivery",
  "deliveries",
  "payment",
]);

/** Words that make the question about several orders rather than the latest one. */
const HISTORY_WORDS = new Set([
  "orders",
  "purchases",
  "packages",
  "parcels",
  "shipments",
  "deliveries",
  "history",
  "bought",
  "buy",
  "ordered",
  "purchased",
  "past",
  "previous",
  "all",
  "anything",
]);

/** "what did I buy", "what have I ordered": a history question without an order noun. */
const BOUGHT = phrases(
  "what did i buy",
  "what did i order",
  "what did i get",
  "what did i purchase",
  "what have i bought",
  "what have i ordered",
  "what have i purchased",
  "what i bought",
  "what i ordered",
  "have i bought anything",
  "have i ordered anything",
  "did i buy anything",
  "did i order anything",
);

/** Every word an order question may contain, besides the nouns and a period. */
export const ORDER_QUESTION_WORDS = new Set([
  ...ORDER_NOUNS,
  ...HISTORY_WORDS,
  ...`
  my the a an of for on in at to is are was were has have had did does do i me it its what whats
  where wheres when which status state show see check track number list recent latest last way yet
  already been arrive arrived arriving ship shipped dispatched sent delivered coming any update
  updates news about can could you tell give get got let know want would like id info details go
  gone through paid there placed made so far ever
`
    .trim()
    .split(/\s+/),
]);

/** A period at the end of the message: how many days back the shopper means. */
const PERIODS: readonly (readonly [readonly string[], number])[] = [
  ...phrases("today").map((p) => [p, 1] as const),
  ...phrases("yesterday").map((p) => [p, 2] as const),
  ...phrases("this week", "past week", "in the past week", "in the last week", "this past week").map(
    (p) => [p, 7] as const,
  ),
  ...phrases("last week", "recently", "lately").map((p) => [p, 14] as const),
  ...phrases("this month", "past month", "in the past month", "in the last month").map((p) => [p, 31] as const),
  ...phrases("last month").map((p) => [p, 62] as const),
].sort((a, b) => b[0].length - a[0].length);

/** Every word the periods use, so typo correction leaves them alone. */
export const ORDER_PERIOD_WORDS = new Set(PERIODS.flatMap(([p]) => p));

/**
 * Words that make a message with an order noun a question about the shopper's
 * orders: "can I order" or "delivery?" alone are not ("my delivery" is).
 */
const ASKING = new Set([
  "my",
  "status",
  "track",
  "tracking",
  "where",
  "wheres",
  "ship",
  "shipped",
  "dispatched",
  "arrive",
  "arrived",
  "arriving",
  "delivered",
  "latest",
  "last",
  "recent",
  "update",
  "news",
  ...HISTORY_WORDS,
]);

const OPENERS = [...LEADING_FILLER, ...GREETINGS].sort((a, b) => b.length - a.length);

/** The whole message as an order question, or null when it is not one. */
export function parseOrders(tokens: readonly string[]): Action[] | null {
  const words = stripTrailing(
    stripLeading(
      tokens.filter((w) => w !== STOP && w !== COMMA && w !== "?" && !NOISE.has(w)),
      OPENERS,
    ),
    CHATTER,
  );
  if (words.length === 0 || words.length > 16) return null;
  let rest = words;
  let sinceDays: number | undefined;
  const period = PERIODS.find(
    ([p]) => p.length <= rest.length && p.every((w, k) => rest[rest.length - p.length + k] === w),
  );
  if (period) {
    sinceDays = period[1];
    rest = rest.slice(0, rest.length - period[0].length);
  }
  const ids = rest.filter((w) => ORDER_ID.test(w));
  if (ids.length > 1) return null;
  const others = rest.filter((w) => !ORDER_ID.test(w));
  if (!others.every((w) => ORDER_QUESTION_WORDS.has(w))) return null;
  const orderId = ids[0];
  if (orderId) return [{ type: "order_status", view: "latest", orderId }];
  const bought = hasPhrase(others, BOUGHT);
  if (!bought && !(others.some((w) => ORDER_NOUNS.has(w)) && others.some((w) => ASKING.has(w)))) return null;
  const history = bought || sinceDays !== undefined || others.some((w) => HISTORY_WORDS.has(w));
  return [
    history
      ? { type: "order_status", view: "history", ...(sinceDays !== undefined ? { sinceDays } : {}) }
      : { type: "order_status", view: "latest" },
  ];
}
