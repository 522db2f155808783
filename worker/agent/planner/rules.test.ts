import { describe, expect, it } from "vitest";
import type { Action } from "../actions.js";
import { payload } from "../payloads.js";
import { fixtureContext as ctx } from "./fixtures.js";
import { planRules, RulesPlanner } from "./rules.js";

type Case = readonly [behaviour: string, text: string, expected: Action[]];

const current = { kind: "current" } as const;
const result = (index: number) => ({ kind: "result", index }) as const;
const text = (query: string) => ({ kind: "text", query }) as const;
const search = (query: string, filters: Record<string, unknown> = {}): Action => ({ type: "search", query, filters });
const add = (target: Extract<Action, { type: "add_to_cart" }>["target"], quantity = 1, options = {}): Action => ({
  type: "add_to_cart",
  target,
  quantity,
  options,
});
const unknown = (t: string): Action => ({ type: "unknown", text: t });

function table(cases: readonly Case[]) {
  it.each(cases)("%s: %j", (_behaviour, input, expected) => {
    expect(planRules({ text: input }, ctx)).toEqual(expected);
  });
}

describe("search", () => {
  table([
    // The category filter is set because "dress" names the shop category "dresses"; the query keeps the word.
    [
      "colour, price ceiling, size and category come out of the words",
      "find a blue dress under $40 in size M",
      [search("dress", { color: "blue", size: "M", maxPrice: 4000, category: "dresses" })],
    ],
    ["plural product words become singular", "show me teas", [search("tea")]],
    ["a bare product name is a search", "milk tea", [search("milk tea")]],
    ["an unknown word is searched: the catalog, not the planner, knows product names", "matcha", [search("matcha")]],
    ["a verb that is also a product word, without an object, is a product", "drop earrings", [search("drop earring")]],
    ["'change purse' is a purse", "change purse", [search("change purse")]],
    ["'set of knives' is a set", "set of knives", [search("set of knife")]],
    ["a leading count on a bare name is dropped (no verb, no purchase)", "2 milk teas", [search("milk tea")]],
    ["filler, emoji and 'pls' are ignored", "Pls show me teas 🍵!!", [search("tea")]],
    ["extra spaces and capitals are ignored", "   FIND   a   Dress  ", [search("dress", { category: "dresses" })]],
    [
      "multi-word shop colour wins over the generic word",
      "show me sky blue dresses in size 38 under 39.99",
      [search("dress", { color: "sky blue", size: "38", maxPrice: 3999, category: "dresses" })],
    ],
    [
      "generic colour outside the vocabulary",
      "i want a yellow top",
      [search("top", { color: "yellow", category: "tops" })],
    ],
    ["gray is spelled the way the shop spells it", "gray tops", [search("top", { color: "grey", category: "tops" })]],
    [
      "a shade stays with its colour",
      "a light blue dress",
      [search("dress", { color: "light blue", category: "dresses" })],
    ],
    [
      "adjacent colour words are one colour",
      "navy blue dress",
      [search("dress", { color: "navy blue", category: "dresses" })],
    ],
    [
      "two colours are the product, not a variant",
      "black and white dress",
      [search("black and white dress", { category: "dresses" })],
    ],
    [
      "the same with a verb",
      "find a black and white dress",
      [search("black and white dress", { category: "dresses" })],
    ],
    ["colour in a food name is not a variant", "green tea", [search("green tea")]],
    ["orange juice is not orange", "orange juice under $5", [search("orange juice", { maxPrice: 500 })]],
    [
      "'below $39.99' is exact minor units",
      "below $39.99 dresses",
      [search("dress", { maxPrice: 3999, category: "dresses" })],
    ],
    ["'less than 40 bucks'", "shoes less than 40 bucks", [search("shoe", { maxPrice: 4000, category: "shoes" })]],
    ["'max 40' (no currency word)", "jeans max 40", [search("jeans", { maxPrice: 4000, category: "jeans" })]],
    [
      "'40 dollars' alone is a ceiling",
      "jackets 40 dollars",
      [search("jacket", { maxPrice: 4000, category: "jackets" })],
    ],
    ["'$40' alone is a ceiling", "dress $40", [search("dress", { maxPrice: 4000, category: "dresses" })]],
    ["'under 40' without a currency", "tops under 40", [search("top", { maxPrice: 4000, category: "tops" })]],
    ["cents beyond two decimals are cut, never rounded up", "tea under $3.999", [search("tea", { maxPrice: 399 })]],
    ["thousands separators", "jackets under $1,299.50", [search("jacket", { maxPrice: 129950, category: "jackets" })]],
    [
      "a range keeps both ends",
      "find dresses between $20 and $40",
      [search("dress", { maxPrice: 4000, minPrice: 2000, category: "dresses" })],
    ],
    [
      "a dashed range keeps both ends",
      "shoes $20-40",
      [search("shoe", { maxPrice: 4000, minPrice: 2000, category: "shoes" })],
    ],
    [
      "a price in another currency is dropped, not converted",
      "dress under 40 euros",
      [search("dress", { category: "dresses" })],
    ],
    ["size words", "find a top in medium", [search("top", { size: "M", category: "tops" })]],
    ["'extra large' is XL", "jackets in extra large", [search("jacket", { size: "XL", category: "jackets" })]],
    ["unit sizes from the vocabulary", "i need a phone with 128gb", [search("phone", { size: "128GB" })]],
    ["'500 ml' with a space", "find 500 ml milk", [search("milk", { size: "500ML" })]],
    [
      "'size 32' even when the shop has no 32",
      "do you have blue jeans in size 32?",
      [search("jeans", { color: "blue", size: "32", category: "jeans" })],
    ],
    ["'any X?' question", "any grey tops?", [search("top", { color: "grey", category: "tops" })]],
    ["'what X do you have'", "what dresses do you have?", [search("dress", { category: "dresses" })]],
    [
      "'looking for'",
      "I'm looking for black jeans, size 32",
      [search("jeans", { color: "black", size: "32", category: "jeans" })],
    ],
    [
      "'search for' with a two-word product",
      "search for running shoes under 100 dollars",
      [search("running shoe", { maxPrice: 10000, category: "shoes" })],
    ],
    [
      "filters without product words",
      "show me something blue under $40",
      [search("", { color: "blue", maxPrice: 4000 })],
    ],
    [
      "'i want' + words is a search, not a purchase",
      "i want a red top",
      [search("top", { color: "red", category: "tops" })],
    ],
    [
      "'get me' with a price is a search",
      "get me a dress under $30",
      [search("dress", { maxPrice: 3000, category: "dresses" })],
    ],
    ["a greeting in front is dropped", "hi, show me dresses", [search("dress", { category: "dresses" })]],
    ["'all' is filler", "show me all dresses", [search("dress", { category: "dresses" })]],
    ["hyphenated plurals", "red t-shirts size L", [search("t-shirt", { color: "red", size: "L" })]],
    [
      "a size and a price together",
      "shoes in size 40 under $50",
      [search("shoe", { size: "40", maxPrice: 5000, category: "shoes" })],
    ],
  ]);
});

describe("add to cart", () => {
  table([
    ["count and list position", "add 2 of the second one", [add(result(2), 2)]],
    ["'add it'", "add it", [add(current)]],
    ["'add this'", "add this", [add(current)]],
    ["'I'll take it'", "I'll take it", [add(current)]],
    ["'yes add it' (hedge dropped)", "yes add it", [add(current)]],
    ["colour of the product in focus", "add the blue one", [add(current, 1, { color: "blue" })]],
    [
      "colour and size of the product in focus",
      "add the navy one in size M",
      [add(current, 1, { color: "navy", size: "M" })],
    ],
    ["named product with a count", "add 3 milk tea", [add(text("milk tea"), 3)]],
    ["named product without a count", "add milk tea", [add(text("milk tea"))]],
    ["a SKU is upper-cased", "add SKU drs-0001-nvy-m", [add({ kind: "sku", sku: "DRS-0001-NVY-M" })]],
    ["a SKU-shaped word without 'sku'", "add DRS-0001-NVY-M", [add({ kind: "sku", sku: "DRS-0001-NVY-M" })]],
    ["'a couple of' is 2", "add a couple of milk teas", [add(text("milk tea"), 2)]],
    ["'a dozen' is 12", "add a dozen eggs", [add(text("egg"), 12)]],
    ["'half a dozen' is 6", "add half a dozen eggs", [add(text("egg"), 6)]],
    ["word numbers", "add three of the first one", [add(result(1), 3)]],
    ["'1st'", "add the 1st one", [add(result(1))]],
    ["'#3'", "add #3", [add(result(3))]],
    ["'number 3'", "add number 3", [add(result(3))]],
    ["'tenth'", "add the tenth one", [add(result(10))]],
    ["'add 2' is a count of the product in focus", "add 2", [add(current, 2)]],
    ["'another one'", "add another one", [add(current)]],
    ["'2 more'", "add 2 more", [add(current, 2)]],
    ["'x3' at the end", "add the second one x3", [add(result(2), 3)]],
    ["'3x' at the start", "add 3x milk tea", [add(text("milk tea"), 3)]],
    ["'twice'", "add the second one twice", [add(result(2), 2)]],
    ["polite and 'to my cart'", "can you add two of those to my cart please", [add(current, 2)]],
    ["'i want' + pointer is a purchase", "i want the second one", [add(result(2))]],
    ["'buy the third one'", "buy the third one", [add(result(3))]],
    ["'put 2 in my basket'", "put 2 in my basket", [add(current, 2)]],
    ["'order' + count", "order 2 milk teas", [add(text("milk tea"), 2)]],
    ["'i'd like' + count is a purchase", "I'd like 2 milk teas", [add(text("milk tea"), 2)]],
    ["'give me'", "give me 3 of the first one", [add(result(1), 3)]],
    ["options of a named product", "add a red top in size S", [add(text("top"), 1, { color: "red", size: "S" })]],
    ["two colours: no colour option (never guess)", "add the black and white one", [add(current)]],
    ["a bare size letter with a pointer", "I'll take the M", [add(current, 1, { size: "M" })]],
    ["'a large one'", "add a large one", [add(current, 1, { size: "L" })]],
    ["'large' before a product stays a word", "add large eggs", [add(text("large egg"))]],
    ["unit size option", "add the 500 ml milk", [add(text("milk"), 1, { size: "500ML" })]],
    ["green tea stays tea", "add 2 green teas", [add(text("green tea"), 2)]],
    ["a big count is emitted as it is (the executor bounds it)", "add 1000 milk tea", [add(text("milk tea"), 1000)]],
    ["zero is not a count to add", "add 0 of it", [unknown("add 0 of it")]],
    ["too many digits is not a count", "add 99999999999 tea", [unknown("add 99999999999 tea")]],
    [
      "'the last one' is refused: the planner does not know the list length",
      "add the last one",
      [unknown("add the last one")],
    ],
  ]);
});

describe("change options and quantity", () => {
  table([
    ["'make it size L'", "make it size L", [{ type: "change_options", target: current, options: { size: "L" } }]],
    ["'change it to L'", "change it to L", [{ type: "change_options", target: current, options: { size: "L" } }]],
    ["'in red instead'", "in red instead", [{ type: "change_options", target: current, options: { color: "red" } }]],
    ["'red instead'", "red instead", [{ type: "change_options", target: current, options: { color: "red" } }]],
    [
      "'I'd like it in navy instead'",
      "I'd like it in navy instead",
      [{ type: "change_options", target: current, options: { color: "navy" } }],
    ],
    ["'switch to size M'", "switch to size M", [{ type: "change_options", target: current, options: { size: "M" } }]],
    ["size word", "make it small", [{ type: "change_options", target: current, options: { size: "S" } }]],
    [
      "named product keeps its words",
      "change the navy dress to size L",
      [{ type: "change_options", target: text("navy dress"), options: { size: "L" } }],
    ],
    [
      "'number 2' is a position, not an attribute",
      "change number 2 to red",
      [{ type: "change_options", target: result(2), options: { color: "red" } }],
    ],
    [
      "'the number of' is the quantity",
      "change the number of teas to 3",
      [{ type: "set_quantity", target: text("tea"), quantity: 3 }],
    ],
    [
      "list position without 'to'",
      "make the second one red",
      [{ type: "change_options", target: result(2), options: { color: "red" } }],
    ],
    [
      "a bare number after 'to' is a quantity",
      "change it to 38",
      [{ type: "set_quantity", target: current, quantity: 38 }],
    ],
    [
      "'size 38' is a size",
      "change it to size 38",
      [{ type: "change_options", target: current, options: { size: "38" } }],
    ],
    ["'make it 3'", "make it 3", [{ type: "set_quantity", target: current, quantity: 3 }]],
    ["'make it two'", "make it two", [{ type: "set_quantity", target: current, quantity: 2 }]],
    ["'change quantity to 3'", "change quantity to 3", [{ type: "set_quantity", target: current, quantity: 3 }]],
    ["'set the tea to 2'", "set the tea to 2", [{ type: "set_quantity", target: text("tea"), quantity: 2 }]],
    [
      "'the quantity of the tea'",
      "update the quantity of the tea to 2",
      [{ type: "set_quantity", target: text("tea"), quantity: 2 }],
    ],
    ["'3 instead'", "3 instead", [{ type: "set_quantity", target: current, quantity: 3 }]],
    ["zero means remove", "make it 0", [{ type: "remove_from_cart", target: current }]],
    ["the price is not the shopper's to set", "change the price to 3", [unknown("change the price to 3")]],
  ]);
});

describe("remove", () => {
  table([
    ["'remove the tea'", "remove the tea", [{ type: "remove_from_cart", target: text("tea") }]],
    ["'delete the dress'", "delete the dress", [{ type: "remove_from_cart", target: text("dress") }]],
    ["'remove it'", "remove it", [{ type: "remove_from_cart", target: current }]],
    [
      "list position (the executor resolves the list)",
      "take out the second one",
      [{ type: "remove_from_cart", target: result(2) }],
    ],
    [
      "'from my cart'",
      "please remove the milk tea from my cart",
      [{ type: "remove_from_cart", target: text("milk tea") }],
    ],
    ["'get rid of it'", "get rid of it", [{ type: "remove_from_cart", target: current }]],
    ["'i don't want'", "i don't want the tea anymore", [{ type: "remove_from_cart", target: text("tea") }]],
    [
      "colours stay in a named product",
      "remove the navy dress",
      [{ type: "remove_from_cart", target: text("navy dress") }],
    ],
    ["partial removal is not an action", "remove 2 teas", [unknown("remove 2 teas")]],
    ["clearing the cart is one action", "clear my cart", [{ type: "clear_cart" }]],
  ]);
});

describe("promo codes", () => {
  table([
    ["'apply code X'", "apply code X", [{ type: "apply_promo", code: "X" }]],
    ["'use coupon' upper-cases", "use coupon welcome10", [{ type: "apply_promo", code: "WELCOME10" }]],
    ["'promo code'", "promo code SAVE5", [{ type: "apply_promo", code: "SAVE5" }]],
    ["'I have a code:'", "I have a code: MILKTEA1C", [{ type: "apply_promo", code: "MILKTEA1C" }]],
    ["'my code is'", "my code is save_5", [{ type: "apply_promo", code: "SAVE_5" }]],
    ["dashes in codes", "use discount code SAVE-10", [{ type: "apply_promo", code: "SAVE-10" }]],
    ["'apply X' without a keyword", "apply SAVE5", [{ type: "apply_promo", code: "SAVE5" }]],
    ["'use X' when X looks like a code", "use SAVE5", [{ type: "apply_promo", code: "SAVE5" }]],
    ["'add code' is a code, not a product", "add code save5", [{ type: "apply_promo", code: "SAVE5" }]],
    [
      "several codes",
      "apply codes SAVE5 and WELCOME10",
      [
        { type: "apply_promo", code: "SAVE5" },
        { type: "apply_promo", code: "WELCOME10" },
      ],
    ],
    ["'remove code'", "remove code SAVE5", [{ type: "remove_promo", code: "SAVE5" }]],
    ["'drop code'", "drop code save5", [{ type: "remove_promo", code: "SAVE5" }]],
    ["'don't use'", "don't use coupon SAVE5", [{ type: "remove_promo", code: "SAVE5" }]],
    ["no code named", "apply the code please", [unknown("apply the code please")]],
    [
      "a question about codes is not a search",
      "do you have any promo codes?",
      [unknown("do you have any promo codes?")],
    ],
    ["a code too long for the format", `apply code ${"A".repeat(33)}`, [unknown(`apply code ${"A".repeat(33)}`)]],
  ]);
});

describe("cart, price history, product details, help", () => {
  table([
    ["'what's in my cart'", "what's in my cart", [{ type: "view_cart" }]],
    ["'show cart'", "show cart", [{ type: "view_cart" }]],
    ["'basket'", "basket", [{ type: "view_cart" }]],
    ["'my bag'", "my bag", [{ type: "view_cart" }]],
    ["'what did I add'", "what did I add?", [{ type: "view_cart" }]],
    ["'was this cheaper last month?'", "was this cheaper last month?", [{ type: "price_history", target: current }]],
    ["'price history'", "price history", [{ type: "price_history", target: current }]],
    ["'lowest price'", "lowest price", [{ type: "price_history", target: current }]],
    ["named product", "was the milk tea cheaper before?", [{ type: "price_history", target: text("milk tea") }]],
    ["list position", "has the price of the second one dropped?", [{ type: "price_history", target: result(2) }]],
    ["'2 weeks ago' is not position 2", "was it cheaper 2 weeks ago", [{ type: "price_history", target: current }]],
    ["'ever on sale'", "was it ever on sale", [{ type: "price_history", target: current }]],
    ["'show me the second one'", "show me the second one", [{ type: "show_product", target: result(2) }]],
    ["'tell me more about 2'", "tell me more about 2", [{ type: "show_product", target: result(2) }]],
    ["'details'", "details", [{ type: "show_product", target: current }]],
    [
      "'how much is it' shows the product (prices come from the engine)",
      "how much is it",
      [{ type: "show_product", target: current }],
    ],
    ["named product", "tell me more about the milk tea", [{ type: "show_product", target: text("milk tea") }]],
    ["bare position '#3'", "#3", [{ type: "show_product", target: result(3) }]],
    [
      "'do you have it in M' asks about the product in focus",
      "do you have it in size M",
      [{ type: "show_product", target: current }],
    ],
    ["'what is X'", "what is milk tea", [{ type: "show_product", target: text("milk tea") }]],
    ["'more info on the first one'", "more info on the first one", [{ type: "show_product", target: result(1) }]],
    ["bare '2' picks from the list", "2", [{ type: "show_product", target: result(2) }]],
    ["bare 'the third one'", "the third one", [{ type: "show_product", target: result(3) }]],
    ["'help'", "help", [{ type: "help" }]],
    ["'help please'", "help please", [{ type: "help" }]],
    ["'hey there'", "hey there", [{ type: "help" }]],
    ["'hi'", "hi", [{ type: "help" }]],
    ["'hello!'", "hello!", [{ type: "help" }]],
    ["'what can you do'", "what can you do?", [{ type: "help" }]],
  ]);
});

describe("several intents in one message", () => {
  table([
    [
      "'and' before a verb splits",
      "add 2 of the first one and apply code SAVE5",
      [add(result(1), 2), { type: "apply_promo", code: "SAVE5" }],
    ],
    ["', then' splits", "find a dress, then add it", [search("dress", { category: "dresses" }), add(current)]],
    [
      "'and then' splits",
      "find a dress and then add it to my cart",
      [search("dress", { category: "dresses" }), add(current)],
    ],
    [
      "a count after 'and' borrows 'add'",
      "add 2 milk tea and 3 green tea",
      [add(text("milk tea"), 2), add(text("green tea"), 3)],
    ],
    ["a comma list borrows 'add'", "add 2 of the first one, 1 of the second one", [add(result(1), 2), add(result(2))]],
    ["sentences split", "Add it. Show my cart!", [add(current), { type: "view_cart" }]],
    ["an unknown part stays in its place", "add it and do a barrel roll", [add(current), unknown("do a barrel roll")]],
    [
      "an article after 'and' starts a new item",
      "add the red dress and the blue top",
      [add(text("dress"), 1, { color: "red" }), add(text("top"), 1, { color: "blue" })],
    ],
    ["an adjective after 'and' does not", "add the black and white dress", [add(text("black and white dress"))]],
    [
      "three intents",
      "add it, apply code save5 and show my cart",
      [add(current), { type: "apply_promo", code: "SAVE5" }, { type: "view_cart" }],
    ],
    ["thanks around a request are dropped", "thanks! add it", [add(current)]],
  ]);
});

describe("unknown", () => {
  table([
    ["empty text", "", [unknown("")]],
    ["whitespace", "   \n\t ", [unknown("")]],
    ["'thanks' alone is not a request", "thanks", [unknown("thanks")]],
    ["'ok'", "ok", [unknown("ok")]],
    ["cancel alone cancels the open quote", "cancel", [{ type: "cancel_quote" }]],
    ["'thank you so much'", "thank you so much", [unknown("thank you so much")]],
    ["'thanks, that's all'", "thanks, that's all", [unknown("thanks, that's all")]],
    [
      "order tracking is not a product: it asks for the shopper's latest order",
      "order status",
      [{ type: "order_status", view: "latest" }],
    ],
    // An offer to confirm (intent-cancel.ts); with a quote open it cancels that quote instead.
    ["cancelling an order is not removing a product", "cancel my order", [{ type: "cancel_or_refund" }]],
    ["bare 'the last one'", "the last one", [unknown("the last one")]],
    ["a question that is not about the shop", "what's the weather", [unknown("what's the weather")]],
    ["checkout asks for a quote", "checkout", [{ type: "checkout" }]],
    ["wanting to pay asks for a quote", "i want to pay", [{ type: "checkout" }]],
    ["yes confirms (the executor requires exactly one live quote)", "yes please", [{ type: "confirm_quote" }]],
    ["pay with more words is not guessed", "pay with the blue card", [unknown("pay with the blue card")]],
    ["'the blue one' without a verb is not guessed at", "the blue one", [unknown("the blue one")]],
    ["word salad is not a search", "tea was blue under was dress", [unknown("tea was blue under was dress")]],
    ["verbs out of place are not a search", "second want was", [unknown("second want was")]],
    [
      "'size' before an ordinary word is not a size",
      "and second size price milk",
      [unknown("and second size price milk")],
    ],
  ]);

  it("very long text is unknown, echoed capped at 2000 characters", () => {
    const long = "add it ".repeat(1000);
    const [action, ...rest] = planRules({ text: long }, ctx);
    expect(rest).toEqual([]);
    expect(action).toMatchObject({ type: "unknown" });
    expect((action as { text: string }).text.length).toBeLessThanOrEqual(2000);
  });

  it("more than eight requests at once is unknown as a whole", () => {
    const many = Array.from({ length: 9 }, () => "add it").join(" and ");
    expect(planRules({ text: many }, ctx)).toEqual([unknown(many)]);
  });
});

describe("buttons", () => {
  const cases: readonly [string, string, Action][] = [
    [
      "add",
      payload.add("DRS-0001-NVY-M", 2),
      { type: "add_to_cart", target: { kind: "sku", sku: "DRS-0001-NVY-M" }, quantity: 2, options: {} },
    ],
    ["show", payload.show("p_1"), { type: "show_product", target: { kind: "product", productId: "p_1" } }],
    ["remove", payload.remove("TEA-1"), { type: "remove_from_cart", target: { kind: "sku", sku: "TEA-1" } }],
    [
      "quantity",
      payload.quantity("TEA-1", 3),
      { type: "set_quantity", target: { kind: "sku", sku: "TEA-1" }, quantity: 3 },
    ],
    ["history", payload.history("p_1"), { type: "price_history", target: { kind: "product", productId: "p_1" } }],
    ["remove code", payload.removeCode("SAVE5"), { type: "remove_promo", code: "SAVE5" }],
    ["cart", payload.cart(), { type: "view_cart" }],
    ["help", payload.help(), { type: "help" }],
  ];
  it.each(cases)("a %s button decodes to its action", (_name, button, expected) => {
    expect(planRules({ button }, ctx)).toEqual([expected]);
  });

  it("a payload we did not issue is unknown, with the payload as text", () => {
    expect(planRules({ button: "pay:every thing" }, ctx)).toEqual([unknown("pay:every thing")]);
    expect(planRules({ button: "pay:q_1:2" }, ctx)).toEqual([unknown("pay:q_1:2")]);
    expect(planRules({ button: "add:SKU:0" }, ctx)).toEqual([unknown("add:SKU:0")]);
  });

  it("a button wins over text", () => {
    expect(planRules({ button: "cart", text: "add 2 of the second one" }, ctx)).toEqual([{ type: "view_cart" }]);
  });

  it("an empty button is no button", () => {
    expect(planRules({ button: "", text: "show cart" }, ctx)).toEqual([{ type: "view_cart" }]);
  });
});

describe("RulesPlanner", () => {
  it("wraps planRules behind the Planner port", async () => {
    const planner = new RulesPlanner();
    await expect(planner.plan({ text: "add it" }, ctx)).resolves.toEqual([add(current)]);
  });

  it("knows only what the vocabulary says: a shop colour outside the generic list", async () => {
    const teal = await new RulesPlanner().plan({ text: "add the teal one" }, ctx);
    expect(teal).toEqual([add(current, 1, { color: "teal" })]);
  });

  it("reads prices in the shop's own minor units (JPY has none)", () => {
    const yen = { ...ctx, currency: "JPY" };
    expect(planRules({ text: "tea under ¥500" }, yen)).toEqual([search("tea", { maxPrice: 500 })]);
  });

  it("an empty vocabulary still understands generic colours and sizes", () => {
    const bare = { currency: "USD", vocabulary: { colors: [], sizes: [], categories: [] } };
    expect(planRules({ text: "find a blue dress under $40 in size M" }, bare)).toEqual([
      search("dress", { color: "blue", size: "M", maxPrice: 4000 }),
    ]);
  });
});

describe("shopper phrasings (issue: price words, verbless negation, definite wants)", () => {
  it("a small number word alone is not a price ('under one', 'below two')", () => {
    for (const text of ["tea under one", "add under one", "dresses below two"]) {
      for (const a of planRules({ text }, ctx))
        expect(a.type === "search" ? a.filters : {}).not.toHaveProperty("maxPrice");
    }
  });
  table([
    [
      "spelled-out ceiling",
      "shoes under seventy five dollars",
      [search("shoe", { maxPrice: 7500, category: "shoes" })],
    ],
    [
      "'a hundred and twenty'",
      "jackets up to a hundred and twenty",
      [search("jacket", { maxPrice: 12000, category: "jackets" })],
    ],
    ["a small number word with its unit is", "tea under five dollars", [search("tea", { maxPrice: 500 })]],
    ["a note is an amount in the shop's unit", "tea for a tenner or less", [search("tea", { maxPrice: 1000 })]],
    ["slang is the shop's unit, exact names keep theirs", "tea under 5 quid", [search("tea", { maxPrice: 500 })]],
    [
      "'nothing over' is a ceiling, not a floor",
      "jeans, nothing over 45",
      [search("jeans", { maxPrice: 4500, category: "jeans" })],
    ],
    ["'$20-$40': both ends", "$20-$40 tops", [search("top", { minPrice: 2000, maxPrice: 4000, category: "tops" })]],
    ["'lowest price X' sorts", "lowest price jeans", [search("jeans", { sort: "price_asc", category: "jeans" })]],
    ["'what's the cheapest X' sorts", "what's the cheapest tea", [search("tea", { sort: "price_asc" })]],
    [
      "verbless negation searches without the colour",
      "no black jackets",
      [search("jacket", { excludeColors: ["black"], category: "jackets" })],
    ],
    ["'other than'", "jeans other than navy", [search("jeans", { excludeColors: ["navy"], category: "jeans" })]],
    ["'I'd like the X' chooses it", "I'd like the milk tea", [add(text("milk tea"))]],
    ["'I'd like a X' still only looks", "I'd like a red top", [search("top", { color: "red", category: "tops" })]],
    [
      "verbless position with options shows it, never adds",
      "the 2nd in small",
      [{ type: "show_product", target: result(2), options: { size: "S" } }],
    ],
    [
      "a size word after a colour is its size",
      "add the dress in navy medium",
      [add(text("dress"), 1, { color: "navy", size: "M" })],
    ],
    ["a number after a colour is not a size", "add the navy 2", [unknown("add the navy 2")]],
  ]);
});

describe("shopper phrasings: chat shorthand and 'the cheapest' wants", () => {
  table([
    ["'u' is 'you'", "do u have green tea", [search("green tea")]],
    ["'u got any' asks", "u got any teas?", [search("tea")]],
    [
      "'I want the cheapest …' looks, sorted cheapest first",
      "i want the cheapest green tea",
      [search("green tea", { sort: "price_asc" })],
    ],
    [
      "'… you've got' is who has it, not what is looked for",
      "the cheapest green tea you've got",
      [search("green tea", { sort: "price_asc" })],
    ],
    ["'what X do you have' is still a question", "what teas do you have?", [search("tea")]],
    [
      "who or what it is for is not searched for",
      "a black dress for a wedding",
      [search("dress", { color: "black", category: "dresses" })],
    ],
    [
      "a gift with a product: the product is looked for",
      "looking for a gift for my mum, maybe a scarf?",
      [search("scarf")],
    ],
    ["a gift alone is still searched", "gifts for my dad", [search("gift")]],
    ["a chain of purposes is one", "a dress for my sister's wedding", [search("dress", { category: "dresses" })]],
    [
      "nothing but a purpose is not understood (the model, where there is one, is asked)",
      "something nice for my sister's wedding",
      [unknown("something nice for my sister's wedding")],
    ],
    ["'for' before a product word stays", "case for phone", [search("case for phone")]],
  ]);
});
