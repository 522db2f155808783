import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { Shopper, tokenFor, type ChatBody } from "./client.js";
import { setObjectEnv } from "./env-overrides.js";
import { insertProduct } from "./fixtures.js";
import { shopperWithSavedCard } from "./saved-card.js";
import { control, STRIPE, stock } from "./stripe-helpers.js";
import { eventually } from "./channel-helpers.js";

/**
 * Cancel and refund in the storefront chat (worker/orders/refund-desk.ts):
 * an offer lists what will happen, and only the shopper's confirmation of
 * that offer, in a later message, in the same conversation, acts — once.
 * Refunds go through the real SDK to the Stripe stand-in.
 */
const HOODIE = "AS-HOODIE";
const SHOES = "AS-SHOES";
const DAY = 86_400_000;

beforeAll(async () => {
  await insertProduct({
    id: "fx_as_hoodie",
    title: "Harbor Zip Hoodie",
    category: "tops",
    variants: [{ sku: HOODIE, price: 3000, stock: 1000 }],
  });
  await insertProduct({
    id: "fx_as_shoes",
    title: "Ridge Trail Shoes",
    category: "shoes",
    variants: [{ sku: SHOES, price: 5000, stock: 1000 }],
  });
});

interface Body extends ChatBody {
  quote?: { id: string; total: number };
  order?: { id: string; status: string; total: number };
}

let users = 0;
const conversationObject = (id: string) => env.CONVERSATION.get(env.CONVERSATION.idFromName(id));
const payloads = (b: ChatBody) => b.reply.buttons.map((x) => x.payload);
const offerOf = (b: ChatBody) => payloads(b).find((p) => p.startsWith("refund-ok:"));

/** A signed-in shopper who paid (saved card) for 2 hoodies and 1 pair of shoes: $110.00. */
async function paidOrder(): Promise<{ s: Shopper; orderId: string; user: string }> {
  const user = `as-user-${++users}-${crypto.randomUUID().slice(0, 8)}`;
  const s = await shopperWithSavedCard(user);
  await s.press(`add:${HOODIE}:2`);
  await s.press(`add:${SHOES}`);
  const quote = ((await s.say("checkout")) as Body).quote!;
  const paid = (await s.press(`pay:${quote.id}`)) as Body;
  expect(paid.order).toMatchObject({ status: "paid", total: 11_000 });
  return { s, orderId: paid.order!.id, user };
}

async function orderRow(id: string) {
  return (await env.DB.prepare("SELECT status, total, payment_intent_id FROM orders WHERE id = ?")
    .bind(id)
    .first<{ status: string; total: number; payment_intent_id: string }>())!;
}

const ship = (id: string, status = "shipped") =>
  env.DB.prepare("UPDATE orders SET fulfillment_status = ? WHERE id = ?").bind(status, id).run();

interface StandInRequest {
  method: string;
  path: string;
  idempotencyKey: string | null;
  status: number;
  replayed: boolean;
}

/** Refunds the stand-in made for a PaymentIntent (real Stripe objects, through its API). */
async function stripeRefunds(paymentIntentId: string): Promise<{ id: string; amount: number }[]> {
  const res = await fetch(`${STRIPE}/v1/refunds?payment_intent=${paymentIntentId}`, {
    headers: { authorization: "Bearer sk_test_integration" },
  });
  return ((await res.json()) as { data: { id: string; amount: number }[] }).data;
}

async function refundRequests(): Promise<StandInRequest[]> {
  const all = (await (await fetch(`${STRIPE}/_control/requests`)).json()) as StandInRequest[];
  return all.filter((r) => r.method === "POST" && r.path === "/v1/refunds");
}

describe("cancel an unpaid order", () => {
  it("offers the cancel with nothing to refund, acts on 'yes' only, stock back", async () => {
    const s = new Shopper();
    const before = await stock(HOODIE);
    await s.press(`add:${HOODIE}`);
    const quote = ((await s.say("checkout")) as Body).quote!;
    const pending = (await s.press(`pay:${quote.id}`)) as Body;
    expect(pending.order?.status).toBe("pending_payment");
    expect(await stock(HOODIE)).toBe(before - 1);

    const offer = await s.say("cancel my order");
    expect(offer.reply.text).toMatch(new RegExp(`Cancel order ${pending.order!.id}`));
    expect(offer.reply.text).toMatch(/1 × Harbor Zip Hoodie/);
    expect(offer.reply.text).toMatch(/isn't paid, so nothing is charged/);
    expect(offerOf(offer)).toMatch(/^refund-ok:rfo_/);
    expect((await orderRow(pending.order!.id)).status).toBe("pending_payment");

    const done = (await s.say("yes")) as Body;
    expect(done.reply.text).toMatch(/is canceled\. Nothing was charged/);
    expect((await orderRow(pending.order!.id)).status).toBe("canceled");
    expect(done.order?.status).toBe("canceled");
    expect(await stock(HOODIE)).toBe(before);
  });

  it("'no' declines: nothing changes and the offer's button no longer works", async () => {
    const s = new Shopper();
    await s.press(`add:${HOODIE}`);
    const quote = ((await s.say("checkout")) as Body).quote!;
    const pending = (await s.press(`pay:${quote.id}`)) as Body;
    const offer = await s.say("I want to cancel my order");
    expect((await s.say("no")).reply.text).toMatch(/nothing changed/);
    expect((await s.press(offerOf(offer)!)).reply.text).toMatch(/no longer valid/);
    expect((await orderRow(pending.order!.id)).status).toBe("pending_payment");
  });
});

describe("cancel a paid order that has not shipped", () => {
  it("refunds in full to the order's card through Stripe, once, and puts the stock back", async () => {
    const { s, orderId } = await paidOrder();
    const hoodies = await stock(HOODIE);
    const offer = await s.say("cancel my order");
    expect(offer.reply.text).toMatch(/\$110\.00 goes back to your Visa card ending 4242/);
    expect(offer.reply.text).toMatch(/2 × Harbor Zip Hoodie — \$60\.00 back/);
    expect(offer.reply.text).toMatch(/go back in stock/);

    const done = await s.press(offerOf(offer)!);
    expect(done.reply.text).toMatch(/is canceled: \$110\.00 is on its way back to your Visa card ending 4242/);
    const row = await orderRow(orderId);
    expect(row.status).toBe("refunded");
    expect(await stripeRefunds(row.payment_intent_id)).toEqual([expect.objectContaining({ amount: 11_000 })]);
    expect(await stock(HOODIE)).toBe(hoodies + 2);
    const id = offerOf(offer)!.slice("refund-ok:".length);
    expect((await refundRequests()).filter((r) => r.idempotencyKey === `refund-${id}`)).toHaveLength(1);
  });

  it("a replayed confirmation (button again, 'yes' again, same message again) acts once", async () => {
    const { s, orderId } = await paidOrder();
    const offer = await s.say("refund my order");
    const button = offerOf(offer)!;
    const res = await s.send({ button }, "confirm-once");
    expect(res.status).toBe(200);
    const first = (await res.json()) as ChatBody;
    const replay = (await (await s.send({ button }, "confirm-once")).json()) as ChatBody;
    expect(replay.reply.text).toBe(first.reply.text);
    expect((await s.press(button)).reply.text).toMatch(/done already/);
    expect((await s.say("yes")).reply.text).not.toMatch(/on its way back/);
    const row = await orderRow(orderId);
    expect(await stripeRefunds(row.payment_intent_id)).toHaveLength(1);
    // Already refunded: a new request is a clear no.
    expect((await s.say("I want a refund")).reply.text).toMatch(/already been refunded/);
  });
});

describe("an offer expires", () => {
  it("its button after QUOTE_TTL_SECONDS does nothing; asking again gives a fresh offer", async () => {
    const { s, orderId } = await paidOrder();
    const button = offerOf(await s.say("cancel my order"))!;
    await env.DB.prepare("UPDATE refund_offers SET expires_at = ? WHERE id = ?")
      .bind(Date.now() - 1, button.slice("refund-ok:".length))
      .run();
    expect((await s.press(button)).reply.text).toMatch(/no longer valid, so nothing changed/);
    expect((await s.say("yes")).reply.text).not.toMatch(/on its way back/);
    expect((await orderRow(orderId)).status).toBe("paid");
    const fresh = offerOf(await s.say("cancel my order"))!;
    expect(fresh).not.toBe(button);
    expect((await s.press(fresh)).reply.text).toMatch(/on its way back/);
  });
});

describe("refund a shipped order", () => {
  it("refunds one line within the window (no stock back), then the rest, ending refunded", async () => {
    const { s, orderId } = await paidOrder();
    await ship(orderId);
    const shoes = await stock(SHOES);
    const offer = await s.say("return the shoes");
    expect(offer.reply.text).toMatch(/Refund part of order/);
    expect(offer.reply.text).toMatch(/1 × Ridge Trail Shoes — \$50\.00 back \(send it back to us first\)/);
    expect(offer.reply.text).not.toMatch(/Hoodie/);
    expect((await s.say("yes")).reply.text).toMatch(/Refund for order \w+ is done: \$50\.00/);
    expect((await orderRow(orderId)).status).toBe("paid");
    expect(await stock(SHOES)).toBe(shoes);

    expect((await s.say("return the shoes")).reply.text).toMatch(/already been refunded for those items/);
    const rest = await s.say("refund the hoodie only");
    expect(rest.reply.text).toMatch(/2 × Harbor Zip Hoodie — \$60\.00 back/);
    await s.press(offerOf(rest)!);
    const row = await orderRow(orderId);
    expect(row.status).toBe("refunded");
    expect((await stripeRefunds(row.payment_intent_id)).map((r) => r.amount).sort()).toEqual([5000, 6000]);
  });

  it("refuses past RETURN_WINDOW_DAYS, with no offer", async () => {
    const { s, orderId } = await paidOrder();
    await ship(orderId, "delivered");
    await env.DB.prepare("UPDATE orders SET created_at = ? WHERE id = ?")
      .bind(Date.now() - 31 * DAY, orderId)
      .run();
    const r = await s.say("I want a refund");
    expect(r.reply.text).toMatch(/more than 30 days ago, past our return window/);
    expect(offerOf(r)).toBeUndefined();
    // The window is the shop's setting: with 60 days the same order can be refunded.
    await setObjectEnv(conversationObject(s.conversation), { RETURN_WINDOW_DAYS: "60" });
    expect(offerOf(await s.say("I want a refund"))).toBeDefined();
  });

  it("an offer voided by a change: shipped between the offer and the yes → nothing done, a fresh offer", async () => {
    const { s, orderId } = await paidOrder();
    const hoodies = await stock(HOODIE);
    const offer = await s.say("cancel my order");
    expect(offer.reply.text).toMatch(/go back in stock/);
    await ship(orderId);
    const changed = await s.press(offerOf(offer)!);
    expect(changed.reply.text).toMatch(/Your order changed since I showed you that, so nothing was done/);
    expect(changed.reply.text).toMatch(/send it back to us first/);
    expect((await orderRow(orderId)).status).toBe("paid");
    expect(await stripeRefunds((await orderRow(orderId)).payment_intent_id)).toEqual([]);
    expect(offerOf(changed)).not.toBe(offerOf(offer));
    await s.press(offerOf(changed)!);
    expect((await orderRow(orderId)).status).toBe("refunded");
    expect(await stock(HOODIE)).toBe(hoodies);
  });
});

describe("only the offer's own conversation and shopper can confirm it", () => {
  it("refuses an offer id pressed in another shopper's conversation, or the same shopper's other conversation", async () => {
    const { s, orderId, user } = await paidOrder();
    const button = offerOf(await s.say("cancel my order"))!;
    const sameUserElsewhere = new Shopper(undefined, await tokenFor(user));
    expect((await sameUserElsewhere.press(button)).reply.text).toMatch(/I don't know that offer/);
    const stranger = await shopperWithSavedCard(`as-stranger-${crypto.randomUUID().slice(0, 8)}`);
    expect((await stranger.press(button)).reply.text).toMatch(/I don't know that offer/);
    const guest = new Shopper();
    expect((await guest.press(button)).reply.text).toMatch(/I don't know that offer/);
    // Another shopper naming the order id gets no offer for it either.
    expect((await guest.say(`cancel ${orderId}`)).reply.text).toMatch(/can't find an order of yours/);
    expect((await orderRow(orderId)).status).toBe("paid");
    // The shopper's own button still works.
    expect((await s.press(button)).reply.text).toMatch(/on its way back/);
  });

  it("a confirmation in the same message as the offer does not act", async () => {
    const { s, orderId } = await paidOrder();
    const r = await s.say("cancel my order, yes");
    expect(offerOf(r)).toBeDefined();
    expect((await orderRow(orderId)).status).toBe("paid");
  });
});

describe("Stripe down at refund time", () => {
  it("says so, changes nothing, and the retry refunds exactly once with the same idempotency key", async () => {
    const { s, orderId } = await paidOrder();
    const hoodies = await stock(HOODIE);
    const offer = await s.say("cancel my order");
    const object = conversationObject(s.conversation);
    // Nothing listens on port 9: the SDK's requests fail as with the service stopped.
    await setObjectEnv(object, { STRIPE_API_BASE: "http://127.0.0.1:9" });
    const down = await s.press(offerOf(offer)!);
    expect(down.reply.text).toMatch(/couldn't reach the payment service, so nothing was refunded or canceled yet/);
    expect((await orderRow(orderId)).status).toBe("paid");
    expect(await stock(HOODIE)).toBe(hoodies);
    const rows = await env.DB.prepare("SELECT COUNT(*) AS n FROM refunds WHERE order_id = ?")
      .bind(orderId)
      .first<{ n: number }>();
    expect(rows!.n).toBe(0);

    await setObjectEnv(object, { STRIPE_API_BASE: STRIPE });
    expect((await s.press(offerOf(offer)!)).reply.text).toMatch(/on its way back/);
    const row = await orderRow(orderId);
    expect(row.status).toBe("refunded");
    expect(await stripeRefunds(row.payment_intent_id)).toHaveLength(1);
    expect(await stock(HOODIE)).toBe(hoodies + 2);
  });
});

describe("Stripe hung at refund time", () => {
  it("the turn gives up in time; the refund Stripe made meanwhile is found again by its key, not made twice", async () => {
    const { s, orderId } = await paidOrder();
    const offer = await s.say("cancel my order");
    const button = offerOf(offer)!;
    const id = button.slice("refund-ok:".length);
    // Held past PAYMENT_TIMEOUT_MS (4 s in tests), then carried out by the stand-in as Stripe would.
    await control("/delay", { match: id, ms: 5_500 });
    try {
      expect((await s.press(button)).reply.text).toMatch(/couldn't reach the payment service/);
      expect((await orderRow(orderId)).status).toBe("paid");
      await eventually(
        async () => ((await stripeRefunds((await orderRow(orderId)).payment_intent_id)).length ? true : undefined),
        "the held refund",
      );
    } finally {
      await control("/delay", { match: id, ms: 0 });
    }
    expect((await s.press(button)).reply.text).toMatch(/on its way back/);
    const row = await orderRow(orderId);
    expect(row.status).toBe("refunded");
    expect(await stripeRefunds(row.payment_intent_id)).toHaveLength(1);
    const sent = (await refundRequests()).filter((r) => r.idempotencyKey === `refund-${id}`);
    expect(sent.length).toBeGreaterThanOrEqual(2);
  }, 30_000);
});

describe("promotion units on refund", () => {
  const CODE = "ASREFUND10";
  beforeAll(async () => {
    await env.DB.prepare(
      `INSERT INTO promotions (code, name, kind, value, scope, scope_ids, total_cap, stackable, active)
       VALUES (?, 'Refund test 10%', 'percent_off', 1000, 'all', '[]', 100, 1, 1)`,
    )
      .bind(CODE)
      .run();
  });

  async function paidWithCode(): Promise<{ s: Shopper; orderId: string }> {
    const s = await shopperWithSavedCard(`as-promo-${crypto.randomUUID().slice(0, 8)}`);
    await s.press(`add:${HOODIE}`);
    expect((await s.say(`apply code ${CODE}`)).cart.discount_total).toBe(300);
    const quote = ((await s.say("checkout")) as Body).quote!;
    const paid = (await s.press(`pay:${quote.id}`)) as Body;
    expect(paid.order).toMatchObject({ status: "paid", total: 2700 });
    return { s, orderId: paid.order!.id };
  }

  it("keeps the unit used by default, gives it back with PROMO_RELEASE_ON_REFUND=true", async () => {
    const promo = env.PROMO.get(env.PROMO.idFromName(CODE));
    const kept = await paidWithCode();
    const redeemed = (await promo.usage()).redeemed;
    expect((await kept.s.press(offerOf(await kept.s.say("refund my order"))!)).reply.text).toMatch(/\$27\.00/);
    expect((await promo.usage()).redeemed).toBe(redeemed);

    const released = await paidWithCode();
    expect((await promo.usage()).redeemed).toBe(redeemed + 1);
    await setObjectEnv(conversationObject(released.s.conversation), { PROMO_RELEASE_ON_REFUND: "true" });
    await released.s.press(offerOf(await released.s.say("refund my order"))!);
    expect((await orderRow(released.orderId)).status).toBe("refunded");
    expect((await promo.usage()).redeemed).toBe(redeemed);
  });
});

describe("two confirmations racing for one order", () => {
  it("the same shopper's offers in two conversations, confirmed at once: one refund", async () => {
    const { s, orderId, user } = await paidOrder();
    const other = new Shopper(undefined, await tokenFor(user));
    const a = offerOf(await s.say("cancel my order"))!;
    const b = offerOf(await other.say(`cancel ${orderId}`))!;
    const [ra, rb] = await Promise.all([s.press(a), other.press(b)]);
    const texts = [ra.reply.text, rb.reply.text];
    expect(texts.filter((t) => /on its way back/.test(t))).toHaveLength(1);
    expect(texts.filter((t) => /changed/.test(t))).toHaveLength(1);
    const row = await orderRow(orderId);
    expect(row.status).toBe("refunded");
    expect(await stripeRefunds(row.payment_intent_id)).toHaveLength(1);
  });
});
