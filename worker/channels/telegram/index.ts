// The Telegram channel: verify → parse → (conversation) → render → send.
export { TELEGRAM_SECRET_HEADER, TELEGRAM_SECRET_PATTERN, verifyTelegramSecret } from "./verify.js";
export { parseTelegramUpdate } from "./parse.js";
export {
  TELEGRAM_TEXT_LIMIT,
  acknowledgeTelegram,
  consumesKeyboard,
  renderTelegram,
  telegramKeyboard,
  type AnswerCallbackQueryParams,
  type EditMessageReplyMarkupParams,
  type InlineKeyboardButton,
  type InlineKeyboardMarkup,
  type SendMessageParams,
  type TelegramCall,
} from "./render.js";
export {
  TELEGRAM_API_BASE_DEFAULT,
  telegramClient,
  type SetWebhookParams,
  type TelegramClient,
  type TelegramSentMessage,
  type TelegramSettings,
  type TelegramWebhookInfo,
} from "./client.js";
export { deliverTelegramReply, type TelegramDelivery } from "./deliver.js";
export { TELEGRAM_ALLOWED_UPDATES, registerTelegramWebhook } from "./webhook-registration.js";
