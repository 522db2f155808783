// The rate-limiter port. Two adapters implement it: Upstash (production,
// global: upstash-limiter.ts) and a Durable-Object limiter (embedded default,
// no account needed: do-limiter.ts). select.ts picks one from env.
//
//   const decision = await limiter.limit(`user:${sub}`, rules.chat);
//   if (!decision.allowed) return tooManyRequests(decision); // 429 + Retry-After

export type LimitKind = "sliding_window" | "fixed_window" | "token_bucket";

export interface LimitRule {
  /**
   * The rule's one name, also its key in `LimitRules` ("chat", "ip", "promotion", "checkout");
   * part of every storage key. Renaming a rule only starts its counters afresh: no state
   * outlives one window, so nothing stored depends on a name across deploys.
   */
  name: string;
  kind: LimitKind;
  /** Requests per window; for a token bucket, its capacity. */
  limit: number;
  /** Window length; for a token bucket, the refill interval. */
  windowMs: number;
  /** Token bucket only: tokens added per interval (default: `limit`). */
  refillRate?: number;
  /** What to answer when the backend is slow or down: "open" allows, "closed" denies. */
  failMode: "open" | "closed";
}

export interface LimitDecision {
  allowed: boolean;
  /** Requests (tokens) left after this one; 0 when denied or degraded. */
  remaining: number;
  /** Epoch ms when the current window ends (token bucket: the next refill). */
  resetAt: number;
  /** 0 when allowed; otherwise whole seconds to wait (≥ 1), for `Retry-After`. */
  retryAfterSeconds: number;
  /** Set when the backend did not answer in time and the rule's failMode decided. */
  degraded?: "backend_unavailable";
}

export interface Limiter {
  limit(key: string, rule: LimitRule): Promise<LimitDecision>;
}

/** Throws with a clear message when a rule cannot be enforced as written. */
export function assertRule(rule: LimitRule): void {
  const positiveInt = (n: number | undefined) => n !== undefined && Number.isSafeInteger(n) && n >= 1;
  if (!positiveInt(rule.limit))
    throw new Error(`limit rule ${rule.name}: limit must be an integer ≥ 1, got ${rule.limit}`);
  if (!positiveInt(rule.windowMs))
    throw new Error(`limit rule ${rule.name}: windowMs must be an integer ≥ 1, got ${rule.windowMs}`);
  if (rule.refillRate !== undefined && !positiveInt(rule.refillRate)) {
    throw new Error(`limit rule ${rule.name}: refillRate must be an integer ≥ 1, got ${rule.refillRate}`);
  }
}

/** Whole seconds until `resetAt`, at least 1: what a denied caller should wait. */
export function retryAfter(resetAt: number, now: number): number {
  return Math.max(1, Math.ceil((resetAt - now) / 1000));
}

/** The answer when the backend failed: the rule's failMode decides, and says so. */
export function degradedDecision(rule: LimitRule, now: number): LimitDecision {
  return rule.failMode === "open"
    ? { allowed: true, remaining: 0, resetAt: now, retryAfterSeconds: 0, degraded: "backend_unavailable" }
    : { allowed: false, remaining: 0, resetAt: now + 1000, retryAfterSeconds: 1, degraded: "backend_unavailable" };
}

export class LimitBackendTimeout extends Error {
  constructor(
    readonly rule: string,
    readonly timeoutMs: number,
  ) {
    super(`rate limiter did not answer rule ${rule} within ${timeoutMs} ms`);
    this.name = "LimitBackendTimeout";
  }
}

/** Hears why a rule degraded (timeout, network, auth…): for logs and metrics. */
export type LimitFailureHandler = (rule: LimitRule, error: unknown) => void;

/**
 * The error as one log-safe line. @upstash/redis appends ", command was: [...]"
 * to its errors, which holds the key (a user id, an IP): cut it off.
 */
export function describeFailure(error: unknown): string {
  return String(error).replace(/, command was: [\s\S]*$/, "");
}

export const logFailure: LimitFailureHandler = (rule, error) =>
  console.warn(`rate limit ${rule.name}: failing ${rule.failMode}:`, describeFailure(error));

/**
 * Runs one backend call with a deadline. A timeout or an error becomes the
 * rule's fail-mode decision (never an exception: invariant 7, overload
 * degrades). `onFailure` hears why; by default it logs one line.
 */
export async function withFailMode(
  rule: LimitRule,
  timeoutMs: number,
  call: () => Promise<LimitDecision>,
  onFailure: LimitFailureHandler = logFailure,
): Promise<LimitDecision> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new LimitBackendTimeout(rule.name, timeoutMs)), timeoutMs);
  });
  try {
    return await Promise.race([call(), deadline]);
  } catch (error) {
    onFailure(rule, error);
    return degradedDecision(rule, Date.now());
  } finally {
    clearTimeout(timer);
  }
}

/** Response headers for a decision: `Retry-After` when denied, plus the IETF draft RateLimit fields. */
export function rateLimitHeaders(decision: LimitDecision, now = Date.now()): Record<string, string> {
  const headers: Record<string, string> = {
    "RateLimit-Remaining": String(decision.remaining),
    "RateLimit-Reset": String(Math.max(0, Math.ceil((decision.resetAt - now) / 1000))),
  };
  if (!decision.allowed) headers["Retry-After"] = String(decision.retryAfterSeconds);
  return headers;
}
