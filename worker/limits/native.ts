// When a fail-open rule is counted by the native binding instead of the exact
// limiter. The binding's limit and period live in wrangler.toml
// (`[[ratelimits]]`), not in the LIMIT_* vars, so the binding is used only
// while the rule's var still says what the binding enforces: the default of
// rules.ts, which a unit test keeps equal to wrangler.toml. Set the var to
// anything else (a shop's own pace, the tests' and benches' raised limits) and
// that rule is counted exactly again, by the Durable Object or Upstash.
import type { Limiter } from "./limiter.js";
import { NativeLimiter, NATIVE_DEFAULT_TIMEOUT_MS } from "./native-limiter.js";
import {
  backendTimeoutMs,
  LIMIT_DEFAULTS,
  parseLimit,
  type LimitEnv,
  type LimitRules,
  type LimitVar,
} from "./rules.js";

/** The native bindings (wrangler.toml `[[ratelimits]]`); absent = every rule is counted exactly. */
export interface NativeLimitEnv {
  /** Chat pace per signed-in shopper / channel sender: the default LIMIT_CHAT_PER_USER. */
  LIMIT_CHAT_NATIVE?: RateLimit;
  /** Guest traffic per client IP: the default LIMIT_IP. */
  LIMIT_IP_NATIVE?: RateLimit;
}

/** Only fail-open rules have a native binding. */
export const NATIVE_RULES: Partial<Record<keyof LimitRules, { binding: keyof NativeLimitEnv; variable: LimitVar }>> = {
  chat: { binding: "LIMIT_CHAT_NATIVE", variable: "LIMIT_CHAT_PER_USER" },
  ip: { binding: "LIMIT_IP_NATIVE", variable: "LIMIT_IP" },
};

type NativeEnv = NativeLimitEnv & LimitEnv;

/** Same count and window as the default (so "120/1m" is "120/60s"); unset or empty is the default. */
function isDefault(variable: LimitVar, raw: string | undefined): boolean {
  if (raw === undefined || raw === "") return true;
  const want = parseLimit(variable, LIMIT_DEFAULTS[variable]);
  const got = parseLimit(variable, raw);
  return got.limit === want.limit && got.windowMs === want.windowMs;
}

/** The native limiter for this rule, or null when the rule is counted exactly (see the top of this file). */
export function nativeLimiterFor(env: NativeEnv, rule: keyof LimitRules): Limiter | null {
  const native = NATIVE_RULES[rule];
  const binding = native ? env[native.binding] : undefined;
  if (!native || !binding || !isDefault(native.variable, env[native.variable])) return null;
  return new NativeLimiter(binding, backendTimeoutMs(env, NATIVE_DEFAULT_TIMEOUT_MS));
}
