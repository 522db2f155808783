import type { Button, Reply } from "../../agent/reply.js";
import type { ProductSummary } from "../../catalog/types.js";
import { formatMoney } from "../../commerce/format.js";
import type { WhatsAppReplyTarget } from "../inbound.js";
import { shortenPayload } from "../payload-tokens.js";
import { splitTail, splitText } from "../split-text.js";
import { fitTitle, uniqueTitles } from "./titles.js";

/**
 * Limits of the Cloud API's messages
 * (https://developers.facebook.com/docs/whatsapp/cloud-api/messages/interactive-reply-buttons-messages,
 * …/interactive-list-messages).
 */
export const WHATSAPP_LIMITS = {
  text: 4096,
  interactiveBody: 1024,
  footer: 60,
  replyButtons: 3,
  buttonTitle: 20,
  buttonId: 256,
  listRows: 10,
  rowTitle: 24,
  rowDescription: 72,
  rowId: 200,
  listButton: 20,
} as const;

const CHOOSE = "Please choose:";

export interface WhatsAppTextMessage {
  messaging_product: "whatsapp";
  recipient_type: "individual";
  to: string;
  type: "text";
  text: { body: string; preview_url?: boolean };
}

export interface WhatsAppReplyButton {
  type: "reply";
  reply: { id: string; title: string };
}

export interface WhatsAppListRow {
  id: string;
  title: string;
  description?: string;
}

export type WhatsAppInteractive =
  | { type: "button"; body: { text: string }; footer?: { text: string }; action: { buttons: WhatsAppReplyButton[] } }
  | {
      type: "list";
      body: { text: string };
      footer?: { text: string };
      action: { button: string; sections: { title?: string; rows: WhatsAppListRow[] }[] };
    };

export interface WhatsAppInteractiveMessage {
  messaging_product: "whatsapp";
  recipient_type: "individual";
  to: string;
  type: "interactive";
  interactive: WhatsAppInteractive;
}

export type WhatsAppMessage = WhatsAppTextMessage | WhatsAppInteractiveMessage;

/** One POST /<phoneNumberId>/messages, as data. */
export interface WhatsAppCall {
  phoneNumberId: string;
  message: WhatsAppMessage;
}

export interface WhatsAppRenderOptions {
  /** Locale for prices in list row descriptions (default "en-US"). */
  locale?: string;
  /** The list's menu button (default "Choose"). */
  listButton?: string;
}

/**
 * A reply as Cloud API messages:
 * - no buttons: text messages, split at 4096 characters;
 * - 1-3 buttons: reply buttons (titles fitted to 20 characters, unique; id = payload);
 * - 4+ buttons: a list (row title 24, description 72; a product's brand and
 *   price as the description when the row shows one), first 10 and a footer
 *   saying how many there were.
 * An interactive body holds 1024 characters, so a longer text goes first as
 * plain messages and the last lines (a quote's total) stay with the buttons.
 * Ids over WhatsApp's limits become `t:` tokens (store `payloadTokens(reply, 200)`).
 */
export function renderWhatsApp(
  reply: Reply,
  target: Pick<WhatsAppReplyTarget, "phoneNumberId" | "to">,
  options: WhatsAppRenderOptions = {},
): WhatsAppCall[] {
  const envelope = { messaging_product: "whatsapp", recipient_type: "individual", to: target.to } as const;
  const text = (body: string): WhatsAppCall => ({
    phoneNumberId: target.phoneNumberId,
    message: { ...envelope, type: "text", text: { body } },
  });
  // Ids must be unique in a message; a repeated payload is the same choice.
  const buttons = reply.buttons.filter((b, i) => reply.buttons.findIndex((x) => x.payload === b.payload) === i);
  if (buttons.length === 0) return splitText(reply.text, WHATSAPP_LIMITS.text).map(text);

  const { head, tail } = splitTail(reply.text.trim(), WHATSAPP_LIMITS.interactiveBody);
  const body = { text: tail || CHOOSE };
  const interactive: WhatsAppInteractive =
    buttons.length <= WHATSAPP_LIMITS.replyButtons
      ? replyButtons(buttons, body)
      : list(buttons, body, reply.products ?? [], options);
  return [
    ...splitText(head, WHATSAPP_LIMITS.text).map(text),
    { phoneNumberId: target.phoneNumberId, message: { ...envelope, type: "interactive", interactive } },
  ];
}

function replyButtons(buttons: readonly Button[], body: { text: string }): WhatsAppInteractive {
  const titles = uniqueTitles(
    buttons.map((b) => b.label),
    WHATSAPP_LIMITS.buttonTitle,
  );
  return {
    type: "button",
    body,
    action: {
      buttons: buttons.map((b, i) => ({
        type: "reply",
        reply: { id: shortenPayload(b.payload, WHATSAPP_LIMITS.buttonId).data, title: titles[i] as string },
      })),
    },
  };
}

function list(
  buttons: readonly Button[],
  body: { text: string },
  products: readonly ProductSummary[],
  options: WhatsAppRenderOptions,
): WhatsAppInteractive {
  const shown = buttons.slice(0, WHATSAPP_LIMITS.listRows);
  const titles = uniqueTitles(
    shown.map((b) => b.label),
    WHATSAPP_LIMITS.rowTitle,
  );
  const rows = shown.map((b, i): WhatsAppListRow => {
    const title = titles[i] as string;
    const described =
      describe(b, products, options.locale ?? "en-US") ?? (title !== b.label.trim() ? b.label : undefined);
    return {
      id: shortenPayload(b.payload, WHATSAPP_LIMITS.rowId).data,
      title,
      ...(described ? { description: fitTitle(described, WHATSAPP_LIMITS.rowDescription) } : {}),
    };
  });
  const more =
    buttons.length > shown.length ? { footer: { text: `Showing ${shown.length} of ${buttons.length} choices` } } : {};
  return {
    type: "list",
    body,
    ...more,
    action: { button: fitTitle(options.listButton ?? "Choose", WHATSAPP_LIMITS.listButton), sections: [{ rows }] },
  };
}

/** "Acme · from $49.00" for a row that shows a product of the reply. */
function describe(button: Button, products: readonly ProductSummary[], locale: string): string | undefined {
  const id = /^show:(.+)$/.exec(button.payload)?.[1];
  const p = id ? products.find((x) => x.id === id) : undefined;
  if (!p) return undefined;
  return `${p.brand} · from ${formatMoney(p.priceFrom, p.currency, locale)}${p.inStock ? "" : " · out of stock"}`;
}
