import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { BASE, Shopper, tokenFor } from "./client.js";
import { insertProduct } from "./fixtures.js";
import {
  allEvents,
  checkoutAndPay,
  deliver,
  eventsFor,
  expireNow,
  order,
  payOnPage,
  shopperWithCard,
  stock,
  STRIPE,
  stripeApi,
  type Body,
  type StripeEvent,
} from "./stripe-helpers.js";

beforeAll(async () => {
  await insertProduct({
    id: "fx_pay_kettle",
    title: "Paytest Kettle",
    category: "home",
    variants: [{ sku: "PAY-KETTLE", price: 3900, stock: 100 }],
  });
});

describe("payments through the Stripe stand-in", () => {
  it("charges a saved card in one tap and clears the cart", async () => {
    const s = await shopperWithCard("onetap", "pm_card_visa");
    const r = await checkoutAndPay(s, "PAY-KETTLE");
    expect(r.order).toMatchObject({ status: "paid", total: 3900 });
    expect(r.reply.text).toMatch(/Paid!/);
    expect(r.cart.lines).toEqual([]);
    const row = await order(r.order!.id);
    expect(row).toMatchObject({ status: "paid" });
    const pis = (await (await fetch(`${STRIPE}/_control/payment_intents`)).json()) as {
      id: string;
      metadata: Record<string, string>;
    }[];
    expect(pis.filter((p) => p.metadata.order_id === r.order!.id)).toHaveLength(1);
  });

  it("gives a payment link without a saved card, and the webhook makes the order paid", async () => {
    const s = new Shopper();
    const before = await stock("PAY-KETTLE");
    const r = await checkoutAndPay(s, "PAY-KETTLE");
    expect(r.order).toMatchObject({ status: "pending_payment" });
    // Stripe's hosted Checkout page (the stand-in's /c/pay/<session>): nothing for the shop to host.
    expect(r.order!.payment_url).toMatch(new RegExp(`^${STRIPE}/c/pay/cs_test_`));
    expect(await stock("PAY-KETTLE")).toBe(before - 1);
    const page = await fetch(`${r.order!.payment_url}?payment_method=pm_card_visa&format=json`, {
      method: "POST",
      headers: { accept: "application/json" },
    });
    expect(page.status).toBe(200);
    const succeeded = (await eventsFor(r.order!.id)).find((e) => e.type === "payment_intent.succeeded")!;
    const first = await deliver(succeeded);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ outcome: "paid" });
    expect(await order(r.order!.id)).toMatchObject({ status: "paid" });
    const again = await deliver(succeeded);
    expect(await again.json()).toMatchObject({ duplicate: true });
    const next = (await s.say("what's in my cart?")) as Body;
    expect(next.order).toMatchObject({ id: r.order!.id, status: "paid" });
    expect(next.reply.text).toMatch(/^Payment received: order ord_\w+ is paid \(\$39\.00\)/);
    expect(next.cart.lines).toEqual([]);
    expect(((await s.say("what's in my cart?")) as Body).reply.text).not.toMatch(/Payment received/);
  });

  it("keeps the card a signed-in shopper paid with on the page, so the next order is one tap", async () => {
    const s = new Shopper(undefined, await tokenFor("saves-a-card"));
    const first = await checkoutAndPay(s, "PAY-KETTLE");
    expect(first.order).toMatchObject({ status: "pending_payment" });
    await fetch(`${first.order!.payment_url}?payment_method=pm_card_visa&format=json`, {
      method: "POST",
      headers: { accept: "application/json" },
    });
    const succeeded = (await eventsFor(first.order!.id)).find((e) => e.type === "payment_intent.succeeded")!;
    await deliver(succeeded);
    expect(await order(first.order!.id)).toMatchObject({ status: "paid" });
    const second = await checkoutAndPay(s, "PAY-KETTLE");
    expect(second.order).toMatchObject({ status: "paid" });
  });

  it("fails the order on a declined saved card, restocks, and says so", async () => {
    const s = await shopperWithCard("declined", "pm_card_chargeCustomerFail");
    const before = await stock("PAY-KETTLE");
    const r = await checkoutAndPay(s, "PAY-KETTLE");
    expect(r.order).toMatchObject({ status: "failed" });
    expect(r.reply.text).toMatch(/declined/);
    expect(await stock("PAY-KETTLE")).toBe(before);
    expect(r.cart.lines).toMatchObject([{ sku: "PAY-KETTLE" }]);
  });

  it("sends a card that needs authentication to Stripe Checkout, where it is paid; the abandoned attempt changes nothing", async () => {
    const s = await shopperWithCard("threeds", "pm_card_authenticationRequired");
    const r = await checkoutAndPay(s, "PAY-KETTLE");
    expect(r.order).toMatchObject({ status: "pending_payment" });
    expect(r.order!.payment_url).toMatch(/\/c\/pay\/cs_test_/);
    // The off-session attempt's failure (its event) does not touch the order paid through the session.
    const failed = (await eventsFor(r.order!.id)).find((e) => e.type === "payment_intent.payment_failed")!;
    expect(await (await deliver(failed)).json()).toMatchObject({ outcome: "superseded_payment_intent" });
    expect((await payOnPage(r.order!.payment_url!, "pm_card_authenticationRequired")).status).toBe(200);
    const completed = (await allEvents()).find(
      (e) => e.type === "checkout.session.completed" && e.data.object.metadata?.order_id === r.order!.id,
    )!;
    expect(await (await deliver(completed)).json()).toMatchObject({ outcome: "paid" });
    expect(await order(r.order!.id)).toMatchObject({ status: "paid" });
  });

  it("refuses forged and stale signatures with 400 and changes nothing", async () => {
    const s = new Shopper();
    const r = await checkoutAndPay(s, "PAY-KETTLE");
    await fetch(`${r.order!.payment_url}?payment_method=pm_card_visa&format=json`, {
      method: "POST",
      headers: { accept: "application/json" },
    });
    const succeeded = (await eventsFor(r.order!.id)).find((e) => e.type === "payment_intent.succeeded")!;
    const forged = await deliver(succeeded, { secret: "whsec_wrong" });
    expect(forged.status).toBe(400);
    expect(await forged.json()).toMatchObject({ error: { code: "invalid_signature" } });
    const stale = await deliver(succeeded, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect(stale.status).toBe(400);
    const unsigned = await SELF.fetch(`${BASE}/webhooks/stripe`, { method: "POST", body: JSON.stringify(succeeded) });
    expect(unsigned.status).toBe(400);
    expect(await order(r.order!.id)).toMatchObject({ status: "pending_payment" });
  });

  it("ignores an out-of-order failure that arrives after success", async () => {
    const s = new Shopper();
    const r = await checkoutAndPay(s, "PAY-KETTLE");
    await fetch(`${r.order!.payment_url}?payment_method=pm_card_chargeDeclined&format=json`, {
      method: "POST",
      headers: { accept: "application/json" },
    });
    await fetch(`${r.order!.payment_url}?payment_method=pm_card_visa&format=json`, {
      method: "POST",
      headers: { accept: "application/json" },
    });
    const events = await eventsFor(r.order!.id);
    const failed = events.find((e) => e.type === "payment_intent.payment_failed")!;
    const succeeded = events.find((e) => e.type === "payment_intent.succeeded")!;
    await deliver(succeeded);
    await deliver(failed);
    expect(await order(r.order!.id)).toMatchObject({ status: "paid" });
  });

  it("marks a paid order refunded when Stripe reports a full refund, once", async () => {
    const s = await shopperWithCard("refunded", "pm_card_visa");
    const r = await checkoutAndPay(s, "PAY-KETTLE");
    const row = await order(r.order!.id);
    await stripeApi("/v1/refunds", { payment_intent: row!.payment_intent_id! });
    const all = (await (await fetch(`${STRIPE}/_control/events`)).json()) as StripeEvent[];
    const refund = all.find(
      (e) =>
        e.type === "charge.refunded" &&
        (e.data.object as unknown as { payment_intent: string }).payment_intent === row!.payment_intent_id,
    )!;
    expect(await (await deliver(refund)).json()).toMatchObject({ outcome: "refunded" });
    expect(await order(r.order!.id)).toMatchObject({ status: "refunded" });
    expect(await (await deliver(refund)).json()).toMatchObject({ duplicate: true });
  });

  it("expires a pending order when its Checkout Session expires, giving the stock back", async () => {
    const s = new Shopper();
    const before = await stock("PAY-KETTLE");
    const r = await checkoutAndPay(s, "PAY-KETTLE");
    const session = r.order!.payment_url!.split("/").pop()!;
    // What Stripe does at the session's expires_at.
    await stripeApi(`/v1/checkout/sessions/${session}/expire`, {});
    const expired = (await allEvents()).find(
      (e) => e.type === "checkout.session.expired" && e.data.object.id === session,
    )!;
    expect(await (await deliver(expired)).json()).toMatchObject({ outcome: "expired" });
    expect(await order(r.order!.id)).toMatchObject({ status: "expired" });
    expect(await stock("PAY-KETTLE")).toBe(before);
    expect(await (await deliver(expired)).json()).toMatchObject({ duplicate: true });
    expect((await s.say("what's in my cart?")).reply.text).toMatch(/expired before it was paid/);
  });

  it("cancels and refunds a payment that lands after ops withdrew its promotion unit", async () => {
    await env.DB.prepare(
      `INSERT INTO promotions (code, name, kind, value, currency, scope, scope_ids, max_units, total_cap, per_user_cap, stackable, active)
       VALUES ('RACEKILL', 'race', 'fixed_unit_price', 100, 'USD', 'skus', '["PAY-KETTLE"]', 1, 10, 1, 0, 1)`,
    ).run();
    const s = new Shopper(undefined, await tokenFor("race-shopper"));
    const before = await stock("PAY-KETTLE");
    await s.press("add:PAY-KETTLE");
    await s.say("apply code RACEKILL");
    const q = ((await s.say("checkout")) as Body).quote!;
    const r = (await s.press(`pay:${q.id}`)) as Body;
    expect(r.order).toMatchObject({ status: "pending_payment" });
    // The kill releases the held unit while the shopper is on the payment page.
    const promo = env.PROMO.get(env.PROMO.idFromName("RACEKILL"));
    await promo.setKilled(true, { reason: "race", honorReserved: false });
    await fetch(`${r.order!.payment_url}?payment_method=pm_card_visa&format=json`, {
      method: "POST",
      headers: { accept: "application/json" },
    });
    const succeeded = (await eventsFor(r.order!.id)).find((e) => e.type === "payment_intent.succeeded")!;
    expect(await (await deliver(succeeded)).json()).toMatchObject({ outcome: "canceled_promotion_withdrawn" });
    expect(await order(r.order!.id)).toMatchObject({ status: "canceled" });
    expect(await stock("PAY-KETTLE")).toBe(before);
    expect(await promo.usage()).toMatchObject({ redeemed: 0, reserved: 0 });
    const all = (await (await fetch(`${STRIPE}/_control/events`)).json()) as StripeEvent[];
    expect(
      all.some(
        (e) =>
          e.type === "charge.refunded" &&
          (e.data.object as unknown as { payment_intent: string }).payment_intent === succeeded.data.object.id,
      ),
    ).toBe(true);
    expect((await s.say("what's in my cart?")).reply.text).toMatch(/switched off while you were paying.*refunded/);
    expect(await (await deliver(succeeded)).json()).toMatchObject({ duplicate: true });
  });

  it("expires an unpaid order: stock and promotion come back", async () => {
    const s = new Shopper(undefined, await tokenFor("expiring-shopper"));
    const before = await stock("TEA-MILK-500");
    await s.press("add:TEA-MILK-500");
    await s.say("apply code MILKTEA1C");
    const q = ((await s.say("checkout")) as Body).quote!;
    const r = (await s.press(`pay:${q.id}`)) as Body;
    expect(r.order).toMatchObject({ status: "pending_payment" });
    expect(await stock("TEA-MILK-500")).toBe(before - 1);
    const promo = env.PROMO.get(env.PROMO.idFromName("MILKTEA1C"));
    expect((await promo.usage()).reserved).toBeGreaterThanOrEqual(1);
    const reservedBefore = (await promo.usage()).reserved;
    await expireNow(s.conversation, r.order!.id);
    expect(await order(r.order!.id)).toMatchObject({ status: "expired" });
    expect(await stock("TEA-MILK-500")).toBe(before);
    expect((await promo.usage()).reserved).toBe(reservedBefore - 1);
    expect((await promo.reservation(r.order!.id))?.state).toBe("released");
  });
});
