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
