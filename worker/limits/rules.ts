// The edge limits, read from wrangler.toml vars (or .dev.vars / secrets).
// Each value is "<count>/<window>" with the window in seconds or minutes:
// "30/60s", "5/1m". Anything else is refused with a message naming the
// variable, so a typo fails the first request loudly instead of limiting
// nothing.
//
// | variable                  | default   | rule       | algorithm      | key             | backend down |
// | ------------------------- | --------- | ---------- | -------------- | --------------- | ------------ |
// | LIMIT_CHAT_PER_USER       | "30/60s"  | chat       | sliding window | user / sender   | open         |
// | LIMIT_IP                  | "120/60s" | ip         | sliding window | client IP       | open         |
// | LIMIT_PROMO_REDEMPTIONS   | "50/1s"   | promotion  | token bucket   | promotion code  | closed       |
// | LIMIT_CHECKOUT_GLOBAL     | "200/1s"  | checkout   | fixed window   | "global"        | closed       |
// | LIMIT_BACKEND_TIMEOUT_MS  | 300 (Upstash), 1000 (Durable Object) | how long a limiter may take before the fail mode answers |
//
// Why these fail modes: chat and IP limits protect cost, not correctness. If
// the limiter is down, turning every shopper away would be a worse outage than
// the one it guards against, so they fail open. A promotion's token bucket
// exists to keep a stormed 1-cent promo orderly, and checkout admission
// exists to shed load; a limiter that cannot answer is most often a symptom of
// that very overload. Both fail closed: the shopper is told to try again in a
// second (HTTP 429, Retry-After: 1), which is invariant 7's "degrade, don't
// crash". Promo caps themselves are still enforced by the Promo Durable Object.
import { assertRule, type LimitRule } from "./limiter.js";

export const LIMIT_DEFAULTS = {
  LIMIT_CHAT_PER_USER: "30/60s",
  LIMIT_IP: "120/60s",
  LIMIT_PROMO_REDEMPTIONS: "50/1s",
  LIMIT_CHECKOUT_GLOBAL: "200/1s",
} as const;

export type LimitVar = keyof typeof LIMIT_DEFAULTS;
export type LimitEnv = Partial<Record<LimitVar | "LIMIT_BACKEND_TIMEOUT_MS", string>>;

/**
 * Each rule is known by one name: its key here, its `name` (part of every
 * limiter storage key and of log lines) and the case the edge switches on.
 * Only the variables keep their older, longer names.
 */
export interface LimitRules {
  /** Chat turns per signed-in user (or channel sender). */
  chat: LimitRule & { name: "chat" };
  /** Guest storefront traffic and unauthenticated endpoints, per client IP. */
  ip: LimitRule & { name: "ip" };
  /** Promotion redemptions per promotion code (token bucket: burst = count, refill = count per window). */
  promotion: LimitRule & { name: "promotion" };
  /** Checkout admissions across the whole shop (one key: "global"). */
  checkout: LimitRule & { name: "checkout" };
}

export type LimitRuleName = keyof LimitRules;

const UNITS = { s: 1000, m: 60_000 } as const;
const MAX_WINDOW_MS = 24 * 60 * 60 * 1000;
const MAX_COUNT = 1_000_000_000;

/** Parses "<count>/<window>" strictly, e.g. "30/60s" → { limit: 30, windowMs: 60000 }. */
export function parseLimit(variable: string, value: string): { limit: number; windowMs: number } {
  const match = /^([1-9][0-9]*)\/([1-9][0-9]*)(s|m)$/.exec(value);
  const hint = `write <count>/<window> with the window in s or m, e.g. "30/60s" or "5/1m"`;
  if (!match) throw new Error(`${variable}=${JSON.stringify(value)} is not a limit: ${hint}`);
  const limit = Number(match[1]);
  const windowMs = Number(match[2]) * UNITS[match[3] as keyof typeof UNITS];
  if (limit > MAX_COUNT) throw new Error(`${variable}=${JSON.stringify(value)}: count must be at most ${MAX_COUNT}`);
  if (windowMs > MAX_WINDOW_MS)
    throw new Error(`${variable}=${JSON.stringify(value)}: window must be at most 24 hours (1440m)`);
  return { limit, windowMs };
}

function read(env: LimitEnv, variable: LimitVar): { limit: number; windowMs: number } {
  const raw = env[variable];
  // An empty var (e.g. `LIMIT_IP = ""`) means "use the default", like an unset one.
  return parseLimit(variable, raw === undefined || raw === "" ? LIMIT_DEFAULTS[variable] : raw);
}

const cache = new Map<string, LimitRules>();

/** The configured rules (defaults above for unset vars); throws on a malformed value. */
export function limitRules(env: LimitEnv): LimitRules {
  const cacheKey = (Object.keys(LIMIT_DEFAULTS) as LimitVar[]).map((v) => env[v] ?? "").join("|");
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  const promotion = read(env, "LIMIT_PROMO_REDEMPTIONS");
  const rules: LimitRules = {
    chat: { name: "chat", kind: "sliding_window", ...read(env, "LIMIT_CHAT_PER_USER"), failMode: "open" },
    ip: { name: "ip", kind: "sliding_window", ...read(env, "LIMIT_IP"), failMode: "open" },
    promotion: {
      name: "promotion",
      kind: "token_bucket",
      ...promotion,
      refillRate: promotion.limit,
      failMode: "closed",
    },
    checkout: {
      name: "checkout",
      kind: "fixed_window",
      ...read(env, "LIMIT_CHECKOUT_GLOBAL"),
      failMode: "closed",
    },
  };
  Object.values(rules).forEach(assertRule);
  cache.set(cacheKey, rules);
  return rules;
}

/** LIMIT_BACKEND_TIMEOUT_MS, or `fallback` when unset; an integer 1..60000. */
export function backendTimeoutMs(env: LimitEnv, fallback: number): number {
  const raw = env.LIMIT_BACKEND_TIMEOUT_MS;
  if (raw === undefined || raw === "") return fallback;
  if (!/^[1-9][0-9]*$/.test(raw) || Number(raw) > 60_000) {
    throw new Error(`LIMIT_BACKEND_TIMEOUT_MS=${JSON.stringify(raw)} must be a whole number of milliseconds, 1..60000`);
  }
  return Number(raw);
}
