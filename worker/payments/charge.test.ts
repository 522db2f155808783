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
  // A saved card unless a test says otherwise: the PaymentIntent path.
  customer: "cus_1",
  paymentMethod: "pm_1",
  paymentPageBase: BASE,
  checkout: {
    lines: [{ title: "Kettle", color: null, size: null, quantity: 1, unitAmount: 3900, lineTotal: 3900, discount: 0 }],
    fees: [],
    codes: [],
    money: (n) => `$${(n / 100).toFixed(2)}`,
    shopUrl: "https://shop.example",
    createdAt: 1_000_000,
    expiresAt: 1_000_000 + 15 * 60_000,
  },
  budgetMs: 2_000,
  ...more,
});
/** No card: the shopper pays on Stripe Checkout. */
const guest = (more: Partial<ChargeRequest> = {}) => {
  const r = request(more);
  delete r.customer;
  delete r.paymentMethod;
  return r;
};

/**
 * A Stripe client whose `paymentIntents.create` and `checkout.sessions.create`
 * answer (or throw) each queued result in turn.
 */
function fakeStripe(...answers: (Stripe.PaymentIntent | Stripe.Checkout.Session | Error)[]) {
  const create = vi.fn(async () => {
    const next = answers.shift();
    if (next === undefined) throw new Error("no more answers");
    if (next instanceof Error) throw next;
    return next;
  });
  const stripe = { paymentIntents: { create }, checkout: { sessions: { create } } } as unknown as Stripe;
  return { stripe, create };
}
const cs = {
  id: "cs_test_1",
  object: "checkout.session",
  url: "https://checkout.example/c/pay/cs_test_1",
} as Stripe.Checkout.Session;

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

  it("a saved card that needs authentication goes to Stripe Checkout for the shopper, not a decline", async () => {
    const { stripe, create } = fakeStripe(
      cardError("authentication_required", { payment_intent: { id: "pi_3ds" } }),
      cs,
    );
    expect(await charge(stripe, request())).toEqual({
      kind: "awaiting_payment",
      paymentIntentId: null,
      paymentUrl: cs.url,
      checkoutSessionId: "cs_test_1",
    });
    const [params, opts] = create.mock.calls[1] as unknown as [
      Stripe.Checkout.SessionCreateParams,
      { idempotencyKey: string },
    ];
    expect(params).toMatchObject({ customer: "cus_1", client_reference_id: "ord_1" });
    // The card is saved already: no setup_future_usage.
    expect(params.payment_intent_data?.setup_future_usage).toBeUndefined();
    expect(opts.idempotencyKey).toBe("order-ord_1-cs");
  });

  it("no card: one Checkout Session for the order, its lines adding up to the total, returning to SHOP_URL", async () => {
    const { stripe, create } = fakeStripe(cs);
    expect(await charge(stripe, guest())).toEqual({
      kind: "awaiting_payment",
      paymentIntentId: null,
      paymentUrl: cs.url,
      checkoutSessionId: "cs_test_1",
    });
    const [params, opts] = create.mock.calls[0] as unknown as [
      Stripe.Checkout.SessionCreateParams,
      { idempotencyKey: string },
    ];
    expect(opts.idempotencyKey).toBe("order-ord_1-cs");
    expect(params).toMatchObject({
      mode: "payment",
      client_reference_id: "ord_1",
      metadata: { order_id: "ord_1" },
      payment_intent_data: { metadata: { order_id: "ord_1", payment_via: "checkout_session" } },
      success_url: "https://shop.example/pay/done?session_id={CHECKOUT_SESSION_ID}",
      cancel_url: "https://shop.example/pay/cancelled?order=ord_1",
      // A 15-minute window is under Stripe's 30-minute minimum: deadline + 31 min.
      expires_at: Math.floor((1_000_000 + 46 * 60_000) / 1000),
      line_items: [
        { quantity: 1, price_data: { currency: "usd", unit_amount: 3900, product_data: { name: "Kettle" } } },
      ],
    });
    expect(params.customer).toBeUndefined();
  });

  it("a signed-in shopper without a card: the session has the customer and saves the card", async () => {
    const { stripe, create } = fakeStripe(cs);
    await charge(stripe, { ...guest(), customer: "cus_new", saveCard: true });
    const [params] = create.mock.calls[0] as unknown as [Stripe.Checkout.SessionCreateParams];
    expect(params).toMatchObject({ customer: "cus_new", payment_intent_data: { setup_future_usage: "off_session" } });
  });

  it("no SHOP_URL: no session can return anywhere, so the payment is refused as not set up, without asking Stripe", async () => {
    const { stripe, create } = fakeStripe(cs);
    const r = guest();
    expect(await charge(stripe, { ...r, checkout: { ...r.checkout, shopUrl: "" } })).toMatchObject({
      kind: "declined",
      code: "not_configured",
    });
    expect(create).not.toHaveBeenCalled();
  });

  it("an unreachable Stripe at session creation is retried with the same key, then unavailable past the budget", async () => {
    const down = () => new Stripe.errors.StripeConnectionError({ type: "api_error", message: "down" });
    const retried = fakeStripe(down(), cs);
    expect(await charge(retried.stripe, guest())).toMatchObject({ kind: "awaiting_payment" });
    const keys = retried.create.mock.calls.map(
      (c) => ((c as unknown[])[1] as { idempotencyKey: string }).idempotencyKey,
    );
    expect(keys).toEqual(["order-ord_1-cs", "order-ord_1-cs"]);
    expect(await charge(fakeStripe(down()).stripe, guest({ budgetMs: 0 }))).toMatchObject({ kind: "unavailable" });
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
    await charge(offSession.stripe, request());
    expect((offSession.create.mock.calls[0] as unknown[])[0]).toMatchObject({
      amount: 3900,
      currency: "usd",
      confirm: true,
      off_session: true,
      automatic_payment_methods: { enabled: true, allow_redirects: "never" },
    });
    const onSession = fakeStripe(pi({ status: "succeeded" }));
    const agent = request({ paymentMethod: "pm_agent", onSession: true });
    delete agent.customer;
    await charge(onSession.stripe, agent);
    const params = (onSession.create.mock.calls[0] as unknown[])[0] as Record<string, unknown>;
    expect(params).toMatchObject({ confirm: true, return_url: "https://shop.example/pay/done" });
    expect(params.off_session).toBeUndefined();
  });
});
