import { describe, expect, it, vi } from "vitest";
import {
  degradedDecision,
  describeFailure,
  LimitBackendTimeout,
  rateLimitHeaders,
  withFailMode,
  type LimitDecision,
  type LimitRule,
} from "./limiter.js";

const rule = (failMode: "open" | "closed"): LimitRule => ({
  name: "t",
  kind: "fixed_window",
  limit: 1,
  windowMs: 1000,
  failMode,
});
const ok: LimitDecision = { allowed: true, remaining: 3, resetAt: 5000, retryAfterSeconds: 0 };

describe("withFailMode", () => {
  it("passes a timely answer through", async () => {
    expect(
      await withFailMode(
        rule("closed"),
        100,
        async () => ok,
        () => {},
      ),
    ).toEqual(ok);
  });

  it("allows, marked degraded, when a fail-open rule's backend is too slow", async () => {
    const heard: unknown[] = [];
    const slow = () => new Promise<LimitDecision>((resolve) => setTimeout(() => resolve(ok), 500));
    const decision = await withFailMode(rule("open"), 20, slow, (_r, e) => heard.push(e));
    expect(decision).toMatchObject({ allowed: true, retryAfterSeconds: 0, degraded: "backend_unavailable" });
    expect(heard[0]).toBeInstanceOf(LimitBackendTimeout);
  });

  it("denies for a second, marked degraded, when a fail-closed rule's backend throws", async () => {
    const decision = await withFailMode(
      rule("closed"),
      100,
      async () => Promise.reject(new Error("ECONNREFUSED")),
      () => {},
    );
    expect(decision).toMatchObject({
      allowed: false,
      remaining: 0,
      retryAfterSeconds: 1,
      degraded: "backend_unavailable",
    });
  });

  it("logs why it degraded by default, without throwing and without the key", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    await withFailMode(rule("open"), 100, async () =>
      Promise.reject(new Error('Unauthorized, command was: ["evalsha","abc",1,"rl:chat:user:42"]')),
    );
    expect(warn).toHaveBeenCalledWith("rate limit t: failing open:", "Error: Unauthorized");
    warn.mockRestore();
  });

  it("describes a failure on one line", () => {
    expect(describeFailure(new Error("fetch failed"))).toBe("Error: fetch failed");
  });
});

describe("rateLimitHeaders", () => {
  it("adds Retry-After only to a denial", () => {
    expect(rateLimitHeaders(ok, 2000)).toEqual({ "RateLimit-Remaining": "3", "RateLimit-Reset": "3" });
    expect(rateLimitHeaders(degradedDecision(rule("closed"), 2000), 2000)).toEqual({
      "RateLimit-Remaining": "0",
      "RateLimit-Reset": "1",
      "Retry-After": "1",
    });
  });
});
