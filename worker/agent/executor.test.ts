import { describe, expect, it } from "vitest";
import type { SeedCatalog } from "../../db/seed/index.js";
import { MemoryCatalog } from "../catalog/memory-catalog.js";
import type { Shop } from "../commerce/types.js";
import type { Action, OptionChoice, ProductRef } from "./actions.js";
import { executeTurn } from "./executor.js";
import { payload } from "./payloads.js";
import { EMPTY_STATE, type ConversationState } from "./state.js";

/**
 * The executor over an in-memory catalog (docs/ARCHITECTURE.md invariants 2
 * and 3): it never guesses a variant, refuses what is not in stock, and
 * prices the cart from the catalog on every turn.
 */

const SHOP: Shop = { currency: "USD", locale: "en-US", now: Date.UTC(2026, 0, 15) };

interface Prices {
  dressS?: number;
  dressM?: number;
  stockM?: number;
  dressActive?: boolean;
}

/** Two dresses' worth of words: one dress in navy S and M, a red one, two teas, a one-variant mug. */
function seed(p: Prices = {}): SeedCatalog {
  const product = (id: string, title: string, category: string) => ({ id, title, category, brand: "Acme" });
  const variant = (sku: string, productId: string, priceAmount: number, stock: number, more = {}) => ({
    sku,
    productId,
    priceAmount,
    currency: "USD",
    stock,
    ...more,
  });
  return {
    products: [
      product("p-dress", "Navy Midi Dress", "dresses"),
      product("p-red", "Red Wrap Dress", "dresses"),
      product("p-tea-j", "Jasmine Tea", "groceries"),
      product("p-tea-m", "Mint Tea", "groceries"),
      product("p-mug", "Stoneware Mug", "kitchen"),
    ],
    variants: [
      variant("DRS-NV-S", "p-dress", p.dressS ?? 3900, 4, { color: "navy", size: "S", active: p.dressActive ?? true }),
      variant("DRS-NV-M", "p-dress", p.dressM ?? 3900, p.stockM ?? 2, {
        color: "navy",
        size: "M",
        active: p.dressActive ?? true,
      }),
      variant("RED-S", "p-red", 4900, 5, { color: "red", size: "S" }),
      variant("TEA-J", "p-tea-j", 800, 10),
      variant("TEA-M", "p-tea-m", 700, 0),
      variant("MUG-1", "p-mug", 1500, 3),
    ],
    priceHistory: [],
    promotions: [],
  };
}

const catalog = (p?: Prices) => new MemoryCatalog(seed(p));
const add = (target: ProductRef, quantity = 1, options: OptionChoice = {}): Action => ({
  type: "add_to_cart",
  target,
  quantity,
  options,
});
const product = (productId: string): ProductRef => ({ kind: "product", productId });
const words = (query: string): ProductRef => ({ kind: "text", query });
const turn = (actions: Action[], state: ConversationState = EMPTY_STATE, prices?: Prices) =>
  executeTurn(actions, state, catalog(prices), SHOP);

describe("executor: never guesses a variant", () => {
  it("a product with several variants and no options: asks, one add button per variant, adds nothing", async () => {
    const r = await turn([add(product("p-dress"))]);
    expect(r.state.lines).toEqual([]);
    expect(r.cart.lines).toEqual([]);
    expect(r.reply.text).toContain("Which one would you like?");
    expect(r.reply.buttons.map((b) => b.payload).sort()).toEqual([payload.add("DRS-NV-M"), payload.add("DRS-NV-S")]);
  });

  it("a colour both sizes have: still asks, with the quantity kept on the buttons", async () => {
    const r = await turn([add(product("p-dress"), 2, { color: "navy" })]);
    expect(r.state.lines).toEqual([]);
    expect(r.reply.buttons.map((b) => b.payload).sort()).toEqual([
      payload.add("DRS-NV-M", 2),
      payload.add("DRS-NV-S", 2),
    ]);
  });

  it("words several products fit: asks which product, adds nothing", async () => {
    const r = await turn([add(words("tea"))]);
    expect(r.state.lines).toEqual([]);
    expect(r.reply.text).toContain("Several products match");
    expect(r.reply.products?.map((p) => p.id).sort()).toEqual(["p-tea-j", "p-tea-m"]);
  });

  it("an option the product does not come in: says so and lists what it has, adds nothing", async () => {
    const r = await turn([add(product("p-dress"), 1, { size: "XL" })]);
    expect(r.state.lines).toEqual([]);
    expect(r.reply.text).toContain("doesn't come in XL");
    expect(r.reply.buttons).toHaveLength(2);
  });

  it("adds only the one variant every stated option fits", async () => {
    const r = await turn([add(product("p-dress"), 1, { size: "m" })]);
    expect(r.state.lines).toEqual([{ sku: "DRS-NV-M", quantity: 1 }]);
    expect(r.cart.total).toBe(3900);
  });

  it("a one-variant product named by its words is added without asking", async () => {
    const r = await turn([add(words("mug"))]);
    expect(r.state.lines).toEqual([{ sku: "MUG-1", quantity: 1 }]);
  });
});

describe("executor: stock", () => {
  it("refuses more than is left, and says how many are", async () => {
    const r = await turn([add({ kind: "sku", sku: "DRS-NV-M" }, 3)]);
    expect(r.state.lines).toEqual([]);
    expect(r.reply.text).toContain("only 2 of");
  });

  it("refuses an item out of stock", async () => {
    const r = await turn([add({ kind: "sku", sku: "TEA-M" })]);
    expect(r.state.lines).toEqual([]);
    expect(r.reply.text).toContain("is out of stock");
  });

  it("counts what the cart already holds: a second add past the stock is refused, the line stays", async () => {
    const first = await turn([add({ kind: "sku", sku: "DRS-NV-M" }, 2)]);
    expect(first.state.lines).toEqual([{ sku: "DRS-NV-M", quantity: 2 }]);
    const second = await turn([add({ kind: "sku", sku: "DRS-NV-M" })], first.state);
    expect(second.state.lines).toEqual([{ sku: "DRS-NV-M", quantity: 2 }]);
    expect(second.reply.text).toContain("only 2 of");
  });

  it("a quantity set past the stock is refused", async () => {
    const first = await turn([add({ kind: "sku", sku: "MUG-1" })]);
    const r = await turn([{ type: "set_quantity", target: { kind: "sku", sku: "MUG-1" }, quantity: 4 }], first.state);
    expect(r.state.lines).toEqual([{ sku: "MUG-1", quantity: 1 }]);
    expect(r.reply.text).toContain("only 3 of");
  });
});

describe("executor: re-prices every turn from the catalog", () => {
  it("a price raised between turns: the next turn's cart and reply show the new price", async () => {
    const first = await turn([add({ kind: "sku", sku: "DRS-NV-S" }, 2)]);
    expect(first.cart.lines[0]).toMatchObject({ unit_amount: 3900, line_total: 7800 });
    const r = await turn([{ type: "view_cart" }], first.state, { dressS: 4500 });
    expect(r.cart.lines[0]).toMatchObject({ sku: "DRS-NV-S", unit_amount: 4500, line_total: 9000 });
    expect(r.cart.total).toBe(9000);
    expect(r.reply.text).toContain("$45.00");
    expect(r.reply.text).toContain("Total: $90.00");
    expect(r.reply.text).not.toContain("$39.00");
  });

  it("a price lowered between turns, on a turn that does not touch the cart: the cart follows", async () => {
    const first = await turn([add({ kind: "sku", sku: "DRS-NV-M" })]);
    const r = await turn([{ type: "help" }], first.state, { dressM: 2900 });
    expect(r.cart).toMatchObject({ subtotal: 2900, total: 2900 });
  });

  it("an item withdrawn between turns leaves the cart, and the reply says so", async () => {
    const first = await turn([add({ kind: "sku", sku: "DRS-NV-S" }), add({ kind: "sku", sku: "MUG-1" })]);
    const r = await turn([{ type: "view_cart" }], first.state, { dressActive: false });
    expect(r.state.lines).toEqual([{ sku: "MUG-1", quantity: 1 }]);
    expect(r.cart.total).toBe(1500);
    expect(r.reply.text).toContain("No longer available");
  });
});
