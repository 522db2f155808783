import { ChannelNetworkError } from "./errors.js";
import type { ChannelName } from "./inbound.js";

/** `fetch` as the clients use it; pass the global one, or a stub in tests. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface ClientOptions {
  /** Tries per call, the first included (default 3). */
  maxTries?: number;
  /** Longest total wait across retries (default 5000 ms). A longer retry_after gives up at once. */
  maxWaitMs?: number;
  /** Timeout of each request (default 10 000 ms). */
  timeoutMs?: number;
  /** Injectable for tests; defaults to setTimeout. */
  sleep?: (ms: number) => Promise<void>;
}

export interface RetryPolicy {
  maxTries: number;
  maxWaitMs: number;
  timeoutMs: number;
  sleep: (ms: number) => Promise<void>;
}

export function retryPolicy(options: ClientOptions = {}): RetryPolicy {
  return {
    maxTries: options.maxTries ?? 3,
    maxWaitMs: options.maxWaitMs ?? 5000,
    timeoutMs: options.timeoutMs ?? 10_000,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
  };
}

export type Attempt<T> = { done: true; value: T } | { done: false; waitMs: number; error: Error };

/**
 * Runs `attempt` until it is done, at most `maxTries` times and never
 * sleeping more than `maxWaitMs` in total; then throws the last error.
 * Bounded because a Durable Object holding a turn open for minutes helps
 * nobody: better to fail and let the caller say "try again".
 */
export async function withRetries<T>(policy: RetryPolicy, attempt: () => Promise<Attempt<T>>): Promise<T> {
  let waited = 0;
  for (let tries = 1; ; tries++) {
    const outcome = await attempt();
    if (outcome.done) return outcome.value;
    if (tries >= policy.maxTries || waited + outcome.waitMs > policy.maxWaitMs) throw outcome.error;
    await policy.sleep(outcome.waitMs);
    waited += outcome.waitMs;
  }
}

/** The cause of a failed fetch, as a plain error that cannot carry the secret (some runtimes put the URL in it). */
function scrubbed(error: unknown, secret: string | undefined): Error {
  const e = error as { name?: string; message?: string; cause?: { code?: string } };
  let message = `${e?.name ?? "Error"}: ${e?.message ?? String(error)}${e?.cause?.code ? ` (${e.cause.code})` : ""}`;
  if (secret) message = message.split(secret).join("<redacted>");
  return new Error(message);
}

export interface JsonAnswer {
  status: number;
  headers: Headers;
  json: unknown;
}

/**
 * One POST with a JSON body and a JSON answer. Anything that is not a JSON
 * answer (connection refused, timeout, an HTML error page from a proxy) is a
 * ChannelNetworkError. `label` names the call in errors; the URL is never
 * used in a message because Telegram's contains the bot token (`secret` is
 * also scrubbed from the cause).
 */
export async function postJson(
  channel: ChannelName,
  label: string,
  fetchFn: FetchLike,
  url: string,
  headers: Record<string, string>,
  body: unknown,
  timeoutMs: number,
  secret?: string,
): Promise<JsonAnswer> {
  let response: Response;
  try {
    response = await fetchFn(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const timedOut = (error as Error)?.name === "TimeoutError";
    throw new ChannelNetworkError(channel, label, timedOut ? `no answer within ${timeoutMs} ms` : "request failed", {
      cause: scrubbed(error, secret),
    });
  }
  const text = await response.text().catch(() => "");
  try {
    return { status: response.status, headers: response.headers, json: JSON.parse(text) as unknown };
  } catch {
    throw new ChannelNetworkError(channel, label, `HTTP ${response.status} without a JSON body`);
  }
}
