import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { payOnPage } from "./channel-helpers.js";
import { insertProduct } from "./fixtures.js";
import { refundsOf, stock } from "./stripe-helpers.js";
import { ids, PHONE_NUMBER_ID, textOf, WhatsAppChat, type Sent } from "./whatsapp-chat.js";

/**
 * Cancel and refund in WhatsApp, through the real signed webhook, the
 * conversation's outbox and the WhatsApp stand-in; refunds through the real SDK
 * to the Stripe stand-in. The offer's buttons are interactive reply buttons.
 */
const MUG = "ASW-MUG";
const LAMP = "ASW-LAMP";
const DAY = 86_400_000;
// Numbers of their own: the WhatsApp stand-in is shared by every test file.
let phone = 15558600000;
const nextChat = () => new WhatsAppChat(String(++phone));

beforeAll(async () => {
  await insertProduct({
    id: "fx_asw_mug",
    title: "Stoneware Mug",
    category: "home",
    variants: [{ sku: MUG, price: 1500, stock: 500 }],
  });
  await insertProduct({
    id: "fx_asw_lamp",
    title: "Brass Desk Lamp",
    category: "home",
    variants: [{ sku: LAMP, price: 4500, stock: 500 }],
  });
});

const refundYes = (s: Sent) => ids(s).find((id) => id.startsWith("refund-ok:"));

async function orderRow(chat: WhatsAppChat) {
  return (await env.DB.prepare(
    "SELECT id, status, payment_url, payment_intent_id FROM orders WHERE conversation_id = ? ORDER BY created_at DESC LIMIT 1",
  )
    .bind(`wa:${PHONE_NUMBER_ID}:${chat.waId}`)
    .first<{ id: string; status: string; payment_url: string; payment_intent_id: string | null }>())!;
}

/** A WhatsApp shopper with an order for 2 mugs and a lamp ($75.00), paid on the payment page unless told otherwise. */
async function orderInChat(pay = true): Promise<{ chat: WhatsAppChat; orderId: string }> {
  const chat = nextChat();
  await chat.say("hi");
  await chat.press(`add:${MUG}:2`);
  await chat.say("add the brass desk lamp");
  const quote = await chat.say("checkout");
  const pending = await chat.press(ids(quote).find((id) => id.startsWith("pay:"))!);
  expect(textOf(pending)).toMatch(/Finish paying here/);
  const order = await orderRow(chat);
  if (pay) {
    await payOnPage(order.payment_url, order.id);
    expect(textOf(await chat.nextReply())).toMatch(/^Payment received/);
  }
  return { chat, orderId: order.id };
}

describe("cancel and refund on WhatsApp", () => {
  it("cancels an unpaid order after the Yes button: stock back, nothing charged", async () => {
    const before = await stock(MUG);
    const { chat, orderId } = await orderInChat(false);
    const offer = await chat.say("cancel my order");
    expect(textOf(offer)).toMatch(new RegExp(`Cancel order ${orderId}`));
    expect(textOf(offer)).toMatch(/isn't paid/);
    const done = await chat.press(refundYes(offer)!);
    expect(textOf(done)).toMatch(/is canceled\. Nothing was charged/);
    expect((await orderRow(chat)).status).toBe("canceled");
    expect(await stock(MUG)).toBe(before);
  });

  it("cancels a paid, unshipped order with a full refund to the card it was paid with, once", async () => {
    const { chat, orderId } = await orderInChat();
    const lamps = await stock(LAMP);
    const mugs = await stock(MUG);
    const offer = await chat.say("I want a refund");
    expect(textOf(offer)).toMatch(/\$75\.00 goes back to your Visa card ending 4242/);
    const yes = refundYes(offer)!;
    expect(textOf(await chat.press(yes))).toMatch(/\$75\.00 is on its way back/);
    // The same button pressed again does nothing more.
    expect(textOf(await chat.press(yes))).toMatch(/done already/);
    const row = await orderRow(chat);
    expect(row).toMatchObject({ id: orderId, status: "refunded" });
    expect(await refundsOf(row.payment_intent_id!)).toEqual([expect.objectContaining({ amount: 7500 })]);
    expect(await stock(LAMP)).toBe(lamps + 1);
    expect(await stock(MUG)).toBe(mugs + 2);
  });

  it("refunds a shipped line on 'yes' within the window; stock stays out", async () => {
    const { chat, orderId } = await orderInChat();
    await env.DB.prepare("UPDATE orders SET fulfillment_status = 'shipped' WHERE id = ?").bind(orderId).run();
    const lamps = await stock(LAMP);
    const offer = await chat.say("return the lamp please");
    expect(textOf(offer)).toMatch(/1 × Brass Desk Lamp — \$45\.00 back \(send it back to us first\)/);
    expect(textOf(offer)).not.toMatch(/Mug/);
    expect(textOf(await chat.say("yes"))).toMatch(/Refund for order \w+ is done: \$45\.00/);
    const row = await orderRow(chat);
    expect(row.status).toBe("paid");
    expect(await refundsOf(row.payment_intent_id!)).toEqual([expect.objectContaining({ amount: 4500 })]);
    expect(await stock(LAMP)).toBe(lamps);
  });

  it("refuses a shipped order past the return window", async () => {
    const { chat, orderId } = await orderInChat();
    await env.DB.prepare("UPDATE orders SET fulfillment_status = 'delivered', created_at = ? WHERE id = ?")
      .bind(Date.now() - 45 * DAY, orderId)
      .run();
    const r = await chat.say("refund my order");
    expect(textOf(r)).toMatch(/past our return window/);
    expect(refundYes(r)).toBeUndefined();
    const row = await orderRow(chat);
    expect(row.status).toBe("paid");
    expect(await refundsOf(row.payment_intent_id!)).toHaveLength(0);
  });

  it("refuses an offer's button pressed by another WhatsApp user", async () => {
    const { chat, orderId } = await orderInChat();
    const offer = await chat.say("cancel my order");
    const yes = refundYes(offer)!;
    const other = nextChat();
    await other.say("hi");
    expect(textOf(await other.press(yes))).toMatch(/I don't know that offer/);
    const row = await orderRow(chat);
    expect(row).toMatchObject({ id: orderId, status: "paid" });
    expect(await refundsOf(row.payment_intent_id!)).toHaveLength(0);
  });

  it("a redelivered button reply (same message id) acts once", async () => {
    const { chat, orderId } = await orderInChat();
    const offer = await chat.say("cancel my order");
    const yes = refundYes(offer)!;
    // WhatsApp retries a webhook it did not see answered: the same wamid is one turn.
    const tap = chat.body({
      id: `wamid.ASW${chat.waId}`,
      type: "interactive",
      interactive: { type: "button_reply", button_reply: { id: yes, title: "Yes" } },
    });
    expect(await (await chat.post(tap)).json()).toMatchObject({ accepted: 1 });
    expect(await (await chat.post(tap)).json()).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(textOf(await chat.nextReply())).toMatch(/on its way back/);
    const row = await orderRow(chat);
    expect(row).toMatchObject({ id: orderId, status: "refunded" });
    expect(await refundsOf(row.payment_intent_id!)).toHaveLength(1);
  });
});
