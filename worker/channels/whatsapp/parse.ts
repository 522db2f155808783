import type { Ignored, InboundMessage, UnsupportedKind, WhatsAppReplyTarget } from "../inbound.js";
import { WhatsAppMessage, WhatsAppUpdate, WhatsAppValue } from "./update-json.js";
import { MEDIA_ID } from "./media.js";
import { shopperKey } from "../../commerce/shopper-key.js";

/** Message types that need no answer: a reaction, a deletion, a number change, the first-open greeting request. */
const SILENT = new Set(["reaction", "revoke", "system", "request_welcome"]);

const UNSUPPORTED: Record<string, UnsupportedKind> = {
  image: "image",
  sticker: "sticker",
  voice: "voice",
  video: "video",
  document: "document",
  location: "location",
  contacts: "contact",
  edit: "edited",
};

type Outcome = InboundMessage | Ignored;

/**
 * A WhatsApp webhook body as the inbound messages it carries (one body can
 * hold several, across entries and changes), or why it needs no answer:
 * delivery statuses, reactions, deletions and unknown fields are ignored.
 * Never throws: always answer 200 to a verified POST, or Meta redelivers.
 *
 * conversation = "wa:<phone_number_id>:<wa_id>", shopper = "wa:<wa_id>", message id = "wa:<wamid>".
 */
export function parseWhatsAppUpdate(json: unknown): InboundMessage[] | Ignored {
  const update = WhatsAppUpdate.safeParse(json);
  if (!update.success) return { ignore: "not a WhatsApp webhook (no entry array)" };
  if (update.data.object !== undefined && update.data.object !== "whatsapp_business_account") {
    return { ignore: `object ${update.data.object} is not handled` };
  }
  const messages: InboundMessage[] = [];
  const reasons = new Set<string>();
  for (const entry of update.data.entry) {
    for (const change of entry.changes ?? []) {
      if (change.field !== undefined && change.field !== "messages") {
        reasons.add(`${change.field} changes are not handled`);
        continue;
      }
      const value = WhatsAppValue.safeParse(change.value);
      if (!value.success || !value.data.metadata) {
        reasons.add("change without metadata.phone_number_id");
        continue;
      }
      if (value.data.statuses?.length) reasons.add("delivery statuses");
      for (const raw of value.data.messages ?? []) {
        const outcome = fromMessage(raw, value.data.metadata.phone_number_id);
        if ("ignore" in outcome) reasons.add(outcome.ignore);
        else messages.push(outcome);
      }
    }
  }
  if (messages.length) return messages;
  return { ignore: reasons.size ? [...reasons].join("; ") : "no messages" };
}

function fromMessage(raw: unknown, phoneNumberId: string): Outcome {
  const parsed = WhatsAppMessage.safeParse(raw);
  if (!parsed.success) return { ignore: "malformed message (no from or id)" };
  const m = parsed.data;
  const type = m.type ?? "unknown";
  if (SILENT.has(type)) return { ignore: `${type} messages need no answer` };
  const seconds = Number(m.timestamp);
  const replyTo: WhatsAppReplyTarget = { channel: "whatsapp", phoneNumberId, to: m.from, messageId: m.id };
  const base = {
    channel: "whatsapp" as const,
    conversationId: `wa:${phoneNumberId}:${m.from}`,
    messageId: `wa:${m.id}`,
    shopper: shopperKey.whatsapp(m.from),
    ...(Number.isFinite(seconds) && seconds > 0 ? { at: seconds * 1000 } : {}),
    replyTo,
  };
  switch (type) {
    case "text":
      return m.text?.body.trim() ? { ...base, text: m.text.body } : { ignore: "empty text" };
    case "interactive": {
      // button_reply / list_reply ids are the payloads we put on the buttons.
      const id = m.interactive?.button_reply?.id ?? m.interactive?.list_reply?.id;
      return id ? { ...base, button: id } : { ...base, unsupported: "other" };
    }
    case "button":
      // A template's quick-reply button: its payload when it has one, else its label as text.
      if (m.button?.payload) return { ...base, button: m.button.payload };
      return m.button?.text ? { ...base, text: m.button.text } : { ...base, unsupported: "other" };
    case "audio":
      return { ...base, unsupported: m.audio?.voice ? "voice" : "audio" };
    default: {
      // A caption is something the shopper wrote: the core answers it. An edit is never re-run.
      const caption = type === "edit" ? undefined : (m.image ?? m.video ?? m.document)?.caption?.trim();
      const mediaId = type === "image" && m.image?.id && MEDIA_ID.test(m.image.id) ? m.image.id : undefined;
      return {
        ...base,
        unsupported: UNSUPPORTED[type] ?? "other",
        ...(caption ? { text: caption } : {}),
        ...(mediaId ? { photo: { channel: "whatsapp" as const, mediaId } } : {}),
      };
    }
  }
}
