// Which limiter this Worker uses: Upstash when UPSTASH_REDIS_REST_URL is set
// (production: one global count), else the embedded Durable-Object limiter
// (local dev and tests: no account needed).
//
//   const limiter = limiterFor(c.env, (p) => c.executionCtx.waitUntil(p));
import { DurableObjectLimiter, DO_DEFAULT_TIMEOUT_MS } from "./do-limiter.js";
import type { Limiter } from "./limiter.js";
import type { RateLimiter } from "../objects/limiter.do.js";
import type { NativeLimitEnv } from "./native.js";
import { backendTimeoutMs, type LimitEnv } from "./rules.js";
import { UpstashLimiter, UPSTASH_DEFAULT_TIMEOUT_MS } from "./upstash-limiter.js";

/** What choosing the limiter reads (README, "Rate limits"); the limits themselves are LimitEnv (rules.ts). */
export interface LimiterEnv extends LimitEnv, NativeLimitEnv {
  /** Embedded rate limiter (one object per rule and key); used when UPSTASH_REDIS_REST_URL is unset. */
  RATE_LIMITER: DurableObjectNamespace<RateLimiter>;
  /** Upstash Redis REST URL; set = edge limits count globally in Upstash (see rules.ts). */
  UPSTASH_REDIS_REST_URL?: string;
  /** Upstash Redis REST token (a secret); required when UPSTASH_REDIS_REST_URL is set. */
  UPSTASH_REDIS_REST_TOKEN?: string;
}

export function limiterFor(env: LimiterEnv, waitUntil: (promise: Promise<unknown>) => void): Limiter {
  const url = env.UPSTASH_REDIS_REST_URL;
  if (url) {
    const token = env.UPSTASH_REDIS_REST_TOKEN;
    if (!token)
      throw new Error(
        "UPSTASH_REDIS_REST_URL is set but UPSTASH_REDIS_REST_TOKEN is not (wrangler secret put UPSTASH_REDIS_REST_TOKEN)",
      );
    return new UpstashLimiter({ url, token, waitUntil, timeoutMs: backendTimeoutMs(env, UPSTASH_DEFAULT_TIMEOUT_MS) });
  }
  return new DurableObjectLimiter(env.RATE_LIMITER, { timeoutMs: backendTimeoutMs(env, DO_DEFAULT_TIMEOUT_MS) });
}
