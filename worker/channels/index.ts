// Chat channels as adapters onto one small interface: verify and parse an
// inbound update into an InboundMessage; render a Reply into provider calls
// and send them. The conversation core imports only inbound.ts and
// outbound.ts, never a Telegram or WhatsApp type. See README.md.
export {
  isIgnored,
  unsupportedReply,
  type ChannelName,
  type Ignored,
  type InboundMessage,
  type ReplyTarget,
  type TelegramReplyTarget,
  type UnsupportedKind,
  type WhatsAppReplyTarget,
} from "./inbound.js";
export { deliverReply, type ChannelSettings, type DeliverOptions, type Delivery } from "./outbound.js";
export {
  PAYLOAD_TOKEN_PREFIX,
  TELEGRAM_CALLBACK_DATA_MAX_BYTES,
  callbackToken,
  isPayloadToken,
  payloadTokens,
  resolvePayloadToken,
  shortenPayload,
  type PayloadToken,
} from "./payload-tokens.js";
export { ChannelApiError, ChannelConfigError, ChannelNetworkError, ChannelRateLimitError, type ChannelErrorKind } from "./errors.js";
export { splitTail, splitText } from "./split-text.js";
export type { ClientOptions, FetchLike } from "./http.js";
