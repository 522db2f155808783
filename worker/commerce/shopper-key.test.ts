import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { conversationShopper, GUEST_PRINCIPAL, isAcp, isGuest, isSignedIn, shopperKey } from "./shopper-key.js";

const id = fc.string({ minLength: 1, maxLength: 40 });

describe("ShopperKey", () => {
  it("each constructor is recognised by exactly its own predicate, whatever the id holds", () => {
    fc.assert(
      fc.property(id, (s) => {
        const kinds = [
          shopperKey.user(s),
          shopperKey.guest(s),
          shopperKey.telegram(s),
          shopperKey.whatsapp(s),
          shopperKey.acp(s),
        ];
        expect(kinds.map(isSignedIn)).toEqual([true, false, false, false, false]);
        expect(kinds.map(isGuest)).toEqual([false, true, false, false, false]);
        expect(kinds.map(isAcp)).toEqual([false, false, false, false, true]);
      }),
    );
  });

  it("a hostile id cannot make one kind look like another", () => {
    expect(isSignedIn(shopperKey.guest("user:alice"))).toBe(false);
    expect(isAcp(shopperKey.guest(shopperKey.acp("cs_1")))).toBe(false);
    expect(isGuest(shopperKey.telegram("guest:1"))).toBe(false);
  });

  it("a conversation's guest is scoped to that conversation; a signed-in principal stays as it is", () => {
    expect(conversationShopper(GUEST_PRINCIPAL, "conv-1234567890abcdef")).toBe("guest:conv-1234567890abcdef");
    expect(conversationShopper(shopperKey.user("u1"), "conv-1234567890abcdef")).toBe("user:u1");
    expect(conversationShopper("tg:42", "tg:42")).toBe("tg:42");
  });
});
