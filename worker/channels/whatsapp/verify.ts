import { constantTimeEqual } from "../../http/crypto.js";

/** Meta signs every webhook POST: `sha256=<hex HMAC-SHA256(app secret, raw body)>`. */
export const WHATSAPP_SIGNATURE_HEADER = "X-Hub-Signature-256";

const encoder = new TextEncoder();
const SIGNATURE = /^sha256=([0-9a-fA-F]{64})$/;

function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

function bodyBytes(raw: string | ArrayBuffer | Uint8Array): Uint8Array<ArrayBuffer> {
  if (typeof raw === "string") return new Uint8Array(encoder.encode(raw));
  // A view is copied: it may sit on a SharedArrayBuffer, which WebCrypto refuses.
  return raw instanceof Uint8Array ? Uint8Array.from(raw) : new Uint8Array(raw);
}

/**
 * Checks X-Hub-Signature-256 against the raw body with WebCrypto (Workers and
 * Node ≥ 20). `crypto.subtle.verify` compares in constant time. Fails closed:
 * no app secret, no header or a malformed header is `false`.
 *
 * Pass the bytes as received (`await c.req.arrayBuffer()`), not a re-serialised
 * JSON: Meta signs its exact bytes, escapes included. A string is UTF-8 encoded.
 *
 * @example await verifyWhatsAppSignature("test", "sha256=0c61947b…", "TEST_APP_SECRET") // true
 */
export async function verifyWhatsAppSignature(
  rawBody: string | ArrayBuffer | Uint8Array,
  header: string | null | undefined,
  appSecret: string | undefined,
): Promise<boolean> {
  if (!appSecret || !header) return false;
  const match = SIGNATURE.exec(header.trim());
  if (!match) return false;
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(appSecret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["verify"],
  );
  return crypto.subtle.verify("HMAC", key, hexToBytes(match[1] as string), bodyBytes(rawBody));
}

export type HandshakeResult =
  | { ok: true; challenge: string }
  /** 404: no verify token configured (the endpoint does not exist); 403: wrong token or mode; 400: no usable challenge. */
  | { ok: false; status: 400 | 403 | 404; reason: string };

/** Meta's challenges are numbers; anything else printable and short is echoed too, never markup. */
const CHALLENGE = /^[A-Za-z0-9_.-]{1,256}$/;

/**
 * The GET handshake Meta makes when the webhook URL is saved:
 * `?hub.mode=subscribe&hub.verify_token=<ours>&hub.challenge=<n>` → 200 with
 * the challenge as the plain-text body. Fails closed without a verify token.
 *
 * @example
 * const r = verifyHandshake(new URL(c.req.url).searchParams, c.env.WHATSAPP_VERIFY_TOKEN);
 * return r.ok ? c.text(r.challenge) : c.text(r.reason, r.status);
 */
export function verifyHandshake(
  query: URLSearchParams | Record<string, string | undefined>,
  verifyToken: string | undefined,
): HandshakeResult {
  const get = (name: string) => (query instanceof URLSearchParams ? (query.get(name) ?? undefined) : query[name]);
  if (!verifyToken) return { ok: false, status: 404, reason: "WhatsApp webhook is not configured" };
  if (get("hub.mode") !== "subscribe") return { ok: false, status: 403, reason: "hub.mode must be subscribe" };
  if (!constantTimeEqual(get("hub.verify_token") ?? "", verifyToken))
    return { ok: false, status: 403, reason: "verify token does not match" };
  const challenge = get("hub.challenge");
  if (!challenge || !CHALLENGE.test(challenge))
    return { ok: false, status: 400, reason: "hub.challenge missing or malformed" };
  return { ok: true, challenge };
}
