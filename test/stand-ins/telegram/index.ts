// The Telegram stand-in's public surface.
export {
  StandInUsageError,
  startTelegramStandIn,
  type ShopperInput,
  type Simulated,
  type TelegramStandIn,
  type TelegramStandInOptions,
} from "./server.js";
export {
  callbackUpdate,
  messageUpdate,
  preCheckoutUpdate,
  shopperUser,
  successfulPaymentUpdate,
  type DeliveryOutcome,
  type Shopper,
  type TelegramUpdate,
} from "./updates.js";
export type {
  BotMessage,
  CallbackQueryRecord,
  PreCheckoutRecord,
  SentInvoice,
  InlineKeyboard,
  RecordedCall,
  UpdateDelivery,
  WebhookConfig,
} from "./state.js";
