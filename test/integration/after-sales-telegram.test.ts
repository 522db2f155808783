import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { payOnPage } from "./channel-helpers.js";
import { insertProduct } from "./fixtures.js";
import { refundsOf, stock } from "./stripe-helpers.js";
import { buttons, nextUpdateId, TelegramChat, type BotMessage } from "./telegram-chat.js";

/**
 * Cancel and refund in Telegram, through the real webhook, the conversation's
 * outbox and the Telegram stand-in; refunds through the real SDK to the
 * Stripe stand-in. The offer's buttons are inline keyboard buttons.
 */
const MUG = "AST-MUG";
const LAMP = "AST-LAMP";
const DAY = 86_400_000;
// Chat ids of their own: the Telegram stand-in is shared by every test file.
let chatId = 8_600_000;

beforeAll(async () => {
  await insertProduct({
    id: "fx_ast_mug",
    title: "Stoneware Mug",
    category: "home",
    variants: [{ sku: MUG, price: 1500, stock: 500 }],
  });
  await insertProduct({
    id: "fx_ast_lamp",
    title: "Brass Desk Lamp",
    category: "home",
    variants: [{ sku: LAMP, price: 4500, stock: 500 }],
  });
});

const refundYes = (m: BotMessage) => buttons(m).find((d) => d?.startsWith("refund-ok:"));

async function orderRow(chat: TelegramChat) {
  return (await env.DB.prepare(
    "SELECT id, status, payment_url, payment_intent_id FROM orders WHERE conversation_id = ? ORDER BY created_at DESC LIMIT 1",
  )
    .bind(`tg:${chat.chatId}`)
    .first<{ id: string; status: string; payment_url: string; payment_intent_id: string | null }>())!;
}

/** A Telegram shopper with an order for 2 mugs and a lamp ($75.00), paid on the payment page unless told otherwise. */
async function orderInChat(pay = true): Promise<{ chat: TelegramChat; orderId: string }> {
  const chat = new TelegramChat(++chatId);
  const hi = await chat.say("hi");
  await chat.press(hi, `add:${MUG}:2`);
  await chat.say("add the brass desk lamp");
  const quote = await chat.say("checkout");
  const pending = await chat.press(
    quote,
    buttons(quote).find((d) => d?.startsWith("pay:"))!,
  );
  expect(pending.text).toMatch(/Finish paying here/);
  const order = await orderRow(chat);
  if (pay) {
    await payOnPage(order.payment_url, order.id);
    expect((await chat.nextReply()).text).toMatch(/^Payment received/);
  }
  return { chat, orderId: order.id };
}

describe("cancel and refund on Telegram", () => {
  it("cancels an unpaid order after the Yes button: stock back, nothing charged", async () => {
    const before = await stock(MUG);
    const { chat, orderId } = await orderInChat(false);
    const offer = await chat.say("cancel my order");
    expect(offer.text).toMatch(new RegExp(`Cancel order ${orderId}`));
    expect(offer.text).toMatch(/isn't paid/);
    const done = await chat.press(offer, refundYes(offer)!);
    expect(done.text).toMatch(/is canceled\. Nothing was charged/);
    expect((await orderRow(chat)).status).toBe("canceled");
    expect(await stock(MUG)).toBe(before);
  });

  it("cancels a paid, unshipped order with a full refund to the card it was paid with, once", async () => {
    const { chat, orderId } = await orderInChat();
    const lamps = await stock(LAMP);
    const offer = await chat.say("I want a refund");
    expect(offer.text).toMatch(/\$75\.00 goes back to your Visa card ending 4242/);
    const yes = refundYes(offer)!;
    expect((await chat.press(offer, yes)).text).toMatch(/\$75\.00 is on its way back/);
    // The same button pressed again (or Telegram redelivering the tap) does nothing more.
    expect((await chat.press(offer, yes)).text).toMatch(/done already/);
    const row = await orderRow(chat);
    expect(row).toMatchObject({ id: orderId, status: "refunded" });
    expect(await refundsOf(row.payment_intent_id!)).toEqual([expect.objectContaining({ amount: 7500 })]);
    expect(await stock(LAMP)).toBe(lamps + 1);
  });

  it("refunds a shipped line on 'yes' within the window; stock stays out", async () => {
    const { chat, orderId } = await orderInChat();
    await env.DB.prepare("UPDATE orders SET fulfillment_status = 'shipped' WHERE id = ?").bind(orderId).run();
    const lamps = await stock(LAMP);
    const offer = await chat.say("return the lamp please");
    expect(offer.text).toMatch(/1 × Brass Desk Lamp — \$45\.00 back \(send it back to us first\)/);
    expect(offer.text).not.toMatch(/Mug/);
    expect((await chat.say("yes")).text).toMatch(/Refund for order \w+ is done: \$45\.00/);
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
    expect(r.text).toMatch(/past our return window/);
    expect(refundYes(r)).toBeUndefined();
  });

  it("refuses an offer's button pressed in another chat, and a redelivered update acts once", async () => {
    const { chat, orderId } = await orderInChat();
    const offer = await chat.say("cancel my order");
    const yes = refundYes(offer)!;
    const other = new TelegramChat(++chatId);
    await other.say("hi");
    expect((await other.press(offer, yes)).text).toMatch(/I don't know that offer/);
    expect((await orderRow(chat)).status).toBe("paid");

    // Telegram retries a webhook it did not see answered: the same update_id is one turn.
    const id = nextUpdateId();
    const tap = {
      update_id: id,
      callback_query: {
        id: `cq-${id}`,
        from: { id: chat.chatId, is_bot: false, first_name: "Ana" },
        chat_instance: "ci",
        data: yes,
        message: {
          message_id: offer.messageId,
          from: { id: 4242, is_bot: true, first_name: "Bot" },
          chat: { id: chat.chatId, type: "private" },
          date: 0,
          text: offer.text,
        },
      },
    };
    expect((await chat.post(tap)).status).toBe(200);
    expect((await chat.post(tap)).status).toBe(200);
    expect((await chat.nextReply()).text).toMatch(/on its way back/);
    const row = await orderRow(chat);
    expect(row).toMatchObject({ id: orderId, status: "refunded" });
    expect(await refundsOf(row.payment_intent_id!)).toHaveLength(1);
  });
});
