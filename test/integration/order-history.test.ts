import { beforeAll, describe, expect, it } from "vitest";
import { payOnPage } from "./channel-helpers.js";
import { conversationId, Shopper, tokenFor, type ChatBody } from "./client.js";
import { insertProduct } from "./fixtures.js";
import { orderId, seedOrder } from "./order-fixtures.js";
import { TelegramChat } from "./telegram-chat.js";

import { PHONE_NUMBER_ID, textOf, WhatsAppChat } from "./whatsapp-chat.js";

// "where's my order?" / "what did I buy last week?" in every channel, answered
// from D1 for the shopper of the conversation only. Hostile: two shoppers,
// forged order ids, a guest of another conversation.

const SKU = "OH-KETTLE";
const PRODUCT = "fx_oh_kettle";
const DAY = 86_400_000;
type Body = ChatBody & { quote?: { id: string }; order?: { id: string; status: string; payment_url?: string } };

beforeAll(async () => {
  await insertProduct({
    id: PRODUCT,
    title: "History Kettle",
    category: "home",
    variants: [{ sku: SKU, price: 3100, stock: 500 }],
  });
});

const line = (quantity = 1) => ({ sku: SKU, productId: PRODUCT, title: "History Kettle", quantity, unitAmount: 3100 });

describe("order status and history in the storefront chat", () => {
  it("a guest who just paid asks where the order is: status, lines, total and fulfilment", async () => {
    const s = new Shopper();
    await s.press(`add:${SKU}`);
    const quote = ((await s.say("checkout")) as Body).quote!;
    const order = ((await s.press(`pay:${quote.id}`)) as Body).order!;
    await payOnPage(order.payment_url!, order.id);
    const reply = (await s.say("where's my order?")).reply.text;
    expect(reply).toContain(`Your latest order, ${order.id}`);
    expect(reply).toMatch(/paid, not shipped yet/);
    expect(reply).toContain("• 1 × History Kettle = $31.00");
    expect(reply).toContain("Total: $31.00");
  });

  it("two signed-in shoppers each see their own orders; a forged id of the other's reads like an unknown one", async () => {
    const alice = new Shopper(undefined, await tokenFor(`alice-${crypto.randomUUID()}`));
    const bob = new Shopper(undefined, await tokenFor(`bob-${crypto.randomUUID()}`));
    // Each shopper's key as the chat stores it (user:<sub>); taken from a first turn so the test does not guess it.
    await alice.say("hi");
    await bob.say("hi");
    const aliceKey = `user:${JSON.parse(atob(alice.headers().authorization!.split(".")[1]!)).sub}`;
    const bobKey = `user:${JSON.parse(atob(bob.headers().authorization!.split(".")[1]!)).sub}`;
    const aliceOrder = orderId();
    const bobOrder = orderId();
    await seedOrder({
      id: aliceOrder,
      conversationId: alice.conversation,
      customer: aliceKey,
      createdAt: Date.now() - 3 * DAY,
      fulfillmentStatus: "shipped",
      tracking: "1Z-ALICE",
      lines: [line(2)],
    });
    await seedOrder({ id: bobOrder, conversationId: bob.conversation, customer: bobKey, lines: [line()] });

    const forged = (await bob.say(`status of order ${aliceOrder}`)).reply.text;
    expect(forged).toBe(`I can't find an order ${aliceOrder} among yours.`);
    expect(forged).not.toMatch(/1Z-ALICE|History Kettle/);
    const bobs = (await bob.say("my orders")).reply.text;
    expect(bobs).toContain(bobOrder);
    expect(bobs).not.toContain(aliceOrder);

    expect((await alice.say(`where is ${aliceOrder}?`)).reply.text).toMatch(/paid and shipped \(tracking: 1Z-ALICE\)/);
    // Signed in, the history follows the shopper into a new conversation.
    const again = new Shopper(undefined, alice.headers().authorization!.slice("Bearer ".length));
    const history = (await again.say("what did I buy last week?")).reply.text;
    expect(history).toMatch(
      new RegExp(`Your orders in the last 14 days:\\n• ${aliceOrder}, .*2 × History Kettle — \\$62\\.00`),
    );
    expect(history).not.toContain(bobOrder);
  });

  it("a guest sees only the orders of its own conversation, even when it names another guest's order", async () => {
    const owner = new Shopper();
    const stranger = new Shopper(conversationId("stranger"));
    await owner.say("hi");
    const id = orderId();
    await seedOrder({
      id,
      conversationId: owner.conversation,
      customer: `guest:${owner.conversation}`,
      lines: [line()],
    });
    expect((await owner.say("my orders")).reply.text).toContain(id);
    expect((await stranger.say("my orders")).reply.text).toMatch(/no orders yet/);
    expect((await stranger.say(`order ${id} status`)).reply.text).toBe(`I can't find an order ${id} among yours.`);
    // Nothing of the order leaks into the stranger's chat body either.
    const body = await stranger.say("where's my order");
    expect(JSON.stringify(body)).not.toContain(id);
  });

  it("the history leaves out orders older than the period and ones that never held anything", async () => {
    const s = new Shopper();
    await s.say("hi");
    const recent = orderId();
    const old = orderId();
    const expired = orderId();
    const customer = `guest:${s.conversation}`;
    await seedOrder({
      id: recent,
      conversationId: s.conversation,
      customer,
      createdAt: Date.now() - DAY,
      lines: [line()],
    });
    await seedOrder({
      id: old,
      conversationId: s.conversation,
      customer,
      createdAt: Date.now() - 40 * DAY,
      lines: [line()],
    });
    await seedOrder({ id: expired, conversationId: s.conversation, customer, status: "expired", lines: [line()] });
    const week = (await s.say("what did I buy this week?")).reply.text;
    expect(week).toContain(recent);
    expect(week).not.toContain(old);
    expect(week).not.toContain(expired);
    const all = (await s.say("show my order history")).reply.text;
    expect(all).toContain(old);
    expect(all).not.toContain(expired);
  });
});

describe("order status in the messaging apps", () => {
  it("Telegram: the shopper's orders, never another Telegram user's", async () => {
    const ana = new TelegramChat(7_140_001); // this file's own chat ids: the Telegram stand-in is shared
    const other = new TelegramChat(7_140_002);
    const id = orderId();
    await seedOrder({
      id,
      conversationId: `tg:${ana.chatId}`,
      customer: `tg:${ana.chatId}`,
      fulfillmentStatus: "delivered",
      lines: [line()],
    });
    expect((await ana.say("did my order arrive?")).text).toMatch(new RegExp(`${id}.*paid and delivered`));
    expect((await ana.say("what did I buy last week?")).text).toContain(id);
    expect((await other.say(`where is order ${id}`)).text).toBe(`I can't find an order ${id} among yours.`);
  });

  it("WhatsApp: the shopper's latest order", async () => {
    const chat = new WhatsAppChat(String(15557000000 + Math.floor(Math.random() * 999_999)));
    const id = orderId();
    await seedOrder({
      id,
      conversationId: `wa:${PHONE_NUMBER_ID}:${chat.waId}`,
      customer: `wa:${chat.waId}`,
      fulfillmentStatus: "processing",
      lines: [line(3)],
    });
    const text = textOf(await chat.say("where's my order?"));
    expect(text).toMatch(new RegExp(`Your latest order, ${id}.*paid, being prepared for shipping`));
    expect(text).toContain("• 3 × History Kettle = $93.00");
  });
});
