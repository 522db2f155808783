import { z } from "zod";

/**
 * The parts of a Telegram Update we read, and nothing stricter. Objects are
 * loose (unknown fields pass) and only the fields we cannot do without are
 * required: Telegram's own documented examples omit `chat.type`,
 * `callback_query.chat_instance` and `callback_query.message`, and put
 * `type` inside User objects (https://core.telegram.org/bots/webhooks#testing-your-bot-with-updates).
 * Each part is parsed on its own, so one odd field elsewhere cannot sink a message.
 */
const Id = z.number().int();

export const TelegramUser = z.looseObject({
  id: Id,
  is_bot: z.boolean().optional(),
});

export const TelegramChat = z.looseObject({
  id: Id,
  type: z.string().optional(),
});

export const TelegramMessage = z.looseObject({
  message_id: Id,
  date: z.number().optional(),
  chat: TelegramChat,
  from: TelegramUser.optional(),
  sender_chat: TelegramChat.optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
});
export type TelegramMessage = z.infer<typeof TelegramMessage>;

export const TelegramCallbackQuery = z.looseObject({
  // Bot API says String; the documented example sends a string, other tools send numbers.
  id: z.union([z.string(), z.number()]).transform(String),
  from: TelegramUser,
  /** Absent when the keyboard was on an inline-mode message, or the message is too old. */
  message: z.looseObject({ message_id: Id, chat: TelegramChat, date: z.number().optional() }).optional(),
  inline_message_id: z.string().optional(),
  data: z.string().optional(),
});
export type TelegramCallbackQuery = z.infer<typeof TelegramCallbackQuery>;

export const TelegramUpdateEnvelope = z.looseObject({ update_id: Id });

/**
 * Payment updates move money, so unlike the rest they are parsed strictly:
 * every field Telegram documents, with its type, and nothing else
 * (https://core.telegram.org/bots/api#precheckoutquery, #successfulpayment).
 * One that does not fit is never acted on.
 */
const Currency = z.string().regex(/^[A-Z]{3}$/);
const Amount = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const InvoicePayload = z
  .string()
  .min(1)
  .refine((s) => new TextEncoder().encode(s).length <= 128, "over 128 bytes");
const OrderInfo = z.strictObject({
  name: z.string().optional(),
  phone_number: z.string().optional(),
  email: z.string().optional(),
  shipping_address: z.looseObject({}).optional(),
});

export const TelegramPreCheckoutQuery = z.strictObject({
  id: z.string().min(1).max(256),
  from: TelegramUser,
  currency: Currency,
  total_amount: Amount,
  invoice_payload: InvoicePayload,
  shipping_option_id: z.string().optional(),
  order_info: OrderInfo.optional(),
});
export type TelegramPreCheckoutQuery = z.infer<typeof TelegramPreCheckoutQuery>;

export const TelegramSuccessfulPayment = z.strictObject({
  currency: Currency,
  total_amount: Amount,
  invoice_payload: InvoicePayload,
  subscription_expiration_date: z.number().int().optional(),
  is_recurring: z.literal(true).optional(),
  is_first_recurring: z.literal(true).optional(),
  shipping_option_id: z.string().optional(),
  order_info: OrderInfo.optional(),
  telegram_payment_charge_id: z.string().min(1).max(256),
  provider_payment_charge_id: z.string().min(1).max(256),
});
export type TelegramSuccessfulPayment = z.infer<typeof TelegramSuccessfulPayment>;

/** The message a successful_payment arrives in: who paid, in which chat. */
export const TelegramPaymentMessage = z.looseObject({
  message_id: Id,
  chat: TelegramChat,
  from: TelegramUser,
  date: z.number().optional(),
  successful_payment: TelegramSuccessfulPayment,
});
