import { describe, expect, it } from "vitest";
import type { Action } from "../actions.js";
import type { ConversationView } from "./port.js";
import { EMPTY_VIEW } from "../conversation-view.js";
import { fixtureContext as ctx } from "./fixtures.js";
import { planRules } from "./rules.js";

const latest: Action = { type: "order_status", view: "latest" };
const history = (sinceDays?: number): Action => ({
  type: "order_status",
  view: "history",
  ...(sinceDays !== undefined ? { sinceDays } : {}),
});

describe("order questions", () => {
  it.each([
    ["where's my order?", latest],
    ["Where is my order", latest],
    ["hi, where is my package?", latest],
    ["order status", latest],
    ["what's the status of my order?", latest],
    ["did my order ship?", latest],
    ["has my order shipped yet", latest],
    ["has my parcel arrived?", latest],
    ["track my order please", latest],
    ["my tracking number", latest],
    ["did my payment go through?", latest],
    ["my orders", history()],
    ["show my order history", history()],
    ["what did I buy last week?", history(14)],
    ["what did I order yesterday", history(2)],
    ["my orders this month", history(31)],
    ["what have I bought", history()],
    [
      "status of order ord_0123456789abcdef01234567",
      { type: "order_status", view: "latest", orderId: "ord_0123456789abcdef01234567" },
    ],
    ["where is ord_00ff00ff00ff?", { type: "order_status", view: "latest", orderId: "ord_00ff00ff00ff" }],
  ] as const)("%s", (text, expected) => {
    expect(planRules({ text }, ctx)).toEqual([expected]);
  });

  it.each([
    "order 2 blue dresses",
    "can I order",
    "is delivery free for the dress?",
    "cancel my order",
    "place my order",
    "order",
    "buy a red top",
    "where are the jeans",
  ])("leaves %j to the other rules", (text) => {
    expect(planRules({ text }, ctx).some((a) => a.type === "order_status")).toBe(false);
  });

  it("with a quote open, asking about a payment never confirms it", () => {
    const view: ConversationView = {
      ...EMPTY_VIEW,
      quote: { id: "q_1", lines: [], items: 1 } as unknown as ConversationView["quote"],
    };
    for (const text of ["did my payment go through?", "is my order paid?", "has my order been paid"]) {
      expect(planRules({ text }, { ...ctx, conversation: view })).toEqual([latest]);
    }
  });
});
