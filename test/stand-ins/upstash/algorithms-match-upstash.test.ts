// The Durable-Object limiter claims to answer exactly as Upstash does. This
// drives random request sequences through both — worker/limits/algorithms.ts
// and the real @upstash/ratelimit scripts running in redis-server — and
// compares every decision (allowed, remaining, reset).
//
// Date is faked so sequences can span many windows in milliseconds. Redis key
// expiry runs on Redis' real clock, so it is replayed on the fake clock: after
// each call every key's PTTL is read (the TTL the script just set), the key is
// PERSISTed, and it is deleted once fake time passes its expiry.
import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis";
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { decide, type LimitState } from "../../../worker/limits/algorithms.js";
import type { LimitKind, LimitRule } from "../../../worker/limits/limiter.js";
import { redisUnavailableReason, startRedisServer, type RedisProcess } from "./redis-process.js";
import { RespConnection } from "./resp.js";
import { startUpstashRest, type UpstashRest } from "./server.js";

const TOKEN = "equivalence-token";
const missing = redisUnavailableReason();
if (missing) console.warn(`[upstash stand-in] equivalence tests NOT run: ${missing}`);

const GRID = 10; // every time and window is a multiple of 10 ms, so PTTL rounds back to the exact TTL

describe.skipIf(missing !== null)("the embedded algorithms answer exactly as @upstash/ratelimit", () => {
  let redis: RedisProcess;
  let rest: UpstashRest;
  let direct: RespConnection;
  let run = 0;

  beforeAll(async () => {
    const started = await startRedisServer();
    if ("skipped" in started) throw new Error(started.skipped);
    redis = started;
    rest = await startUpstashRest({ redisPort: redis.port, token: TOKEN });
    direct = await RespConnection.open(redis.port);
  });
  afterAll(async () => {
    direct?.close();
    await rest?.close();
    await redis?.stop();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const str = (v: Buffer | string) => (typeof v === "string" ? v : v.toString("utf8"));

  async function compare(
    kind: LimitKind,
    limit: number,
    windowMs: number,
    refillRate: number,
    start: number,
    gaps: number[],
  ) {
    const rule: LimitRule = {
      name: "eq",
      kind,
      limit,
      windowMs,
      failMode: "open",
      ...(kind === "token_bucket" ? { refillRate } : {}),
    };
    const prefix = `eq${++run}`;
    const window = `${windowMs} ms` as const;
    const algorithm =
      kind === "fixed_window"
        ? Ratelimit.fixedWindow(limit, window)
        : kind === "sliding_window"
          ? Ratelimit.slidingWindow(limit, window)
          : Ratelimit.tokenBucket(refillRate, window, limit);
    const upstash = new Ratelimit({
      redis: new Redis({ url: rest.url, token: TOKEN, enableTelemetry: false, retry: false }),
      limiter: algorithm,
      prefix,
      analytics: false,
      ephemeralCache: false,
      enableTelemetry: false,
    });
    const expiry = new Map<string, number>();
    let state: LimitState | null = null;
    let t = start;
    for (const [i, gap] of gaps.entries()) {
      t += gap;
      for (const [key, at] of expiry) {
        if (at <= t) {
          await direct.send(["DEL", key]);
          expiry.delete(key);
        }
      }
      vi.setSystemTime(t);
      const theirs = await upstash.limit("id");
      const step = decide(rule, state, t);
      state = step.state;
      const ours = step.decision;
      expect({ step: i, t, allowed: ours.allowed, remaining: ours.remaining, reset: ours.resetAt }).toEqual({
        step: i,
        t,
        allowed: theirs.success,
        remaining: theirs.remaining,
        reset: theirs.reset,
      });
      const keys = (await direct.send(["KEYS", `${prefix}:*`])) as Buffer[];
      for (const key of keys.map(str)) {
        const pttl = (await direct.send(["PTTL", key])) as number;
        if (pttl >= 0) {
          expiry.set(key, t + Math.ceil(pttl / GRID) * GRID);
          await direct.send(["PERSIST", key]);
        }
      }
    }
  }

  const grid = (min: number, max: number) => fc.integer({ min: min / GRID, max: max / GRID }).map((n) => n * GRID);
  const gaps = fc.array(fc.oneof(fc.constant(0), grid(0, 400), grid(0, 6000)), { minLength: 1, maxLength: 40 });

  for (const kind of ["fixed_window", "sliding_window", "token_bucket"] as const) {
    it(`${kind}: same decision at every step of random sequences`, async () => {
      vi.useFakeTimers({ toFake: ["Date"] });
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: 6 }),
          fc.constantFrom(1000, 2000, 3000, 5000),
          fc.integer({ min: 1, max: 4 }),
          grid(1_900_000_000_000, 1_900_000_100_000),
          gaps,
          (limit, windowMs, refillRate, start, steps) => compare(kind, limit, windowMs, refillRate, start, steps),
        ),
        { numRuns: 25 },
      );
    }, 60_000);
  }
});
