import { describe, expect, it } from "vitest";
import { DurableObjectLimiter } from "./do-limiter.js";
import type { LimitDecision, LimitRule } from "./limiter.js";
import type { RateLimiter } from "../objects/limiter.do.js";

const rule: LimitRule = { name: "promotion", kind: "token_bucket", limit: 5, windowMs: 1000, failMode: "closed" };

/** A namespace whose objects answer with `answer`; records the names asked for. */
function namespace(answer: (rule: LimitRule, key: string) => Promise<LimitDecision>) {
  const names: string[] = [];
  const ns = {
    idFromName: (name: string) => {
      names.push(name);
      return name;
    },
    get: () => ({ limit: answer }),
  } as unknown as DurableObjectNamespace<RateLimiter>;
  return { ns, names };
}

describe("DurableObjectLimiter", () => {
  it("asks the object named <rule>:<key>", async () => {
    const decision: LimitDecision = { allowed: true, remaining: 4, resetAt: 1000, retryAfterSeconds: 0 };
    const { ns, names } = namespace(async () => decision);
    expect(await new DurableObjectLimiter(ns).limit("SUMMER10", rule)).toEqual(decision);
    expect(names).toEqual(["promotion:SUMMER10"]);
  });

  it("applies the rule's fail mode when the object throws or hangs", async () => {
    const seen: string[] = [];
    const onFailure = (r: LimitRule, e: unknown) => seen.push(`${r.name}: ${String(e)}`);
    const broken = namespace(async () => Promise.reject(new Error("Durable Object is overloaded")));
    expect(await new DurableObjectLimiter(broken.ns, { onFailure }).limit("k", rule)).toMatchObject({
      allowed: false,
      retryAfterSeconds: 1,
      degraded: "backend_unavailable",
    });
    const hung = namespace(() => new Promise(() => {}));
    expect(
      await new DurableObjectLimiter(hung.ns, { timeoutMs: 20, onFailure }).limit("k", { ...rule, failMode: "open" }),
    ).toMatchObject({ allowed: true, degraded: "backend_unavailable" });
    expect(seen).toEqual([
      "promotion: Error: Durable Object is overloaded",
      "promotion: LimitBackendTimeout: rate limiter did not answer rule promotion within 20 ms",
    ]);
  });
});
