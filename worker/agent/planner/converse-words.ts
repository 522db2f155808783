/**
 * The words of the conversational rules (converse.ts and the intent files it
 * calls), in one place like lexicon.ts: a new paraphrase is a one-line
 * change here. All entries are in token form (lower case, no apostrophes).
 */
import { ONE_TO_TEN } from "./numbers.js";
import { phrases } from "./tokens.js";

export const OPENERS = phrases(
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
export const NOT_LATE = new Set(["code", "codes", "promo", "coupon", "coupons", "voucher", "thank", "thanks", "with"]);
/** Paying phrases when no quote is open: they ask for one. Plain "pay" stays the clause rules' (confirm). */
export const PAY_LATE = phrases(
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
export const MORE_ADD_VERBS = phrases(
  "gimme",
  "let me get",
  "let me have",
  "also get",
  "could i get",
  "can i get",
  "can i also get",
  "i want to buy",
);
export const HAGGLE = phrases(
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
export const CLAIM_TAGS = phrases("right", "isnt it", "correct", "yes", "yeah", "true", "arent they", "no", "is it");
export const CLAIM_NOISE = new Set([
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
export const CART_TOTAL = phrases(
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
export const CART_SEE = phrases(
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
export const CLEAR = phrases(
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
export const REMOVE_LEADS = phrases(
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
export const REMOVE_TAILS = phrases(
  "out",
  "anymore",
  "after all",
  "from my basket",
  "from my cart",
  "from the cart",
  "please",
);
export const FINISH = phrases(
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
export const REMOVE_IT = phrases(
  "remove it",
  "delete it",
  "take it out",
  "drop it",
  "remove that",
  "remove this",
  "get rid of it",
);
export const PAY_WORDS = phrases(
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
export const NEGATE_PAY = phrases("dont", "not yet", "wait", "cancel", "do not", "hold on", "stop");
export const CHEAPEST_OF = phrases(
  "which of these is cheapest",
  "which one is the cheapest",
  "which is cheapest",
  "cheapest of those",
  "cheapest of these",
  "which is the cheapest",
  "cheapest one",
);
export const SIZE_UP = phrases(
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
export const SIZE_DOWN = phrases(
  "next size down",
  "size down",
  "a size smaller",
  "size smaller",
  "one size smaller",
  "a size down",
  "one size down",
  "smaller size",
);
export const OTHER_COLOR = phrases("the other color", "other color", "the other one in color");
export const MORE = phrases("more", "another");
export const LESS = phrases("less", "fewer");
export const JUST = phrases("just the one", "only one", "just one", "actually only one", "just");
export const QUESTION_FRAME = phrases(
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
export const QUESTION_TAIL = phrases(
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
export const PRODUCT_QUESTION_WORDS = new Set([
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

export const OF_POINTER = phrases("of those", "of these", "of them", "of it", "of that", "of that one");

/** Words around a bare size number: "what about 44?", "in a 42?", "a 40 then". */
export const SIZE_NUMBER_GLUE = new Set([
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

export const NUMBER_WORDS: ReadonlyMap<string, number> = new Map(
  Object.entries({
    ...ONE_TO_TEN,
    a: 1,
    an: 1,
  }),
);

export const FILLER = new Set([
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
