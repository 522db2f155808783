import type { Reply } from "../agent/reply.js";

/**
 * The one shape every chat channel normalises an inbound update to. The
 * conversation core reads `conversationId`, `messageId`, `shopper`, `text`,
 * `button` and `unsupported`; `replyTo` is opaque routing data it stores and
 * hands back to the channel that renders the reply (worker/channels/outbound.ts).
 * No Telegram or WhatsApp type appears here: targets are plain JSON.
 *
 * @example
 * { channel: "telegram", conversationId: "tg:1111111", messageId: "tg:10000", shopper: "tg:1111111",
 *   button: "pay:q_0123456789abcdef01234567",
 *   replyTo: { channel: "telegram", chatId: 1111111, callbackQueryId: "4382bf", keyboardMessageId: 1365 } }
 */
export interface InboundMessage {
  readonly channel: ChannelName;
  /** Server-side conversation key: "tg:<chat id>" or "wa:<phone number id>:<wa_id>". */
  readonly conversationId: string;
  /** Idempotency key of this update: "tg:<update_id>" or "wa:<wamid>". */
  readonly messageId: string;
  /** Who is talking: "tg:<from.id>" or "wa:<wa_id>". */
  readonly shopper: string;
  /** What the shopper typed (or the caption of a photo). */
  readonly text?: string;
  /**
   * A pressed button's payload as the channel delivered it. It may still be a
   * short token (`t:…`, see payload-tokens.ts): resolve it with
   * `resolvePayloadToken` against the mapping the conversation stored.
   */
  readonly button?: string;
  /**
   * Set when the shopper sent something we cannot read. Without `text` the
   * core answers with `unsupportedReply(kind)`; with `text` (a caption) it
   * answers the text. Never an error.
   */
  readonly unsupported?: UnsupportedKind;
  /**
   * A photo the shopper sent, as the channel names it (the bytes are fetched
   * only when a vision model will look at it). Comes with `unsupported:
   * "image"`, so without a model the answer is the polite one.
   */
  readonly photo?: PhotoRef;
  /** When the shopper sent it, epoch ms, if the channel says. */
  readonly at?: number;
  readonly replyTo: ReplyTarget;
}

export type ChannelName = "telegram" | "whatsapp";

export type PhotoRef =
  | { readonly channel: "telegram"; readonly fileId: string }
  | { readonly channel: "whatsapp"; readonly mediaId: string };

export type UnsupportedKind =
  "edited" | "image" | "sticker" | "voice" | "audio" | "video" | "document" | "location" | "contact" | "poll" | "other";

/** Where and how to answer a Telegram update. */
export interface TelegramReplyTarget {
  readonly channel: "telegram";
  /** The chat to send to (the presser's own id when an inline message has no chat). */
  readonly chatId: number;
  /** A button press: answer it (answerCallbackQuery) or the client keeps spinning. */
  readonly callbackQueryId?: string;
  /** The message that carried the pressed keyboard, to remove or replace it. */
  readonly keyboardMessageId?: number;
  /** The pressed keyboard sat on an inline-mode message instead. */
  readonly inlineMessageId?: string;
}

/** Where to answer a WhatsApp message. */
export interface WhatsAppReplyTarget {
  readonly channel: "whatsapp";
  /** Our business number's id, from the webhook's metadata: the sender of the reply. */
  readonly phoneNumberId: string;
  /** The shopper's wa_id: the recipient of the reply. */
  readonly to: string;
  /** The shopper's message id (wamid), for read receipts or quoting. */
  readonly messageId: string;
}

export type ReplyTarget = TelegramReplyTarget | WhatsAppReplyTarget;

/** A parsed update that needs no answer (delivery status, bot's own post, …). */
export interface Ignored {
  readonly ignore: string;
}

export function isIgnored(value: unknown): value is Ignored {
  return typeof value === "object" && value !== null && "ignore" in value;
}

const WHAT: Record<UnsupportedKind, string> = {
  edited: "edited messages",
  image: "pictures",
  sticker: "stickers",
  voice: "voice messages",
  audio: "audio",
  video: "videos",
  document: "files",
  location: "locations",
  contact: "contacts",
  poll: "polls",
  other: "that kind of message",
};

/**
 * The polite answer to something we cannot read: never an error, always a
 * way forward. Edits get their own wording because an edit is not re-run
 * (it would repeat an action such as "add 2").
 */
export function unsupportedReply(kind: UnsupportedKind): Reply {
  const text =
    kind === "edited"
      ? "I only read new messages, so I didn't act on that edit. Please send it again as a new message."
      : `Sorry, I can't open ${WHAT[kind]}. I can read text (and photo captions): tell me what you're looking for, e.g. “red sneakers size 42”, or say “help”.`;
  return { text, buttons: [{ label: "Help", payload: "help" }] };
}
