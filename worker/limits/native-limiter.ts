// Cloudflare's native rate limiter (a `[[ratelimits]]` binding) for the
// fail-open rules: counted where the request is served, with no round trip to
// a Durable Object or Upstash, and approximate (per location, eventually
// consistent). That suits rules that protect cost, not money; the exact,
// fail-closed rules (checkout gate, promotion bucket) never come here.
import {
  logFailure,
  retryAfter,
  withFailMode,
  type LimitDecision,
  type LimitFailureHandler,
  type Limiter,
  type LimitRule,
} from "./limiter.js";

export const NATIVE_DEFAULT_TIMEOUT_MS = 1000;

export class NativeLimiter implements Limiter {
  constructor(
    private readonly binding: RateLimit,
    private readonly timeoutMs = NATIVE_DEFAULT_TIMEOUT_MS,
    private readonly onFailure: LimitFailureHandler = logFailure,
  ) {}

  limit(key: string, rule: LimitRule): Promise<LimitDecision> {
    return withFailMode(
      rule,
      this.timeoutMs,
      async () => {
        const { success } = await this.binding.limit({ key });
        const now = Date.now();
        // The binding answers only yes or no. Its windows are counted per
        // period (local workerd aligns them to the clock), so the end of the
        // current aligned window is the honest estimate of when to retry.
        const resetAt = (Math.floor(now / rule.windowMs) + 1) * rule.windowMs;
        return success
          ? { allowed: true, remaining: 0, resetAt, retryAfterSeconds: 0 }
          : { allowed: false, remaining: 0, resetAt, retryAfterSeconds: retryAfter(resetAt, now) };
      },
      this.onFailure,
    );
  }
}
