import type { Ignored, InboundMessage, TelegramReplyTarget, UnsupportedKind } from "../inbound.js";
import { telegramPhotoFileId } from "./media.js";
import { TelegramCallbackQuery, TelegramMessage, TelegramUpdateEnvelope } from "./update-json.js";
import { shopperKey } from "../../commerce/shopper-key.js";

/** Content fields of a Message we cannot read, and what we call them. First match wins. */
const CONTENT_KINDS: ReadonlyArray<readonly [string, UnsupportedKind]> = [
  ["photo", "image"],
  ["sticker", "sticker"],
  ["voice", "voice"],
  ["video_note", "video"],
  ["audio", "audio"],
  ["video", "video"],
  ["animation", "video"],
  ["document", "document"],
  ["location", "location"],
  ["venue", "location"],
  ["contact", "contact"],
  ["poll", "poll"],
  ["dice", "other"],
];

/**
 * Service messages (someone joined, a pin, a payment receipt, …): nothing the
 * shopper said, so they get no answer at all.
 */
const SERVICE_FIELDS = [
  "new_chat_members",
  "left_chat_member",
  "new_chat_title",
  "new_chat_photo",
  "delete_chat_photo",
  "group_chat_created",
  "supergroup_chat_created",
  "channel_chat_created",
  "message_auto_delete_timer_changed",
  "migrate_to_chat_id",
  "migrate_from_chat_id",
  "pinned_message",
  "successful_payment",
  "refunded_payment",
  "users_shared",
  "chat_shared",
  "connected_website",
  "write_access_allowed",
  "proximity_alert_triggered",
  "forum_topic_created",
  "forum_topic_edited",
  "forum_topic_closed",
  "forum_topic_reopened",
  "general_forum_topic_hidden",
  "general_forum_topic_unhidden",
  "video_chat_scheduled",
  "video_chat_started",
  "video_chat_ended",
  "video_chat_participants_invited",
  "web_app_data",
  "boost_added",
  "chat_background_set",
  "giveaway_created",
  "giveaway_completed",
];

/** Update kinds we subscribe to; anything else Telegram sends (or an old subscription delivers) is ignored. */
const HANDLED = ["message", "edited_message", "callback_query"] as const;

/**
 * A Telegram Update as an InboundMessage, or the reason it needs no answer.
 * Never throws: a verified update we cannot use is ignored (answer 200, or
 * Telegram redelivers it for a day).
 *
 * conversation = chat id, shopper = from.id, message id = update_id.
 */
export function parseTelegramUpdate(json: unknown): InboundMessage | Ignored {
  const envelope = TelegramUpdateEnvelope.safeParse(json);
  if (!envelope.success) return { ignore: "not a Telegram update (no update_id)" };
  const update = envelope.data as Record<string, unknown> & { update_id: number };
  const messageId = `tg:${update.update_id}`;

  if (update.message !== undefined) return fromMessage(update.message, messageId, false);
  if (update.edited_message !== undefined) return fromMessage(update.edited_message, messageId, true);
  if (update.callback_query !== undefined) return fromCallback(update.callback_query, messageId);
  const kind = Object.keys(update).find((k) => k !== "update_id" && !(HANDLED as readonly string[]).includes(k));
  return { ignore: kind ? `${kind} updates are not handled` : "empty update" };
}

function fromMessage(raw: unknown, messageId: string, edited: boolean): InboundMessage | Ignored {
  const parsed = TelegramMessage.safeParse(raw);
  if (!parsed.success) return { ignore: "malformed message (no message_id or chat.id)" };
  const m = parsed.data;
  if (m.from?.is_bot) return { ignore: "message from a bot" };
  const base = {
    channel: "telegram" as const,
    conversationId: `tg:${m.chat.id}`,
    messageId,
    // Anonymous group admins and channels have no `from`; the chat stands in for them.
    shopper: shopperKey.telegram(m.from?.id ?? m.sender_chat?.id ?? m.chat.id),
    ...(m.date !== undefined ? { at: m.date * 1000 } : {}),
    replyTo: { channel: "telegram", chatId: m.chat.id } satisfies TelegramReplyTarget,
  };
  // An edit is never re-run: "add 2" edited to "add 3" must not add again.
  if (edited) return { ...base, unsupported: "edited" };
  if (m.text !== undefined) return m.text.trim() === "" ? { ignore: "empty text" } : { ...base, text: m.text };
  const kind = CONTENT_KINDS.find(([field]) => field in m)?.[1];
  const caption = m.caption?.trim() ? { text: m.caption } : {};
  const fileId = kind === "image" ? telegramPhotoFileId((m as { photo?: unknown }).photo) : undefined;
  if (kind)
    return {
      ...base,
      unsupported: kind,
      ...caption,
      ...(fileId ? { photo: { channel: "telegram" as const, fileId } } : {}),
    };
  if (SERVICE_FIELDS.some((field) => field in m)) return { ignore: "service message" };
  return { ...base, unsupported: "other", ...caption };
}

function fromCallback(raw: unknown, messageId: string): InboundMessage | Ignored {
  const parsed = TelegramCallbackQuery.safeParse(raw);
  if (!parsed.success) return { ignore: "malformed callback_query (no id or from.id)" };
  const q = parsed.data;
  if (q.data === undefined) return { ignore: "callback_query without data (a game button)" };
  // A keyboard on an inline-mode message has no chat: answer in the presser's private chat.
  const chatId = q.message?.chat.id ?? q.from.id;
  const replyTo: TelegramReplyTarget = {
    channel: "telegram",
    chatId,
    callbackQueryId: q.id,
    ...(q.message ? { keyboardMessageId: q.message.message_id } : {}),
    ...(q.inline_message_id ? { inlineMessageId: q.inline_message_id } : {}),
  };
  return {
    channel: "telegram",
    conversationId: `tg:${chatId}`,
    messageId,
    shopper: shopperKey.telegram(q.from.id),
    button: q.data,
    replyTo,
  };
}
