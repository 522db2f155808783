// The Stripe stand-in, driven through the real `stripe` SDK (never a
// hand-rolled client), with webhooks received by a local node:http endpoint
// and verified by stripe.webhooks.constructEventAsync.
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { signStripePayload, startStripeStandIn, type StripeStandIn } from "./index.js";

const SECRET = "whsec_stand_in_test_secret";
const API_KEY = "sk_test_123";

// ── helpers ──────────────────────────────────────────────────────────────────

interface Received {
  body: string;
  signature: string;
}

interface Receiver {
  url: string;
  received: Received[];
  /** Answer the next n deliveries with 500. */
  failNext(n: number): void;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  let failures = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({
        body: Buffer.concat(chunks).toString("utf8"),
        signature: String(req.headers["stripe-signature"]),
      });
      if (failures > 0) {
        failures--;
        res.writeHead(500).end();
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end('{"received":true}');
    });
  });
  const url = await listen(server);
  return {
    url: `${url}/webhooks/stripe`,
    received,
    failNext: (n) => (failures = n),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function sdk(standIn: StripeStandIn, key = API_KEY): Stripe {
  return new Stripe(key, { host: "127.0.0.1", port: standIn.port, protocol: "http", maxNetworkRetries: 0 });
}

/** The rejection of a promise that must fail. */
async function rejection(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await promise;
  } catch (error) {
    return error as Stripe.errors.StripeError;
  }
  throw new Error("expected the call to fail");
}

const CARD_ONLY = { payment_method_types: ["card"] };

// ── the shared stand-in ──────────────────────────────────────────────────────

let receiver: Receiver;
let standIn: StripeStandIn;
let stripe: Stripe;

beforeAll(async () => {
  receiver = await startReceiver();
  standIn = await startStripeStandIn({ webhook: { url: receiver.url, secret: SECRET } });
  stripe = sdk(standIn);
});

afterAll(async () => {
  await standIn?.close();
  await receiver?.close();
});

beforeEach(async () => {
  await standIn.webhooksIdle();
  standIn.reset();
  receiver.received.length = 0;
  receiver.failNext(0);
});

async function verifiedEvents(): Promise<Stripe.Event[]> {
  await standIn.webhooksIdle();
  return Promise.all(receiver.received.map((r) => stripe.webhooks.constructEventAsync(r.body, r.signature, SECRET)));
}

async function paidIntent(amount = 5000): Promise<Stripe.PaymentIntent> {
  return stripe.paymentIntents.create({
    amount,
    currency: "usd",
    payment_method: "pm_card_visa",
    confirm: true,
    ...CARD_ONLY,
  });
}

// ── tests ────────────────────────────────────────────────────────────────────

describe("Stripe-Signature", () => {
  const vectors = JSON.parse(
    readFileSync(new URL("./fixtures/stripe_signature_vectors.json", import.meta.url), "utf8"),
  );

  it("reproduces the reference vector, and stripe-node accepts it", async () => {
    const { secret, timestamp, payload, header } = vectors.derived;
    expect(signStripePayload(payload, secret, timestamp)).toBe(header);
    expect(stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp })).toBe(header);
    const event = await stripe.webhooks.constructEventAsync(payload, header, secret, 300, undefined, timestamp * 1000);
    expect(event.id).toBe("evt_test_webhook");
  });

  it("does not verify the docs' example header with a secret we hold", async () => {
    const error = await rejection(
      stripe.webhooks.constructEventAsync("{}", vectors.docs_example_unverifiable.header, SECRET, 0),
    );
    expect(error).toBeInstanceOf(Stripe.errors.StripeSignatureVerificationError);
  });
});

describe("one-tap payment with a saved card", () => {
  it("saves pm_card_visa, charges off-session, and sends a verifiable payment_intent.succeeded", async () => {
    const customer = await stripe.customers.create({ email: "ada@example.com", metadata: { shopper_id: "s_1" } });
    expect(customer).toMatchObject({
      object: "customer",
      email: "ada@example.com",
      livemode: false,
      metadata: { shopper_id: "s_1" },
    });

    // As in test mode, attaching a magic test id mints a new PaymentMethod.
    const pm = await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
    expect(pm.id).toMatch(/^pm_/);
    expect(pm.id).not.toBe("pm_card_visa");
    expect(pm).toMatchObject({ customer: customer.id, type: "card", card: { brand: "visa", last4: "4242" } });

    const updated = await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    expect(updated.invoice_settings.default_payment_method).toBe(pm.id);
    const saved = await stripe.customers.listPaymentMethods(customer.id);
    expect(saved).toMatchObject({ object: "list", has_more: false });
    expect(saved.data.map((p) => p.id)).toEqual([pm.id]);

    const pi = await stripe.paymentIntents.create({
      amount: 2599,
      currency: "USD",
      customer: customer.id,
      payment_method: pm.id,
      off_session: true,
      confirm: true,
      metadata: { order_id: "ord_1" },
      ...CARD_ONLY,
    });
    expect(pi).toMatchObject({
      status: "succeeded",
      currency: "usd",
      amount: 2599,
      amount_received: 2599,
      payment_method: pm.id,
      metadata: { order_id: "ord_1" },
    });
    expect(pi.latest_charge).toMatch(/^ch_/);
    const charge = await stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge).toMatchObject({ status: "succeeded", paid: true, amount: 2599, payment_intent: pi.id });

    const [event, ...others] = await verifiedEvents();
    expect(others).toEqual([]);
    expect(event).toMatchObject({
      type: "payment_intent.succeeded",
      object: "event",
      livemode: false,
      data: { object: { id: pi.id, status: "succeeded" } },
    });
    expect(event?.id).toMatch(/^evt_/);
    // stripe-node ≥ 23 keys every POST; the event names the request that caused it.
    expect(event?.request?.idempotency_key).toMatch(/^stripe-node-retry-/);
    expect(standIn.deliveries()).toMatchObject([{ eventId: event?.id, attempt: 1, status: 200, ok: true }]);
  });

  it("works with the fetch HTTP client that Workers use", async () => {
    const viaFetch = new Stripe(API_KEY, {
      host: "127.0.0.1",
      port: standIn.port,
      protocol: "http",
      maxNetworkRetries: 0,
      httpClient: Stripe.createFetchHttpClient(),
    });
    const pi = await viaFetch.paymentIntents.create({
      amount: 1000,
      currency: "usd",
      payment_method: "pm_card_visa",
      confirm: true,
      metadata: { order_id: "o 1&2" },
      ...CARD_ONLY,
    });
    expect(pi).toMatchObject({ status: "succeeded", metadata: { order_id: "o 1&2" } });
    const error = await rejection(
      viaFetch.paymentIntents.create({
        amount: 1000,
        currency: "usd",
        payment_method: "pm_card_chargeDeclined",
        confirm: true,
        ...CARD_ONLY,
      }),
    );
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
  });

  it("refuses a saved card of another customer, or without naming its customer", async () => {
    const [a, b] = await Promise.all([stripe.customers.create({}), stripe.customers.create({})]);
    const pm = await stripe.paymentMethods.attach("pm_card_visa", { customer: a.id });
    for (const customer of [b.id, undefined]) {
      const error = await rejection(
        stripe.paymentIntents.create({
          amount: 1000,
          currency: "usd",
          payment_method: pm.id,
          confirm: true,
          ...(customer ? { customer } : {}),
          ...CARD_ONLY,
        }),
      );
      expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
      expect(error.param).toBe("payment_method");
    }
    expect(standIn.paymentIntents()).toEqual([]);
  });

  it("requires a return_url with automatic payment methods (Stripe's default), as Stripe does", async () => {
    const customer = await stripe.customers.create({});
    const pm = await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
    const base = {
      amount: 1000,
      currency: "usd",
      customer: customer.id,
      payment_method: pm.id,
      off_session: true,
      confirm: true,
    };
    const error = await rejection(stripe.paymentIntents.create(base));
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error.param).toBe("return_url");
    expect(standIn.paymentIntents()).toEqual([]);
    expect((await stripe.paymentIntents.create({ ...base, return_url: "https://shop.example/done" })).status).toBe(
      "succeeded",
    );
    const never = await stripe.paymentIntents.create({
      ...base,
      automatic_payment_methods: { enabled: true, allow_redirects: "never" },
    });
    expect(never.status).toBe("succeeded");
  });
});

describe("payment page", () => {
  it("serves a page for a PaymentIntent without a payment method; POSTing pays it and sends the webhook", async () => {
    const pi = await stripe.paymentIntents.create({
      amount: 1500,
      currency: "usd",
      description: "Order 42",
      ...CARD_ONLY,
    });
    expect(pi.status).toBe("requires_payment_method");
    const link = standIn.paymentPageUrl(pi.id);
    expect(link).toBe(`${standIn.url}/pay/${pi.id}`);

    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(await page.text()).toContain("$15.00");

    const paid = await fetch(`${link}?payment_method=pm_card_visa`, {
      method: "POST",
      headers: { accept: "application/json" },
    });
    expect(paid.status).toBe(200);
    expect(((await paid.json()) as { payment_intent: Stripe.PaymentIntent }).payment_intent.status).toBe("succeeded");
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe("succeeded");

    // A second tap on the page cannot charge twice.
    const again = await fetch(link, { method: "POST", headers: { accept: "application/json" } });
    expect(again.status).toBe(400);

    const events = await verifiedEvents();
    expect(events.map((e) => e.type)).toEqual(["payment_intent.succeeded"]);
    expect(events[0]?.request).toEqual({ id: null, idempotency_key: null });
  });

  it("accepts an HTML form post and shows a decline on the page", async () => {
    const pi = await stripe.paymentIntents.create({ amount: 1500, currency: "usd", ...CARD_ONLY });
    const res = await fetch(standIn.paymentPageUrl(pi.id), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "payment_method=pm_card_chargeDeclined",
    });
    expect(res.status).toBe(402);
    expect(await res.text()).toContain("Your card was declined.");
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe("requires_payment_method");
  });
});

describe("declines", () => {
  it.each([
    ["pm_card_chargeDeclined", "card_declined", "generic_decline"],
    ["pm_card_chargeDeclinedInsufficientFunds", "card_declined", "insufficient_funds"],
    ["pm_card_chargeDeclinedExpiredCard", "expired_card", "expired_card"],
  ])("%s → StripeCardError %s / %s, PaymentIntent back to requires_payment_method", async (pm, code, declineCode) => {
    const error = await rejection(
      stripe.paymentIntents.create({ amount: 2000, currency: "usd", payment_method: pm, confirm: true, ...CARD_ONLY }),
    );
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error).toMatchObject({ statusCode: 402, code, decline_code: declineCode });
    const failed = error.payment_intent as Stripe.PaymentIntent;
    expect(failed.status).toBe("requires_payment_method");

    const pi = await stripe.paymentIntents.retrieve(failed.id);
    expect(pi).toMatchObject({
      status: "requires_payment_method",
      payment_method: null,
      last_payment_error: { type: "card_error", code, decline_code: declineCode },
    });
    const events = await verifiedEvents();
    expect(events.map((e) => e.type)).toEqual(["payment_intent.payment_failed"]);
  });

  it("declines decline-cards at attach time, but pm_card_chargeCustomerFail only when charged", async () => {
    const customer = await stripe.customers.create({});
    const attach = await rejection(stripe.paymentMethods.attach("pm_card_chargeDeclined", { customer: customer.id }));
    expect(attach).toBeInstanceOf(Stripe.errors.StripeCardError);
    const pm = await stripe.paymentMethods.attach("pm_card_chargeCustomerFail", { customer: customer.id });
    const error = await rejection(
      stripe.paymentIntents.create({
        amount: 2000,
        currency: "usd",
        customer: customer.id,
        payment_method: pm.id,
        off_session: true,
        confirm: true,
        ...CARD_ONLY,
      }),
    );
    expect(error).toMatchObject({ code: "card_declined", decline_code: "generic_decline" });
  });

  it("treats shared payment tokens (ACP) like cards: spt_… pays, spt_declined_… declines", async () => {
    const ok = await stripe.paymentIntents.create({
      amount: 3000,
      currency: "usd",
      payment_method: "spt_agent_123",
      confirm: true,
      ...CARD_ONLY,
    });
    expect(ok.status).toBe("succeeded");
    expect(ok.payment_method).toMatch(/^pm_/);
    const viaData = await stripe.paymentIntents.create({
      amount: 3000,
      currency: "usd",
      payment_method_data: { shared_payment_granted_token: "spt_agent_456" },
      confirm: true,
      ...CARD_ONLY,
    } as unknown as Stripe.PaymentIntentCreateParams);
    expect(viaData.status).toBe("succeeded");
    const declined = await rejection(
      stripe.paymentIntents.create({
        amount: 3000,
        currency: "usd",
        payment_method: "spt_declined_1",
        confirm: true,
        ...CARD_ONLY,
      }),
    );
    expect(declined).toMatchObject({ code: "card_declined", decline_code: "generic_decline" });
  });
});

describe("3D Secure (pm_card_authenticationRequired)", () => {
  it("on-session → requires_action with a redirect to the payment page, which completes it", async () => {
    const pi = await stripe.paymentIntents.create({
      amount: 4200,
      currency: "usd",
      payment_method: "pm_card_authenticationRequired",
      confirm: true,
      return_url: "https://shop.example/return",
    });
    expect(pi.status).toBe("requires_action");
    expect(pi.next_action).toEqual({
      type: "redirect_to_url",
      redirect_to_url: { url: standIn.paymentPageUrl(pi.id), return_url: "https://shop.example/return" },
    });

    const res = await fetch(pi.next_action?.redirect_to_url?.url as string, { method: "POST", redirect: "manual" });
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get("location") as string);
    expect(`${location.origin}${location.pathname}`).toBe("https://shop.example/return");
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      payment_intent: pi.id,
      redirect_status: "succeeded",
    });

    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe("succeeded");
    expect((await verifiedEvents()).map((e) => e.type)).toEqual([
      "payment_intent.requires_action",
      "payment_intent.succeeded",
    ]);
  });

  it("failing authentication on the page → requires_payment_method with payment_intent_authentication_failure", async () => {
    const pi = await stripe.paymentIntents.create({
      amount: 4200,
      currency: "usd",
      payment_method: "pm_card_authenticationRequired",
      confirm: true,
      ...CARD_ONLY,
    });
    const res = await fetch(`${standIn.paymentPageUrl(pi.id)}?action=fail&format=json`, { method: "POST" });
    expect(res.status).toBe(200);
    const after = await stripe.paymentIntents.retrieve(pi.id);
    expect(after).toMatchObject({
      status: "requires_payment_method",
      last_payment_error: { code: "payment_intent_authentication_failure" },
    });
    expect((await verifiedEvents()).map((e) => e.type)).toEqual([
      "payment_intent.requires_action",
      "payment_intent.payment_failed",
    ]);
  });

  it("off-session → 402 authentication_required, PaymentIntent left in requires_payment_method", async () => {
    const customer = await stripe.customers.create({});
    const pm = await stripe.paymentMethods.attach("pm_card_authenticationRequired", { customer: customer.id });
    const error = await rejection(
      stripe.paymentIntents.create({
        amount: 4200,
        currency: "usd",
        customer: customer.id,
        payment_method: pm.id,
        off_session: true,
        confirm: true,
        ...CARD_ONLY,
      }),
    );
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error.code).toBe("authentication_required");
    const pi = await stripe.paymentIntents.retrieve((error.payment_intent as Stripe.PaymentIntent).id);
    expect(pi).toMatchObject({
      status: "requires_payment_method",
      last_payment_error: { code: "authentication_required" },
    });
  });
});

describe("cancel and update", () => {
  it("cancels from a cancelable state only", async () => {
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: "usd", ...CARD_ONLY });
    const canceled = await stripe.paymentIntents.cancel(pi.id, { cancellation_reason: "requested_by_customer" });
    expect(canceled).toMatchObject({ status: "canceled", cancellation_reason: "requested_by_customer" });
    expect(canceled.canceled_at).toEqual(expect.any(Number));

    for (const attempt of [
      stripe.paymentIntents.cancel(pi.id),
      stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_visa" }),
      paidIntent().then((paid) => stripe.paymentIntents.cancel(paid.id)),
    ]) {
      const error = await rejection(attempt);
      expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
      expect(error.code).toBe("payment_intent_unexpected_state");
    }
    expect((await verifiedEvents()).map((e) => e.type)).toEqual([
      "payment_intent.canceled",
      "payment_intent.succeeded",
    ]);
  });

  it("merges metadata, then confirms with a payment method given at confirm time", async () => {
    const pi = await stripe.paymentIntents.create({
      amount: 1000,
      currency: "usd",
      metadata: { a: "1", b: "2" },
      ...CARD_ONLY,
    });
    const updated = await stripe.paymentIntents.update(pi.id, { metadata: { b: "", c: "3" }, amount: 1200 });
    expect(updated).toMatchObject({ metadata: { a: "1", c: "3" }, amount: 1200 });
    const confirmed = await stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_mastercard" });
    expect(confirmed).toMatchObject({ status: "succeeded", amount_received: 1200 });
    const error = await rejection(stripe.paymentIntents.update(pi.id, { amount: 5000 }));
    expect(error.code).toBe("payment_intent_unexpected_state");
  });
});

describe("refunds", () => {
  it("refunds partially, refuses an over-refund, refunds the rest, emits charge.refunded each time", async () => {
    const pi = await paidIntent(5000);
    const partial = await stripe.refunds.create({ payment_intent: pi.id, amount: 2000 });
    expect(partial).toMatchObject({
      object: "refund",
      amount: 2000,
      status: "succeeded",
      payment_intent: pi.id,
      charge: pi.latest_charge,
    });
    expect(await stripe.charges.retrieve(pi.latest_charge as string)).toMatchObject({
      amount_refunded: 2000,
      refunded: false,
    });

    const over = await rejection(stripe.refunds.create({ payment_intent: pi.id, amount: 4000 }));
    expect(over).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(over.code).toBe("amount_too_large");

    const rest = await stripe.refunds.create({ payment_intent: pi.id });
    expect(rest.amount).toBe(3000);
    expect(await stripe.charges.retrieve(pi.latest_charge as string)).toMatchObject({
      amount_refunded: 5000,
      refunded: true,
    });
    expect((await stripe.refunds.retrieve(rest.id)).amount).toBe(3000);
    expect((await rejection(stripe.refunds.create({ payment_intent: pi.id }))).code).toBe("charge_already_refunded");

    const events = await verifiedEvents();
    expect(events.map((e) => e.type)).toEqual([
      "payment_intent.succeeded",
      "refund.created",
      "charge.refunded",
      "refund.created",
      "charge.refunded",
    ]);
    expect(events[4]?.data).toMatchObject({
      object: { amount_refunded: 5000, refunded: true },
      previous_attributes: { amount_refunded: 2000, refunded: false },
    });
  });

  it("refuses to refund a PaymentIntent that has not succeeded", async () => {
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: "usd", ...CARD_ONLY });
    expect(await rejection(stripe.refunds.create({ payment_intent: pi.id }))).toBeInstanceOf(
      Stripe.errors.StripeInvalidRequestError,
    );
  });
});

describe("idempotency", () => {
  const params = { amount: 1000, currency: "usd", ...CARD_ONLY };

  it("replays the first response for the same key and parameters, and creates one PaymentIntent", async () => {
    const first = await stripe.paymentIntents.create(params, { idempotencyKey: "order-1" });
    const second = await stripe.paymentIntents.create(params, { idempotencyKey: "order-1" });
    expect(second.id).toBe(first.id);
    expect(standIn.paymentIntents()).toHaveLength(1);
    expect(standIn.requests().map((r) => [r.idempotencyKey, r.replayed])).toEqual([
      ["order-1", false],
      ["order-1", true],
    ]);
  });

  it("marks replays with Idempotent-Replayed: true, whatever the parameter order", async () => {
    const post = (body: string) =>
      fetch(`${standIn.url}/v1/payment_intents`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${API_KEY}`,
          "content-type": "application/x-www-form-urlencoded",
          "idempotency-key": "raw-1",
        },
        body,
      });
    const first = await post("amount=1000&currency=usd&payment_method_types[0]=card&metadata[order_id]=7");
    expect(first.status).toBe(200);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const again = await post("metadata%5Border_id%5D=7&payment_method_types%5B0%5D=card&currency=usd&amount=1000");
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(((await again.json()) as { id: string }).id).toBe(((await first.json()) as { id: string }).id);
    expect(standIn.paymentIntents()).toHaveLength(1);
  });

  it("refuses the same key with different parameters (StripeIdempotencyError)", async () => {
    await stripe.paymentIntents.create(params, { idempotencyKey: "order-2" });
    const error = await rejection(
      stripe.paymentIntents.create({ ...params, amount: 2000 }, { idempotencyKey: "order-2" }),
    );
    expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(error.message).toContain(
      "Keys for idempotent requests can only be used with the same parameters they were first used with",
    );
    expect(standIn.paymentIntents()).toHaveLength(1);
  });

  it("replays a decline without charging again, but does not store validation failures", async () => {
    const declined = {
      amount: 1000,
      currency: "usd",
      payment_method: "pm_card_chargeDeclined",
      confirm: true,
      ...CARD_ONLY,
    };
    const a = await rejection(stripe.paymentIntents.create(declined, { idempotencyKey: "decline-1" }));
    const b = await rejection(stripe.paymentIntents.create(declined, { idempotencyKey: "decline-1" }));
    expect((b.payment_intent as Stripe.PaymentIntent).id).toBe((a.payment_intent as Stripe.PaymentIntent).id);
    expect(standIn.events().filter((e) => e.type === "payment_intent.payment_failed")).toHaveLength(1);

    expect(
      (await rejection(stripe.paymentIntents.create({ ...params, amount: 10 }, { idempotencyKey: "fix-1" }))).code,
    ).toBe("amount_too_small");
    expect((await stripe.paymentIntents.create(params, { idempotencyKey: "fix-1" })).status).toBe(
      "requires_payment_method",
    );
  });

  it("50 concurrent confirmations of one PaymentIntent charge it once", async () => {
    const pi = await stripe.paymentIntents.create({ ...params, payment_method: "pm_card_visa" });
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => stripe.paymentIntents.confirm(pi.id)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results)
      if (r.status === "rejected")
        expect((r.reason as Stripe.errors.StripeError).code).toBe("payment_intent_unexpected_state");
    expect(standIn.events().filter((e) => e.type === "payment_intent.succeeded")).toHaveLength(1);
  });

  it("20 concurrent creates with one key: one PaymentIntent; requests while it is in flight get 409 (Stripe's behaviour)", async () => {
    const slow = await startStripeStandIn({ latencyMs: 100 });
    try {
      const client = sdk(slow);
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, () => client.paymentIntents.create(params, { idempotencyKey: "storm" })),
      );
      const created = results.flatMap((r) => (r.status === "fulfilled" ? [r.value.id] : []));
      const conflicts = results.flatMap((r) =>
        r.status === "rejected" ? [r.reason as Stripe.errors.StripeError] : [],
      );
      // Requests that arrive after the first finished get its replay; the rest a 409.
      expect(new Set(created).size).toBe(1);
      expect(conflicts.length).toBeGreaterThan(0);
      for (const error of conflicts)
        expect(error).toMatchObject({ statusCode: 409, code: "idempotency_key_in_use", rawType: "idempotency_error" });
      expect(slow.paymentIntents()).toHaveLength(1);
      expect(slow.requests().filter((r) => r.status === 200 && !r.replayed)).toHaveLength(1);
      expect((await client.paymentIntents.create(params, { idempotencyKey: "storm" })).id).toBe(created[0]);
    } finally {
      await slow.close();
    }
  });

  it("20 concurrent creates with one key in serialize mode: all get the same PaymentIntent", async () => {
    const slow = await startStripeStandIn({ latencyMs: 20, idempotency: "serialize" });
    try {
      const client = sdk(slow);
      const results = await Promise.all(
        Array.from({ length: 20 }, () => client.paymentIntents.create(params, { idempotencyKey: "storm" })),
      );
      expect(new Set(results.map((pi) => pi.id)).size).toBe(1);
      expect(slow.paymentIntents()).toHaveLength(1);
      expect(slow.requests().filter((r) => r.replayed)).toHaveLength(19);
    } finally {
      await slow.close();
    }
  });
});

describe("webhook delivery", () => {
  it("holds events while paused and delivers them reversed and duplicated on resume", async () => {
    standIn.pauseWebhooks();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await paidIntent(1000 + i)).id);
    await standIn.webhooksIdle();
    expect(receiver.received).toEqual([]);

    const deliveries = await standIn.resumeWebhooks({ order: "reverse", duplicate: 2 });
    expect(deliveries).toHaveLength(6);
    const events = await verifiedEvents();
    const [c, b, a] = [...ids].reverse();
    expect(events.map((e) => (e.data.object as Stripe.PaymentIntent).id)).toEqual([c, c, b, b, a, a]);
    expect(new Set(events.map((e) => e.id)).size).toBe(3);
  });

  it.each(["signature", "timestamp-old", "body"] as const)(
    "a redelivery tampered by %s fails constructEventAsync",
    async (tamper) => {
      await paidIntent();
      await standIn.webhooksIdle();
      const [event] = standIn.events();
      receiver.received.length = 0;
      const deliveries = await standIn.redeliver(event?.id as string, { tamper });
      expect(deliveries).toMatchObject([{ tamper, attempt: 1 }]);
      const [forged] = receiver.received;
      const error = await rejection(
        stripe.webhooks.constructEventAsync(forged?.body as string, forged?.signature as string, SECRET),
      );
      expect(error).toBeInstanceOf(Stripe.errors.StripeSignatureVerificationError);
      if (tamper === "timestamp-old") expect(error.message).toContain("tolerance");
    },
  );

  it("redelivers byte-identical duplicates on demand", async () => {
    await paidIntent();
    await standIn.webhooksIdle();
    const [event] = standIn.events();
    await standIn.redeliver(event?.id as string, { times: 2 });
    const events = await verifiedEvents();
    expect(events.map((e) => e.id)).toEqual([event?.id, event?.id, event?.id]);
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
  });

  it("retries a failing endpoint with backoff and records every attempt", async () => {
    receiver.failNext(2);
    await paidIntent();
    await standIn.webhooksIdle();
    expect(standIn.deliveries().map((d) => [d.attempt, d.status, d.ok])).toEqual([
      [1, 500, false],
      [2, 500, false],
      [3, 200, true],
    ]);
    const [first, , third] = standIn.deliveries();
    expect((third?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(140);
    expect((await stripe.events.retrieve(standIn.events()[0]?.id as string)).pending_webhooks).toBe(0);
  });

  it("gives up after the configured tries on an unreachable endpoint", async () => {
    const dead = createServer();
    const url = await listen(dead);
    await new Promise((resolve) => dead.close(resolve));
    standIn.setWebhook({ url, secret: SECRET });
    try {
      await paidIntent();
      await standIn.webhooksIdle();
      expect(standIn.deliveries().map((d) => [d.attempt, d.status, d.ok])).toEqual([
        [1, 0, false],
        [2, 0, false],
        [3, 0, false],
      ]);
    } finally {
      standIn.setWebhook({ url: receiver.url, secret: SECRET });
    }
  });

  it("with concurrency N, sends up to N new events at once and idle waits for every one", async () => {
    // An endpoint that holds each answer 150 ms and counts how many requests it has open.
    let open = 0;
    let most = 0;
    const slow = createServer((req, res) => {
      open++;
      most = Math.max(most, open);
      req.resume();
      setTimeout(() => {
        open--;
        res.writeHead(200).end("{}");
      }, 150);
    });
    const url = await listen(slow);
    const own = await startStripeStandIn({ webhook: { url, secret: SECRET }, webhookRetry: { concurrency: 3 } });
    try {
      const client = sdk(own);
      const pay = () =>
        client.paymentIntents.create({
          amount: 500,
          currency: "usd",
          payment_method: "pm_card_visa",
          confirm: true,
          ...CARD_ONLY,
        });
      await Promise.all(Array.from({ length: 7 }, pay));
      await own.webhooksIdle();
      expect(own.deliveries()).toHaveLength(7);
      expect(own.deliveries().every((d) => d.ok && d.attempt === 1)).toBe(true);
      expect(most).toBe(3);
      expect(open).toBe(0);
    } finally {
      await own.close();
      await new Promise((resolve) => slow.close(resolve));
    }
  });

  it("is drivable over HTTP through /_control (for tests inside workerd)", async () => {
    const control = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${standIn.url}/_control${path}`, {
        method,
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, body: (await res.json()) as unknown };
    };
    expect((await control("POST", "/webhooks/pause")).status).toBe(200);
    const first = await paidIntent(1000);
    const second = await paidIntent(2000);
    expect(await control("GET", "")).toMatchObject({
      body: { webhook: { paused: true, held: 2 }, counts: { paymentIntents: 2 } },
    });
    const resumed = await control("POST", "/webhooks/resume", { order: "reverse" });
    expect(resumed.body).toHaveLength(2);
    expect((await verifiedEvents()).map((e) => (e.data.object as Stripe.PaymentIntent).id)).toEqual([
      second.id,
      first.id,
    ]);
    expect(((await control("GET", "/payment_intents")).body as unknown[]).length).toBe(2);
    expect(((await control("GET", "/deliveries")).body as unknown[]).length).toBe(2);
    const events = (await control("GET", "/events")).body as { id: string }[];
    expect(
      (await control("POST", "/webhooks/redeliver", { eventId: events[0]?.id, tamper: "signature" })).body,
    ).toMatchObject([{ tamper: "signature" }]);
    expect((await control("POST", "/webhooks/redeliver", { eventId: "evt_nope" })).status).toBe(400);
    expect((await control("POST", "/webhooks/resume", { order: "sideways" })).status).toBe(400);
    expect((await control("POST", "/reset")).status).toBe(200);
    expect((await control("GET", "/payment_intents")).body).toEqual([]);
  });
});

describe("API errors", () => {
  it("amount below Stripe's minimum → amount_too_small", async () => {
    const error = await rejection(stripe.paymentIntents.create({ amount: 49, currency: "usd", ...CARD_ONLY }));
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({
      statusCode: 400,
      code: "amount_too_small",
      param: "amount",
      message: "Amount must be at least $0.50 usd",
    });
    expect((await rejection(stripe.paymentIntents.create({ amount: 12.5, currency: "usd", ...CARD_ONLY }))).code).toBe(
      "parameter_invalid_integer",
    );
  });

  it("unknown parameters → parameter_unknown", async () => {
    const error = await rejection(
      stripe.paymentIntents.create({
        amount: 1000,
        currency: "usd",
        colour: "red",
      } as Stripe.PaymentIntentCreateParams),
    );
    expect(error).toMatchObject({ code: "parameter_unknown", param: "colour" });
  });

  it("no or wrong API key → 401", async () => {
    const res = await fetch(`${standIn.url}/v1/payment_intents/pi_123`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { type: string } }).error.type).toBe("invalid_request_error");
    expect(await rejection(sdk(standIn, "sk_live_123").customers.create({}))).toBeInstanceOf(
      Stripe.errors.StripeAuthenticationError,
    );

    const strict = await startStripeStandIn({ apiKey: "sk_test_only_this" });
    try {
      expect(await rejection(sdk(strict, "sk_test_other").customers.create({}))).toBeInstanceOf(
        Stripe.errors.StripeAuthenticationError,
      );
      expect((await sdk(strict, "sk_test_only_this").customers.create({})).id).toMatch(/^cus_/);
    } finally {
      await strict.close();
    }
  });

  it("unknown PaymentIntent → 404 resource_missing; unknown URL → 404", async () => {
    const error = await rejection(stripe.paymentIntents.retrieve("pi_missing"));
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({
      statusCode: 404,
      code: "resource_missing",
      message: "No such payment_intent: 'pi_missing'",
    });
    const res = await fetch(`${standIn.url}/v1/nope`, { headers: { authorization: `Bearer ${API_KEY}` } });
    expect(res.status).toBe(404);
  });
});

describe("events API", () => {
  it("lists events newest first and retrieves one by id", async () => {
    const a = await paidIntent(1000);
    const b = await paidIntent(2000);
    const page = await stripe.events.list({ limit: 1 });
    expect(page.has_more).toBe(true);
    expect((page.data[0]?.data.object as Stripe.PaymentIntent).id).toBe(b.id);
    const all = await stripe.events.list({ type: "payment_intent.*" });
    expect(all.data.map((e) => (e.data.object as Stripe.PaymentIntent).id)).toEqual([b.id, a.id]);
    const one = await stripe.events.retrieve(all.data[1]?.id as string);
    expect(one).toMatchObject({ type: "payment_intent.succeeded", api_version: expect.any(String) });
  });
});

describe("search and a slow Stripe", () => {
  it("finds PaymentIntents by metadata and status, with expand[]=data.latest_charge", async () => {
    const paid = await stripe.paymentIntents.create({
      amount: 1200,
      currency: "usd",
      payment_method: "pm_card_visa",
      confirm: true,
      metadata: { order_id: "ord_a" },
      ...CARD_ONLY,
    });
    const open = await stripe.paymentIntents.create({
      amount: 1200,
      currency: "usd",
      metadata: { order_id: "ord_a" },
      ...CARD_ONLY,
    });
    await stripe.paymentIntents.create({
      amount: 1200,
      currency: "usd",
      metadata: { order_id: "ord_b" },
      ...CARD_ONLY,
    });
    const all = await stripe.paymentIntents.search({ query: "metadata['order_id']:'ord_a'" });
    expect(all.data.map((p) => p.id)).toEqual([open.id, paid.id]);
    const succeeded = await stripe.paymentIntents.search({
      query: "metadata['order_id']:'ord_a' AND status:'succeeded'",
      expand: ["data.latest_charge"],
    });
    expect(succeeded.data).toHaveLength(1);
    expect(succeeded.data[0]?.latest_charge).toMatchObject({ object: "charge", paid: true, refunded: false });
    expect((await stripe.paymentIntents.search({ query: "metadata['order_id']:'ord_none'" })).data).toEqual([]);
    expect(await rejection(stripe.paymentIntents.search({ query: "amount>10" }))).toBeInstanceOf(
      Stripe.errors.StripeInvalidRequestError,
    );
  });

  it("delays matching requests, which still run after a client gave up", async () => {
    standIn.delay("order_id]=ord_slow", 400);
    const impatient = new Stripe(API_KEY, {
      host: "127.0.0.1",
      port: standIn.port,
      protocol: "http",
      maxNetworkRetries: 0,
      timeout: 100,
    });
    const err = await rejection(
      impatient.paymentIntents.create({
        amount: 900,
        currency: "usd",
        metadata: { order_id: "ord_slow" },
        ...CARD_ONLY,
      }),
    );
    expect(err).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    // Other requests are not slowed.
    expect(
      (
        await impatient.paymentIntents.create({
          amount: 900,
          currency: "usd",
          metadata: { order_id: "ord_fast" },
          ...CARD_ONLY,
        })
      ).status,
    ).toBe("requires_payment_method");
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await stripe.paymentIntents.search({ query: "metadata['order_id']:'ord_slow'" })).data).toHaveLength(1);
    const res = await fetch(`${standIn.url}/_control/delay`, {
      method: "POST",
      body: JSON.stringify({ match: "order_id]=ord_slow", ms: 0 }),
    });
    expect(res.status).toBe(200);
    expect(
      (
        await impatient.paymentIntents.create({
          amount: 900,
          currency: "usd",
          metadata: { order_id: "ord_slow" },
          ...CARD_ONLY,
        })
      ).amount,
    ).toBe(900);
    expect(
      (await fetch(`${standIn.url}/_control/delay`, { method: "POST", body: JSON.stringify({ match: "", ms: 5 }) }))
        .status,
    ).toBe(400);
  });
});
