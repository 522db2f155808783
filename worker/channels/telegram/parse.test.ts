import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isIgnored, type InboundMessage } from "../inbound.js";
import { parseTelegramUpdate } from "./parse.js";

// Telegram's own documented webhook examples (copied into fixtures/ from the Bot API documentation):
// hand-written and not fully schema-valid, which is the point.
const examples = JSON.parse(
  readFileSync(new URL("./fixtures/core_telegram_webhooks_examples.json", import.meta.url), "utf8"),
) as {
  examples: { name: string; update: unknown }[];
};
const byName = (name: string) => examples.examples.find((e) => e.name === name)!.update;

function inbound(update: unknown): InboundMessage {
  const parsed = parseTelegramUpdate(update);
  if (isIgnored(parsed)) throw new Error(`ignored: ${parsed.ignore}`);
  return parsed;
}

const user = { id: 1111111, is_bot: false, first_name: "Test" };
const chat = { id: 1111111, type: "private" };

describe("parseTelegramUpdate", () => {
  it.each(examples.examples.map((e) => [e.name, e.update] as const))(
    "parses Telegram's documented example %s without throwing",
    (_name, update) => {
      const parsed = parseTelegramUpdate(update);
      expect(isIgnored(parsed) || parsed.channel === "telegram").toBe(true);
    },
  );

  it("turns a text message into an inbound message keyed by chat, sender and update id", () => {
    expect(inbound(byName("message_text_first_example"))).toEqual({
      channel: "telegram",
      conversationId: "tg:1111111",
      messageId: "tg:10000",
      shopper: "tg:1111111",
      text: "/start",
      at: 1441645532000,
      replyTo: { channel: "telegram", chatId: 1111111 },
    });
  });

  it("reads forwarded, reply and entity messages as their text", () => {
    for (const name of [
      "forwarded_message",
      "forwarded_channel_message",
      "message_with_reply",
      "message_with_entities",
    ]) {
      expect(inbound(byName(name)).text).toMatch(/\S/);
    }
  });

  it("turns a button press (callback_query) into the pressed payload, even without message or chat_instance", () => {
    expect(inbound(byName("callback_query"))).toEqual({
      channel: "telegram",
      conversationId: "tg:1111111",
      messageId: "tg:10000",
      shopper: "tg:1111111",
      button: "Data from button callback",
      replyTo: {
        channel: "telegram",
        chatId: 1111111,
        callbackQueryId: "4382bfdwdsb323b2d9",
        inlineMessageId: "1234csdbsk4839",
      },
    });
  });

  it("routes a press on a chat message back to that chat and its keyboard message", () => {
    const update = {
      update_id: 7,
      callback_query: {
        id: "99",
        from: { id: 5 },
        chat_instance: "x",
        data: "pay:q_0123456789abcdef01234567",
        message: { message_id: 42, date: 1, chat: { id: -100500, type: "supergroup" } },
      },
    };
    expect(inbound(update)).toMatchObject({
      conversationId: "tg:-100500",
      shopper: "tg:5",
      button: "pay:q_0123456789abcdef01234567",
      replyTo: { chatId: -100500, callbackQueryId: "99", keyboardMessageId: 42 },
    });
  });

  it("answers edits, voice, audio and documents politely instead of acting on them", () => {
    expect(inbound(byName("edited_message"))).toMatchObject({ unsupported: "edited" });
    expect(inbound(byName("edited_message")).text).toBeUndefined();
    expect(inbound(byName("voice_message")).unsupported).toBe("voice");
    expect(inbound(byName("message_with_audio")).unsupported).toBe("audio");
    expect(inbound(byName("message_with_document")).unsupported).toBe("document");
  });

  it("keeps a photo's caption as text and flags the photo", () => {
    const update = {
      update_id: 1,
      message: {
        message_id: 1,
        date: 1,
        chat,
        from: user,
        photo: [{ file_id: "a" }],
        caption: "do you have this in red?",
      },
    };
    expect(inbound(update)).toMatchObject({ unsupported: "image", text: "do you have this in red?" });
  });

  it("flags a sticker and an unknown future content type", () => {
    expect(
      inbound({ update_id: 1, message: { message_id: 1, chat, from: user, sticker: { file_id: "s" } } }).unsupported,
    ).toBe("sticker");
    expect(inbound({ update_id: 1, message: { message_id: 1, chat, from: user, story: {} } }).unsupported).toBe(
      "other",
    );
  });

  it("ignores update kinds we do not subscribe to, service messages, bots and junk", () => {
    const ignored = (u: unknown) => {
      const r = parseTelegramUpdate(u);
      return isIgnored(r) ? r.ignore : null;
    };
    expect(ignored(byName("inline_query"))).toMatch(/inline_query/);
    expect(ignored(byName("chosen_inline_result"))).toMatch(/chosen_inline_result/);
    expect(ignored({ update_id: 1, channel_post: { message_id: 1, chat } })).toMatch(/channel_post/);
    expect(ignored({ update_id: 1, my_chat_member: {} })).toMatch(/my_chat_member/);
    expect(ignored({ update_id: 1, message: { message_id: 1, chat, from: user, new_chat_members: [user] } })).toBe(
      "service message",
    );
    expect(ignored({ update_id: 1, message: { message_id: 1, chat, from: { id: 9, is_bot: true }, text: "hi" } })).toBe(
      "message from a bot",
    );
    expect(ignored({ update_id: 1, message: { message_id: 1, from: user, text: "no chat" } })).toMatch(/malformed/);
    expect(ignored({ update_id: 1, callback_query: { id: "1", from: user, game_short_name: "g" } })).toMatch(
      /without data/,
    );
    expect(ignored({ message: { text: "no update id" } })).toMatch(/update_id/);
    expect(ignored(null)).toMatch(/update_id/);
    expect(ignored("[]")).toMatch(/update_id/);
  });
});
