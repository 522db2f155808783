import type { CheckoutGate } from "../checkout/gate.js";
import { checkLimits, waitText } from "./edge.js";
import { rateLimitHeaders } from "./limiter.js";
import type { LimiterEnv } from "./select.js";

/** The checkout engine's gate, counted by the edge limiter: one shop-wide admission plus each code's redemption rate. */
export function checkoutGate(env: LimiterEnv, waitUntil: (p: Promise<unknown>) => void): CheckoutGate {
  return async (promotionKeys) => {
    const denied = await checkLimits(env, waitUntil, [
      { rule: "checkout", key: "global" },
      ...promotionKeys.map((key) => ({ rule: "promotion" as const, key })),
    ]);
    if (!denied) return null;
    return {
      text: waitText(denied),
      retryAfterSeconds: denied.decision.retryAfterSeconds,
      headers: rateLimitHeaders(denied.decision),
    };
  };
}
