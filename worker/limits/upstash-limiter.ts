// The production adapter: @upstash/ratelimit over @upstash/redis (REST, so it
// works from any colo and counts globally).
//
// - One Ratelimit per rule, cached per isolate; the Redis client per URL.
// - `ephemeralCache` is one module-level Map, shared by every request the
//   isolate serves: a key Upstash has denied stays denied locally until its
//   window resets, without another round trip. (For sliding windows this is
//   slightly stricter than Redis alone: the block lasts to the window's end.)
// - `analytics: false`, no telemetry headers, and Ratelimit's own timeout off
//   (it always *allows* on timeout); our deadline applies the rule's failMode.
// - `pending` (Upstash's background writes) goes to `waitUntil`.
// - Auto-pipelining is off: a batch shared by two requests of one isolate
//   would let one request await I/O that belongs to the other.
import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis/cloudflare";
import {
  logFailure,
  retryAfter,
  withFailMode,
  type LimitDecision,
  type LimitFailureHandler,
  type Limiter,
  type LimitRule,
} from "./limiter.js";

export interface UpstashLimiterOptions {
  url: string;
  token: string;
  /** Deadline per decision; after it the rule's failMode answers. Default 300 ms. */
  timeoutMs?: number;
  /** Receives Upstash's background work (ctx.waitUntil in a Worker). */
  waitUntil?: (promise: Promise<unknown>) => void;
  /** Key prefix in Redis; default "rl". Keys are `<prefix>:<rule.name>:<key>…`. */
  prefix?: string;
  /** Hears why a decision degraded; default: one console.warn line without the key. */
  onFailure?: LimitFailureHandler;
}

export const UPSTASH_DEFAULT_TIMEOUT_MS = 300;

const ephemeralCache = new Map<string, number>();
const clients = new Map<string, Redis>();
const ratelimits = new Map<string, Ratelimit>();

function client(url: string, token: string, timeoutMs: number): Redis {
  const cacheKey = `${url}\n${token}\n${timeoutMs}`;
  let redis = clients.get(cacheKey);
  if (!redis) {
    redis = new Redis({
      url,
      token,
      enableTelemetry: false,
      enableAutoPipelining: false,
      // One quick retry for a dropped connection; the deadline bounds the rest.
      retry: { retries: 1, backoff: () => 20 },
      // A fresh signal per HTTP request, so an abandoned call does not linger.
      signal: () => AbortSignal.timeout(timeoutMs),
    });
    clients.set(cacheKey, redis);
  }
  return redis;
}

function algorithm(rule: LimitRule) {
  const window = `${rule.windowMs} ms` as const;
  switch (rule.kind) {
    case "sliding_window":
      return Ratelimit.slidingWindow(rule.limit, window);
    case "fixed_window":
      return Ratelimit.fixedWindow(rule.limit, window);
    case "token_bucket":
      return Ratelimit.tokenBucket(rule.refillRate ?? rule.limit, window, rule.limit);
  }
}

export class UpstashLimiter implements Limiter {
  private readonly timeoutMs: number;
  private readonly prefix: string;

  constructor(private readonly options: UpstashLimiterOptions) {
    this.timeoutMs = options.timeoutMs ?? UPSTASH_DEFAULT_TIMEOUT_MS;
    this.prefix = options.prefix ?? "rl";
  }

  limit(key: string, rule: LimitRule): Promise<LimitDecision> {
    return withFailMode(
      rule,
      this.timeoutMs,
      async () => {
        const response = await this.ratelimit(rule).limit(key);
        this.options.waitUntil?.(response.pending);
        const now = Date.now();
        return response.success
          ? { allowed: true, remaining: response.remaining, resetAt: response.reset, retryAfterSeconds: 0 }
          : {
              allowed: false,
              remaining: 0,
              resetAt: response.reset,
              retryAfterSeconds: retryAfter(response.reset, now),
            };
      },
      this.options.onFailure ?? logFailure,
    );
  }

  private ratelimit(rule: LimitRule): Ratelimit {
    const { url, token } = this.options;
    const cacheKey = JSON.stringify([
      url,
      this.prefix,
      this.timeoutMs,
      rule.name,
      rule.kind,
      rule.limit,
      rule.windowMs,
      rule.refillRate ?? null,
    ]);
    let ratelimit = ratelimits.get(cacheKey);
    if (!ratelimit) {
      ratelimit = new Ratelimit({
        redis: client(url, token, this.timeoutMs),
        limiter: algorithm(rule),
        prefix: `${this.prefix}:${rule.name}`,
        ephemeralCache,
        analytics: false,
        enableTelemetry: false,
        timeout: 0,
      });
      ratelimits.set(cacheKey, ratelimit);
    }
    return ratelimit;
  }
}
