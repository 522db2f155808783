import { describe, expect, it } from "vitest";
import type { Catalog, ProductDetail, Variant } from "../catalog/types.js";
import { askedBy, conversationView } from "./conversation-view.js";
import { payload } from "./payloads.js";
import { EMPTY_STATE, type ConversationState } from "./state.js";

const variant = (sku: string, color: string, size: string): Variant => ({
  sku,
  productId: "p1",
  title: "Linen Shirt",
  options: { color, size },
  unitAmount: 3000,
  currency: "USD",
  stock: 3,
  active: true,
});
const shirt: ProductDetail = {
  id: "p1",
  title: "Linen Shirt",
  description: "",
  category: "tops",
  brand: "Marlowe",
  currency: "USD",
  variants: [variant("SH-1-BLK-M", "black", "M"), variant("SH-1-BLK-L", "black", "L")],
};
const catalog = {
  product: async (id: string) => (id === "p1" ? shirt : null),
  variants: async (skus: readonly string[]) =>
    new Map(shirt.variants.filter((v) => skus.includes(v.sku)).map((v) => [v.sku, v])),
} as unknown as Catalog;

describe("conversationView", () => {
  it("is empty for a fresh conversation", async () => {
    expect(await conversationView(EMPTY_STATE, catalog, null)).toEqual({
      shown: [],
      focus: null,
      cart: [],
      codes: [],
      quote: null,
      question: null,
    });
  });

  it("lists shown products in order, the focus variant, cart lines with words and the open quote, never amounts", async () => {
    const state: ConversationState = {
      ...EMPTY_STATE,
      lines: [{ sku: "SH-1-BLK-M", quantity: 2 }],
      lastResults: ["p1"],
      shown: [
        {
          productId: "p1",
          title: "Linen Shirt",
          brand: "Marlowe",
          category: "tops",
          colors: ["black"],
          sizes: ["M", "L"],
        },
      ],
      focus: { productId: "p1", sku: "SH-1-BLK-M" },
    };
    const quote = { id: "q_1", lines: [{ quantity: 2 }], expiresAt: 99 } as never;
    const view = await conversationView(state, catalog, quote);
    expect(view.shown).toEqual([
      {
        position: 1,
        productId: "p1",
        title: "Linen Shirt",
        brand: "Marlowe",
        category: "tops",
        colors: ["black"],
        sizes: ["M", "L"],
      },
    ]);
    expect(view.focus).toMatchObject({
      productId: "p1",
      sku: "SH-1-BLK-M",
      color: "black",
      size: "M",
      brand: "Marlowe",
    });
    expect(view.cart).toEqual([
      {
        sku: "SH-1-BLK-M",
        productId: "p1",
        title: "Linen Shirt",
        brand: "Marlowe",
        category: "tops",
        color: "black",
        size: "M",
        quantity: 2,
      },
    ]);
    expect(view.quote).toEqual({ id: "q_1", lines: 1, items: 2, expiresAt: 99 });
    expect(JSON.stringify(view)).not.toMatch(/3000|unitAmount|stock/);
  });

  it("reads the words of a list saved before `shown` existed from the catalog", async () => {
    const view = await conversationView({ ...EMPTY_STATE, lastResults: ["gone", "p1"] }, catalog, null);
    expect(view.shown.map((p) => [p.position, p.brand, p.sizes])).toEqual([[2, "Marlowe", ["M", "L"]]]);
  });
});

describe("askedBy", () => {
  it("records a variant question with each choice's options, and the view decodes its actions", async () => {
    const reply = {
      text: "Linen Shirt comes in 2 options. Which one would you like?",
      buttons: [
        { label: "black / M", payload: payload.add("SH-1-BLK-M") },
        { label: "black / L", payload: payload.add("SH-1-BLK-L") },
      ],
    };
    const asked = await askedBy(reply, EMPTY_STATE, catalog);
    expect(asked).toMatchObject({
      kind: "variant",
      productId: "p1",
      choices: [
        { sku: "SH-1-BLK-M", size: "M", brand: "Marlowe" },
        { sku: "SH-1-BLK-L", size: "L" },
      ],
    });
    const view = await conversationView({ ...EMPTY_STATE, asked }, catalog, null);
    expect(view.question?.choices[1]?.action).toEqual({
      type: "add_to_cart",
      target: { kind: "sku", sku: "SH-1-BLK-L" },
      quantity: 1,
      options: {},
    });
  });

  it("a reply with only generic offers asked nothing", async () => {
    expect(
      await askedBy(
        { text: "Your cart is empty.", buttons: [{ label: "View cart", payload: payload.cart() }] },
        EMPTY_STATE,
        catalog,
      ),
    ).toBeNull();
  });

  it("a quote asks to confirm", async () => {
    const asked = await askedBy(
      {
        text: "Please confirm",
        buttons: [
          { label: "Pay", payload: payload.pay("q_1") },
          { label: "Cancel", payload: payload.cancel("q_1") },
        ],
      },
      EMPTY_STATE,
      catalog,
    );
    expect(asked?.kind).toBe("confirm");
  });
});
