import {
  ChannelApiError,
  ChannelConfigError,
  ChannelNetworkError,
  ChannelRateLimitError,
  type ChannelErrorKind,
} from "../errors.js";
import { postJson, retryPolicy, withRetries, type ClientOptions, type FetchLike } from "../http.js";
import type { SendInvoiceParams } from "./invoice.js";
import type {
  AnswerCallbackQueryParams,
  AnswerPreCheckoutQueryParams,
  EditMessageReplyMarkupParams,
  SendMessageParams,
  TelegramCall,
} from "./render.js";

export const TELEGRAM_API_BASE_DEFAULT = "https://api.telegram.org";

/** The settings the Telegram channel reads (add them to the Worker's Env). */
export interface TelegramSettings {
  /** From @BotFather: "123456:ABC-…". */
  TELEGRAM_BOT_TOKEN?: string;
  /** The setWebhook `secret_token`; unset = the webhook accepts nothing. */
  TELEGRAM_WEBHOOK_SECRET?: string;
  /** Bot API base URL; unset = https://api.telegram.org. Tests point it at the stand-in. */
  TELEGRAM_API_BASE?: string;
  /**
   * From @BotFather → the bot → Payments (e.g. Stripe's test provider: "…:TEST:…").
   * Set = a Telegram confirmation sends an invoice paid inside the chat instead of a payment link.
   */
  TELEGRAM_PAYMENT_PROVIDER_TOKEN?: string;
}

/** The parts of a sent Message we use. */
export interface TelegramSentMessage {
  message_id: number;
  chat: { id: number };
  [key: string]: unknown;
}

export interface SetWebhookParams {
  url: string;
  secret_token?: string;
  allowed_updates?: string[];
  drop_pending_updates?: boolean;
  max_connections?: number;
}

export interface TelegramWebhookInfo {
  url: string;
  has_custom_certificate: boolean;
  pending_update_count: number;
  allowed_updates?: string[];
  last_error_date?: number;
  last_error_message?: string;
  max_connections?: number;
  [key: string]: unknown;
}

export interface TelegramClient {
  /** Any Bot API method; resolves to `result`, throws ChannelApiError / ChannelRateLimitError / ChannelNetworkError. */
  call<T = unknown>(method: string, params?: object): Promise<T>;
  /** A rendered call (see render.ts). */
  run(call: TelegramCall): Promise<unknown>;
  sendMessage(params: SendMessageParams): Promise<TelegramSentMessage>;
  answerCallbackQuery(params: AnswerCallbackQueryParams): Promise<true>;
  /** Without `reply_markup` it removes the keyboard. */
  editMessageReplyMarkup(params: EditMessageReplyMarkupParams): Promise<TelegramSentMessage | true>;
  /** Adds TELEGRAM_PAYMENT_PROVIDER_TOKEN; throws ChannelConfigError when it is unset. */
  sendInvoice(params: SendInvoiceParams): Promise<TelegramSentMessage>;
  answerPreCheckoutQuery(params: AnswerPreCheckoutQueryParams): Promise<true>;
  setWebhook(params: SetWebhookParams): Promise<true>;
  getWebhookInfo(): Promise<TelegramWebhookInfo>;
}

interface BotApiAnswer {
  ok?: boolean;
  result?: unknown;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

function kindOf(status: number, description: string): ChannelErrorKind {
  if (status === 429) return "rate_limited";
  if (status === 401) return "unauthorized";
  if (status === 403) return "blocked";
  if (status >= 500) return "server_error";
  // "Bad Request: chat not found", "message to edit not found", "query is too old … or query ID is invalid"
  if (status === 404 || /not found|too old|query id is invalid/i.test(description)) return "not_found";
  return "bad_request";
}

/**
 * A small Bot API client: POST `<base>/bot<token>/<method>` with a JSON body.
 * A 429 is retried after Telegram's `parameters.retry_after`, at most
 * `maxTries` (3) times and `maxWaitMs` (5 s) in total; past that it throws
 * ChannelRateLimitError with the wait Telegram asked for. Nothing else is
 * retried: a sendMessage that may have arrived must not be sent twice.
 *
 * @example
 * const tg = telegramClient(env);            // env.TELEGRAM_BOT_TOKEN, env.TELEGRAM_API_BASE
 * for (const call of renderTelegram(reply, target)) await tg.run(call);
 */
export function telegramClient(
  env: TelegramSettings,
  fetchFn: FetchLike = (input, init) => fetch(input, init),
  options: ClientOptions = {},
): TelegramClient {
  const token = env.TELEGRAM_BOT_TOKEN;
  if (!token) throw new ChannelConfigError("TELEGRAM_BOT_TOKEN is not set");
  const base = (env.TELEGRAM_API_BASE || TELEGRAM_API_BASE_DEFAULT).replace(/\/+$/, "");
  const policy = retryPolicy(options);

  async function call<T>(method: string, params: object = {}): Promise<T> {
    return withRetries(policy, async () => {
      const answer = await postJson(
        "telegram",
        method,
        fetchFn,
        `${base}/bot${token}/${method}`,
        {},
        params,
        policy.timeoutMs,
        token,
      );
      const body = (answer.json ?? {}) as BotApiAnswer;
      if (body.ok === true) return { done: true, value: body.result as T };
      if (body.ok !== false)
        throw new ChannelNetworkError("telegram", method, `HTTP ${answer.status} without a Bot API answer`);
      const code = body.error_code ?? answer.status;
      const description = body.description ?? `HTTP ${answer.status}`;
      if (code === 429) {
        const retryAfter = body.parameters?.retry_after ?? 1;
        const error = new ChannelRateLimitError(
          "telegram",
          method,
          answer.status,
          code,
          description,
          "rate_limited",
          retryAfter,
        );
        return { done: false, waitMs: retryAfter * 1000, error };
      }
      throw new ChannelApiError("telegram", method, answer.status, code, description, kindOf(code, description));
    });
  }

  // The provider token is added here, at the last moment, so no stored reply holds it.
  const sendInvoice = async (params: SendInvoiceParams) => {
    const providerToken = env.TELEGRAM_PAYMENT_PROVIDER_TOKEN;
    if (!providerToken) throw new ChannelConfigError("TELEGRAM_PAYMENT_PROVIDER_TOKEN is not set");
    return call<TelegramSentMessage>("sendInvoice", { ...params, provider_token: providerToken });
  };

  return {
    call,
    run: (c) => (c.method === "sendInvoice" ? sendInvoice(c.params) : call(c.method, c.params)),
    sendInvoice,
    answerPreCheckoutQuery: (params) => call("answerPreCheckoutQuery", params),
    sendMessage: (params) => call("sendMessage", params),
    answerCallbackQuery: (params) => call("answerCallbackQuery", params),
    editMessageReplyMarkup: (params) => call("editMessageReplyMarkup", params),
    setWebhook: (params) => call("setWebhook", params),
    getWebhookInfo: () => call("getWebhookInfo"),
  };
}
