import { describe, expect, it } from "vitest";
import { declineText } from "./decline-text.js";

describe("declineText", () => {
  it("speaks to the shopper by decline code", () => {
    expect(declineText("insufficient_funds")).toBe("Your card has insufficient funds.");
    expect(declineText("expired_card")).toBe("Your card has expired.");
    expect(declineText("incorrect_cvc")).toMatch(/security code/);
  });

  it("says a plain decline for lost, stolen, fraud and unknown codes", () => {
    for (const code of [
      "lost_card",
      "stolen_card",
      "fraudulent",
      "generic_decline",
      "card_declined",
      "something_new",
      null,
      undefined,
      "__proto__",
      "toString",
    ]) {
      expect(declineText(code)).toBe("Your card was declined.");
    }
  });

  it("does not blame the shopper for a request Stripe refused", () => {
    expect(declineText("amount_too_small", "request")).toBe("The payment could not be set up.");
  });
});
