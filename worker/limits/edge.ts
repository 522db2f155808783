import type { LimitDecision, LimitRule } from "./limiter.js";
import { nativeLimiterFor } from "./native.js";
import { limitRules, type LimitRuleName } from "./rules.js";
import { limiterFor, type LimiterEnv } from "./select.js";

/** What the edge asks before any Durable Object or D1 work: one decision per applicable rule. */
export interface EdgeCheck {
  readonly rule: LimitRuleName;
  readonly key: string;
}

export interface Denied {
  readonly rule: LimitRule;
  readonly decision: LimitDecision;
}

/**
 * Checks every applicable limit; the first one over its budget wins. Limits
 * are checked in parallel (each is one round trip to Upstash or a DO, or a
 * call to the native binding for a fail-open rule at its default: native.ts).
 */
export async function checkLimits(
  env: LimiterEnv,
  waitUntil: (p: Promise<unknown>) => void,
  checks: readonly EdgeCheck[],
): Promise<Denied | null> {
  if (checks.length === 0) return null;
  const rules = limitRules(env);
  const limiter = limiterFor(env, waitUntil);
  const decisions = await Promise.all(
    checks.map(async (c) => ({
      rule: rules[c.rule],
      decision: await (nativeLimiterFor(env, c.rule) ?? limiter).limit(c.key, rules[c.rule]),
    })),
  );
  return decisions.find((d) => !d.decision.allowed) ?? null;
}

/** The shopper-facing sentence for a limit, with the wait in words. */
export function waitText(d: Denied): string {
  const s = d.decision.retryAfterSeconds;
  const wait =
    s <= 1 ? "a second" : s < 60 ? `${s} seconds` : `about ${Math.ceil(s / 60)} minute${s >= 120 ? "s" : ""}`;
  switch (d.rule.name) {
    case "checkout":
    case "promotion":
      return `So many people are checking out right now that I have to ask you to wait ${wait}, then try again. Nothing was charged.`;
    default:
      return `You're sending messages faster than I can answer. Please wait ${wait} and try again.`;
  }
}

export { clientIp } from "./client-ip.js";
