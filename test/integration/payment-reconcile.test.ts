// A signed webhook is a hint: the Worker re-reads the PaymentIntent from Stripe
// and reconciles the order to it (docs/ARCHITECTURE.md invariant 8). These
// tests hold webhooks, reorder them, forge them and slow Stripe down.
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { Shopper, type ChatBody } from "./client.js";
import { insertProduct } from "./fixtures.js";
import {
  checkoutAndPay,
  control,
  deliver,
  deliverRaw,
  eventsFor,
  eventsOfIntent,
  expireNow,
  order,
  payOnPage,
  runDueAlarm,
  shopperWithCard,
  stock,
  STRIPE,
  stripeApi,
  type Body,
  type StripeEvent,
} from "./stripe-helpers.js";

const SKU = "RECON-LAMP";
// Tests that wait out a delayed stand-in (HANG_MS against the 4 s payment budget of vitest.config.ts).
const HANG_MS = 9_000;
const SLOW = 60_000;

beforeAll(async () => {
  await insertProduct({
    id: "fx_recon_lamp",
    title: "Reconcile Lamp",
    category: "home",
    variants: [{ sku: SKU, price: 3800, stock: 100 }],
  });
});

async function intentsOf(orderId: string): Promise<{ id: string; status: string }[]> {
  const all = (await control("/payment_intents")) as { id: string; status: string; metadata: Record<string, string> }[];
  return all.filter((p) => p.metadata.order_id === orderId);
}

async function sessionsOf(orderId: string): Promise<{ id: string }[]> {
  const all = (await control("/checkout_sessions")) as { id: string; client_reference_id: string }[];
  return all.filter((s) => s.client_reference_id === orderId);
}

/** Waits (bounded) for the stand-in to finish a request the Worker gave up on. */
async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("webhook events are hints: the PaymentIntent decides", () => {
  it("a refund whose events arrive before the success ends the order refunded, not paid", async () => {
    const s = new Shopper();
    const r = await checkoutAndPay(s, SKU);
    expect(r.order).toMatchObject({ status: "pending_payment" });
    expect((await payOnPage(r.order!.payment_url!)).status).toBe(200);
    // The Checkout Session's PaymentIntent (no webhook delivered yet, so the order has not recorded it).
    const pi = (await intentsOf(r.order!.id))[0]!.id;
    await stripeApi("/v1/refunds", { payment_intent: pi });
    const events = await eventsOfIntent(pi);
    const byType = (t: string) => events.find((e) => e.type === t)!;
    for (const type of ["charge.refunded", "refund.created", "payment_intent.succeeded"]) {
      expect((await deliver(byType(type))).status).toBe(200);
    }
    expect(await order(r.order!.id)).toMatchObject({ status: "refunded" });
    const next = (await s.say("what's in my cart?")) as Body;
    expect(next.reply.text).toMatch(/refunded/);
    expect(next.reply.text).not.toMatch(/Payment received/);
    // Replays change nothing.
    for (const e of events) expect((await deliver(e)).status).toBe(200);
    expect(await order(r.order!.id)).toMatchObject({ status: "refunded" });
  });

  it("a signed success of another PaymentIntent (50 EUR) naming a pending 38 USD order changes nothing", async () => {
    const s = new Shopper();
    const r = await checkoutAndPay(s, SKU);
    const before = await order(r.order!.id);
    const other = (await stripeApi("/v1/payment_intents", {
      amount: "50",
      currency: "eur",
      confirm: "true",
      payment_method: "pm_card_visa",
      "payment_method_types[0]": "card",
      "metadata[order_id]": r.order!.id,
    })) as { id: string; status: string };
    expect(other.status).toBe("succeeded");
    const forged = (await eventsOfIntent(other.id)).find((e) => e.type === "payment_intent.succeeded")!;
    expect((await deliver(forged)).status).toBe(200);
    expect(await order(r.order!.id)).toEqual(before);
    // The same claim about an id Stripe never issued: nothing either.
    const invented: StripeEvent = {
      ...forged,
      id: "evt_invented",
      data: { object: { ...forged.data.object, id: "pi_invented" } },
    };
    expect((await deliver(invented)).status).toBe(200);
    expect(await order(r.order!.id)).toEqual(before);
    // The real payment still settles it.
    await payOnPage(r.order!.payment_url!);
    const real = (await eventsFor(r.order!.id)).find(
      (e) => e.type === "payment_intent.succeeded" && e.data.object.id !== other.id,
    )!;
    expect(await (await deliver(real)).json()).toMatchObject({ outcome: "paid" });
  });

  it("answers correctly signed but malformed events with 400, never 5xx, and changes nothing", async () => {
    const s = new Shopper();
    const r = await checkoutAndPay(s, SKU);
    const before = await order(r.order!.id);
    const bodies = [
      "[]",
      JSON.stringify({ id: "evt_nodata", object: "event", type: "payment_intent.succeeded" }),
      JSON.stringify({ id: "evt_nullobj", object: "event", type: "payment_intent.succeeded", data: { object: null } }),
      JSON.stringify({
        id: "evt_objmeta",
        object: "event",
        type: "payment_intent.succeeded",
        data: {
          object: { id: before!.payment_intent_id, object: "payment_intent", metadata: { order_id: { $ne: 1 } } },
        },
      }),
      JSON.stringify({
        object: "event",
        type: "payment_intent.succeeded",
        data: {
          object: { id: before!.payment_intent_id, object: "payment_intent", metadata: { order_id: r.order!.id } },
        },
      }),
      "null",
    ];
    for (const body of bodies) {
      const res = await deliverRaw(body);
      expect(res.status, body).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: "invalid_event" } });
    }
    expect(await order(r.order!.id)).toEqual(before);
  });
});

describe("expiry asks Stripe first", () => {
  it("an order paid while its webhook never came is paid at its deadline, not expired", async () => {
    const s = new Shopper();
    const r = await checkoutAndPay(s, SKU);
    await payOnPage(r.order!.payment_url!);
    await expireNow(s.conversation, r.order!.id);
    expect(await order(r.order!.id)).toMatchObject({ status: "paid" });
    expect((await intentsOf(r.order!.id)).map((p) => p.status)).toEqual(["succeeded"]);
    expect(((await s.say("what's in my cart?")) as Body).reply.text).toMatch(/^Payment received/);
  });

  it(
    "does not expire while Stripe cannot be asked; expires once the bounded grace is over",
    async () => {
      const s = new Shopper();
      const before = await stock(SKU);
      const r = await checkoutAndPay(s, SKU);
      // The order's Checkout Session is what the deadline asks Stripe about.
      const session = r.order!.payment_url!.split("/").pop()!;
      await control("/delay", { match: `/v1/checkout/sessions/${session}`, ms: HANG_MS });
      try {
        await expireNow(s.conversation, r.order!.id);
        expect(await order(r.order!.id)).toMatchObject({ status: "pending_payment" });
        // The conversation looks again later (its alarm is set, not dropped).
        const convo = env.CONVERSATION.get(env.CONVERSATION.idFromName(s.conversation));
        expect(await runDueAlarm(convo)).toBe(true);
        expect(await order(r.order!.id)).toMatchObject({ status: "pending_payment" });
        // An hour past the deadline it expires anyway; a payment landing later is refunded.
        await expireNow(s.conversation, r.order!.id, 61 * 60_000);
        expect(await order(r.order!.id)).toMatchObject({ status: "expired" });
        expect(await stock(SKU)).toBe(before);
      } finally {
        await control("/delay", { match: `/v1/checkout/sessions/${session}`, ms: 0 });
      }
    },
    SLOW,
  );
});

/** Confirms a quote while Stripe holds this conversation's requests past the payment budget; `meanwhile` runs alongside. */
async function payWhileStripeHangs(
  s: Shopper,
  meanwhile?: () => Promise<ChatBody>,
): Promise<[Body, ChatBody | undefined]> {
  await s.press(`add:${SKU}`);
  const q = ((await s.say("checkout")) as Body).quote!;
  const match = `conversation_id]=${s.conversation}`;
  await control("/delay", { match, ms: HANG_MS });
  try {
    return await Promise.all([s.press(`pay:${q.id}`) as Promise<Body>, meanwhile?.()]);
  } finally {
    await control("/delay", { match, ms: 0 });
  }
}

describe("a hung payment service", () => {
  it(
    "answers within the payment budget, says the payment is processing, and records the Checkout Session made after it",
    async () => {
      const s = new Shopper();
      const [r, cart] = await payWhileStripeHangs(s, () => s.say("cart"));
      // The cart question sent while Stripe hung was answered as a cart question, not held behind the payment.
      expect(cart?.reply.text).toMatch(/^Your cart(:| is empty)/);
      expect(r.order).toMatchObject({ status: "pending_payment" });
      expect(r.reply.text).toMatch(/being processed/);
      // Stripe made the Checkout Session after the Worker stopped waiting.
      const made = await eventually(
        () => sessionsOf(r.order!.id),
        (l) => l.length === 1,
      );
      expect(made).toHaveLength(1);
      // The conversation's next check finds it (listed by creation time) and gives the shopper the link.
      expect(await runDueAlarm(env.CONVERSATION.get(env.CONVERSATION.idFromName(s.conversation)))).toBe(true);
      const row = await env.DB.prepare("SELECT status, checkout_session_id FROM orders WHERE id = ?")
        .bind(r.order!.id)
        .first();
      expect(row).toMatchObject({ status: "pending_payment", checkout_session_id: made[0]!.id });
      const next = (await s.say("what's in my cart?")) as Body;
      expect(next.reply.text).toContain(`${STRIPE}/c/pay/${made[0]!.id}`);
      // Asking to pay again gives the same session, never a second one.
      expect(((await s.say("pay")) as Body).reply.text).toContain(`${STRIPE}/c/pay/${made[0]!.id}`);
      expect(await sessionsOf(r.order!.id)).toHaveLength(1);
      expect(await intentsOf(r.order!.id)).toHaveLength(0);
    },
    SLOW,
  );

  it(
    "a one-tap charge that succeeded after the timeout is settled by its webhook",
    async () => {
      const s = await shopperWithCard("recon-slow", "pm_card_visa");
      const [r] = await payWhileStripeHangs(s);
      expect(r.reply.text).toMatch(/being processed/);
      const made = await eventually(
        () => intentsOf(r.order!.id),
        (l) => l[0]?.status === "succeeded",
      );
      const succeeded = (await eventsFor(r.order!.id)).find((e) => e.type === "payment_intent.succeeded")!;
      expect(await (await deliver(succeeded)).json()).toMatchObject({ outcome: "paid" });
      expect(await order(r.order!.id)).toMatchObject({ status: "paid", payment_intent_id: made[0]!.id });
    },
    SLOW,
  );
});
