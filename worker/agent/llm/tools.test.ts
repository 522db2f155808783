import { describe, expect, it } from "vitest";
import type { ConversationView } from "../planner/port.js";
import { toolSpecs } from "./tools.js";

const EMPTY: ConversationView = { shown: [], focus: null, cart: [], codes: [], quote: null, question: null };
const line = {
  sku: "TEA-MILK-500",
  productId: "p1",
  title: "Milk Tea",
  brand: "B",
  category: "tea",
  color: null,
  size: null,
  quantity: 1,
};
const names = (view?: ConversationView) => toolSpecs(view).map((t) => t.function.name);

describe("toolSpecs offers the tools this state can use", () => {
  it("an empty conversation gets no cart edits, no checkout, no cancel_quote, no remove_promo, no cheapest_shown", () => {
    const offered = names(EMPTY);
    for (const absent of [
      "set_quantity",
      "change_options",
      "remove_from_cart",
      "clear_cart",
      "checkout",
      "cancel_quote",
      "remove_promo",
      "cheapest_shown",
    ]) {
      expect(offered).not.toContain(absent);
    }
    expect(offered).toEqual(
      expect.arrayContaining([
        "search_products",
        "product_details",
        "view_cart",
        "add_to_cart",
        "apply_promo",
        "help",
        "decline_discount",
      ]),
    );
  });

  it("each gated tool appears once its state exists", () => {
    expect(names({ ...EMPTY, cart: [line] })).toEqual(
      expect.arrayContaining(["set_quantity", "change_options", "remove_from_cart", "clear_cart", "checkout"]),
    );
    expect(names({ ...EMPTY, codes: ["WELCOME10"] })).toContain("remove_promo");
    expect(names({ ...EMPTY, quote: { id: "q", lines: 1, items: 1, expiresAt: 1 } })).toContain("cancel_quote");
    expect(
      names({
        ...EMPTY,
        shown: [{ productId: "p1", title: "T", brand: "B", category: "tea", colors: [], sizes: [], position: 1 }],
      }),
    ).toContain("cheapest_shown");
  });

  it("without a view every tool is offered, and a confirm-payment tool never is", () => {
    const all = names();
    expect(all).toHaveLength(16);
    expect(all.some((n) => /confirm|pay/.test(n))).toBe(false);
  });
});
