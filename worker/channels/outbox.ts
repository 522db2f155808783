/**
 * The send-retry policy for channel messages (replies and payment news): the
 * one place that decides what a failed send means. The queue itself lives in
 * the Conversation DO's SQLite (objects/channel-store.ts); this module reads
 * it, sends, and records the outcome.
 */
import type { Reply } from "../agent/reply.js";
import { ChannelApiError, ChannelConfigError, ChannelNetworkError, ChannelRateLimitError } from "./errors.js";
import type { ReplyTarget } from "./inbound.js";
import { deliverReply, type ChannelSettings } from "./outbound.js";
import type { PayloadToken } from "./payload-tokens.js";

/** Backoff for a reply the provider did not take: 1 s, 5 s, 30 s, 2 min, 10 min, then give up. */
export const SEND_BACKOFF_MS = [1_000, 5_000, 30_000, 120_000, 600_000] as const;

export interface PendingSend {
  id: number;
  reply: Reply;
  target: ReplyTarget;
  pressed: string | null;
  attempts: number;
}

/** Where queued sends are kept. */
export interface Outbox {
  dueSends(now: number): PendingSend[];
  sent(id: number): void;
  /** Counts the attempt and sends again at `at`. */
  retry(id: number, error: string, at: number): void;
  /** Counts the attempt and never sends it again. */
  drop(id: number, error: string): void;
  saveTokens(tokens: PayloadToken[]): void;
}

export interface FailedSend {
  readonly error: string;
  /** When to try again; null: give up. */
  readonly retryAt: number | null;
  /** Not a provider's or the network's answer: our bug or our configuration, worth a log line. */
  readonly unexpected: boolean;
}

/**
 * A provider that refused the content, or a shopper who blocked the bot, will
 * refuse again: dropped at once, as is a send we are not configured for. A
 * rate limit, a network failure or any other provider answer is retried with
 * backoff until the steps run out.
 */
export function failedSend(err: unknown, attempts: number, now: number): FailedSend {
  const final =
    err instanceof ChannelApiError &&
    (err.kind === "blocked" || err.kind === "bad_request" || err.kind === "unauthorized");
  const unexpected =
    !final &&
    !(err instanceof ChannelApiError) &&
    !(err instanceof ChannelNetworkError) &&
    !(err instanceof ChannelRateLimitError);
  const step = SEND_BACKOFF_MS[attempts];
  const retryAt = final || err instanceof ChannelConfigError || step === undefined ? null : now + step;
  return { error: err instanceof Error ? err.message : String(err), retryAt, unexpected };
}

export interface SendOptions {
  readonly deliver?: typeof deliverReply;
  readonly now?: () => number;
}

/** Sends the due messages in order; one the provider took is never sent again. */
export async function sendDue(env: ChannelSettings, outbox: Outbox, options: SendOptions = {}): Promise<void> {
  const deliver = options.deliver ?? deliverReply;
  const now = options.now ?? Date.now;
  for (const job of outbox.dueSends(now())) {
    try {
      await deliver(env, job.reply, job.target, {
        ...(job.pressed ? { pressed: job.pressed } : {}),
        saveTokens: (tokens) => outbox.saveTokens(tokens),
      });
      outbox.sent(job.id);
    } catch (err) {
      const failed = failedSend(err, job.attempts, now());
      if (failed.unexpected) console.error("channel send failed", err instanceof Error ? err.message : err);
      if (failed.retryAt === null) outbox.drop(job.id, failed.error);
      else outbox.retry(job.id, failed.error, failed.retryAt);
    }
  }
}
