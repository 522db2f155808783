import { phrases } from "./tokens.js";

/**
 * The words the rules planner knows, in one place: a new paraphrase is a
 * one-line change here. All entries are in token form (lower case, no
 * apostrophes: "i'll" is "ill").
 */

/** Politeness and hedges dropped from the start of a clause; they never change the intent. */
export const LEADING_FILLER = phrases(
  "please", "kindly", "ok", "okay", "yes", "yeah", "yep", "sure", "great", "cool", "alright", "perfect",
  "nice", "awesome", "hmm", "hm", "um", "uh", "oh", "so", "well", "actually", "now", "also", "and", "then",
  "just", "maybe", "and also", "can you", "could you", "would you", "will you", "can u", "could u",
  "can i", "could i", "may i", "i want to", "i would like to", "id like to", "i wanna", "i need to",
  "id love to", "i would love to", "lets", "help me", "can you help me", "please help me", "one more thing",
);

/** Greetings: alone they ask for help, in front of a request they are dropped. */
export const GREETINGS = phrases(
  "hi", "hello", "hey", "hiya", "howdy", "yo", "hi there", "hello there", "hey there", "good morning",
  "good afternoon", "good evening", "greetings", "whats up", "sup",
);

/** Words with no intent at all ("thanks"): removed anywhere in a clause. */
export const NOISE = new Set(["please", "thanks", "thank", "thx", "ty", "cheers", "anymore", "asap", "lol"]);

/** Thanks and sign-offs: never a request, dropped from either end of a clause. */
export const CHATTER = phrases(
  "thank you so much", "thank you very much", "thanks so much", "thanks a lot", "thank you", "thank u",
  "thanks", "thx", "many thanks", "much appreciated", "thats all", "thats it", "that is all", "nothing else",
  "no thanks", "never mind", "nevermind", "bye", "goodbye", "see you", "see ya", "cheers", "ok", "okay",
  "great", "cool", "awesome", "perfect", "nice", "good", "got it", "sounds good", "for now",
);

/** A clause that is only one of these is help. */
export const HELP = phrases(
  "help", "menu", "start", "commands", "what can you do", "what do you do", "how does this work",
  "how does it work", "how do i use this", "how do i use you", "what can i do", "what can i say",
  "who are you", "what are you", "help me", "i need help", "support", "how can you help", "how can you help me",
);

export const ADD_VERBS = phrases(
  "add", "put", "buy", "grab", "order", "get", "take", "purchase", "throw in", "include", "pop in",
  "ill take", "i will take", "ill have", "i will have", "ill get", "i will get", "ill buy", "i will buy",
  "give me", "get me", "i take", "i choose", "i pick", "choose", "pick", "select", "go with", "ill go with",
  "i go with", "i would take", "id take", "gimme", "ill grab", "let me get", "let me have", "also get",
);

/** "i want X": add when X points at something shown (it, the 2nd one), search when X is words. */
export const WANT_VERBS = phrases("i want", "i need", "i would like", "id like", "i wanna", "i would love", "id love", "i want to buy");

export const REMOVE_VERBS = phrases(
  "remove", "delete", "drop", "take out", "take off", "get rid of", "discard", "ditch", "cancel", "scrap",
  "i dont want", "i do not want", "i no longer want", "dont want", "rm",
);

/**
 * Verbs that are also product words ("drop earrings", "change purse", "tea
 * set", "pick"). They count as verbs only when an object follows: a pointer,
 * an article, a count, or "to" ("switch to M").
 */
export const WEAK_VERBS = new Set([
  "drop", "ditch", "scrap", "discard", "cancel", "rm", "order", "grab", "pick", "select", "choose", "get",
  "put", "pop", "include", "make", "change", "set", "update", "switch", "swap", "turn", "adjust", "modify",
  "increase", "decrease", "reduce", "lower", "raise", "bump", "throw", "go",
]);
/** What may follow a weak verb for it to be a verb. */
export const OBJECT_OPENERS = new Set([
  "the", "a", "an", "it", "this", "that", "these", "those", "them", "my", "your", "one", "another", "some",
  "to", "into", "quantity", "qty", "number", "size", "color", "sku", "me", "in",
]);

export const CHANGE_VERBS = phrases(
  "make", "change", "set", "update", "switch", "swap", "turn", "adjust", "modify", "increase", "decrease",
  "reduce", "lower", "raise", "bump", "bump up",
);

export const SEARCH_VERBS = phrases(
  "find", "find me", "search", "search for", "look for", "looking for", "im looking for", "i am looking for",
  "show me", "list", "browse", "do you have", "do you sell", "do you carry", "have you got", "got any",
  "you got", "any", "im after", "i am after", "search me", "i am searching for", "im searching for",
);

/** "show me X": show_product when X points at a shown product, else search. */
export const SHOW_VERBS = phrases(
  "show me", "show", "view", "see", "let me see", "open", "display", "what about", "how about", "look at",
);

/** "tell me about X": always show_product, X may be words. */
export const TELL_VERBS = phrases(
  "tell me more about", "tell me more", "tell me about", "more about", "more info", "more information",
  "more details", "details", "detail", "info", "information", "describe", "what is", "whats", "specs",
  "how much is", "how much are", "how much does", "how much", "whats the price of", "what is the price of",
  "price of", "what are the details of",
);

/** Words after a tell verb that only glue it to the product. */
export const TELL_GLUE = phrases("on", "about", "of", "for", "regarding", "cost", "costs");

/** Clause openers that start a new intent after " and " / ",". */
export const SPLIT_VERBS = new Set([
  "add", "put", "buy", "grab", "get", "take", "ill", "give", "remove", "delete", "drop", "apply", "use",
  "enter", "redeem", "show", "find", "search", "look", "make", "change", "set", "update", "switch", "swap",
  "view", "open", "tell", "whats", "what", "check", "was", "has", "did", "help", "i", "id", "im", "can",
  "could", "lets", "let", "increase", "decrease", "reduce", "details", "see", "cancel", "how", "do",
]);

/** Demonstratives and "one": a reference to the product in focus. */
export const PRONOUNS = new Set([
  "it", "this", "that", "them", "those", "these", "one", "ones", "same", "thing", "item", "product",
  "too", "again", "also", "as", "well", "more", "another", "the", "a", "an", "of", "here", "there", "and", "or",
]);

/** Words that name the cart itself, not a product in it. */
export const CART_NOUNS = new Set(["cart", "basket", "bag", "trolley"]);

/** Trailing "to my cart" / "from the basket" on add/remove. */
export const CART_SUFFIX = phrases(
  ...["to", "into", "in", "from", "out of", "off", "off of", "inside"].flatMap((p) =>
    ["my", "the", "your", "my shopping", "the shopping", ""].flatMap((d) =>
      [...CART_NOUNS, "order"].map((n) => `${p} ${d} ${n}`.replace(/ +/g, " ")),
    ),
  ),
);

/** Words that are never products; a search or text reference with one of them is not understood. */
export const NOT_PRODUCTS = new Set([
  "checkout", "pay", "payment", "confirm", "refund", "return", "returns", "track", "tracking", "delivery",
  "shipping", "status", "order", "orders", "account", "login", "password", "human", "agent", "weather",
  "joke", "unsubscribe",
]);

/**
 * Words that make a query a sentence rather than a product name ("was",
 * "add", "i"). A search or text reference left holding one of them is not
 * understood: a wrong search is a worse answer than "I did not get that".
 * Words that also name products ("set", "can", "change", "make") are not here.
 */
export const SENTENCE_WORDS = new Set([
  "i", "im", "ive", "id", "ill", "me", "my", "it", "its", "was", "were", "is", "are", "am", "did", "does",
  "has", "had", "would", "should", "add", "remove", "delete", "apply", "want", "cheaper", "price", "prices",
  "code", "cart", "basket", "trolley", "instead", "then", "under", "below", "please", "wanna",
]);

/**
 * References the planner cannot resolve without state it does not have
 * ("the last one": it does not know how long the list was; "everything":
 * there is no clear-cart action). Such a clause is unknown, never a guess.
 */
export const UNSUPPORTED_REF = new Set([
  "last", "other", "previous", "latest", "cheapest", "everything", "all", "cart", "basket", "trolley",
  "price", "prices", "total",
]);

/** First words of a question or chatter that is not a bare product name. */
export const NOT_BARE_SEARCH = new Set([
  "what", "whats", "why", "how", "when", "where", "who", "which", "is", "are", "was", "were", "can", "could",
  "would", "will", "should", "do", "does", "did", "i", "im", "ive", "id", "ill", "you", "we", "it", "its",
  "no", "not", "nope", "dont", "bye", "goodbye", "stop", "wait", "hmm", "ok", "okay", "yes", "yeah",
]);

/** Food where a colour word is part of the product's name ("green tea"), not a variant. */
export const COLOR_NAMED_FOOD = new Set([
  "tea", "teas", "juice", "wine", "wines", "coffee", "chocolate", "rice", "sugar", "bean", "beans",
  "pepper", "peppers", "onion", "onions", "bread", "grape", "grapes", "olive", "olives", "salt", "lentil",
  "lentils", "cabbage", "currant", "currants", "apple", "apples", "pudding", "velvet", "bull", "label",
]);
