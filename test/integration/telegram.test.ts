import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { BASE } from "./client.js";
import { eventually, json, orderOf, payOnPage, TELEGRAM } from "./channel-helpers.js";
import { buttons, nextUpdateId, SECRET, TelegramChat, type BotMessage } from "./telegram-chat.js";

describe("Telegram: from hi to a paid order", () => {
  it("searches, adds with a button, checks out, pays by link, and gets the receipt in the chat", async () => {
    const chat = new TelegramChat();
    expect((await chat.say("hi")).text).toMatch(/I can help you shop/);
    const found = await chat.say("find classic milk tea");
    expect(found.text).toContain("Classic Milk Tea");
    const shown = await chat.press(
      found,
      buttons(found).find((d) => d?.startsWith("show:"))!,
    );
    const added = await chat.press(shown, "add:TEA-MILK-500");
    expect(added.text).toMatch(/Added 1 × Classic Milk Tea/);
    const quote = await chat.say("checkout");
    const pay = buttons(quote).find((d) => d?.startsWith("pay:"))!;
    expect(pay).toMatch(/^pay:q_[0-9a-f]{24}$/);
    const pending = await chat.press(quote, pay);
    expect(pending.text).toMatch(/Finish paying here: http/);
    // The used quote's keyboard is gone, and the press was answered.
    const calls = await json<{ method: string }[]>(`${TELEGRAM}/_control/calls`);
    expect(calls.some((c) => c.method === "answerCallbackQuery")).toBe(true);
    expect((await chat.messages()).find((m) => m.messageId === quote.messageId)?.replyMarkup).toBeUndefined();

    const order = (await orderOf(`tg:${chat.chatId}`))!;
    await payOnPage(order.payment_url!, order.id);
    const receipt = await chat.nextReply();
    expect(receipt.text).toMatch(/^Payment received: order ord_\w+ is paid \(\$4\.50\)/);
  });

  it("handles a redelivered update once", async () => {
    const chat = new TelegramChat();
    const update = chat.textUpdate("help");
    const first = await chat.post(update);
    const again = await chat.post(update);
    expect(await first.json()).toMatchObject({ ok: true, duplicate: false });
    expect(await again.json()).toMatchObject({ ok: true, duplicate: true });
    await chat.nextReply();
    await new Promise((r) => setTimeout(r, 300));
    expect(await chat.messages()).toHaveLength(1);
  });

  it("refuses a forged secret with 401 and stores nothing", async () => {
    const chat = new TelegramChat();
    const res = await chat.post(chat.textUpdate("add milk tea"), "not-the-secret");
    expect(res.status).toBe(401);
    const stub = env.CONVERSATION.get(env.CONVERSATION.idFromName(`tg:${chat.chatId}`));
    const { runInDurableObject } = await import("cloudflare:test");
    const stored = await runInDurableObject(
      stub,
      (_i, state) => state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM inbox").one().n,
    );
    expect(stored).toBe(0);
  });

  it("answers a sticker politely and acknowledges updates it ignores", async () => {
    const chat = new TelegramChat();
    const sticker = {
      ...chat.textUpdate(""),
      message: {
        ...chat.textUpdate("").message,
        text: undefined,
        sticker: { file_id: "x", width: 1, height: 1, is_animated: false },
      },
    };
    expect((await chat.post(sticker)).status).toBe(200);
    expect((await chat.nextReply()).text).toMatch(/I can read text/);
    const member = await chat.post({ update_id: nextUpdateId(), my_chat_member: { chat: { id: chat.chatId } } });
    expect(await member.json()).toMatchObject({ ok: true });
    expect((await chat.post({ nonsense: true })).status).toBe(200);
  });

  it("answers a press on an expired quote politely, charging nothing", async () => {
    const chat = new TelegramChat();
    await chat.say("add milk tea");
    const first = await chat.say("checkout");
    const second = await chat.say("checkout");
    const stale = await chat.press(
      first,
      buttons(first).find((d) => d?.startsWith("pay:"))!,
    );
    expect(stale.text).toMatch(/no longer valid/);
    expect(await orderOf(`tg:${chat.chatId}`)).toBeNull();
    expect(buttons(second).some((d) => d?.startsWith("pay:"))).toBe(true);
  });
});
