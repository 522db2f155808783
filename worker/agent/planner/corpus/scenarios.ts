/**
 * The planner corpus: shopper messages in short multi-turn scenarios over the
 * seeded catalog, with the outcome each must produce. Written for this repo,
 * modelled on the phrasing patterns of public shopping corpora (WebShop
 * instructions: attribute + price ceiling in one sentence; Amazon ESCI
 * queries: terse, misspelt, negated; SIMMC 2.0: deictic references to what is
 * on screen, "the one on the left in medium"; τ-bench retail: cart edits,
 * totals, confirming and haggling in sentences). No sentence is copied.
 *
 * Setup steps (no `expect`) use buttons or README phrasings; only steps with
 * an `expect` are scored.
 */
import type { Expect } from "./expect.js";

export type Kind =
  | "price"
  | "reference"
  | "answer"
  | "relative"
  | "cart"
  | "add"
  | "negation"
  | "typo"
  | "question"
  | "confirm"
  | "claim"
  | "orders"
  | "aftersales";

export interface Step {
  readonly say?: string;
  readonly press?: string;
  readonly expect?: Expect;
}

export interface Scenario {
  readonly kind: Kind;
  readonly steps: readonly Step[];
}

const say = (text: string, expect?: Expect): Step => (expect ? { say: text, expect } : { say: text });
const press = (payload: string): Step => ({ press: payload });
const one = (kind: Kind, setup: readonly Step[], text: string, expect: Expect): Scenario => ({
  kind,
  steps: [...setup, say(text, expect)],
});
/** Several phrasings of one situation, each its own scenario. */
const each = (kind: Kind, setup: readonly Step[], cases: readonly (readonly [string, Expect])[]): Scenario[] =>
  cases.map(([text, expect]) => one(kind, setup, text, expect));

const money = (n: string) => new RegExp(n.replace(/[$.]/g, (c) => `\\${c}`));
const UNCHANGED = { cartUnchanged: true } as const;

// ---- price words ---------------------------------------------------------------------------------
const price: Scenario[] = each(
  "price",
  [],
  [
    ["dresses under 30 quid", { shows: { maxPrice: 3000, category: "dresses" } }],
    ["max fifty dollars for a dress", { shows: { maxPrice: 5000, category: "dresses" } }],
    ["jeans between $20 and $35", { shows: { minPrice: 2000, maxPrice: 3500, category: "jeans" } }],
    ["cheapest jeans", { shows: { sortedAsc: true, category: "jeans", min: 3 } }],
    ["something affordable in tops", { shows: { sortedAsc: true, category: "tops", min: 3 } }],
    ["shoes lower than 80.00 dollars", { shows: { maxPrice: 8000, category: "shoes" } }],
    ["a dress over $100", { shows: { minPrice: 10000, category: "dresses" } }],
    ["jackets from 50 to 150 dollars", { shows: { minPrice: 5000, maxPrice: 15000, category: "jackets" } }],
    ["tea less than 5 bucks", { shows: { maxPrice: 500, titles: /tea/i } }],
    ["the cheapest tea", { shows: { sortedAsc: true, titles: /tea/i, min: 3 } }],
    ["dresses no more than $40", { shows: { maxPrice: 4000, category: "dresses" } }],
    ["jeans at least $60", { shows: { minPrice: 6000, category: "jeans" } }],
    ["budget headphones", { shows: { sortedAsc: true, category: "electronics" } }],
    [
      "hi, I need a summer dress for a wedding, something blue, not too expensive",
      { shows: { color: "blue", category: "dresses", sortedAsc: true, min: 2 }, saysNot: /expensive/ },
    ],
    ["shoes under 100", { shows: { maxPrice: 10000, category: "shoes" } }],
    ["tops up to $25", { shows: { maxPrice: 2500, category: "tops" } }],
    ["dresses between 30 and 60 dollars", { shows: { minPrice: 3000, maxPrice: 6000, category: "dresses" } }],
    ["inexpensive jackets", { shows: { sortedAsc: true, category: "jackets", min: 3 } }],
    ["lowest price jeans", { shows: { sortedAsc: true, category: "jeans", min: 3 } }],
    ["jackets above 150 dollars", { shows: { minPrice: 15000, category: "jackets" } }],
    ["groceries under $3", { shows: { maxPrice: 300, category: "groceries" } }],
    ["a cheap t-shirt", { shows: { sortedAsc: true, titles: /t-shirt/i, min: 2 } }],
    ["dress less than sixty dollars", { shows: { maxPrice: 6000, category: "dresses" } }],
    ["black jeans under 50 bucks", { shows: { maxPrice: 5000, color: "black", category: "jeans" } }],
    ["$20-$40 tops", { shows: { minPrice: 2000, maxPrice: 4000, category: "tops" } }],
    ["tops priced 20 to 40 dollars", { shows: { minPrice: 2000, maxPrice: 4000, category: "tops" } }],
    ["show me the cheapest dresses in size M", { shows: { sortedAsc: true, size: "M", category: "dresses", min: 3 } }],
    ["what's the cheapest smartphone", { shows: { sortedAsc: true, titles: /smartphone/i } }],
    ["beauty stuff under a tenner", { shows: { maxPrice: 1000, category: "beauty" } }],
    ["need shoes, budget is 90 dollars", { shows: { maxPrice: 9000, category: "shoes" } }],
    ["jeans please, nothing over 45", { shows: { maxPrice: 4500, category: "jeans" } }],
    ["dresses starting at 80 dollars", { shows: { minPrice: 8000, category: "dresses" } }],
    // Spelled-out amounts, notes and slang in the shop's currency; category-only words as a filter.
    ["shoes for under seventy five dollars", { shows: { maxPrice: 7500, category: "shoes" } }],
    ["a jacket, a hundred and twenty dollars max", { shows: { maxPrice: 12000, category: "jackets" } }],
    ["something from beauty for a tenner or less", { shows: { maxPrice: 1000, category: "beauty" } }],
    ["electronics under 40 bucks", { shows: { maxPrice: 4000, category: "electronics" } }],
    ["tops, nothing above twenty", { shows: { maxPrice: 2000, category: "tops" } }],
    ["lowest priced shoes", { shows: { sortedAsc: true, category: "shoes", min: 3 } }],
    ["which jackets are cheapest", { shows: { sortedAsc: true, category: "jackets", min: 3 } }],
  ],
);

// ---- references without a verb -------------------------------------------------------------------
const LIST = [say("find linen midi dress")]; // 1 = Linen Midi Dress, 2 = Linen Midi Dress - Petite
const WRAP = [press("show:prd_0007")]; // Wrap Dress: royal blue / red, XS–L
const SNEAKERS = [press("show:prd_0063")]; // Minimalist Sneakers: grey, 39–42
const LEVIS = [press("show:prd_0014")]; // Levi's 501: indigo / black, XS–XL
const reference: Scenario[] = [
  ...each("reference", LIST, [
    ["the second one in medium", { offers: ["add:DRS-0005-NVY-M"], says: money("$59.99"), ...UNCHANGED }],
    ["the 2nd in small", { offers: ["add:DRS-0005-NVY-S"], says: money("$59.99"), ...UNCHANGED }],
    ["first one, sky blue, size L", { offers: ["add:DRS-0004-SKY-L"], says: money("$59.99"), ...UNCHANGED }],
    ["number 1 in navy XL", { offers: ["add:DRS-0004-NVY-XL"], ...UNCHANGED }],
    ["the first in navy", { offers: ["add:DRS-0004-NVY-M", "add:DRS-0004-NVY-S"], asks: 5, ...UNCHANGED }],
    ["what about the second one in XS?", { offers: ["add:DRS-0005-NVY-XS"], ...UNCHANGED }],
    ["the petite one in M", { offers: ["add:DRS-0005-NVY-M"], ...UNCHANGED }],
    ["is the second one available in small?", { offers: ["add:DRS-0005-NVY-S"], says: /in stock/i, ...UNCHANGED }],
    ["which of these is cheapest?", { says: /Linen Midi Dress/, offers: ["show:prd_0004"], ...UNCHANGED }],
    ["the third one in small", { says: /only showed 2/i, ...UNCHANGED }],
    ["the second one in large", { says: /doesn't come in|not .*L\b|comes in/i, ...UNCHANGED, asks: 3 }],
    ["number 2 in XS", { offers: ["add:DRS-0005-NVY-XS"], ...UNCHANGED }],
    ["the first, sky blue M", { offers: ["add:DRS-0004-SKY-M"], ...UNCHANGED }],
  ]),
  ...each("reference", WRAP, [
    ["what about in red?", { offers: ["add:DRS-0007-RED-M", "add:DRS-0007-RED-S"], asks: 4, ...UNCHANGED }],
    ["and in red, size M?", { offers: ["add:DRS-0007-RED-M"], says: money("$79.00"), ...UNCHANGED }],
    ["in royal blue?", { offers: ["add:DRS-0007-RYL-L"], asks: 4, ...UNCHANGED }],
    ["medium in red", { offers: ["add:DRS-0007-RED-M"], ...UNCHANGED }],
    ["red M please", { offers: ["add:DRS-0007-RED-M"], ...UNCHANGED }],
    ["do you have it in large?", { offers: ["add:DRS-0007-RED-L", "add:DRS-0007-RYL-L"], ...UNCHANGED }],
    ["actually do you have it in large?", { offers: ["add:DRS-0007-RED-L", "add:DRS-0007-RYL-L"], ...UNCHANGED }],
    ["is that one available in XS?", { offers: ["add:DRS-0007-RED-XS"], says: /in stock/i, ...UNCHANGED }],
    ["how about XL?", { says: /doesn't come in|comes in/i, ...UNCHANGED }],
  ]),
  ...each("reference", SNEAKERS, [
    ["is that one available in 40?", { offers: ["add:SHO-0063-GRY-40"], says: /7 in stock/, ...UNCHANGED }],
    ["in a 42?", { offers: ["add:SHO-0063-GRY-42"], says: money("$69.49"), ...UNCHANGED }],
    ["size 41 then", { offers: ["add:SHO-0063-GRY-41"], ...UNCHANGED }],
    ["got those in 39?", { offers: ["add:SHO-0063-GRY-39"], ...UNCHANGED }],
    ["what about 44?", { says: /doesn't come in|comes in/i, ...UNCHANGED }],
    ["a 39 then?", { offers: ["add:SHO-0063-GRY-39"], ...UNCHANGED }],
    ["how about in a 40", { offers: ["add:SHO-0063-GRY-40"], says: /7 in stock/, ...UNCHANGED }],
  ]),
  ...each("reference", LEVIS, [
    ["and in black?", { offers: ["add:JNS-0014-BLK-M"], asks: 5, ...UNCHANGED }],
    ["the black ones in a medium", { offers: ["add:JNS-0014-BLK-M"], says: money("$69.50"), ...UNCHANGED }],
    ["indigo, L", { offers: ["add:JNS-0014-IND-L"], ...UNCHANGED }],
    ["these in small?", { offers: ["add:JNS-0014-BLK-S", "add:JNS-0014-IND-S"], ...UNCHANGED }],
  ]),
  one("reference", [say("find tea")], "which of these is cheapest?", {
    says: /Iced Peach Tea/,
    offers: ["show:prd_0237"],
    ...UNCHANGED,
  }),
  one("reference", [say("find sneakers")], "which one is the cheapest", { says: /Waterproof Sneakers/, ...UNCHANGED }),
  one("reference", [say("find dresses")], "the cheapest of those?", { says: /Chambray Shirt Dress/, ...UNCHANGED }),
];

// ---- answering our own question in words ---------------------------------------------------------
const ASK_DRESS = [say("add the linen midi dress")]; // asks which of 10 variants
const ASK_EARBUDS = [say("find wireless earbuds pro")]; // Sonique and Auralis
const ASK_SUNDRESS = [say("add the cotton sundress")];
const answer: Scenario[] = [
  ...each("answer", ASK_DRESS, [
    ["navy, M", { cart: { "DRS-0004-NVY-M": 1 } }],
    ["sky blue in small please", { cart: { "DRS-0004-SKY-S": 1 } }],
    ["navy, I'm a medium", { cart: { "DRS-0004-NVY-M": 1 } }],
    ["the navy one in XL", { cart: { "DRS-0004-NVY-XL": 1 } }],
    ["large, sky blue", { cart: { "DRS-0004-SKY-L": 1 } }],
    ["I'm an XS, navy", { cart: { "DRS-0004-NVY-XS": 1 } }],
    ["navy", { offers: ["add:DRS-0004-NVY-M", "add:DRS-0004-NVY-L"], asks: 5, ...UNCHANGED }],
    ["medium", { offers: ["add:DRS-0004-NVY-M", "add:DRS-0004-SKY-M"], asks: 2, ...UNCHANGED }],
    ["red, M", { says: /doesn't come in|comes in/i, ...UNCHANGED }],
    ["the light one, medium", { offers: ["add:DRS-0004-SKY-M"], ...UNCHANGED, saysNot: /didn't understand/ }],
  ]),
  ...each("answer", ASK_SUNDRESS, [
    ["white, L", { cart: { "DRS-0006-WHT-L": 1 } }],
    ["sky blue, size S", { cart: { "DRS-0006-SKY-S": 1 } }],
    ["white please, I'm a medium", { cart: { "DRS-0006-WHT-M": 1 } }],
    ["XL in white", { cart: { "DRS-0006-WHT-XL": 1 } }],
  ]),
  ...each("answer", ASK_EARBUDS, [
    ["the Sonique one", { offers: ["add:ELC-0012-BLK", "add:ELC-0012-WHT"], ...UNCHANGED }],
    ["the ones by Auralis", { offers: ["add:ELC-0013-BLK"], ...UNCHANGED }],
    ["Sonique in white", { offers: ["add:ELC-0012-WHT"], says: money("$129.99"), ...UNCHANGED }],
    ["the auralis pair in midnight blue", { offers: ["add:ELC-0013-MDN"], ...UNCHANGED }],
    ["the Lite ones", { offers: ["show:prd_0271"], saysNot: /didn't understand/, ...UNCHANGED }],
  ]),
  ...each(
    "answer",
    [say("find linen midi dress")],
    [
      ["the Petite one", { offers: ["add:DRS-0005-NVY-M"], ...UNCHANGED }],
      ["the regular one in sky blue", { offers: ["add:DRS-0004-SKY-M"], ...UNCHANGED }],
    ],
  ),
  ...each(
    "answer",
    [say("add a sourdough loaf")],
    [
      ["the Old Mill one", { cart: { "GRC-0016": 1 } }],
      ["Green Pantry", { cart: { "GRC-0037": 1 } }],
      ["the fairtrade one", { cart: { "GRC-0259": 1 } }],
      ["the Harvest Lane one", { cart: { "GRC-0259": 1 } }],
      ["the green pantry loaf please", { cart: { "GRC-0037": 1 } }],
    ],
  ),
];

// ---- relative quantities and variants ------------------------------------------------------------
const HAS_DRESS = [press("add:DRS-0004-NVY-M")];
const HAS_THREE = [press("add:DRS-0004-NVY-M:3")];
const HAS_TEA = [press("add:TEA-MILK-500:2")];
const relative: Scenario[] = [
  ...each("relative", HAS_DRESS, [
    ["two more", { cart: { "DRS-0004-NVY-M": 3 } }],
    ["one more please", { cart: { "DRS-0004-NVY-M": 2 } }],
    ["another one", { cart: { "DRS-0004-NVY-M": 2 } }],
    ["make it two", { cart: { "DRS-0004-NVY-M": 2 } }],
    ["next size down", { cart: { "DRS-0004-NVY-S": 1 } }],
    ["next size up", { cart: { "DRS-0004-NVY-L": 1 } }],
    ["can I get a size bigger", { cart: { "DRS-0004-NVY-L": 1 } }],
    ["one size smaller please", { cart: { "DRS-0004-NVY-S": 1 } }],
    ["the other colour", { cart: { "DRS-0004-SKY-M": 1 } }],
    ["in the other color instead", { cart: { "DRS-0004-SKY-M": 1 } }],
    ["double it", { cart: { "DRS-0004-NVY-M": 2 } }],
    ["add 2 more", { cart: { "DRS-0004-NVY-M": 3 } }],
    ["I need three more of those", { cart: { "DRS-0004-NVY-M": 4 } }],
  ]),
  ...each("relative", HAS_THREE, [
    ["just the one", { cart: { "DRS-0004-NVY-M": 1 } }],
    ["one less", { cart: { "DRS-0004-NVY-M": 2 } }],
    ["two fewer", { cart: { "DRS-0004-NVY-M": 1 } }],
    ["remove one", { cart: { "DRS-0004-NVY-M": 2 } }],
    ["actually only one", { cart: { "DRS-0004-NVY-M": 1 } }],
    ["drop one of them", { cart: { "DRS-0004-NVY-M": 2 } }],
    ["just 2 please", { cart: { "DRS-0004-NVY-M": 2 } }],
  ]),
  ...each("relative", HAS_TEA, [
    ["one more milk tea", { cart: { "TEA-MILK-500": 3 } }],
    ["another tea", { cart: { "TEA-MILK-500": 3 } }],
    ["take one away", { cart: { "TEA-MILK-500": 1 } }],
    ["5 more", { cart: { "TEA-MILK-500": 7 } }],
  ]),
  ...each(
    "relative",
    [press("add:DRS-0004-NVY-XL")],
    [
      ["next size up", { says: /largest|no bigger|biggest|doesn't come/i, ...UNCHANGED }],
      ["a size down", { cart: { "DRS-0004-NVY-L": 1 } }],
    ],
  ),
  ...each(
    "relative",
    [press("add:SHO-0063-GRY-41")],
    [
      ["half a size... no, a full size up", { cart: { "SHO-0063-GRY-42": 1 } }],
      ["next size down", { cart: { "SHO-0063-GRY-40": 1 } }],
      ["the other colour", { says: /only comes in|one colour|only/i, ...UNCHANGED }],
    ],
  ),
];

// ---- cart questions and edits --------------------------------------------------------------------
const TWO_LINES = [press("add:TEA-MILK-500:2"), press("add:SHO-0063-GRY-41")];
const cart: Scenario[] = [
  ...each("cart", TWO_LINES, [
    ["what do I owe?", { says: /Total: \$78\.49/, ...UNCHANGED }],
    ["what's my total", { says: /Total: \$78\.49/, ...UNCHANGED }],
    ["show my basket", { says: /Classic Milk Tea/, ...UNCHANGED, offers: ["rm:TEA-MILK-500"] }],
    ["how much is everything", { says: /Total: \$78\.49/, ...UNCHANGED }],
    ["what have I got in my bag?", { says: /Minimalist Sneakers/, ...UNCHANGED }],
    ["what's in the trolley", { says: /Minimalist Sneakers/, ...UNCHANGED }],
    ["how much do I have to pay", { says: /\$78\.49/, ...UNCHANGED }],
    ["total please", { says: /Total: \$78\.49/, ...UNCHANGED }],
    ["my total so far please", { says: /Total: \$78\.49/, ...UNCHANGED }],
    ["delete it", { offers: ["rm:TEA-MILK-500", "rm:SHO-0063-GRY-41"], ...UNCHANGED }],
    ["how many things are in my cart", { says: /Classic Milk Tea/, ...UNCHANGED }],
    ["empty my cart", { cart: {} }],
    ["clear the basket please", { cart: {} }],
    ["remove everything", { cart: {} }],
    ["start over with an empty cart", { cart: {} }],
    ["delete all items", { cart: {} }],
    ["take the shoes out", { cart: { "TEA-MILK-500": 2 } }],
    ["take the sneakers out", { cart: { "TEA-MILK-500": 2 } }],
    ["I don't want the tea anymore", { cart: { "SHO-0063-GRY-41": 1 } }],
    ["get rid of the milk tea", { cart: { "SHO-0063-GRY-41": 1 } }],
    ["lose the sneakers", { cart: { "TEA-MILK-500": 2 } }],
    ["scrap the tea", { cart: { "SHO-0063-GRY-41": 1 } }],
    ["no tea after all", { cart: { "SHO-0063-GRY-41": 1 } }],
    ["remove the shoes from my basket", { cart: { "TEA-MILK-500": 2 } }],
    ["change the tea to 5", { cart: { "TEA-MILK-500": 5, "SHO-0063-GRY-41": 1 } }],
    ["make the milk tea 1", { cart: { "TEA-MILK-500": 1, "SHO-0063-GRY-41": 1 } }],
    ["remove it", { offers: ["rm:TEA-MILK-500", "rm:SHO-0063-GRY-41"], ...UNCHANGED }],
  ]),
  ...each(
    "cart",
    [],
    [
      ["what's my total", { says: /cart is empty/i }],
      ["empty my cart", { says: /cart is empty/i }],
      ["show my basket", { says: /cart is empty/i }],
    ],
  ),
  ...each(
    "cart",
    [press("add:TEA-MILK-500:2"), say("apply code WELCOME10")],
    [
      ["what do I owe now?", { says: /Total: \$8\.10/, ...UNCHANGED }],
      ["take the code off", { codes: [] }],
      ["remove the discount code", { codes: [] }],
    ],
  ),
];

// ---- add-like phrasings --------------------------------------------------------------------------
const add: Scenario[] = [
  ...each(
    "add",
    [],
    [
      ["I'd like the classic milk tea", { cart: { "TEA-MILK-500": 1 } }],
      ["I'd like a dress", { shows: { category: "dresses" }, ...UNCHANGED }],
      ["I'll have the milk tea", { cart: { "TEA-MILK-500": 1 } }],
      ["I'll have two milk teas", { cart: { "TEA-MILK-500": 2 } }],
      ["greek yogurt as well please", { asks: 2, offers: ["show:prd_0024", "show:prd_0299"], ...UNCHANGED }],
      ["can I also get the free-range eggs", { cart: { "GRC-0015-12PK": 1 } }],
      ["I'd like the sea salt crackers", { cart: { "GRC-0034-200G": 1 } }],
      ["gimme 3 free-range eggs", { cart: { "GRC-0015-12PK": 3 } }],
      ["throw in some crackers", { cart: { "GRC-0034-200G": 1 } }],
      ["put the matcha latte powder in my basket", { cart: { "BEV-0003-250G": 1 } }],
      ["I'll grab the jasmine green tea", { offers: ["add:BEV-0002-20PK", "add:BEV-0002-50PK"], ...UNCHANGED }],
      [
        "let me get the hdmi cable",
        { offers: ["add:ELC-0027-1M", "add:ELC-0027-2M", "add:ELC-0027-3M"], ...UNCHANGED },
      ],
      ["can I also get a sourdough loaf", { asks: 3, offers: ["show:prd_0016", "show:prd_0037"], ...UNCHANGED }],
      ["I want to buy the classic milk tea", { cart: { "TEA-MILK-500": 1 } }],
      ["could I get 2 greek yogurts please", { asks: 2, offers: ["show:prd_0024", "show:prd_0299"], ...UNCHANGED }],
      ["I'd love the hdmi cable in 2m", { cart: { "ELC-0027-2M": 1 } }],
      ["get me the linen midi dress in navy, size S", { cart: { "DRS-0004-NVY-S": 1 } }],
      ["I'll take the wrap dress in red, medium", { cart: { "DRS-0007-RED-M": 1 } }],
    ],
  ),
  ...each(
    "add",
    [press("show:prd_0001")],
    [
      ["I'll take it", { cart: { "TEA-MILK-500": 1 } }],
      ["I'll have two", { cart: { "TEA-MILK-500": 2 } }],
      ["sounds good, I'll take one", { cart: { "TEA-MILK-500": 1 } }],
      ["yes, add it", { cart: { "TEA-MILK-500": 1 } }],
      ["ok I'll get 4", { cart: { "TEA-MILK-500": 4 } }],
      ["perfect, one of those please", { cart: { "TEA-MILK-500": 1 } }],
      ["great, I want it", { cart: { "TEA-MILK-500": 1 } }],
      ["three of those please", { cart: { "TEA-MILK-500": 3 } }],
    ],
  ),
  ...each(
    "add",
    [press("show:prd_0007")],
    [
      ["I'll take it in red, size S", { cart: { "DRS-0007-RED-S": 1 } }],
      ["I'll take it", { asks: 8, ...UNCHANGED }],
      ["I'll have the royal blue", { offers: ["add:DRS-0007-RYL-M"], asks: 4, ...UNCHANGED }],
      ["two in red medium please", { cart: { "DRS-0007-RED-M": 2 } }],
      ["one in royal blue, small please", { cart: { "DRS-0007-RYL-S": 1 } }],
      // A question about a count is not an order: shown with its Add button, nothing added.
      ["one in red, M?", { offers: ["add:DRS-0007-RED-M"], ...UNCHANGED }],
    ],
  ),
  ...each(
    "add",
    [press("show:prd_0006")],
    [["I'll take a white one in M as well please", { cart: { "DRS-0006-WHT-M": 1 } }]],
  ),
];

// ---- negation ------------------------------------------------------------------------------------
const negation: Scenario[] = each(
  "negation",
  [],
  [
    ["dresses, no pink", { shows: { noColor: "pink", category: "dresses", min: 3 } }],
    ["anything but white tops", { shows: { noColor: "white", category: "tops", min: 3 } }],
    ["jeans but not black", { shows: { noColor: "black", category: "jeans", min: 3 } }],
    ["shoes, not red please", { shows: { noColor: "red", category: "shoes", min: 3 } }],
    ["a dress in any colour except navy", { shows: { noColor: "navy", category: "dresses", min: 3 } }],
    ["tops without grey", { shows: { noColor: "grey", category: "tops", min: 3 } }],
    ["no black jackets", { shows: { noColor: "black", category: "jackets", min: 3 } }],
    ["dresses, anything but blue", { shows: { noColor: "blue", category: "dresses", min: 3 } }],
    ["t-shirts that aren't beige", { shows: { noColor: "beige", titles: /t-shirt/i, min: 2 } }],
    ["sneakers, not white", { shows: { noColor: "white", titles: /sneaker/i } }],
    ["jeans other than indigo", { shows: { noColor: "indigo", category: "jeans", min: 3 } }],
    ["shoes excluding pink", { shows: { noColor: "pink", category: "shoes", min: 3 } }],
    ["dresses under $80, no red", { shows: { noColor: "red", maxPrice: 8000, category: "dresses", min: 3 } }],
    ["I hate yellow, show me dresses", { shows: { noColor: "yellow", category: "dresses", min: 3 } }],
    ["tops, avoid pink and white", { shows: { noColor: "pink", category: "tops", min: 3 } }],
    ["jackets, not in khaki", { shows: { noColor: "khaki", category: "jackets", min: 3 } }],
    ["not navy jeans", { shows: { noColor: "navy", category: "jeans", min: 3 } }],
    ["dresses minus the black ones", { shows: { noColor: "black", category: "dresses", min: 3 } }],
    ["shoes, no brown", { shows: { noColor: "brown", category: "shoes", min: 3 } }],
    ["tops except navy", { shows: { noColor: "navy", category: "tops", min: 3 } }],
    ["a jacket but nothing green", { shows: { noColor: "green", category: "jackets", min: 3 } }],
    ["jeans, not light blue", { shows: { noColor: "light blue", category: "jeans", min: 3 } }],
    ["dresses that are not white or ivory", { shows: { noColor: "white", category: "dresses", min: 3 } }],
    // Negation opening the message, or after the product, without a verb.
    ["no white shoes", { shows: { noColor: "white", category: "shoes", min: 3 } }],
    ["not black, tops", { shows: { noColor: "black", category: "tops", min: 3 } }],
    ["jackets other than grey ones", { shows: { noColor: "grey", category: "jackets", min: 3 } }],
  ],
);

// ---- typos ---------------------------------------------------------------------------------------
const typo: Scenario[] = each(
  "typo",
  [],
  [
    ["jackt", { shows: { category: "jackets" } }],
    ["sneekers", { shows: { titles: /sneaker/i } }],
    ["navvy dress", { shows: { color: "navy", category: "dresses" } }],
    ["dresss", { shows: { category: "dresses" } }],
    ["jeens", { shows: { category: "jeans" } }],
    ["blak jeans", { shows: { color: "black", category: "jeans" } }],
    ["headphnes", { shows: { titles: /headphone/i } }],
    ["earbds", { shows: { titles: /earbud/i } }],
    ["sourdugh bread", { shows: { titles: /sourdough/i } }],
    ["expadrilles", { shows: { titles: /espadrille/i } }],
    ["tshirt", { shows: { titles: /t-shirt/i } }],
    ["t shirts", { shows: { titles: /t-shirt/i } }],
    ["whte sneakers", { shows: { color: "white", titles: /sneaker/i } }],
    ["jackets in medum", { shows: { size: "M", category: "jackets" } }],
    ["find a dres in larg", { shows: { size: "L", category: "dresses" } }],
    ["redd dresses", { shows: { color: "red", category: "dresses" } }],
    ["grene tea", { shows: { titles: /green tea/i } }],
    ["leather jaket", { shows: { titles: /leather jacket/i } }],
    ["smart wach", { shows: { titles: /smart watch/i } }],
    ["hiking bots", { shows: { titles: /hiking boot/i } }],
    ["yoghurt", { shows: { titles: /yogurt/i } }],
    ["peanut buter", { shows: { titles: /peanut butter/i } }],
    ["spagetti", { shows: { titles: /spaghetti/i } }],
    ["beig dresses", { shows: { color: "beige", category: "dresses" } }],
    ["add a linnen midi dress in navvy medum", { cart: { "DRS-0004-NVY-M": 1 } }],
    ["pink sandals size 38", { shows: { color: "pink", size: "38", titles: /sandal/i } }],
    ["crakers", { shows: { titles: /cracker/i } }],
    ["matcha late powder", { shows: { titles: /matcha latte/i } }],
    ["jeans in blck", { shows: { color: "black", category: "jeans" } }],
    ["grey jakets", { shows: { color: "grey", category: "jackets" } }],
    ["wirless earbuds", { shows: { titles: /earbud/i } }],
    // Typos of other shop words: swapped letters, a dropped letter in a colour, a size word, a brand-free title word.
    ["cardigna", { shows: { titles: /cardigan/i } }],
    ["blakc jeans", { shows: { color: "black", category: "jeans" } }],
    ["hoodies in smal", { shows: { size: "S", titles: /hoodie/i } }],
    ["scented candel", { shows: { titles: /scented candle/i } }],
  ],
).concat(
  // "said" is one edit from the shop colour "sand": an everyday word is never corrected into a filter.
  one("typo", [press("show:prd_0063")], "the app said it was free", { says: money("$69.49"), ...UNCHANGED }),
);

// ---- product questions ---------------------------------------------------------------------------
const question: Scenario[] = [
  ...each(
    "question",
    [],
    [
      ["what sizes does the linen midi dress come in?", { says: /XS[\s\S]*XL/, ...UNCHANGED }],
      [
        "what colours does the wrap dress come in?",
        { says: /royal blue[\s\S]*red|red[\s\S]*royal blue/, ...UNCHANGED },
      ],
      [
        "is the wool-blend trench coat in stock in M?",
        { says: /in stock/i, offers: ["add:JKT-0269-CRM-M"], ...UNCHANGED },
      ],
      ["is the wool coat in stock in M?", { says: /in stock/i, ...UNCHANGED, saysNot: /didn't understand/ }],
      ["how much is the milk tea?", { says: money("$4.50"), ...UNCHANGED }],
      ["how much are the greek yogurts", { says: money("$2.99"), ...UNCHANGED }],
      [
        "does the packable jacket come in large?",
        { says: /in stock/i, offers: ["add:JKT-0021-GRY-L", "add:JKT-0021-KHK-L"], ...UNCHANGED },
      ],
      ["do you have the satin slip dress in cobalt blue M?", { says: /out of stock/i, ...UNCHANGED }],
      ["what lengths does the hdmi cable come in", { says: /1M[\s\S]*3M/, ...UNCHANGED }],
      ["is the linen midi dress available in XXL?", { says: /doesn't come in|comes in/i, ...UNCHANGED }],
      ["price of the sourdough loaf?", { asks: 2, ...UNCHANGED }],
      ["how much are the wireless earbuds pro", { asks: 2, offers: ["show:prd_0012", "show:prd_0013"], ...UNCHANGED }],
      ["tell me about the minimalist sneakers", { says: /Fleetfoot/, ...UNCHANGED }],
      ["what brand is the wrap dress", { says: /Juniper & Lane/, ...UNCHANGED }],
      ["any info on the matcha latte powder?", { says: /Kyoto Leaf/, ...UNCHANGED }],
    ],
  ),
  ...each(
    "question",
    [press("show:prd_0007")],
    [
      ["what sizes does it come in?", { says: /XS[\s\S]*L/, ...UNCHANGED }],
      ["how much is it?", { says: money("$79.00"), ...UNCHANGED }],
      ["is it in stock in S?", { says: /in stock/i, offers: ["add:DRS-0007-RED-S"], ...UNCHANGED }],
      ["what colors?", { says: /royal blue/, ...UNCHANGED }],
      ["does this come in green?", { says: /doesn't come in|comes in/i, ...UNCHANGED }],
    ],
  ),
  ...each(
    "question",
    [say("find linen midi dress")],
    [
      ["what sizes does the second one come in?", { says: /XS[\s\S]*M/, ...UNCHANGED }],
      ["how much is the first one", { says: money("$59.99"), ...UNCHANGED }],
      [
        "is the first one in stock in sky blue L?",
        { says: /44 in stock/, offers: ["add:DRS-0004-SKY-L"], ...UNCHANGED },
      ],
    ],
  ),
  ...each(
    "question",
    [press("show:prd_0063")],
    [
      ["are these in stock?", { says: /in stock/i, ...UNCHANGED }],
      ["how many of the 40s do you have", { says: /7 in stock/, ...UNCHANGED }],
      ["what sizes?", { says: /39[\s\S]*42/, ...UNCHANGED }],
      ["what do they cost", { says: money("$69.49"), ...UNCHANGED }],
    ],
  ),
  ...each(
    "question",
    [],
    [
      [
        "do you sell the smart watch in midnight blue?",
        { says: /in stock/i, offers: ["add:ELC-0026-MDN"], ...UNCHANGED },
      ],
      ["what sizes do the levi's 501 come in", { says: /XS[\s\S]*XL/, ...UNCHANGED }],
      ["do you carry the wrap dress in red S?", { says: /in stock/i, offers: ["add:DRS-0007-RED-S"], ...UNCHANGED }],
      [
        "what colours does the linen midi dress come in",
        { says: /navy[\s\S]*sky blue|sky blue[\s\S]*navy/, ...UNCHANGED },
      ],
      ["have you got the packable jacket in khaki?", { offers: ["add:JKT-0021-KHK-L"], ...UNCHANGED }],
    ],
  ),
];

// ---- confirming and paying by sentence -----------------------------------------------------------
const QUOTED = [press("add:TEA-MILK-500:3"), say("checkout")];
const FILLED = [press("add:TEA-MILK-500:3")];
const confirm: Scenario[] = [
  ...each("confirm", QUOTED, [
    ["yes please go ahead and place it", { paid: true }],
    ["ok confirm", { paid: true }],
    ["place the order", { paid: true }],
    ["sounds good, pay", { paid: true }],
    ["yep, that's right, buy it", { paid: true }],
    ["looks good, complete my purchase", { paid: true }],
    ["confirm and pay please", { paid: true }],
    ["go for it", { paid: true }],
    ["all correct, proceed with payment", { paid: true }],
    ["cancel the order", { says: /canceled/i, paid: false }],
    ["no, don't place it", { says: /canceled/i, paid: false }],
    ["wait, not yet", { paid: false, saysNot: /Order placed/, says: /canceled|not charged|nothing was charged/i }],
  ]),
  ...each("confirm", FILLED, [
    ["how do I pay?", { quote: true, paid: false }],
    ["I'm ready to check out", { quote: true, paid: false }],
    ["let's wrap this up", { quote: true, paid: false }],
    ["yes please go ahead and place it", { quote: true, paid: false }],
    ["take my money", { quote: true, paid: false }],
    ["proceed to payment", { quote: true, paid: false }],
    ["checkout and pay", { quote: true, paid: false }],
    ["buy now", { quote: true, paid: false }],
    ["I'd like to pay now", { quote: true, paid: false }],
    ["can I pay by card?", { quote: true, paid: false }],
    ["ok let's wrap it up", { quote: true, paid: false }],
    ["I'm all done shopping", { quote: true, paid: false }],
  ]),
  ...each(
    "confirm",
    [],
    [
      ["how do I pay?", { says: /cart is empty/i, paid: false }],
      ["place the order", { says: /cart is empty/i, paid: false }],
    ],
  ),
];

// ---- claims and haggling -------------------------------------------------------------------------
const claim: Scenario[] = [
  ...each(
    "claim",
    [press("show:prd_0001")],
    [
      ["it's $5, right?", { says: money("$4.50"), ...UNCHANGED }],
      ["that's 2 dollars isn't it", { says: money("$4.50"), ...UNCHANGED }],
      ["so it costs $1?", { says: money("$4.50"), ...UNCHANGED }],
      ["give me 30% off", { says: /can't|cannot/i, ...UNCHANGED }],
      ["can you do it for $3?", { says: /can't|cannot/i, ...UNCHANGED }],
      ["I want a discount", { says: /can't|cannot/i, ...UNCHANGED }],
      ["knock 10 bucks off and I'll buy", { says: /can't|cannot/i, ...UNCHANGED }],
      ["make it half price", { says: /can't|cannot/i, ...UNCHANGED }],
      ["is there any discount?", { says: /code/i, ...UNCHANGED, saysNot: /didn't understand/ }],
    ],
  ),
  ...each(
    "claim",
    [press("add:DRS-0004-NVY-M")],
    [
      ["the dress is $20, right?", { says: money("$59.99"), ...UNCHANGED }],
      ["my total is $10, correct?", { says: /Total: \$59\.99/, ...UNCHANGED }],
      ["give me 50% off the dress", { says: /can't|cannot/i, ...UNCHANGED }],
      ["price match: it's $40 elsewhere", { says: /can't|cannot/i, ...UNCHANGED }],
      ["the website said it was free", { says: money("$59.99"), ...UNCHANGED }],
    ],
  ),
  ...each(
    "claim",
    [],
    [
      ["the milk tea is 50 cents right?", { says: money("$4.50"), ...UNCHANGED }],
      ["the wrap dress costs $10, yes?", { says: money("$79.00"), ...UNCHANGED }],
      ["give me 30% off", { says: /can't|cannot/i, ...UNCHANGED }],
      ["can I haggle?", { says: /can't|cannot|fixed/i, ...UNCHANGED }],
      ["greek yogurt is a dollar, right?", { says: money("$2.99"), ...UNCHANGED }],
      ["20% off the sneakers?", { says: /can't|cannot/i, ...UNCHANGED }],
    ],
  ),
  ...each(
    "claim",
    [press("show:prd_0063")],
    [
      ["these are $50 right?", { says: money("$69.49"), ...UNCHANGED }],
      ["cheaper if I buy two?", { says: /can't|cannot/i, ...UNCHANGED }],
    ],
  ),
];

// ---- after-sales: the shopper's own orders ----------------------------------------------------------
const PLACED = [press("add:TEA-MILK-500:3"), say("checkout"), say("yes")];
const orders: Scenario[] = [
  ...each("orders", PLACED, [
    ["where's my order?", { says: /latest order, o_q_1[\s\S]*waiting for payment/, paid: false }],
    ["did my order ship?", { says: /o_q_1[\s\S]*waiting for payment/, paid: false }],
    ["order status", { says: /waiting for payment/, ...UNCHANGED }],
    ["whats the status of my order", { says: /waiting for payment/, ...UNCHANGED }],
    ["hi, where is my package?", { says: /latest order/, ...UNCHANGED }],
    ["has my parcel arrived yet", { says: /latest order/, ...UNCHANGED }],
    ["track my order please", { says: /latest order/, ...UNCHANGED }],
    ["my orders", { says: /Your orders:\n• o_q_1/, ...UNCHANGED }],
    ["what did I buy last week?", { says: /Your orders in the last 14 days:\n• o_q_1.*3 ×/, ...UNCHANGED }],
    ["what did i order today", { says: /in the last 1 day:\n• o_q_1/, ...UNCHANGED }],
    ["show me my order history", { says: /Your orders:/, ...UNCHANGED }],
    ["what have I bought so far", { says: /Your orders/, ...UNCHANGED }],
    ["status of order ord_0000ffff", { says: /can't find an order ord_0000ffff among yours/, ...UNCHANGED }],
  ]),
  ...each(
    "orders",
    [],
    [
      ["where's my order", { says: /no orders yet/ }],
      ["did my package ship?", { says: /no orders yet/ }],
      ["what did I buy last month", { says: /no orders in the last 62 days/ }],
    ],
  ),
  ...each("orders", QUOTED, [
    ["did my payment go through?", { says: /no orders yet/, paid: false }],
    ["is my order paid?", { says: /no orders yet/, paid: false }],
  ]),
];

// ---- cancel and refund after paying (the harness's shopper has one paid, unshipped order) ---------
const OFFERED = [say("cancel my order")];
const afterSales: Scenario[] = [
  ...each(
    "aftersales",
    [],
    [
      ["cancel my order", { says: /Cancel order ord_corpus:[\s\S]*Visa card ending 4242/, ...UNCHANGED }],
      ["please cancel my order", { says: /Cancel order ord_corpus/, ...UNCHANGED }],
      ["I want a refund", { says: /\$129\.49 goes back to your Visa card ending 4242/, ...UNCHANGED }],
      ["can I get my money back?", { says: /goes back to your Visa card/, ...UNCHANGED }],
      ["I'd like to cancel the order I placed", { says: /Cancel order ord_corpus/, ...UNCHANGED }],
      ["return the sneakers", { says: /1 × Minimalist Sneakers — \$69\.49 back/, saysNot: /Hoodie/ }],
      ["refund the hoodie only", { says: /2 × Pullover Hoodie — \$60\.00 back/, saysNot: /Sneakers/ }],
      ["I want to return the hoodies, they're too small", { says: /2 × Pullover Hoodie/, saysNot: /Sneakers/ }],
      ["can I send back the sneakers and get a refund", { says: /Minimalist Sneakers/, saysNot: /Hoodie/ }],
      ["cancel order 1", { says: /Cancel order ord_corpus/ }],
      ["cancel order 3", { says: /You have 1 order, not 3/ }],
      ["refund the dress", { says: /has nothing called “dress”/ }],
      ["cancel my order, yes", { says: /Here is what will happen/, saysNot: /on its way back/ }],
    ],
  ),
  ...each("aftersales", OFFERED, [
    ["yes", { says: /on its way back/ }],
    ["yes please", { says: /on its way back/ }],
    ["ok, go ahead", { says: /on its way back/ }],
    ["confirm", { says: /on its way back/ }],
    ["no", { says: /nothing changed/ }],
    ["no thanks, keep it", { says: /nothing changed/ }],
    ["never mind", { says: /nothing changed/ }],
  ]),
];

export const SCENARIOS: readonly Scenario[] = [
  ...price,
  ...reference,
  ...answer,
  ...relative,
  ...cart,
  ...add,
  ...negation,
  ...typo,
  ...question,
  ...confirm,
  ...claim,
  ...orders,
  ...afterSales,
];
