import type { ChannelName } from "./inbound.js";

/**
 * Outbound failures, kept apart the way grammY does (GrammyError / HttpError /
 * BotError, grammyjs/grammY src/core/error.ts): the provider said no, the
 * network failed, or we are misconfigured. Anything else thrown is our bug.
 * Messages never contain the bot token, the access token or a request body.
 */
export type ChannelErrorKind =
  /** 429 after the bounded retries: try later (`retryAfterSeconds`). */
  | "rate_limited"
  /** The shopper blocked the bot / left the chat: stop sending, it is not a failure of ours. */
  | "blocked"
  /** The token is wrong or revoked. */
  | "unauthorized"
  /** The provider refused the request's content: most likely our bug (a render that broke a limit). */
  | "bad_request"
  /** Chat, message or query not found (old callback, deleted message). */
  | "not_found"
  | "server_error";

/** The provider answered, and the answer is no. */
export class ChannelApiError extends Error {
  override readonly name: string = "ChannelApiError";
  constructor(
    readonly channel: ChannelName,
    readonly method: string,
    /** HTTP status of the last answer. */
    readonly status: number,
    /** Telegram `error_code` or Graph `error.code`. */
    readonly code: number,
    /** The provider's own description (no secrets in it). */
    readonly description: string,
    readonly kind: ChannelErrorKind,
    readonly retryAfterSeconds?: number,
  ) {
    super(`${channel} ${method} failed (${code}): ${description}`);
  }
}

/** Still rate limited when the retry budget ran out. */
export class ChannelRateLimitError extends ChannelApiError {
  override readonly name = "ChannelRateLimitError";
}

/** No usable answer: DNS, connection, timeout, or a non-JSON page from a proxy. */
export class ChannelNetworkError extends Error {
  override readonly name = "ChannelNetworkError";
  constructor(
    readonly channel: ChannelName,
    readonly method: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${channel} ${method}: ${message}`, options);
  }
}

/** A required setting (token, base URL) is missing or malformed. */
export class ChannelConfigError extends Error {
  override readonly name = "ChannelConfigError";
}
