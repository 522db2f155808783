// Stripe Checkout Sessions for shoppers without a saved card, through the real
// stripe SDK in the Worker against the stand-in: paid, expired, abandoned then
// paid late (refunded), replayed / out-of-order / forged events and the return
// pages. A hung Stripe when the session is made: payment-reconcile.test.ts; a
// dead one: confirm-boundary.test.ts.
import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { BASE, Shopper } from "./client.js";
import {
  allEvents,
  control,
  deliver,
  expireNow,
  HANG_MS,
  KEY,
  lampFixture,
  order,
  payOnPage,
  SLOW,
  stock,
  STRIPE,
  stripeApi,
  type Body,
  type StripeEvent,
} from "./stripe-helpers.js";

const SKU = "CS-LAMP";

beforeAll(() => lampFixture("fx_cs_lamp", SKU, 1999, 500));

interface Session {
  id: string;
  status: string;
  payment_status: string;
  amount_total: number;
  currency: string;
  client_reference_id: string;
  metadata: Record<string, string>;
  expires_at: number;
  success_url: string;
  cancel_url: string;
  url: string | null;
  payment_intent: string | null;
}

async function session(id: string): Promise<Session> {
  const res = await fetch(`${STRIPE}/v1/checkout/sessions/${id}`, { headers: { authorization: `Bearer ${KEY}` } });
  return (await res.json()) as Session;
}

async function sessionEvent(type: string, sessionId: string): Promise<StripeEvent> {
  const found = (await allEvents()).find((e) => e.type === type && e.data.object.id === sessionId);
  if (!found) throw new Error(`no ${type} for ${sessionId}`);
  return found;
}

async function refundsOf(paymentIntentId: string): Promise<{ amount: number; status: string }[]> {
  const res = await fetch(`${STRIPE}/v1/refunds?payment_intent=${paymentIntentId}`, {
    headers: { authorization: `Bearer ${KEY}` },
  });
  return ((await res.json()) as { data: { amount: number; status: string }[] }).data;
}

/** Two lamps with WELCOME10 (10 % off from $20): a discounted quote, confirmed. */
async function confirmed(s = new Shopper()): Promise<{ s: Shopper; r: Body; quoteTotal: number; sessionId: string }> {
  await s.press(`add:${SKU}`);
  await s.press(`add:${SKU}`);
  await s.say("apply code WELCOME10");
  const quote = ((await s.say("checkout")) as Body).quote!;
  const r = (await s.press(`pay:${quote.id}`)) as Body;
  expect(r.order).toMatchObject({ status: "pending_payment" });
  const sessionId = r.order!.payment_url!.split("/").pop()!;
  return { s, r, quoteTotal: quote.total, sessionId };
}

const page = (path: string) => SELF.fetch(`${BASE}${path}`);

describe("Checkout Session: paid", () => {
  it("is made for the order with the quote's exact total, and its completion pays the order once", async () => {
    const { s, r, quoteTotal, sessionId } = await confirmed();
    const orderId = r.order!.id;
    expect(r.order!.payment_url).toBe(`${STRIPE}/c/pay/${sessionId}`);
    expect(r.reply.text).toContain(r.order!.payment_url!);
    const cs = await session(sessionId);
    expect(quoteTotal).toBe(3598); // 2 × 19.99 − 10 %
    expect(cs).toMatchObject({
      status: "open",
      amount_total: quoteTotal,
      currency: "usd",
      client_reference_id: orderId,
      metadata: { order_id: orderId },
      success_url: "http://shop.test/pay/done?session_id={CHECKOUT_SESSION_ID}",
      cancel_url: `http://shop.test/pay/cancelled?order=${orderId}`,
    });
    // The default 15-minute window is under Stripe's 30-minute minimum: the session outlives
    // the order's deadline by that minimum (+1 min of slack); the deadline stays the rule.
    const row = (await env.DB.prepare("SELECT expires_at FROM orders WHERE id = ?")
      .bind(orderId)
      .first<{ expires_at: number }>())!;
    expect(cs.expires_at).toBe(Math.floor((row.expires_at + 31 * 60_000) / 1000));

    expect((await payOnPage(r.order!.payment_url!)).status).toBe(200);
    const completed = await sessionEvent("checkout.session.completed", sessionId);
    expect(await (await deliver(completed)).json()).toMatchObject({ outcome: "paid" });
    const paid = await order(orderId);
    expect(paid).toMatchObject({ status: "paid", payment_intent_id: (await session(sessionId)).payment_intent });
    // Replayed, and the PaymentIntent's own event after it: nothing moves twice.
    expect(await (await deliver(completed)).json()).toMatchObject({ duplicate: true });
    const succeeded = (await allEvents()).find(
      (e) => e.type === "payment_intent.succeeded" && e.data.object.id === paid!.payment_intent_id,
    )!;
    expect(await (await deliver(succeeded)).json()).toMatchObject({ outcome: "duplicate" });
    const next = (await s.say("what's in my cart?")) as Body;
    expect(next.reply.text).toMatch(/^Payment received: order ord_\w+ is paid \(\$35\.98\)/);
  });

  it("the success page reads the order's real state from Stripe, before any webhook, and links back to the chat", async () => {
    const { r, sessionId } = await confirmed();
    const before = await page(`/pay/done?session_id=${sessionId}`);
    expect(before.status).toBe(200);
    expect(before.headers.get("content-security-policy")).toMatch(/default-src 'none'/);
    expect(await before.text()).toMatch(/not confirmed as paid yet/);
    await payOnPage(r.order!.payment_url!);
    const after = await page(`/pay/done?session_id=${sessionId}`);
    const html = await after.text();
    expect(html).toContain("Payment received");
    expect(html).toContain(`order ${r.order!.id} is paid ($35.98)`);
    expect(html).toContain('href="/"');
    expect(await order(r.order!.id)).toMatchObject({ status: "paid" });
    // The webhook arriving afterwards changes nothing more.
    const completed = await sessionEvent("checkout.session.completed", sessionId);
    expect(await (await deliver(completed)).json()).toMatchObject({ outcome: "duplicate" });
  });

  it("the return pages refuse odd or unknown ids with a 4xx page and trust nothing in the query", async () => {
    expect((await page("/pay/done")).status).toBe(400);
    expect((await page("/pay/done?session_id=<script>")).status).toBe(400);
    expect((await page("/pay/done?session_id=cs_test_unknown")).status).toBe(404);
    expect((await page("/pay/cancelled?order=../../etc")).status).toBe(400);
    expect((await page("/pay/cancelled?order=ord_nope")).status).toBe(404);
    const { r } = await confirmed();
    const cancelled = await page(`/pay/cancelled?order=${r.order!.id}&status=paid&amount=1`);
    expect(cancelled.status).toBe(200);
    const html = await cancelled.text();
    expect(html).toMatch(/Nothing was charged\. Order ord_\w+ is still reserved for you until \d\d:\d\d UTC/);
    expect(html).not.toContain("$");
    expect(await order(r.order!.id)).toMatchObject({ status: "pending_payment" });
  });
});

describe("Checkout Session: expired and late", () => {
  it("the order's deadline expires the session at Stripe, releasing the stock", async () => {
    const before = await stock(SKU);
    const { s, r, sessionId } = await confirmed();
    expect(await stock(SKU)).toBe(before - 2);
    await expireNow(s.conversation, r.order!.id);
    expect(await order(r.order!.id)).toMatchObject({ status: "expired" });
    expect(await stock(SKU)).toBe(before);
    expect((await session(sessionId)).status).toBe("expired");
    // Its event, arriving after, is a no-op.
    const expired = await sessionEvent("checkout.session.expired", sessionId);
    expect(await (await deliver(expired)).json()).toMatchObject({ outcome: "duplicate" });
    expect((await payOnPage(r.order!.payment_url!)).status).toBe(400);
  });

  it(
    "abandoned, then paid after the order expired (Stripe could not close the session): the payment is refunded",
    async () => {
      const before = await stock(SKU);
      const { s, r, sessionId } = await confirmed();
      // Stripe hangs on the Worker's expire call (past the 4 s budget), so the session stays open.
      await control("/delay", { match: `${sessionId}/expire`, ms: HANG_MS });
      try {
        await expireNow(s.conversation, r.order!.id);
        expect(await order(r.order!.id)).toMatchObject({ status: "expired" });
        expect(await stock(SKU)).toBe(before);
        expect((await session(sessionId)).status).toBe("open");
        // The shopper comes back to the tab and pays.
        expect((await payOnPage(r.order!.payment_url!)).status).toBe(200);
        const completed = await sessionEvent("checkout.session.completed", sessionId);
        expect(await (await deliver(completed)).json()).toMatchObject({ outcome: "refunded_late_payment" });
        const pi = (await session(sessionId)).payment_intent!;
        expect(await refundsOf(pi)).toMatchObject([{ amount: 3598, status: "succeeded" }]);
        expect(await order(r.order!.id)).toMatchObject({ status: "expired" });
        expect(await stock(SKU)).toBe(before);
        // The page Stripe returns the shopper to says so, not "nothing was charged".
        const done = await (await page(`/pay/done?session_id=${sessionId}`)).text();
        expect(done).toContain("arrived after the order had ended (expired), so it is refunded in full ($35.98)");
        // Replays refund nothing more.
        expect(await (await deliver(completed)).json()).toMatchObject({ duplicate: true });
        const succeeded = (await allEvents()).find(
          (e) => e.type === "payment_intent.succeeded" && e.data.object.id === pi,
        )!;
        await deliver(succeeded);
        expect(await refundsOf(pi)).toHaveLength(1);
      } finally {
        await control("/delay", { match: `${sessionId}/expire`, ms: 0 });
      }
    },
    SLOW,
  );
});

describe("Checkout Session: hostile events", () => {
  it('a signed but stale "expired" arriving before "completed": the session is re-read, the order is paid once', async () => {
    const { r, sessionId } = await confirmed();
    await payOnPage(r.order!.payment_url!);
    const completed = await sessionEvent("checkout.session.completed", sessionId);
    // A correctly signed but stale "expired" about this session: Stripe says it is complete, so it pays.
    const staleExpired: StripeEvent = {
      id: `evt_stale_${sessionId.slice(-12)}`,
      type: "checkout.session.expired",
      data: { object: { ...completed.data.object, id: sessionId } },
    };
    (staleExpired.data.object as unknown as Record<string, unknown>).object = "checkout.session";
    expect(await (await deliver(staleExpired)).json()).toMatchObject({ outcome: "paid" });
    expect(await order(r.order!.id)).toMatchObject({ status: "paid" });
    expect(await (await deliver(completed)).json()).toMatchObject({ outcome: "duplicate" });
  });

  it("a forged signature is refused with 400 and changes nothing", async () => {
    const { r, sessionId } = await confirmed();
    await payOnPage(r.order!.payment_url!);
    const completed = await sessionEvent("checkout.session.completed", sessionId);
    const forged = await deliver(completed, { secret: "whsec_not_ours" });
    expect(forged.status).toBe(400);
    expect(await forged.json()).toMatchObject({ error: { code: "invalid_signature" } });
    expect(await order(r.order!.id)).toMatchObject({ status: "pending_payment" });
  });

  it("a paid session that is not the order's own (made elsewhere for 1 cent more, naming the order) changes nothing", async () => {
    const { r, sessionId } = await confirmed();
    const orderId = r.order!.id;
    const other = (await stripeApi("/v1/checkout/sessions", {
      mode: "payment",
      "line_items[0][price_data][currency]": "usd",
      "line_items[0][price_data][unit_amount]": "3599",
      "line_items[0][price_data][product_data][name]": "Not this order",
      "line_items[0][quantity]": "1",
      success_url: "https://attacker.example/ok",
      client_reference_id: orderId,
      "metadata[order_id]": orderId,
      "payment_intent_data[metadata][order_id]": orderId,
    })) as { id: string; url: string };
    await payOnPage(other.url);
    const completed = await sessionEvent("checkout.session.completed", other.id);
    expect(await (await deliver(completed)).json()).toMatchObject({ outcome: "mismatch_checkout_session_id" });
    expect(await order(orderId)).toMatchObject({ status: "pending_payment" });
    expect((await session(sessionId)).status).toBe("open");
  });
});
