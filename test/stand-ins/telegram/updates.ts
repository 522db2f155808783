// Updates as Telegram sends them (https://core.telegram.org/bots/api#update),
// and their delivery to the webhook with the secret header. The builders are
// exported so tests that cannot reach a listening worker (workerd's SELF.fetch)
// can post the same bodies themselves.
import type { BotMessage, TelegramState, UpdateDelivery } from "./state.js";

export interface Shopper {
  id: number;
  first_name?: string;
  username?: string;
  language_code?: string;
}

export type TelegramUpdate = Record<string, unknown> & { update_id: number };

const SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

export function shopperUser(shopper: Shopper): Record<string, unknown> {
  return { is_bot: false, first_name: "Shopper", language_code: "en", ...shopper };
}

function privateChat(chatId: number, shopper: Shopper): Record<string, unknown> {
  return chatId > 0
    ? { id: chatId, type: "private", first_name: shopper.first_name ?? "Shopper" }
    : { id: chatId, type: "supergroup", title: "Shop group" };
}

/**
 * A message update. `content` is merged into the message: `{ text }`, or
 * `{ sticker: {…} }`, `{ photo: […], caption }` and so on.
 */
export function messageUpdate(
  updateId: number,
  input: {
    chatId: number;
    messageId: number;
    from?: Shopper;
    date?: number;
    content: Record<string, unknown>;
    edited?: boolean;
  },
): TelegramUpdate {
  const from = input.from ?? { id: input.chatId };
  const date = input.date ?? Math.floor(Date.now() / 1000);
  const message = {
    message_id: input.messageId,
    from: shopperUser(from),
    chat: privateChat(input.chatId, from),
    date,
    ...input.content,
  };
  return input.edited
    ? { update_id: updateId, edited_message: { ...message, edit_date: date } }
    : { update_id: updateId, message };
}

/** A press on an inline keyboard button of a message the bot sent. */
export function callbackUpdate(
  updateId: number,
  input: { id: string; message: BotMessage; data: string; from?: Shopper; botId: number },
): TelegramUpdate {
  const from = input.from ?? { id: input.message.chatId };
  const m = input.message;
  return {
    update_id: updateId,
    callback_query: {
      id: input.id,
      from: shopperUser(from),
      message: {
        message_id: m.messageId,
        from: { id: input.botId, is_bot: true, first_name: "Stand-in Bot", username: "stand_in_bot" },
        chat: privateChat(m.chatId, from),
        date: m.date,
        text: m.text,
        ...(m.replyMarkup ? { reply_markup: m.replyMarkup } : {}),
      },
      chat_instance: `ci${m.chatId}`,
      data: input.data,
    },
  };
}

export function updateKind(update: TelegramUpdate): string {
  return Object.keys(update).find((k) => k !== "update_id") ?? "unknown";
}

export type DeliveryOutcome = UpdateDelivery | { delivered: false; reason: string; updateId: number };

/**
 * POSTs an update to the webhook, as Telegram does: JSON body, the secret
 * header when one was set. `secret` overrides the header (a string, or null
 * to leave it out) to forge a delivery.
 */
export async function deliverUpdate(
  state: TelegramState,
  update: TelegramUpdate,
  options: { secret?: string | null } = {},
): Promise<DeliveryOutcome> {
  const webhook = state.webhook;
  const kind = updateKind(update);
  if (!webhook) return { delivered: false, reason: "no webhook set", updateId: update.update_id };
  if (webhook.allowedUpdates?.length && !webhook.allowedUpdates.includes(kind)) {
    return { delivered: false, reason: `${kind} is not in allowed_updates`, updateId: update.update_id };
  }
  const forged = options.secret !== undefined;
  const secret = forged ? options.secret : webhook.secretToken;
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (secret) headers[SECRET_HEADER] = secret;
  const record: UpdateDelivery = {
    updateId: update.update_id,
    kind,
    url: webhook.url,
    status: 0,
    ok: false,
    at: Date.now(),
    ...(forged ? { forgedSecret: options.secret ?? null } : {}),
  };
  try {
    const response = await fetch(webhook.url, {
      method: "POST",
      headers,
      body: JSON.stringify(update),
      signal: AbortSignal.timeout(10_000),
    });
    record.status = response.status;
    record.ok = response.ok;
    record.body = (await response.text()).slice(0, 2000);
  } catch (error) {
    record.error = (error as Error).message;
  }
  state.deliveries.push(record);
  return record;
}

/** The shopper pressed Pay on an invoice and filled in the form: Telegram asks the bot to confirm. */
export function preCheckoutUpdate(
  updateId: number,
  input: { id: string; from: Shopper; currency: string; totalAmount: number; payload: string },
): TelegramUpdate {
  return {
    update_id: updateId,
    pre_checkout_query: {
      id: input.id,
      from: shopperUser(input.from),
      currency: input.currency,
      total_amount: input.totalAmount,
      invoice_payload: input.payload,
    },
  };
}

/** The payment went through: a service message in the chat with the charge ids. */
export function successfulPaymentUpdate(
  updateId: number,
  input: {
    chatId: number;
    messageId: number;
    from: Shopper;
    currency: string;
    totalAmount: number;
    payload: string;
    telegramChargeId: string;
    providerChargeId: string;
  },
): TelegramUpdate {
  return messageUpdate(updateId, {
    chatId: input.chatId,
    messageId: input.messageId,
    from: input.from,
    content: {
      successful_payment: {
        currency: input.currency,
        total_amount: input.totalAmount,
        invoice_payload: input.payload,
        telegram_payment_charge_id: input.telegramChargeId,
        provider_payment_charge_id: input.providerChargeId,
      },
    },
  });
}
