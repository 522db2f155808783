import type { Reply } from "../agent/reply.js";

/**
 * Button payloads that do not fit a channel's limit travel as short tokens.
 *
 * Telegram's callback_data is 1-64 bytes (https://core.telegram.org/bots/api#inlinekeyboardbutton);
 * WhatsApp allows 256 (reply button id) and 200 (list row id) characters.
 * Today's payloads (worker/agent/payloads.ts) are at most ~50 bytes, so this
 * is a safety net, not the common path.
 *
 * The token is a deterministic hash, so rendering stays pure: the conversation
 * Durable Object stores `{ token → payload }` for every `stored` entry before
 * it sends the reply, and resolves a pressed token with `resolvePayloadToken`.
 * A token is never trusted more than a payload: the executor validates the
 * resolved payload like any other.
 */
export const PAYLOAD_TOKEN_PREFIX = "t:";
export const TELEGRAM_CALLBACK_DATA_MAX_BYTES = 64;

export interface PayloadToken {
  readonly token: string;
  readonly payload: string;
}

const encoder = new TextEncoder();

export function utf8Length(s: string): number {
  return encoder.encode(s).length;
}

/** cyrb53 (public domain, github.com/bryc/code): a fast 53-bit string hash. Not a MAC, only a name. */
function cyrb53(s: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** `t:` + 106 bits of hash in base 36: at most 24 ASCII bytes. */
function tokenFor(payload: string): string {
  return PAYLOAD_TOKEN_PREFIX + cyrb53(payload, 1).toString(36) + cyrb53(payload, 2).toString(36).padStart(11, "0");
}

export function isPayloadToken(data: string): boolean {
  return data.startsWith(PAYLOAD_TOKEN_PREFIX);
}

/**
 * The data to put on the button for `payload`, and the mapping to store when
 * it had to be shortened. Also shortens an empty payload and one that itself
 * starts with `t:`, so every `t:` that comes back is a token.
 *
 * @example shortenPayload("pay:q_0123456789abcdef01234567") // { data: "pay:q_0123456789abcdef01234567" }
 * @example shortenPayload("x".repeat(80)) // { data: "t:…", stored: { token: "t:…", payload: "xxx…" } }
 */
export function shortenPayload(
  payload: string,
  maxBytes = TELEGRAM_CALLBACK_DATA_MAX_BYTES,
): { data: string; stored?: PayloadToken } {
  if (payload !== "" && !isPayloadToken(payload) && utf8Length(payload) <= maxBytes) return { data: payload };
  const token = tokenFor(payload);
  return { data: token, stored: { token, payload } };
}

/** Telegram callback_data for `payload` (≤ 64 bytes). */
export function callbackToken(payload: string): string {
  return shortenPayload(payload).data;
}

/** Every mapping a reply needs stored before it is sent, for a channel limit of `maxBytes`. */
export function payloadTokens(
  reply: Pick<Reply, "buttons">,
  maxBytes = TELEGRAM_CALLBACK_DATA_MAX_BYTES,
): PayloadToken[] {
  return reply.buttons.flatMap((b) => {
    const { stored } = shortenPayload(b.payload, maxBytes);
    return stored ? [stored] : [];
  });
}

/**
 * The original payload of pressed button data: itself, or the stored payload
 * of a token; undefined for a token nobody stored (expired, or forged).
 */
export function resolvePayloadToken(data: string, lookup: (token: string) => string | undefined): string | undefined {
  return isPayloadToken(data) ? lookup(data) : data;
}
