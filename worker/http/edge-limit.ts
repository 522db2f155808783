import type { Context, MiddlewareHandler } from "hono";
import type { Env } from "../env.js";
import { checkLimits, clientIp, waitText, type Denied, type EdgeCheck } from "../limits/edge.js";
import { rateLimitHeaders } from "../limits/limiter.js";
import { errorBody } from "./errors.js";

type EdgeContext = Context<{ Bindings: Env }>;

/** An edge limit's refusal: 429 `rate_limited`, the limit's headers, the wait in words. */
export function rateLimited(c: EdgeContext, denied: Denied): Response {
  for (const [k, v] of Object.entries(rateLimitHeaders(denied.decision))) c.header(k, v);
  return c.json(errorBody("rate_limited", waitText(denied)), 429);
}

/** The rule for unauthenticated reads: one budget per client IP (an IPv6 /64 counts as one client). */
export function perClientIp(c: EdgeContext): EdgeCheck[] {
  return [{ rule: "ip", key: clientIp(c.req.header("cf-connecting-ip")) }];
}

/**
 * Middleware that asks the edge limits before any Durable Object or D1 work,
 * and answers 429 when one is over its budget.
 */
export function edgeLimit(checks: (c: EdgeContext) => readonly EdgeCheck[]): MiddlewareHandler<{ Bindings: Env }> {
  return async function edgeLimit(c, next) {
    const denied = await checkLimits(c.env, (p) => c.executionCtx.waitUntil(p), checks(c));
    if (denied) return rateLimited(c, denied);
    await next();
  };
}
