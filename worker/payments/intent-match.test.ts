import { describe, expect, it } from "vitest";
import { intentMismatch } from "./intent-match.js";
import { aboutPayments, paymentIntentOf, StripeEventShape } from "./stripe-event-json.js";

const order = { id: "ord_1", total: 3800, currency: "USD", paymentIntentId: "pi_1" };
const pi = { id: "pi_1", amount: 3800, currency: "usd", metadata: { order_id: "ord_1" } };

describe("intentMismatch", () => {
  it("accepts the order's own PaymentIntent, and one found for an order that has none recorded yet", () => {
    expect(intentMismatch(order, pi)).toBeNull();
    expect(intentMismatch({ ...order, paymentIntentId: null }, { ...pi, id: "pi_later" })).toBeNull();
  });

  it("refuses another PaymentIntent, another amount or currency, or one naming another order", () => {
    expect(intentMismatch(order, { ...pi, id: "pi_2" })).toBe("payment_intent_id");
    expect(intentMismatch(order, { ...pi, amount: 50 })).toBe("amount");
    expect(intentMismatch(order, { ...pi, currency: "eur" })).toBe("currency");
    expect(intentMismatch(order, { ...pi, metadata: { order_id: "ord_2" } })).toBe("order_id");
    expect(intentMismatch(order, { ...pi, metadata: null })).toBe("order_id");
  });
});

describe("StripeEventShape", () => {
  const ok = {
    id: "evt_1",
    type: "charge.refunded",
    data: { object: { id: "ch_1", object: "charge", payment_intent: "pi_1", metadata: {} } },
  };

  it("reads the PaymentIntent of a charge, a refund or a PaymentIntent event", () => {
    expect(paymentIntentOf(StripeEventShape.parse(ok))).toBe("pi_1");
    expect(
      paymentIntentOf(StripeEventShape.parse({ ...ok, data: { object: { id: "pi_9", object: "payment_intent" } } })),
    ).toBe("pi_9");
    expect(
      paymentIntentOf(
        StripeEventShape.parse({
          ...ok,
          data: { object: { id: "re_1", object: "refund", payment_intent: { id: "pi_3" } } },
        }),
      ),
    ).toBe("pi_3");
    expect(
      paymentIntentOf(StripeEventShape.parse({ ...ok, data: { object: { id: "cus_1", object: "customer" } } })),
    ).toBeNull();
  });

  it("refuses what is not an event", () => {
    for (const bad of [
      [],
      null,
      {},
      { ...ok, id: undefined },
      { ...ok, data: {} },
      { ...ok, data: { object: null } },
      { ...ok, data: { object: { ...ok.data.object, metadata: { order_id: { $ne: 1 } } } } },
    ]) {
      expect(StripeEventShape.safeParse(bad).success).toBe(false);
    }
  });

  it("knows which event families can move money", () => {
    expect(
      ["payment_intent.succeeded", "charge.refunded", "refund.created", "charge.refund.updated"].every(aboutPayments),
    ).toBe(true);
    expect(["customer.created", "invoice.paid"].some(aboutPayments)).toBe(false);
  });
});
