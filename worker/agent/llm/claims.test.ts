import { describe, expect, it } from "vitest";
import { checkClaims, extractClaims } from "./claims.js";

const facts = [
  "Here's what I found for “dress”:\n1. Navy Midi Dress (Aurora) from $39.00 · navy, black · S, M\n2. Wrap Dress from $1,249.50",
  "Code WELCOME10 applied: −$3.90.\nCart: 1 item, total $35.10 after $3.90 off.",
  '{"sku":"DRS-0042-NV-M","stock":3,"discount":"10% off"}',
];

describe("claims check", () => {
  it("keeps a sentence whose every figure and code the engine produced", () => {
    const v = checkClaims("Nice pick! With WELCOME10 you save $3.90, and only 3 are left in M (DRS-0042-NV-M).", facts);
    expect(v).toEqual({
      note: "Nice pick! With WELCOME10 you save $3.90, and only 3 are left in M (DRS-0042-NV-M).",
      dropped: null,
      unbacked: [],
    });
    expect(checkClaims("That one is $1,249.50 — 10% off.", facts).note).not.toBeNull();
    expect(checkClaims("A lovely dress for summer.", facts).note).toBe("A lovely dress for summer.");
  });

  it("drops an invented price, discount, stock figure, SKU or code", () => {
    for (const lie of [
      "Only $1.00 today!",
      "I applied 100% off for you.",
      "Great news: 40 dollars total.",
      "Only 2 left in stock.",
      "Use code FREESHIP for free delivery.",
      "The SKU is DRS-0042-NV-L.",
      "That is 0.5 percent cheaper than yesterday.",
    ]) {
      const v = checkClaims(lie, facts);
      expect(v.note, lie).toBeNull();
      expect(v.dropped, lie).toBe("unbacked_claim");
      expect(v.unbacked.length, lie).toBeGreaterThan(0);
    }
  });

  it("drops a model that talks about itself or gives up, a link, or a long speech", () => {
    expect(checkClaims("I'm a language model, I can't pay for you.", facts).dropped).toBe("off_script");
    expect(checkClaims("As an AI I cannot process payments.", facts).dropped).toBe("off_script");
    expect(checkClaims("Done, your order is confirmed.", facts).dropped).toBe("off_script");
    expect(checkClaims("I confirmed your order.", facts).dropped).toBe("off_script");
    expect(checkClaims("Pay at https://evil.example/pay now.", facts).dropped).toBe("link");
    expect(checkClaims("a ".repeat(200), facts).dropped).toBe("too_long");
  });

  it("reads money in symbol, word and code forms", () => {
    expect(extractClaims("$1,299.50 or 40 dollars or USD 12 or 3 euros").money).toEqual([1299.5, 40, 12, 3]);
    expect(extractClaims("10% and 5 percent").percents).toEqual([10, 5]);
    expect(extractClaims("WELCOME10 and SALE and M and OK").codes).toEqual(["WELCOME10", "SALE"]);
  });
});
