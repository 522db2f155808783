// Checkout Sessions on the stand-in, through the real `stripe` SDK, with the
// hosted page paid the way a shopper (or an e2e test) would.
import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startStripeStandIn, type StripeStandIn } from "./index.js";

let standIn: StripeStandIn;
let stripe: Stripe;

beforeAll(async () => {
  standIn = await startStripeStandIn();
  stripe = new Stripe("sk_test_123", { host: "127.0.0.1", port: standIn.port, protocol: "http", maxNetworkRetries: 0 });
});
afterAll(() => standIn.close());
beforeEach(() => standIn.reset());

const inHour = () => Math.floor(Date.now() / 1000) + 3600;

function params(over: Partial<Stripe.Checkout.SessionCreateParams> = {}): Stripe.Checkout.SessionCreateParams {
  return {
    mode: "payment",
    line_items: [
      { price_data: { currency: "usd", unit_amount: 1250, product_data: { name: "Mug" } }, quantity: 2 },
      {
        price_data: { currency: "usd", unit_amount: 499, product_data: { name: "Tea", description: "green" } },
        quantity: 1,
      },
    ],
    success_url: "https://shop.test/pay/done?session_id={CHECKOUT_SESSION_ID}",
    cancel_url: "https://shop.test/pay/cancelled?order=ord_1",
    expires_at: inHour(),
    client_reference_id: "ord_1",
    metadata: { order_id: "ord_1" },
    payment_intent_data: { metadata: { order_id: "ord_1" } },
    ...over,
  };
}

async function payPage(url: string, card = "pm_card_visa", extra = ""): Promise<Response> {
  return fetch(`${url}?payment_method=${card}&format=json${extra}`, { method: "POST" });
}

describe("checkout sessions", () => {
  it("creates an open session whose total is the sum of its lines, idempotently", async () => {
    // One set of parameters for both: expires_at is read off the clock, and a second passing
    // between two params() calls would make them different requests under one key.
    const same = params();
    const a = await stripe.checkout.sessions.create(same, { idempotencyKey: "k1" });
    const b = await stripe.checkout.sessions.create(same, { idempotencyKey: "k1" });
    expect(b.id).toBe(a.id);
    expect(a).toMatchObject({ status: "open", payment_status: "unpaid", amount_total: 2999, currency: "usd" });
    expect(a.payment_intent).toBeNull();
    expect(a.url).toBe(`${standIn.url}/c/pay/${a.id}`);
    await expect(
      stripe.checkout.sessions.create({ ...same, client_reference_id: "other" }, { idempotencyKey: "k1" }),
    ).rejects.toMatchObject({ type: "StripeIdempotencyError" });
  });

  it("refuses an expires_at under 30 minutes or over 24 hours ahead", async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const expires_at of [now + 29 * 60, now + 25 * 3600])
      await expect(stripe.checkout.sessions.create(params({ expires_at }))).rejects.toMatchObject({
        param: "expires_at",
      });
  });

  it("pays on the hosted page: PaymentIntent from payment_intent_data, session complete, events in order", async () => {
    const s = await stripe.checkout.sessions.create(params());
    const page = await (await fetch(s.url!)).text();
    expect(page).toContain("$29.99");
    const declined = await payPage(s.url!, "pm_card_chargeDeclined");
    expect(declined.status).toBe(402);
    expect((await stripe.checkout.sessions.retrieve(s.id)).status).toBe("open");
    const res = await payPage(s.url!);
    expect(res.status).toBe(200);
    const paid = await stripe.checkout.sessions.retrieve(s.id, { expand: ["payment_intent.latest_charge"] });
    expect(paid).toMatchObject({ status: "complete", payment_status: "paid" });
    const pi = paid.payment_intent as Stripe.PaymentIntent;
    expect(pi).toMatchObject({ status: "succeeded", amount: 2999, metadata: { order_id: "ord_1" } });
    expect(typeof pi.latest_charge).toBe("object");
    // One PaymentIntent for the declined and the paid attempt.
    expect(standIn.paymentIntents()).toHaveLength(1);
    const types = standIn.events().map((e) => e.type);
    expect(types.slice(-2)).toEqual(["payment_intent.succeeded", "checkout.session.completed"]);
    expect((await payPage(s.url!)).status).toBe(400);
    const listed = await stripe.checkout.sessions.list({ payment_intent: pi.id });
    expect(listed.data.map((x) => x.id)).toEqual([s.id]);
  });

  it("follows success_url with the session id after a browser payment", async () => {
    const s = await stripe.checkout.sessions.create(params());
    const res = await fetch(s.url!, {
      method: "POST",
      body: "payment_method=pm_card_visa",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      redirect: "manual",
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`https://shop.test/pay/done?session_id=${s.id}`);
  });

  it("saves the card to the customer with setup_future_usage", async () => {
    const customer = await stripe.customers.create({});
    const s = await stripe.checkout.sessions.create(
      params({ customer: customer.id, payment_intent_data: { setup_future_usage: "off_session" } }),
    );
    await payPage(s.url!);
    const pi = (await stripe.checkout.sessions.retrieve(s.id, { expand: ["payment_intent"] }))
      .payment_intent as Stripe.PaymentIntent;
    expect(pi).toMatchObject({ customer: customer.id, setup_future_usage: "off_session" });
    const pm = await stripe.paymentMethods.retrieve(pi.payment_method as string);
    expect(pm.customer).toBe(customer.id);
  });

  it("expires an open session once (event), and an expired session cannot be paid", async () => {
    const s = await stripe.checkout.sessions.create(params());
    const expired = await stripe.checkout.sessions.expire(s.id);
    expect(expired).toMatchObject({ status: "expired", url: null });
    await expect(stripe.checkout.sessions.expire(s.id)).rejects.toMatchObject({ statusCode: 400 });
    expect((await payPage(s.url!)).status).toBe(400);
    expect(standIn.events().filter((e) => e.type === "checkout.session.expired")).toHaveLength(1);
    expect(standIn.paymentIntents()).toHaveLength(0);
    await expect(stripe.checkout.sessions.retrieve("cs_test_nope")).rejects.toMatchObject({ statusCode: 404 });
  });

  it("lists sessions by creation time", async () => {
    const before = Math.floor(Date.now() / 1000) - 1;
    const s = await stripe.checkout.sessions.create(params());
    const listed = await stripe.checkout.sessions.list({ created: { gte: before }, limit: 100 });
    expect(listed.data.map((x) => x.id)).toContain(s.id);
    const later = await stripe.checkout.sessions.list({ created: { gt: s.created + 10 } });
    expect(later.data).toEqual([]);
  });
});
