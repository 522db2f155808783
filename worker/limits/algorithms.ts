// The three rate-limit algorithms as pure functions: (rule, state, now) →
// (decision, next state). They reproduce @upstash/ratelimit 2.2's Lua scripts
// (node_modules/@upstash/ratelimit/dist/index.mjs, `singleRegion`) step for
// step, so the embedded Durable-Object limiter and Upstash answer alike:
//
// - fixed_window: a counter per window `floor(now / W)`; allowed while it is
//   below the limit.
// - sliding_window: Upstash's approximation, not a log: the previous window's
//   count weighted by how much of it still overlaps,
//   `floor((1 - (now % W) / W) * previous) + current < limit`.
// - token_bucket: `limit` tokens, `refillRate` added per whole interval since
//   `refilledAt`; the bucket forgets itself (Redis key expiry) once it would be
//   full again: `ceil((limit - remaining) / refillRate) * W` after a take.
//
// One addition: time never runs backwards. Every state remembers the latest
// `now` it saw and a smaller `now` is treated as that one, so a skewed clock
// cannot reopen a window or refill a bucket.
import { assertRule, retryAfter, type LimitDecision, type LimitRule } from "./limiter.js";

export interface FixedWindowState {
  kind: "fixed_window";
  windowMs: number;
  window: number;
  count: number;
  seenAt: number;
}

export interface SlidingWindowState {
  kind: "sliding_window";
  windowMs: number;
  window: number;
  current: number;
  previous: number;
  seenAt: number;
}

export interface TokenBucketState {
  kind: "token_bucket";
  windowMs: number;
  refilledAt: number;
  tokens: number;
  /** When Upstash's key would expire: from then on the bucket is new and full. */
  expiresAt: number;
  seenAt: number;
}

export type LimitState = FixedWindowState | SlidingWindowState | TokenBucketState;

export interface LimitStep<S extends LimitState = LimitState> {
  decision: LimitDecision;
  state: S;
  /** From this instant the state means the same as no state: storage may drop it. */
  expiresAt: number;
}

const allow = (remaining: number, resetAt: number): LimitDecision => ({
  allowed: true,
  remaining,
  resetAt,
  retryAfterSeconds: 0,
});
const deny = (resetAt: number, now: number): LimitDecision => ({
  allowed: false,
  remaining: 0,
  resetAt,
  retryAfterSeconds: retryAfter(resetAt, now),
});

/** A state of another algorithm or window length (the rule changed) counts as none. */
function own<K extends LimitState["kind"]>(
  state: LimitState | null,
  rule: LimitRule,
  kind: K,
): Extract<LimitState, { kind: K }> | null {
  return state && state.kind === kind && state.windowMs === rule.windowMs
    ? (state as Extract<LimitState, { kind: K }>)
    : null;
}

export function fixedWindow(rule: LimitRule, previous: LimitState | null, now: number): LimitStep<FixedWindowState> {
  const prior = own(previous, rule, "fixed_window");
  const t = Math.max(now, prior?.seenAt ?? now);
  const window = Math.floor(t / rule.windowMs);
  const resetAt = (window + 1) * rule.windowMs;
  const used = prior && prior.window === window ? prior.count : 0;
  const allowed = used < rule.limit;
  const count = allowed ? used + 1 : used;
  return {
    decision: allowed ? allow(rule.limit - count, resetAt) : deny(resetAt, now),
    state: { kind: "fixed_window", windowMs: rule.windowMs, window, count, seenAt: t },
    expiresAt: resetAt,
  };
}

export function slidingWindow(
  rule: LimitRule,
  previous: LimitState | null,
  now: number,
): LimitStep<SlidingWindowState> {
  const prior = own(previous, rule, "sliding_window");
  const t = Math.max(now, prior?.seenAt ?? now);
  const W = rule.windowMs;
  const window = Math.floor(t / W);
  let current = 0;
  let before = 0;
  if (prior?.window === window) [current, before] = [prior.current, prior.previous];
  else if (prior?.window === window - 1) before = prior.current;
  // Same arithmetic, in the same order, as the Lua script (doubles both sides).
  const weighted = Math.floor((1 - (t % W) / W) * before);
  const resetAt = (window + 1) * W;
  const allowed = weighted + current < rule.limit;
  if (allowed) current += 1;
  return {
    decision: allowed ? allow(rule.limit - (current + weighted), resetAt) : deny(resetAt, now),
    state: { kind: "sliding_window", windowMs: W, window, current, previous: before, seenAt: t },
    // After the next window ends this one is neither current nor previous.
    expiresAt: (window + 2) * W,
  };
}

export function tokenBucket(rule: LimitRule, previous: LimitState | null, now: number): LimitStep<TokenBucketState> {
  const prior = own(previous, rule, "token_bucket");
  const t = Math.max(now, prior?.seenAt ?? now);
  const capacity = rule.limit;
  const refillRate = rule.refillRate ?? rule.limit;
  const interval = rule.windowMs;
  const live = prior && t < prior.expiresAt ? prior : null;
  let refilledAt = live ? live.refilledAt : t;
  let tokens = live ? Math.min(capacity, live.tokens) : capacity;
  if (t >= refilledAt + interval) {
    const refills = Math.floor((t - refilledAt) / interval);
    tokens = Math.min(capacity, tokens + refills * refillRate);
    refilledAt += refills * interval;
  }
  const resetAt = refilledAt + interval;
  if (tokens < 1) {
    // Upstash writes nothing on a denial; the refill above is recomputed identically next time.
    // (Only a live bucket can be empty: a new one starts full.)
    const expiresAt = live?.expiresAt ?? resetAt;
    return {
      decision: deny(resetAt, now),
      state: { kind: "token_bucket", windowMs: interval, refilledAt, tokens, expiresAt, seenAt: t },
      expiresAt,
    };
  }
  const remaining = tokens - 1;
  const expiresAt = t + Math.ceil((capacity - remaining) / refillRate) * interval;
  return {
    decision: allow(remaining, resetAt),
    state: { kind: "token_bucket", windowMs: interval, refilledAt, tokens: remaining, expiresAt, seenAt: t },
    expiresAt,
  };
}

/** One request against `rule` at `now`, given the stored state (null: none). */
export function decide(rule: LimitRule, state: LimitState | null, now: number): LimitStep {
  assertRule(rule);
  switch (rule.kind) {
    case "fixed_window":
      return fixedWindow(rule, state, now);
    case "sliding_window":
      return slidingWindow(rule, state, now);
    case "token_bucket":
      return tokenBucket(rule, state, now);
    default: {
      const never: never = rule.kind;
      throw new Error(`unknown limit kind ${String(never)}`);
    }
  }
}
