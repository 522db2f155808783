// The Worker's Upstash adapter (worker/limits/upstash-limiter.ts) against the
// stand-in, in Node: decisions for each algorithm, and what it answers when
// Upstash is down or slow. The same runs inside workerd in
// test/integration/limits.test.ts.
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeFailure, type LimitRule } from "../../../worker/limits/limiter.js";
import { UpstashLimiter } from "../../../worker/limits/upstash-limiter.js";
import { redisUnavailableReason, startRedisServer, type RedisProcess } from "./redis-process.js";
import { startUpstashRest, type UpstashRest } from "./server.js";

const TOKEN = "limiter-test-token";
const missing = redisUnavailableReason();
if (missing) console.warn(`[upstash stand-in] Upstash limiter tests NOT run: ${missing}`);

/** Collects why decisions degraded (and keeps expected failures out of the log). */
function failures() {
  const seen: string[] = [];
  return { seen, onFailure: (r: LimitRule, error: unknown) => seen.push(`${r.name}: ${describeFailure(error)}`) };
}

// Hour-long windows: a test's few calls cannot straddle two windows by chance.
const HOUR = 3_600_000;
const rule = (over: Partial<LimitRule> = {}): LimitRule => ({
  name: "t",
  kind: "fixed_window",
  limit: 3,
  windowMs: HOUR,
  failMode: "open",
  ...over,
});
let seq = 0;
const key = () => `k${++seq}-${Math.random().toString(36).slice(2, 8)}`;

/** A port nothing listens on. */
function deadPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

describe.skipIf(missing !== null)("UpstashLimiter against the Upstash REST stand-in", () => {
  let redis: RedisProcess;
  let rest: UpstashRest;
  beforeAll(async () => {
    const started = await startRedisServer();
    if ("skipped" in started) throw new Error(started.skipped);
    redis = started;
    rest = await startUpstashRest({ redisPort: redis.port, token: TOKEN });
  });
  afterAll(async () => {
    await rest?.close();
    await redis?.stop();
  });

  it.each(["fixed_window", "sliding_window", "token_bucket"] as const)(
    "%s: allows exactly the limit, then says when to retry",
    async (kind) => {
      const pending: Promise<unknown>[] = [];
      const limiter = new UpstashLimiter({
        url: rest.url,
        token: TOKEN,
        timeoutMs: 2000,
        waitUntil: (p) => pending.push(p),
      });
      const r = rule({ kind, limit: 4, ...(kind === "token_bucket" ? { refillRate: 1 } : {}) });
      const k = key();
      const decisions = [];
      for (let i = 0; i < 6; i++) decisions.push(await limiter.limit(k, r));
      expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, true, false, false]);
      expect(decisions.slice(0, 4).map((d) => d.remaining)).toEqual([3, 2, 1, 0]);
      expect(decisions[4]!.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(decisions[4]!.retryAfterSeconds).toBeLessThanOrEqual(HOUR / 1000);
      expect(decisions.every((d) => d.degraded === undefined)).toBe(true);
      expect(pending.length).toBeGreaterThanOrEqual(4);
      await Promise.all(pending);
    },
  );

  it("keeps counting across limiter instances of one isolate (the Ratelimit is cached per rule)", async () => {
    const r = rule({ limit: 2 });
    const k = key();
    const a = new UpstashLimiter({ url: rest.url, token: TOKEN, timeoutMs: 2000 });
    const b = new UpstashLimiter({ url: rest.url, token: TOKEN, timeoutMs: 2000 });
    expect((await a.limit(k, r)).allowed).toBe(true);
    expect((await b.limit(k, r)).allowed).toBe(true);
    expect((await a.limit(k, r)).allowed).toBe(false);
  });

  describe("when Upstash is down (nothing listens)", () => {
    it("fails open for a fail-open rule, marked degraded, quickly", async () => {
      const f = failures();
      const limiter = new UpstashLimiter({
        url: `http://127.0.0.1:${await deadPort()}`,
        token: TOKEN,
        timeoutMs: 300,
        onFailure: f.onFailure,
      });
      const started = Date.now();
      const d = await limiter.limit(key(), rule({ name: "chat", failMode: "open" }));
      expect(d).toMatchObject({ allowed: true, degraded: "backend_unavailable", retryAfterSeconds: 0 });
      expect(Date.now() - started).toBeLessThan(1000);
      expect(f.seen).toEqual(["chat: TypeError: fetch failed"]);
    });

    it("fails closed for a fail-closed rule: denied, retry after 1 s", async () => {
      const f = failures();
      const limiter = new UpstashLimiter({
        url: `http://127.0.0.1:${await deadPort()}`,
        token: TOKEN,
        timeoutMs: 300,
        onFailure: f.onFailure,
      });
      const d = await limiter.limit(key(), rule({ name: "promo", kind: "token_bucket", failMode: "closed" }));
      expect(f.seen).toHaveLength(1);
      expect(d).toEqual(
        expect.objectContaining({
          allowed: false,
          remaining: 0,
          retryAfterSeconds: 1,
          degraded: "backend_unavailable",
        }),
      );
    });
  });

  describe("when Upstash is slower than the deadline", () => {
    it("answers by fail mode at the deadline instead of waiting", async () => {
      const f = failures();
      const limiter = new UpstashLimiter({
        url: `${rest.url}/__delay/1500`,
        token: TOKEN,
        timeoutMs: 150,
        onFailure: f.onFailure,
      });
      const started = Date.now();
      const [open, closed] = await Promise.all([
        limiter.limit(key(), rule({ name: "chat", kind: "sliding_window", failMode: "open" })),
        limiter.limit(key(), rule({ name: "checkout", failMode: "closed" })),
      ]);
      const elapsed = Date.now() - started;
      expect(open).toMatchObject({ allowed: true, degraded: "backend_unavailable" });
      expect(closed).toMatchObject({ allowed: false, retryAfterSeconds: 1, degraded: "backend_unavailable" });
      expect(elapsed).toBeGreaterThanOrEqual(140);
      expect(elapsed).toBeLessThan(1000);
      expect(f.seen.sort()).toEqual([
        "chat: LimitBackendTimeout: rate limiter did not answer rule chat within 150 ms",
        "checkout: LimitBackendTimeout: rate limiter did not answer rule checkout within 150 ms",
      ]);
    });
  });

  it("treats a refused token as a backend failure too", async () => {
    const f = failures();
    const limiter = new UpstashLimiter({ url: rest.url, token: "wrong", timeoutMs: 1000, onFailure: f.onFailure });
    expect(await limiter.limit(key(), rule({ failMode: "closed" }))).toMatchObject({
      allowed: false,
      degraded: "backend_unavailable",
    });
    expect(f.seen).toEqual(["t: UpstashError: Unauthorized"]);
  });
});
