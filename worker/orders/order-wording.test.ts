import { describe, expect, it } from "vitest";
import { formatMoney } from "../commerce/format.js";
import { ORDER_STATUSES } from "../commerce/order-status.js";
import {
  orderNews,
  orderReply,
  paymentDeclinedReply,
  paymentNeverReachedNotice,
  paymentPageFoundNotice,
  paymentProcessingReply,
  PROMOTION_WITHDRAWN,
} from "./order-wording.js";

const order = { id: "ord_1", total: 1250, currency: "USD", failureReason: null, paymentUrl: null } as const;

describe("order news (told after the fact)", () => {
  it("says a paid order is paid, with its amount", () => {
    expect(orderNews({ ...order, status: "paid" }, "en-US")).toBe(
      "Payment received: order ord_1 is paid ($12.50). Thank you!",
    );
  });

  it("gives a failure's reason when there is one, and says the items are back", () => {
    expect(orderNews({ ...order, status: "failed", failureReason: "card declined" }, "en-US")).toBe(
      "The payment for order ord_1 failed: card declined. Nothing was charged and the items are back in stock.",
    );
    expect(orderNews({ ...order, status: "failed" }, "en-US")).toBe(
      "The payment for order ord_1 failed. Nothing was charged and the items are back in stock.",
    );
  });

  it("tells a promotion withdrawn mid-payment apart from a plain cancel: only the first was refunded", () => {
    const withdrawn = orderNews({ ...order, status: "canceled", failureReason: PROMOTION_WITHDRAWN }, "en-US");
    expect(withdrawn).toContain("switched off while you were paying");
    expect(withdrawn).toContain("refunded ($12.50)");
    expect(orderNews({ ...order, status: "canceled" }, "en-US")).toBe("Order ord_1 was canceled. Nothing was charged.");
  });

  it("formats the amount in the shop's locale and the order's currency", () => {
    expect(orderNews({ ...order, status: "refunded", currency: "EUR" }, "de-DE")).toBe(
      `Order ord_1 was refunded (${formatMoney(1250, "EUR", "de-DE")}).`,
    );
    expect(formatMoney(1250, "EUR", "de-DE")).toMatch(/^12,50\s€$/);
  });

  it("has words for every status, each naming the order", () => {
    for (const status of ORDER_STATUSES) expect(orderNews({ ...order, status }, "en-US")).toContain("ord_1");
  });
});

describe("order reply (the engine's answer to a confirmation)", () => {
  it("points at the payment page while one is open, else offers to pay again or cancel", () => {
    expect(orderReply({ ...order, status: "pending_payment", paymentUrl: "https://pay.test/p1" }, "en-US")).toBe(
      "Order ord_1 ($12.50) is reserved for you. Finish paying here: https://pay.test/p1",
    );
    expect(orderReply({ ...order, status: "pending_payment" }, "en-US")).toContain("say “cancel” to cancel it");
  });

  it("confirms a paid order with its total, and names any other status in words", () => {
    expect(orderReply({ ...order, status: "paid" }, "en-US")).toBe(
      "Paid! Order ord_1: $12.50. Receipt sent to this chat.",
    );
    expect(orderReply({ ...order, status: "expired" }, "en-US")).toBe("Order ord_1 is expired.");
  });

  it("words a decline and a slow payment service without promising a charge", () => {
    expect(paymentDeclinedReply("Your card was declined.")).toBe(
      "The payment did not go through: Your card was declined. Nothing was charged and your cart is unchanged. Say “checkout” to try again.",
    );
    expect(paymentProcessingReply("ord_1")).toContain("nothing is charged twice");
  });
});

describe("notices of the alarm's look at an order whose charge timed out", () => {
  it("gives the payment page Stripe made anyway, with the order's amount", () => {
    expect(paymentPageFoundNotice(order, "https://pay.test/p2", "en-US")).toBe(
      "The payment service answered: order ord_1 ($12.50) is reserved for you. Finish paying here: https://pay.test/p2",
    );
  });

  it("says a charge that never reached Stripe charged nothing, and how to try again", () => {
    expect(paymentNeverReachedNotice(order, "en-US")).toBe(
      "The payment for order ord_1 ($12.50) never reached the payment service, so nothing was charged. Say “pay” to try again.",
    );
  });

  it("formats the amount in the shop's locale", () => {
    const eur = { ...order, currency: "EUR" };
    expect(paymentNeverReachedNotice(eur, "de-DE")).toContain(`(${formatMoney(1250, "EUR", "de-DE")})`);
    expect(paymentPageFoundNotice(eur, "https://pay.test/p2", "de-DE")).toContain(formatMoney(1250, "EUR", "de-DE"));
  });
});
