// The embedded adapter: every (rule, key) pair is its own RateLimiter Durable
// Object, so counting is exact without any external service and `npm run dev`
// needs no account. The single-key rules (checkout "global") live in one
// object, which handles a few thousand decisions a second; raise the limit
// beyond that and use Upstash.
import {
  logFailure,
  withFailMode,
  type LimitDecision,
  type LimitFailureHandler,
  type Limiter,
  type LimitRule,
} from "./limiter.js";
import type { RateLimiter } from "../objects/limiter.do.js";
import { rateLimiterStub } from "../objects/stubs.js";

export const DO_DEFAULT_TIMEOUT_MS = 1000;

export interface DurableObjectLimiterOptions {
  /** Deadline per decision; after it the rule's failMode answers. Default 1000 ms. */
  timeoutMs?: number;
  /** Hears why a decision degraded; default: one console.warn line without the key. */
  onFailure?: LimitFailureHandler;
}

export class DurableObjectLimiter implements Limiter {
  private readonly timeoutMs: number;
  private readonly onFailure: LimitFailureHandler;

  constructor(
    private readonly namespace: DurableObjectNamespace<RateLimiter>,
    options: DurableObjectLimiterOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? DO_DEFAULT_TIMEOUT_MS;
    this.onFailure = options.onFailure ?? logFailure;
  }

  limit(key: string, rule: LimitRule): Promise<LimitDecision> {
    return withFailMode(
      rule,
      this.timeoutMs,
      async () => {
        const stub = rateLimiterStub(this.namespace, rule.name, key);
        return stub.limit(rule, key);
      },
      this.onFailure,
    );
  }
}
