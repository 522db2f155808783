import type { Button, Reply } from "../../agent/reply.js";
import type { TelegramReplyTarget } from "../inbound.js";
import { callbackToken } from "../payload-tokens.js";
import { splitText } from "../split-text.js";
import type { InvoiceContent, SendInvoiceParams } from "./invoice.js";

/** https://core.telegram.org/bots/api#sendmessage: text is 1-4096 characters. */
export const TELEGRAM_TEXT_LIMIT = 4096;
/** Telegram allows 100 buttons per keyboard; more would be unusable anyway. */
const MAX_BUTTONS = 100;
/** Labels up to this long may share a row (at most 3 per row, ≤ 32 characters per row). */
const SHORT_LABEL = 16;
const ROW_CHARS = 32;
const ROW_BUTTONS = 3;
const CHOOSE = "Please choose:";

export interface InlineKeyboardButton {
  text: string;
  callback_data: string;
}

export interface InlineKeyboardMarkup {
  inline_keyboard: InlineKeyboardButton[][];
}

export interface SendMessageParams {
  chat_id: number;
  text: string;
  reply_markup?: InlineKeyboardMarkup;
}

export interface AnswerCallbackQueryParams {
  callback_query_id: string;
  text?: string;
  show_alert?: boolean;
}

export interface EditMessageReplyMarkupParams {
  chat_id?: number;
  message_id?: number;
  inline_message_id?: string;
  /** Omitted: the keyboard is removed. */
  reply_markup?: InlineKeyboardMarkup;
}

export interface AnswerPreCheckoutQueryParams {
  pre_checkout_query_id: string;
  ok: boolean;
  /** Required with ok: false; Telegram shows it to the shopper. */
  error_message?: string;
}

/** One Bot API call, as data: render is pure and the client sends. */
export type TelegramCall =
  | { method: "sendMessage"; params: SendMessageParams }
  | { method: "sendInvoice"; params: SendInvoiceParams }
  | { method: "answerCallbackQuery"; params: AnswerCallbackQueryParams }
  | { method: "editMessageReplyMarkup"; params: EditMessageReplyMarkupParams };

/**
 * Buttons as inline keyboard rows: a long label gets its own row, short ones
 * ("Pay $12.00" | "Cancel") share one. callback_data is the payload, or its
 * `t:` token when over 64 bytes (store `payloadTokens(reply)` first).
 */
export function telegramKeyboard(buttons: readonly Button[]): InlineKeyboardButton[][] {
  const rows: InlineKeyboardButton[][] = [];
  let row: InlineKeyboardButton[] = [];
  const flush = () => {
    if (row.length) rows.push(row);
    row = [];
  };
  for (const b of buttons.slice(0, MAX_BUTTONS)) {
    const button = { text: b.label.trim() || "•", callback_data: callbackToken(b.payload) };
    const length = [...button.text].length;
    if (length > SHORT_LABEL) {
      flush();
      rows.push([button]);
      continue;
    }
    const used = row.reduce((n, x) => n + [...x.text].length, 0);
    if (row.length === ROW_BUTTONS || used + length > ROW_CHARS) flush();
    row.push(button);
  }
  flush();
  return rows;
}

/**
 * A reply as sendMessage calls: plain text (no parse_mode, so nothing in a
 * product title can break the markup), split at 4096 characters on
 * paragraph or line breaks, with the keyboard on the last part only.
 * Product choices arrive as buttons (reply.buttons) and their text in
 * reply.text, so `reply.products` needs nothing extra here.
 *
 * @example renderTelegram({ text: "Total $12.00", buttons: [{ label: "Pay $12.00", payload: "pay:q_…" }] }, { chatId: 42 })
 * // [{ method: "sendMessage", params: { chat_id: 42, text: "Total $12.00",
 * //    reply_markup: { inline_keyboard: [[{ text: "Pay $12.00", callback_data: "pay:q_…" }]] } } }]
 */
export function renderTelegram(reply: Reply, target: Pick<TelegramReplyTarget, "chatId">): TelegramCall[] {
  const keyboard = reply.buttons.length ? telegramKeyboard(reply.buttons) : undefined;
  const parts = splitText(reply.text, TELEGRAM_TEXT_LIMIT);
  const invoice = (reply as Partial<InvoiceReply>).invoice;
  if (parts.length === 0 && keyboard) parts.push(CHOOSE);
  const calls: TelegramCall[] = parts.map((text, i) => ({
    method: "sendMessage",
    params: {
      chat_id: target.chatId,
      text,
      ...(keyboard && i === parts.length - 1 ? { reply_markup: { inline_keyboard: keyboard } } : {}),
    },
  }));
  // The invoice comes last: it carries Telegram's own Pay button.
  if (invoice) calls.push({ method: "sendInvoice", params: { ...invoice, chat_id: target.chatId } });
  return calls;
}

/**
 * A reply that ends with a Telegram invoice (native payment in the chat). It
 * travels through the conversation's outbox like any reply; only Telegram
 * renders the invoice.
 */
export interface InvoiceReply extends Reply {
  readonly invoice: InvoiceContent;
}

/**
 * Presses that use up the keyboard they came from: a quote's Pay and Cancel.
 * Removing it stops a second tap (the engine would refuse it anyway, but a
 * live-looking Pay button on a settled quote is confusing).
 */
export function consumesKeyboard(payload: string | undefined): boolean {
  return payload !== undefined && /^(pay|cancel):/.test(payload);
}

/**
 * The calls that close a button press, to make before the reply: answer the
 * callback query (the client shows a spinner until then; `toast` is an
 * optional notification, ≤ 200 characters) and remove the keyboard of a used
 * quote. Nothing for a typed message.
 */
export function acknowledgeTelegram(
  target: TelegramReplyTarget,
  pressed?: string,
  options: { toast?: string } = {},
): TelegramCall[] {
  const calls: TelegramCall[] = [];
  if (target.callbackQueryId) {
    const toast = options.toast?.slice(0, 200);
    calls.push({
      method: "answerCallbackQuery",
      params: { callback_query_id: target.callbackQueryId, ...(toast ? { text: toast } : {}) },
    });
  }
  if (consumesKeyboard(pressed)) {
    if (target.keyboardMessageId !== undefined) {
      calls.push({
        method: "editMessageReplyMarkup",
        params: { chat_id: target.chatId, message_id: target.keyboardMessageId },
      });
    } else if (target.inlineMessageId) {
      calls.push({ method: "editMessageReplyMarkup", params: { inline_message_id: target.inlineMessageId } });
    }
  }
  return calls;
}
