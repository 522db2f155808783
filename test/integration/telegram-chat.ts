import { SELF } from "cloudflare:test";
import { expect } from "vitest";
import { BASE } from "./client.js";
import { eventually, json, TELEGRAM } from "./channel-helpers.js";

export const SECRET = "integration-telegram-secret";

export interface BotMessage {
  chatId: number;
  messageId: number;
  text: string;
  replyMarkup?: { inline_keyboard: { text: string; callback_data?: string }[][] };
}

let updateId = 1000;
let chatSeq = 7_000_000;

export const nextUpdateId = (): number => ++updateId;

/** A private chat with one shopper, speaking through the real webhook. */
export class TelegramChat {
  /** The Telegram stand-in is shared by every test file: files that chat pass their own range of chat ids. */
  constructor(readonly chatId = ++chatSeq) {}
  private seen = 0;

  async post(update: unknown, secret = SECRET): Promise<Response> {
    return SELF.fetch(`${BASE}/webhooks/telegram`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret },
      body: JSON.stringify(update),
    });
  }

  textUpdate(text: string, id = ++updateId) {
    const from = { id: this.chatId, is_bot: false, first_name: "Ana" };
    return {
      update_id: id,
      message: {
        message_id: id,
        from,
        chat: { id: this.chatId, type: "private", first_name: "Ana" },
        date: Math.floor(Date.now() / 1000),
        text,
      },
    };
  }

  async say(text: string): Promise<BotMessage> {
    expect((await this.post(this.textUpdate(text))).status).toBe(200);
    return this.nextReply();
  }

  async press(message: BotMessage, data: string): Promise<BotMessage> {
    const from = { id: this.chatId, is_bot: false, first_name: "Ana" };
    const update = {
      update_id: ++updateId,
      callback_query: {
        id: `cq-${updateId}`,
        from,
        chat_instance: "ci",
        data,
        message: {
          message_id: message.messageId,
          from: { id: 4242, is_bot: true, first_name: "Bot" },
          chat: { id: this.chatId, type: "private" },
          date: 0,
          text: message.text,
        },
      },
    };
    expect((await this.post(update)).status).toBe(200);
    return this.nextReply();
  }

  async messages(): Promise<BotMessage[]> {
    return json<BotMessage[]>(`${TELEGRAM}/_control/messages?chat_id=${this.chatId}`);
  }

  /** The next message the bot sent to this chat (waits for the alarm-driven send). */
  async nextReply(): Promise<BotMessage> {
    const m = await eventually(async () => (await this.messages())[this.seen], "a Telegram reply");
    this.seen++;
    return m;
  }
}

export const buttons = (m: BotMessage) => (m.replyMarkup?.inline_keyboard ?? []).flat().map((b) => b.callback_data);
