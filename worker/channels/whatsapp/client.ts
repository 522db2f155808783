import { ChannelApiError, ChannelConfigError, ChannelRateLimitError, type ChannelErrorKind } from "../errors.js";
import { postJson, retryPolicy, withRetries, type ClientOptions, type FetchLike } from "../http.js";
import type { WhatsAppCall, WhatsAppMessage } from "./render.js";

export const WHATSAPP_API_BASE_DEFAULT = "https://graph.facebook.com/v21.0";

/** The settings the WhatsApp channel reads (add them to the Worker's Env). */
export interface WhatsAppSettings {
  /** System-user access token with whatsapp_business_messaging. */
  WHATSAPP_ACCESS_TOKEN?: string;
  /** App secret: the X-Hub-Signature-256 key. Unset = every POST is refused. */
  WHATSAPP_APP_SECRET?: string;
  /** Our hub.verify_token for the GET handshake. Unset = the handshake is refused. */
  WHATSAPP_VERIFY_TOKEN?: string;
  /** Graph API base including the version; unset = https://graph.facebook.com/v21.0. Tests point it at the stand-in. */
  WHATSAPP_API_BASE?: string;
}

export interface WhatsAppSendResult {
  messaging_product: "whatsapp";
  contacts?: { input: string; wa_id: string }[];
  messages: { id: string; message_status?: string }[];
}

export interface WhatsAppClient {
  /** POST /<phoneNumberId>/messages. Throws ChannelApiError / ChannelRateLimitError / ChannelNetworkError. */
  send(phoneNumberId: string, message: WhatsAppMessage): Promise<WhatsAppSendResult>;
  run(call: WhatsAppCall): Promise<WhatsAppSendResult>;
}

interface GraphError {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  error_data?: { details?: string };
  fbtrace_id?: string;
}

/**
 * Graph error codes that mean "too fast, try again shortly"
 * (https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes):
 * 4 app rate limit, 80007 WABA rate limit, 130429 throughput.
 * 131056 (too many messages to one user) is not retried: seconds do not help.
 */
const THROTTLED = new Set([4, 80007, 130429]);

function kindOf(status: number, code: number): ChannelErrorKind {
  if (status === 429 || THROTTLED.has(code) || code === 131056) return "rate_limited";
  if (status === 401 || code === 190) return "unauthorized";
  // 131047: the 24-hour window closed; 131026: undeliverable (not on WhatsApp, blocked us, old app).
  if (code === 131047 || code === 131026) return "blocked";
  if (status === 404) return "not_found";
  return status >= 500 ? "server_error" : "bad_request";
}

/** Seconds from a Retry-After header, when Meta sends one. */
function retryAfterSeconds(headers: Headers): number | undefined {
  const value = Number(headers.get("retry-after"));
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/**
 * A small Cloud API client: POST `<base>/<phoneNumberId>/messages` with a
 * bearer token. 429, throttling codes and 5xx are retried with backoff
 * (250 ms, 500 ms, … or Retry-After), at most `maxTries` (3) and `maxWaitMs`
 * (5 s) in total. A 5xx retry can in rare cases send a message twice; WhatsApp
 * offers no idempotency key, and a lost reply is worse than a repeated one.
 *
 * @example
 * const wa = whatsappClient(env);
 * for (const call of renderWhatsApp(reply, target)) await wa.run(call);
 */
export function whatsappClient(
  env: WhatsAppSettings,
  fetchFn: FetchLike = (input, init) => fetch(input, init),
  options: ClientOptions = {},
): WhatsAppClient {
  const token = env.WHATSAPP_ACCESS_TOKEN;
  if (!token) throw new ChannelConfigError("WHATSAPP_ACCESS_TOKEN is not set");
  const base = (env.WHATSAPP_API_BASE || WHATSAPP_API_BASE_DEFAULT).replace(/\/+$/, "");
  const policy = retryPolicy(options);

  async function send(phoneNumberId: string, message: WhatsAppMessage): Promise<WhatsAppSendResult> {
    if (!/^[0-9A-Za-z_-]{1,64}$/.test(phoneNumberId))
      throw new ChannelConfigError(`not a phone number id: ${phoneNumberId.slice(0, 64)}`);
    let tries = 0;
    return withRetries(policy, async () => {
      tries++;
      const answer = await postJson(
        "whatsapp",
        "messages",
        fetchFn,
        `${base}/${phoneNumberId}/messages`,
        { authorization: `Bearer ${token}` },
        message,
        policy.timeoutMs,
        token,
      );
      const body = (answer.json ?? {}) as { error?: GraphError } & Partial<WhatsAppSendResult>;
      if (answer.status < 300 && !body.error && Array.isArray(body.messages))
        return { done: true, value: body as WhatsAppSendResult };
      const error = body.error ?? {};
      const code = error.code ?? answer.status;
      const description =
        [error.message, error.error_data?.details].filter(Boolean).join(": ") || `HTTP ${answer.status}`;
      const kind = kindOf(answer.status, code);
      const retryable = answer.status === 429 || answer.status >= 500 || THROTTLED.has(code);
      if (!retryable) throw new ChannelApiError("whatsapp", "messages", answer.status, code, description, kind);
      const after = retryAfterSeconds(answer.headers);
      const waitMs = after !== undefined ? after * 1000 : 250 * 2 ** (tries - 1);
      const Failure = kind === "rate_limited" ? ChannelRateLimitError : ChannelApiError;
      return {
        done: false,
        waitMs,
        error: new Failure("whatsapp", "messages", answer.status, code, description, kind, after),
      };
    });
  }

  return { send, run: (call) => send(call.phoneNumberId, call.message) };
}
