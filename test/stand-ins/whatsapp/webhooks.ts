// Inbound webhook bodies as the Cloud API sends them
// (https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/payload-examples),
// signed with X-Hub-Signature-256, and their delivery. The builders and the
// signer are exported so tests that post to the worker themselves
// (workerd's SELF.fetch) use the same bytes and never hard-code a signature.
import { createHmac, randomBytes } from "node:crypto";
import type { Tamper, WebhookDelivery, WhatsAppState } from "./state.js";

/** `sha256=<hex HMAC-SHA256(appSecret, body)>`: the X-Hub-Signature-256 header value. */
export function signWhatsAppBody(body: string | Uint8Array, appSecret: string): string {
  return `sha256=${createHmac("sha256", appSecret).update(body).digest("hex")}`;
}

export function newWamid(): string {
  return `wamid.${randomBytes(24).toString("base64")}`;
}

export interface Business {
  phoneNumberId: string;
  displayPhoneNumber: string;
}

export interface InboundShopper {
  /** The shopper's wa_id (phone number, digits only). */
  from: string;
  name?: string;
}

type Obj = Record<string, unknown>;

/** The envelope around one change of the `messages` field. */
export function webhookBody(business: Business, value: Obj): Obj {
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: "102290129340398",
        changes: [
          {
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: business.displayPhoneNumber, phone_number_id: business.phoneNumberId },
              ...value,
            },
            field: "messages",
          },
        ],
      },
    ],
  };
}

/**
 * A body carrying one message from the shopper. `message` is merged into the
 * message: `{ type: "text", text: { body } }`, `{ type: "image", image: {…} }`, …
 */
export function inboundMessageBody(
  business: Business,
  shopper: InboundShopper,
  message: Obj & { type: string },
  id = newWamid(),
): Obj {
  return webhookBody(business, {
    contacts: [{ profile: { name: shopper.name ?? "Shopper" }, wa_id: shopper.from }],
    messages: [{ from: shopper.from, id, timestamp: String(Math.floor(Date.now() / 1000)), ...message }],
  });
}

export function textMessage(body: string): Obj & { type: string } {
  return { type: "text", text: { body } };
}

/** A tap on a reply button (`kind: "button"`) or a list row (`kind: "list"`) of message `contextId`. */
export function replyMessage(
  kind: "button" | "list",
  reply: { id: string; title: string; description?: string },
  contextId?: string,
): Obj & { type: string } {
  return {
    ...(contextId ? { context: { from: "15550783881", id: contextId } } : {}),
    type: "interactive",
    interactive:
      kind === "button" ? { type: "button_reply", button_reply: reply } : { type: "list_reply", list_reply: reply },
  };
}

/** A delivery status of a message we sent. */
export function statusBody(
  business: Business,
  input: { wamid: string; recipient: string; status: "sent" | "delivered" | "read" | "failed" },
): Obj {
  return webhookBody(business, {
    statuses: [
      {
        id: input.wamid,
        status: input.status,
        timestamp: String(Math.floor(Date.now() / 1000)),
        recipient_id: input.recipient,
      },
    ],
  });
}

function tampered(body: string, secret: string, tamper: Tamper | undefined): { body: string; signature?: string } {
  switch (tamper) {
    case undefined:
      return { body, signature: signWhatsAppBody(body, secret) };
    case "signature":
      return { body, signature: signWhatsAppBody(body, `${secret}-wrong`) };
    case "body":
      return { body: body.replace(/}$/, ',"tampered":true}'), signature: signWhatsAppBody(body, secret) };
    case "missing":
      return { body };
  }
}

/** POSTs a body to the webhook, signed like Meta unless `tamper` says otherwise. */
export async function deliverBody(
  state: WhatsAppState,
  value: Obj,
  kind: string,
  tamper?: Tamper,
): Promise<WebhookDelivery | { delivered: false; reason: string }> {
  const target = state.webhook;
  if (!target) return { delivered: false, reason: "no webhook target set" };
  const sent = tampered(JSON.stringify(value), target.appSecret, tamper);
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (sent.signature) headers["X-Hub-Signature-256"] = sent.signature;
  const record: WebhookDelivery = {
    url: target.url,
    kind,
    status: 0,
    ok: false,
    at: Date.now(),
    ...(tamper ? { tamper } : {}),
  };
  try {
    const response = await fetch(target.url, {
      method: "POST",
      headers,
      body: sent.body,
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
