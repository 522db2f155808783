import Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { charge, outcomeOf, type ChargeRequest } from "./charge.js";
import { declineText } from "./decline-text.js";

/**
 * Each Stripe answer maps to one ChargeOutcome. Pure mapping over a fake
 * `paymentIntents.create`; the real SDK against the Stripe stand-in is
 * covered by the integration tests (test/integration/payments.test.ts).
 */

const BASE = "https://pay.example/";
const pi = (fields: Partial<Stripe.PaymentIntent>) => ({ id: "pi_1", ...fields }) as Stripe.PaymentIntent;
const request = (more: Partial<ChargeRequest> = {}): ChargeRequest => ({
  orderId: "ord_1",
  amount: 3900,
  currency: "USD",
  description: "Order ord_1",
  metadata: { order_id: "ord_1" },
  paymentPageBase: BASE,
  returnUrl: "https://shop.example/return",
  budgetMs: 2_000,
  ...more,
});

/** A Stripe client whose `paymentIntents.create` answers (or throws) each queued result in turn. */
function fakeStripe(...answers: (Stripe.PaymentIntent | Error)[]) {
  const create = vi.fn(async () => {
    const next = answers.shift();
    if (next === undefined) throw new Error("no more answers");
    if (next instanceof Error) throw next;
    return next;
  });
  return { stripe: { paymentIntents: { create } } as unknown as Stripe, create };
}

const cardError = (code: string, more: Record<string, unknown> = {}) =>
  new Stripe.errors.StripeCardError({ type: "card_error", code, message: `dev: ${code}`, ...more });

beforeEach(() => {
  vi.spyOn(console, "warn").mockImplementation(() => {});
  vi.spyOn(console, "error").mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

describe("outcomeOf: a PaymentIntent's status → outcome", () => {
  it("succeeded is paid", () => {
    expect(outcomeOf(pi({ status: "succeeded" }), request())).toEqual({ kind: "succeeded", paymentIntentId: "pi_1" });
  });

  it("requires_action goes to Stripe's redirect when there is one, else to our payment page", () => {
    const redirect = pi({
      status: "requires_action",
      next_action: { type: "redirect_to_url", redirect_to_url: { url: "https://3ds.example/x", return_url: null } },
    });
    expect(outcomeOf(redirect, request())).toEqual({
      kind: "awaiting_payment",
      paymentIntentId: "pi_1",
      paymentUrl: "https://3ds.example/x",
    });
    expect(outcomeOf(pi({ status: "requires_action", next_action: null }), request())).toMatchObject({
      kind: "awaiting_payment",
      paymentUrl: "https://pay.example/pay/pi_1",
    });
  });

  it("requires_payment_method after a failed attempt is a decline with the shopper's sentence", () => {
    const failed = pi({
      status: "requires_payment_method",
      last_payment_error: { type: "card_error", code: "card_declined", decline_code: "insufficient_funds" },
    });
    expect(outcomeOf(failed, request())).toEqual({
      kind: "declined",
      paymentIntentId: "pi_1",
      code: "insufficient_funds",
      message: declineText("insufficient_funds"),
    });
  });

  it("requires_payment_method with no attempt yet waits for a card on the payment page", () => {
    expect(outcomeOf(pi({ status: "requires_payment_method", last_payment_error: null }), request())).toEqual({
      kind: "awaiting_payment",
      paymentIntentId: "pi_1",
      paymentUrl: "https://pay.example/pay/pi_1",
    });
  });

  it.each(["requires_confirmation", "processing", "requires_capture", "some_future_status"])(
    "%s is not paid yet: awaiting payment (the webhook settles it)",
    (status) => {
      expect(outcomeOf(pi({ status: status as Stripe.PaymentIntent.Status }), request())).toEqual({
        kind: "awaiting_payment",
        paymentIntentId: "pi_1",
        paymentUrl: "https://pay.example/pay/pi_1",
      });
    },
  );

  it("canceled is a decline", () => {
    expect(outcomeOf(pi({ status: "canceled" }), request())).toEqual({
      kind: "declined",
      paymentIntentId: "pi_1",
      code: "canceled",
      message: declineText("canceled"),
    });
  });
});

describe("charge: Stripe's errors → outcome", () => {
  it("a card error is a decline, with the PaymentIntent it names", async () => {
    const { stripe } = fakeStripe(
      cardError("card_declined", { decline_code: "stolen_card", payment_intent: { id: "pi_9" } }),
    );
    expect(await charge(stripe, request())).toEqual({
      kind: "declined",
      paymentIntentId: "pi_9",
      code: "stolen_card",
      message: declineText("stolen_card"),
    });
  });

  it("a saved card that needs authentication goes to the payment page, not a decline", async () => {
    const { stripe } = fakeStripe(cardError("authentication_required", { payment_intent: { id: "pi_3ds" } }));
    expect(await charge(stripe, request({ customer: "cus_1", paymentMethod: "pm_1" }))).toEqual({
      kind: "awaiting_payment",
      paymentIntentId: "pi_3ds",
      paymentUrl: "https://pay.example/pay/pi_3ds",
    });
  });

  it("an invalid request is a decline with no PaymentIntent, worded as not set up", async () => {
    const { stripe } = fakeStripe(
      new Stripe.errors.StripeInvalidRequestError({ type: "invalid_request_error", code: "amount_too_small" }),
    );
    expect(await charge(stripe, request())).toEqual({
      kind: "declined",
      paymentIntentId: null,
      code: "amount_too_small",
      message: declineText("amount_too_small", "request"),
    });
  });

  it("an error that is not Stripe's is unavailable, and not retried", async () => {
    const { stripe, create } = fakeStripe(new Error("boom"));
    expect(await charge(stripe, request())).toEqual({ kind: "unavailable", message: "boom" });
    expect(create).toHaveBeenCalledTimes(1);
  });

  it("an unreachable Stripe is retried within the budget, always with the order's one idempotency key", async () => {
    const { stripe, create } = fakeStripe(
      new Stripe.errors.StripeConnectionError({ type: "api_error", message: "reset" }),
      pi({ status: "succeeded" }),
    );
    expect(await charge(stripe, request())).toEqual({ kind: "succeeded", paymentIntentId: "pi_1" });
    expect(create).toHaveBeenCalledTimes(2);
    const keys = create.mock.calls.map((c) => (c as unknown[])[1] as { idempotencyKey: string });
    expect(keys.map((k) => k.idempotencyKey)).toEqual(["order-ord_1-pi", "order-ord_1-pi"]);
  });

  it("an unreachable Stripe past the budget is unavailable", async () => {
    const { stripe } = fakeStripe(new Stripe.errors.StripeConnectionError({ type: "api_error", message: "down" }));
    expect(await charge(stripe, request({ budgetMs: 0 }))).toMatchObject({ kind: "unavailable" });
  });

  it("a saved card pays off-session with no redirects; an agent's card confirms on-session with a return URL", async () => {
    const offSession = fakeStripe(pi({ status: "succeeded" }));
    await charge(offSession.stripe, request({ customer: "cus_1", paymentMethod: "pm_1" }));
    expect((offSession.create.mock.calls[0] as unknown[])[0]).toMatchObject({
      amount: 3900,
      currency: "usd",
      confirm: true,
      off_session: true,
      automatic_payment_methods: { enabled: true, allow_redirects: "never" },
    });
    const onSession = fakeStripe(pi({ status: "succeeded" }));
    await charge(onSession.stripe, request({ paymentMethod: "pm_agent", onSession: true }));
    const params = (onSession.create.mock.calls[0] as unknown[])[0] as Record<string, unknown>;
    expect(params).toMatchObject({ confirm: true, return_url: "https://shop.example/return" });
    expect(params.off_session).toBeUndefined();
  });
});
