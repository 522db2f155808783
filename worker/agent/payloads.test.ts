import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodePayload, payload } from "./payloads.js";

describe("button payloads", () => {
  it("round-trips every payload the agent issues", () => {
    expect(decodePayload(payload.add("DRS-1-NVY-M", 2))).toEqual({
      type: "add_to_cart",
      target: { kind: "sku", sku: "DRS-1-NVY-M" },
      quantity: 2,
      options: {},
    });
    expect(decodePayload(payload.add("X"))).toMatchObject({ quantity: 1 });
    expect(decodePayload(payload.show("prd_1"))).toEqual({
      type: "show_product",
      target: { kind: "product", productId: "prd_1" },
    });
    expect(decodePayload(payload.remove("X"))).toEqual({ type: "remove_from_cart", target: { kind: "sku", sku: "X" } });
    expect(decodePayload(payload.quantity("X", 0))).toEqual({
      type: "set_quantity",
      target: { kind: "sku", sku: "X" },
      quantity: 0,
    });
    expect(decodePayload(payload.history("prd_1"))).toMatchObject({ type: "price_history" });
    expect(decodePayload(payload.removeCode("SAVE5"))).toEqual({ type: "remove_promo", code: "SAVE5" });
    expect(decodePayload(payload.cart())).toEqual({ type: "view_cart" });
    expect(decodePayload(payload.help())).toEqual({ type: "help" });
  });

  it.each([
    "",
    "add",
    "add:",
    "add:X:0",
    "add:X:1000",
    "add:X:1.5",
    "add:X:-1",
    "qty:X",
    "show:a b",
    "cart:1",
    "rm:x:y:z",
    "nope:1",
    "code-rm:lower",
  ])("refuses %j", (raw) => {
    expect(decodePayload(raw)).toBeNull();
  });

  it("never throws and only yields quantities that are integers in 1..999 for add", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (raw) => {
        const a = decodePayload(raw);
        if (a?.type === "add_to_cart") return Number.isInteger(a.quantity) && a.quantity >= 1 && a.quantity <= 999;
        return true;
      }),
    );
  });
});
