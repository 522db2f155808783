import { describe, expect, it } from "vitest";
import { payload } from "../../agent/payloads.js";
import type { Reply } from "../../agent/reply.js";
import { resolvePayloadToken, payloadTokens } from "../payload-tokens.js";
import {
  acknowledgeTelegram,
  consumesKeyboard,
  renderTelegram,
  telegramKeyboard,
  type SendMessageParams,
} from "./render.js";

const QUOTE = "q_0123456789abcdef01234567";
const quoteReply: Reply = {
  text: [
    "Your quote:",
    "• 1 × Trail Runner (42, blue) @ $129.00 = $129.00",
    "Subtotal: $129.00",
    "Total to pay: $129.00",
    "This quote is valid for 10 minutes.",
  ].join("\n"),
  buttons: [
    { label: "Pay $129.00", payload: payload.pay(QUOTE) },
    { label: "Cancel", payload: payload.cancel(QUOTE) },
  ],
};
const params = (calls: ReturnType<typeof renderTelegram>) => calls.map((c) => c.params as SendMessageParams);

describe("renderTelegram", () => {
  it("renders a quote as one message with Pay and Cancel side by side", () => {
    expect(renderTelegram(quoteReply, { chatId: 1111111 })).toEqual([
      {
        method: "sendMessage",
        params: {
          chat_id: 1111111,
          text: quoteReply.text,
          reply_markup: {
            inline_keyboard: [
              [
                { text: "Pay $129.00", callback_data: `pay:${QUOTE}` },
                { text: "Cancel", callback_data: `cancel:${QUOTE}` },
              ],
            ],
          },
        },
      },
    ]);
  });

  it("gives each long product label its own row", () => {
    const rows = telegramKeyboard([
      { label: "1. Trail Runner GTX Waterproof", payload: "show:p1" },
      { label: "2. Road Racer Lightweight", payload: "show:p2" },
      { label: "Cart", payload: "cart" },
      { label: "Help", payload: "help" },
    ]);
    expect(rows.map((r) => r.map((b) => b.text))).toEqual([
      ["1. Trail Runner GTX Waterproof"],
      ["2. Road Racer Lightweight"],
      ["Cart", "Help"],
    ]);
  });

  it("puts at most three short buttons in a row", () => {
    const rows = telegramKeyboard(["S", "M", "L", "XL"].map((s) => ({ label: s, payload: `add:sku-${s}` })));
    expect(rows.map((r) => r.length)).toEqual([3, 1]);
  });

  it("splits a text over 4096 characters and puts the keyboard on the last part only", () => {
    const long: Reply = {
      text: Array.from({ length: 300 }, (_, i) => `Line ${i}: ${"x".repeat(30)}`).join("\n"),
      buttons: quoteReply.buttons,
    };
    const calls = params(renderTelegram(long, { chatId: 1 }));
    expect(calls.length).toBe(3);
    expect(calls.every((c) => c.text.length <= 4096)).toBe(true);
    expect(calls.map((c) => c.reply_markup !== undefined)).toEqual([false, false, true]);
    expect(calls.map((c) => c.text).join("\n")).toBe(long.text);
  });

  it("sends buttons with a short prompt when the text is empty, and nothing for an empty reply", () => {
    expect(params(renderTelegram({ text: "", buttons: quoteReply.buttons }, { chatId: 1 }))[0]?.text).toBe(
      "Please choose:",
    );
    expect(renderTelegram({ text: " ", buttons: [] }, { chatId: 1 })).toEqual([]);
  });

  it("sends a payload over 64 bytes as a token the conversation can resolve", () => {
    const long = `show:${"p".repeat(70)}`;
    const reply: Reply = { text: "Pick", buttons: [{ label: "Long one", payload: long }] };
    const data = params(renderTelegram(reply, { chatId: 1 }))[0]!.reply_markup!.inline_keyboard[0]![0]!.callback_data;
    expect(new TextEncoder().encode(data).length).toBeLessThanOrEqual(64);
    const stored = new Map(payloadTokens(reply).map((t) => [t.token, t.payload]));
    expect(resolvePayloadToken(data, (t) => stored.get(t))).toBe(long);
  });
});

describe("acknowledgeTelegram", () => {
  const press = { channel: "telegram", chatId: 5, callbackQueryId: "cq1", keyboardMessageId: 77 } as const;

  it("answers the press and removes the keyboard of a used quote", () => {
    expect(acknowledgeTelegram(press, payload.pay(QUOTE))).toEqual([
      { method: "answerCallbackQuery", params: { callback_query_id: "cq1" } },
      { method: "editMessageReplyMarkup", params: { chat_id: 5, message_id: 77 } },
    ]);
  });

  it("keeps the keyboard of a product list so the shopper can pick again", () => {
    expect(acknowledgeTelegram(press, "add:sku-1")).toEqual([
      { method: "answerCallbackQuery", params: { callback_query_id: "cq1" } },
    ]);
  });

  it("does nothing for a typed message", () => {
    expect(acknowledgeTelegram({ channel: "telegram", chatId: 5 }, undefined)).toEqual([]);
    expect(consumesKeyboard(undefined)).toBe(false);
    expect(consumesKeyboard(`cancel:${QUOTE}`)).toBe(true);
  });
});
