import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { BASE, post } from "./client.js";
import { eventually, json, TELEGRAM } from "./channel-helpers.js";

// A guest on the storefront chooses the conversation id. Messaging apps'
// conversations live in their own namespace ("tg:…", "wa:…"), which no
// storefront id can name: otherwise a guest could open the chat of a real
// Telegram or WhatsApp shopper first and own its cart.

let updateId = 880_000;

async function telegramSays(chatId: number, text: string): Promise<Response> {
  const from = { id: 5_551_001, is_bot: false, first_name: "Ana" };
  const id = ++updateId;
  return SELF.fetch(`${BASE}/webhooks/telegram`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": "integration-telegram-secret" },
    body: JSON.stringify({
      update_id: id,
      message: {
        message_id: id,
        from,
        chat: { id: chatId, type: "supergroup", title: "Shop" },
        date: Math.floor(Date.now() / 1000),
        text,
      },
    }),
  });
}

describe("storefront ids cannot name a messaging-app conversation", () => {
  it.each([
    ["a Telegram supergroup", "tg:-1001234567890"],
    ["a WhatsApp user", "wa:106540352242922:15551230000"],
    ["any other channel-like id", "web:aaaaaaaaaaaaaaaa"],
  ])("a guest naming %s gets 422 invalid_request", async (_what, id) => {
    const res = await post("/v1/chat", { conversation_id: id, message_id: "squat-1", text: "help" });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { code: string; details: { path: string }[] } };
    expect(body.error.code).toBe("invalid_request");
    expect(body.error.details[0]!.path).toBe("conversation_id");
  });

  it("the real Telegram group keeps its conversation after a guest tried to squat it", async () => {
    const chatId = -1009876543210;
    expect(
      (await post("/v1/chat", { conversation_id: `tg:${chatId}`, message_id: "squat-2", text: "add milk tea" })).status,
    ).toBe(422);
    expect((await telegramSays(chatId, "help")).status).toBe(200);
    const reply = await eventually(
      async () => (await json<{ text: string }[]>(`${TELEGRAM}/_control/messages?chat_id=${chatId}`))[0],
      "the bot's reply in the group",
    );
    expect(reply.text).not.toMatch(/belongs to another shopper/i);
    expect(reply.text).toMatch(/I can help you shop/);
  });
});
