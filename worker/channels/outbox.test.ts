import { afterEach, describe, expect, it, vi } from "vitest";
import { ChannelApiError, ChannelConfigError, ChannelNetworkError, ChannelRateLimitError } from "./errors.js";
import { failedSend, SEND_BACKOFF_MS, sendDue, type Outbox, type PendingSend } from "./outbox.js";
import type { deliverReply } from "./outbound.js";

const apiError = (kind: ChannelApiError["kind"]) =>
  new ChannelApiError("telegram", "sendMessage", 400, 400, `no (${kind})`, kind);

describe("failedSend: the retry policy", () => {
  it("retries a rate limit, a network failure, a server error or an old message with the backoff step of the attempt", () => {
    const errors = [
      new ChannelRateLimitError("telegram", "sendMessage", 429, 429, "slow down", "rate_limited", 3),
      new ChannelNetworkError("whatsapp", "messages", "connection reset"),
      apiError("server_error"),
      apiError("not_found"),
    ];
    for (const err of errors) {
      SEND_BACKOFF_MS.forEach((step, attempts) => {
        expect(failedSend(err, attempts, 1_000_000)).toEqual({
          error: err.message,
          retryAt: 1_000_000 + step,
          unexpected: false,
        });
      });
    }
  });

  it("gives up after the last backoff step", () => {
    const v = failedSend(new ChannelNetworkError("telegram", "sendMessage", "timeout"), SEND_BACKOFF_MS.length, 5);
    expect(v.retryAt).toBeNull();
  });

  it("drops at once what the provider will refuse again: blocked, bad request, unauthorized", () => {
    for (const kind of ["blocked", "bad_request", "unauthorized"] as const) {
      expect(failedSend(apiError(kind), 0, 5)).toEqual({
        error: `telegram sendMessage failed (400): no (${kind})`,
        retryAt: null,
        unexpected: false,
      });
    }
  });

  it("drops a send we are not configured for, and says so in the log", () => {
    expect(failedSend(new ChannelConfigError("TELEGRAM_BOT_TOKEN is not set"), 0, 5)).toEqual({
      error: "TELEGRAM_BOT_TOKEN is not set",
      retryAt: null,
      unexpected: true,
    });
  });

  it("retries a bug of ours (anything else thrown) and logs it", () => {
    expect(failedSend(new TypeError("x is undefined"), 1, 10)).toEqual({
      error: "x is undefined",
      retryAt: 10 + SEND_BACKOFF_MS[1],
      unexpected: true,
    });
    expect(failedSend("a string", 0, 0)).toMatchObject({ error: "a string", retryAt: SEND_BACKOFF_MS[0] });
  });
});

class MemoryOutbox implements Outbox {
  readonly log: string[] = [];
  readonly tokens: { token: string; payload: string }[] = [];
  constructor(readonly jobs: PendingSend[]) {}
  dueSends(): PendingSend[] {
    return this.jobs;
  }
  sent(id: number): void {
    this.log.push(`sent ${id}`);
  }
  retry(id: number, error: string, at: number): void {
    this.log.push(`retry ${id} at ${at}: ${error}`);
  }
  drop(id: number, error: string): void {
    this.log.push(`drop ${id}: ${error}`);
  }
  saveTokens(tokens: { token: string; payload: string }[]): void {
    this.tokens.push(...tokens);
  }
}

const job = (id: number, attempts = 0, pressed: string | null = null): PendingSend => ({
  id,
  reply: { text: `reply ${id}`, buttons: [] },
  target: { channel: "telegram", chatId: 42 },
  pressed,
  attempts,
});

describe("sendDue", () => {
  afterEach(() => vi.restoreAllMocks());

  it("sends every due job in order, records each outcome, and one failure does not stop the rest", async () => {
    const outbox = new MemoryOutbox([job(1), job(2, 4), job(3, 0, "pay:q_1")]);
    const calls: unknown[] = [];
    const deliver: typeof deliverReply = async (_env, reply, target, options) => {
      calls.push({ text: reply.text, target, pressed: options?.pressed });
      await options?.saveTokens?.([{ token: `t:${reply.text}`, payload: "long" }]);
      if (reply.text === "reply 2") throw new ChannelNetworkError("telegram", "sendMessage", "timeout");
      return { channel: "telegram", sent: [], warnings: [] };
    };
    await sendDue({}, outbox, { deliver, now: () => 100 });
    expect(calls).toEqual([
      { text: "reply 1", target: { channel: "telegram", chatId: 42 }, pressed: undefined },
      { text: "reply 2", target: { channel: "telegram", chatId: 42 }, pressed: undefined },
      { text: "reply 3", target: { channel: "telegram", chatId: 42 }, pressed: "pay:q_1" },
    ]);
    expect(outbox.log).toEqual([
      "sent 1",
      `retry 2 at ${100 + SEND_BACKOFF_MS[4]}: telegram sendMessage: timeout`,
      "sent 3",
    ]);
    // Token mappings are kept before anything is sent, so a press on a sent button resolves.
    expect(outbox.tokens.map((t) => t.token)).toEqual(["t:reply 1", "t:reply 2", "t:reply 3"]);
  });

  it("drops a blocked shopper's message quietly and logs a bug of ours", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const outbox = new MemoryOutbox([job(1), job(2)]);
    const deliver: typeof deliverReply = async (_env, reply) => {
      throw reply.text === "reply 1" ? apiError("blocked") : new Error("render broke");
    };
    await sendDue({}, outbox, { deliver, now: () => 0 });
    expect(outbox.log).toEqual([
      "drop 1: telegram sendMessage failed (400): no (blocked)",
      `retry 2 at ${SEND_BACKOFF_MS[0]}: render broke`,
    ]);
    expect(errors.mock.calls).toEqual([["channel send failed", "render broke"]]);
  });
});
