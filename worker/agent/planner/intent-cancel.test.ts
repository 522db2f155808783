import { describe, expect, it } from "vitest";
import type { Action } from "../actions.js";
import { EMPTY_VIEW } from "../conversation-view.js";
import type { ConversationView } from "./port.js";
import { payload } from "../payloads.js";
import { fixtureContext } from "./fixtures.js";
import { planRules } from "./rules.js";

const plan = (text: string, conversation: ConversationView = EMPTY_VIEW) =>
  planRules({ text }, { ...fixtureContext, conversation });

/** The view after a reply that showed offer rfo_1 with its Yes / No buttons. */
const OFFERED: ConversationView = {
  ...EMPTY_VIEW,
  question: {
    kind: "confirm",
    text: "Here is what will happen if you confirm:",
    choices: [
      {
        label: "Yes, cancel order",
        payload: payload.refundYes("rfo_1"),
        action: { type: "confirm_refund", offerId: "rfo_1" },
      },
      {
        label: "No, keep it",
        payload: payload.refundNo("rfo_1"),
        action: { type: "decline_refund", offerId: "rfo_1" },
      },
    ],
  },
};

describe("cancel and refund requests", () => {
  it.each<[string, Action]>([
    ["cancel my order", { type: "cancel_or_refund" }],
    ["I want a refund", { type: "cancel_or_refund" }],
    ["can I get my money back?", { type: "cancel_or_refund" }],
    ["refund everything please", { type: "cancel_or_refund" }],
    ["return the shoes", { type: "cancel_or_refund", items: [["shoes"]] }],
    ["refund the hoodie only", { type: "cancel_or_refund", items: [["hoodie"]] }],
    ["ok please refund the hoodie", { type: "cancel_or_refund", items: [["hoodie"]] }],
    ["cancel my order, yes", { type: "cancel_or_refund" }],
    [
      "I'd like to return the black jeans and the tee",
      { type: "cancel_or_refund", items: [["black", "jeans"], ["tee"]] },
    ],
    ["return the shoes, they're too small", { type: "cancel_or_refund", items: [["shoes"]] }],
    ["cancel order 3", { type: "cancel_or_refund", order: { kind: "position", n: 3 } }],
    ["please cancel order #2", { type: "cancel_or_refund", order: { kind: "position", n: 2 } }],
    ["cancel ord_0a1b2c3d4e5f", { type: "cancel_or_refund", order: { kind: "id", id: "ord_0a1b2c3d4e5f" } }],
  ])("%s", (text, action) => {
    expect(plan(text)).toEqual([action]);
  });

  it.each(["cancel", "what is your refund policy?", "how do returns work", "don't cancel my order"])(
    "%s is not a cancel or refund request",
    (text) => {
      expect(plan(text).some((a) => a.type === "cancel_or_refund")).toBe(false);
    },
  );
});

describe("with a quote open", () => {
  const QUOTED: ConversationView = {
    ...EMPTY_VIEW,
    quote: { id: "q_1", lines: 1, items: 3, expiresAt: 0 },
  };
  it("'cancel the order' cancels the quote (not an order yet); a refund request is still one", () => {
    expect(plan("cancel the order", QUOTED)).toEqual([{ type: "cancel_quote" }]);
    expect(plan("refund my last order", QUOTED)).toEqual([{ type: "cancel_or_refund" }]);
    expect(plan("cancel order 2", QUOTED)).toEqual([{ type: "cancel_or_refund", order: { kind: "position", n: 2 } }]);
  });
  it("'take my money' pays: money going out is not money coming back", () => {
    expect(plan("take my money", QUOTED)).toEqual([{ type: "confirm_quote" }]);
    expect(plan("I want my money back", QUOTED)).toEqual([{ type: "cancel_or_refund" }]);
  });
});

describe("answering an offer in words", () => {
  it.each(["yes", "yes please", "ok go ahead", "confirm", "sure, do it"])(
    "%s confirms the offer just shown",
    (text) => {
      expect(plan(text, OFFERED)).toEqual([{ type: "confirm_refund", offerId: "rfo_1" }]);
    },
  );

  it.each(["no", "no thanks", "keep it", "never mind"])("%s declines it", (text) => {
    expect(plan(text, OFFERED)).toEqual([{ type: "decline_refund", offerId: "rfo_1" }]);
  });

  it("'yes' with no offer on screen is the checkout's yes, never a refund", () => {
    expect(plan("yes")).toEqual([{ type: "confirm_quote" }]);
  });
});
