/**
 * The channel inbox's triage: what the Conversation DO does with a Telegram
 * or WhatsApp message, decided before any I/O. Either an answer at once (an
 * expired button, something we cannot read, a text over the limit), or a
 * chat turn (for a photo, after its bytes are fetched). answerInbound then
 * carries the step out through the conversation's ports.
 */
import { storedReply } from "../agent/chat-json.js";
import type { Reply } from "../agent/reply.js";
import type { ChatOutcome, ChatRequest } from "../agent/turn.js";
import { unsupportedReply, type InboundMessage, type PhotoRef } from "./inbound.js";
import { resolvePayloadToken } from "./payload-tokens.js";
import { PHOTO_UNOPENED_TEXT } from "./photo-download.js";
import type { InvoiceContent } from "./telegram/invoice.js";
import type { InvoiceReply } from "./telegram/render.js";

/** The storefront's limit, applied to every channel so a turn costs the same everywhere. */
export const MAX_CHANNEL_TEXT = 2000;

export type InboxStep =
  | { readonly kind: "answer"; readonly reply: Reply; readonly pressed: null }
  | {
      readonly kind: "turn";
      readonly request: ChatRequest;
      /** A photo a vision model will look at: fetch it, then run the turn with it. */
      readonly photo?: PhotoRef;
      /** The pressed button's payload (resolved), for the channel to settle the press. */
      readonly pressed: string | null;
    };

export interface InboxDeps {
  /** The payload a `t:` token stands for, as this conversation stored it. */
  readonly token: (token: string) => string | undefined;
  /** Whether a vision model would look at a photo (else it is not even downloaded). */
  readonly photosSeen: boolean;
}

export function triageInbound(m: InboundMessage, deps: InboxDeps): InboxStep {
  const button = m.button === undefined ? undefined : resolvePayloadToken(m.button, deps.token);
  const request = { conversationId: m.conversationId, messageId: m.messageId, principal: m.shopper };
  const answer = (reply: Reply): InboxStep => ({ kind: "answer", reply, pressed: null });
  if (m.button !== undefined && button === undefined) return answer(EXPIRED_BUTTON);
  if (button !== undefined) return { kind: "turn", request: { ...request, button }, pressed: button };
  const text = (m.text ?? "").trim();
  if (m.photo && deps.photosSeen) {
    return { kind: "turn", request: { ...request, ...(text ? { text } : {}) }, photo: m.photo, pressed: null };
  }
  if (m.unsupported && !m.text) return answer(unsupportedReply(m.unsupported));
  if (text.length > MAX_CHANNEL_TEXT) return answer(TOO_LONG);
  return { kind: "turn", request: { ...request, text: text || "help" }, pressed: null };
}

/** What answering a message needs from its conversation (the Conversation Durable Object). */
export interface InboxPorts extends InboxDeps {
  /** The photo as a data: URL for the vision model; null when it could not be opened. */
  readonly openPhoto: (photo: PhotoRef) => Promise<string | null>;
  /** The chat turn; `andThen` gets a fresh Reply inside the transaction that keeps the turn. */
  readonly turn: (req: ChatRequest, andThen: (reply: Reply) => void) => Promise<ChatOutcome>;
  /** The Telegram invoice the last turn asked for, once (TELEGRAM_PAYMENT_PROVIDER_TOKEN). */
  readonly takeInvoice: () => InvoiceContent | null;
  /** Marks the message handled and queues its reply to the channel. */
  readonly handled: (reply: Reply, pressed: string | null) => void;
  /** Writes that land together or not at all (the object's transactionSync). */
  readonly atomically: (writes: () => void) => void;
}

/**
 * Answers one inbound message, exactly once: at once, or by a chat turn. A
 * fresh Reply is queued in the turn's own transaction; a replay, a refusal
 * or a photo that would not open is answered in a transaction of its own.
 */
export async function answerInbound(m: InboundMessage, ports: InboxPorts): Promise<void> {
  const step = triageInbound(m, ports);
  const imageUrl = step.kind === "turn" && step.photo ? await ports.openPhoto(step.photo) : undefined;
  if (step.kind === "answer" || imageUrl === null) {
    const reply = step.kind === "answer" ? step.reply : PHOTO_UNOPENED_REPLY;
    return ports.atomically(() => ports.handled(reply, step.pressed));
  }
  // A Telegram invoice of this turn rides on its reply (not a photo's: a photo only searches).
  const withInvoice = (reply: Reply) => {
    const invoice = step.photo ? null : ports.takeInvoice();
    ports.handled(invoice ? ({ ...reply, invoice } as InvoiceReply) : reply, step.pressed);
  };
  const outcome = await ports.turn({ ...step.request, ...(imageUrl ? { imageUrl } : {}) }, withInvoice);
  if (outcome.kind !== "ok" || outcome.replayed) ports.atomically(() => withInvoice(outcomeReply(outcome)));
}

/**
 * The channel's answer to a turn that produced no fresh Reply: a replay (the
 * stored body's reply), a checkout gate's refusal, or a chat that belongs to
 * another shopper (a group chat with two people in it).
 */
export function outcomeReply(outcome: ChatOutcome): Reply {
  if (outcome.kind === "ok") return storedReply(outcome.body.reply);
  if (outcome.kind === "rate_limited") return { text: outcome.refusal.text, buttons: [] };
  return { text: "This chat's cart belongs to another shopper. Message me privately to shop.", buttons: [] };
}

/** A photo that could not be fetched (too large, hung, not an image). */
export const PHOTO_UNOPENED_REPLY: Reply = {
  text: PHOTO_UNOPENED_TEXT,
  buttons: [{ label: "Help", payload: "help" }],
};

const EXPIRED_BUTTON: Reply = { text: "That button has expired. Tell me what you'd like, or say “help”.", buttons: [] };

const TOO_LONG: Reply = {
  text: `That message is too long for me (over ${MAX_CHANNEL_TEXT} characters). Could you say it in fewer words?`,
  buttons: [],
};
