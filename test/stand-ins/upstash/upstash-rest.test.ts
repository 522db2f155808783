import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { redisUnavailableReason, startRedisServer, type RedisProcess } from "./redis-process.js";
import { sha1 } from "./scripts.js";
import { startUpstashRest, type UpstashRest } from "./server.js";

const TOKEN = "stand-in-test-token";
// Throws under CI when redis-server is missing: CI must fail, not skip.
const missing = redisUnavailableReason();
if (missing) console.warn(`[upstash stand-in] tests NOT run: ${missing}`);

let redis: RedisProcess;
let rest: UpstashRest;
let seq = 0;
const unique = (name: string) => `${name}:${++seq}:${Math.random().toString(36).slice(2, 8)}`;
const client = (options: { token?: string; url?: string } = {}) =>
  new Redis({ url: options.url ?? rest.url, token: options.token ?? TOKEN, enableTelemetry: false, retry: false });
const raw = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${rest.url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${TOKEN}`, ...headers },
    body: JSON.stringify(body),
  });

describe.skipIf(missing !== null)("Upstash REST stand-in over a private redis-server", () => {
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

  describe("through @upstash/redis", () => {
    it("sets and gets strings and JSON values", async () => {
      const r = client();
      const key = unique("k");
      expect(await r.set(key, "bar")).toBe("OK");
      expect(await r.get(key)).toBe("bar");
      await r.set(key, { cart: [1, 2], note: "blue dress" });
      expect(await r.get(key)).toEqual({ cart: [1, 2], note: "blue dress" });
      expect(await r.get(unique("absent"))).toBeNull();
    });

    it("increments counters and answers integers as numbers", async () => {
      const r = client();
      const key = unique("n");
      expect(await r.incr(key)).toBe(1);
      expect(await r.incrby(key, 41)).toBe(42);
      expect(await r.pttl(unique("absent"))).toBe(-2);
    });

    it("runs a pipeline in order, one result per command", async () => {
      const r = client();
      const key = unique("p");
      const results = await r.pipeline().set(key, "1").incr(key).incr(key).get(key).del(key).get(key).exec();
      expect(results).toEqual(["OK", 2, 3, 3, 1, null]);
    });

    it("runs multi-exec as one transaction", async () => {
      const r = client();
      const key = unique("m");
      expect(await r.multi().set(key, "5").incrby(key, 5).get(key).exec()).toEqual(["OK", 10, 10]);
    });

    it("round-trips non-ASCII values through Upstash-Encoding: base64", async () => {
      const r = client();
      const key = unique("utf8");
      const value = "héllo wörld ✓ 日本語 🎉 «ёлка»";
      await r.set(key, value);
      expect(await r.get(key)).toBe(value);
      await r.hset(`${key}:h`, { name: "Робин", emoji: "🛒" });
      expect(await r.hgetall(`${key}:h`)).toEqual({ name: "Робин", emoji: "🛒" });
      expect(await r.mget(key, unique("absent"))).toEqual([value, null]);
    });

    it("encodes every string in base64 when asked, OK included, and leaves numbers and nulls", async () => {
      const key = unique("b64");
      const set = await raw("/", ["SET", key, "ü"], { "Upstash-Encoding": "base64" });
      expect(await set.json()).toEqual({ result: Buffer.from("OK").toString("base64") });
      const res = await raw(
        "/pipeline",
        [
          ["GET", key],
          ["INCR", unique("n")],
          ["GET", unique("absent")],
          ["MGET", key, unique("absent")],
        ],
        { "Upstash-Encoding": "base64" },
      );
      expect(await res.json()).toEqual([
        { result: Buffer.from("ü").toString("base64") },
        { result: 1 },
        { result: null },
        { result: [Buffer.from("ü").toString("base64"), null] },
      ]);
      const plain = await raw("/", ["GET", key]);
      expect(await plain.json()).toEqual({ result: "ü" });
    });

    it("refuses a wrong token with 401 Unauthorized", async () => {
      await expect(client({ token: "wrong" }).get("x")).rejects.toThrow(/Unauthorized/);
      const res = await fetch(`${rest.url}/get/x`);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: "Unauthorized" });
    });

    it("surfaces Redis errors: 400 for a single command, per entry in a pipeline", async () => {
      const r = client();
      const key = unique("e");
      await r.set(key, "not a number");
      await expect(r.incr(key)).rejects.toThrow(/ERR value is not an integer or out of range/);
      const single = await raw("/", ["INCR", key]);
      expect(single.status).toBe(400);
      expect(await single.json()).toEqual({ error: "ERR value is not an integer or out of range" });
      await expect(r.pipeline().get(key).incr(key).exec()).rejects.toThrow(
        /Command 2 \[ incr \] failed: ERR value is not an integer/,
      );
      const kept = await r.pipeline().get(key).incr(key).exec({ keepErrors: true });
      expect(kept[0]).toEqual({ result: "not a number", error: undefined });
      expect(kept[1]!.error).toMatch(/^ERR value is not an integer/);
    });

    it("answers a transaction Redis refused to queue with the reason", async () => {
      const res = await raw("/multi-exec", [["SET", unique("t"), "1"], ["NOSUCHCOMMAND"]]);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(
        /^EXECABORT .* ERR unknown command 'NOSUCHCOMMAND'/,
      );
    });

    it("refuses connection-state commands outside multi-exec", async () => {
      const res = await raw("/", ["MULTI"]);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(/'multi' is not supported/);
    });

    it("accepts the path form, with a POSTed value and query arguments", async () => {
      const key = unique("path");
      const auth = { authorization: `Bearer ${TOKEN}` };
      expect(await (await fetch(`${rest.url}/set/${encodeURIComponent(key)}/bar`, { headers: auth })).json()).toEqual({
        result: "OK",
      });
      expect(await (await fetch(`${rest.url}/get/${encodeURIComponent(key)}?_token=${TOKEN}`)).json()).toEqual({
        result: "bar",
      });
      await fetch(`${rest.url}/set/${encodeURIComponent(key)}?EX=100`, {
        method: "POST",
        headers: auth,
        body: '{"a":"b c"}',
      });
      expect(await client().get(key)).toEqual({ a: "b c" });
      expect(await client().ttl(key)).toBeGreaterThan(90);
    });

    it("runs scripts with a #!lua flags line that open-source Redis refuses, by EVAL and by the client's EVALSHA", async () => {
      const r = client();
      const script = "#!lua flags=allow-key-locking\nreturn redis.call('INCRBY', KEYS[1], ARGV[1])";
      const key = unique("lua");
      // EVALSHA of a script never seen: NOSCRIPT, which makes clients fall back to EVAL.
      await expect(r.evalsha(sha1(script), [key], ["1"])).rejects.toThrow(/NOSCRIPT/);
      expect(await r.eval(script, [key], ["2"])).toBe(2);
      // Now the client's own sha (of the script with the flags line) works.
      expect(await r.evalsha(sha1(script), [key], ["3"])).toBe(5);
      const other = "#!lua flags=allow-key-locking\nreturn 'loaded'";
      expect(await r.scriptLoad(other)).toBe(sha1(other));
      expect(await r.evalsha(sha1(other), [], [])).toBe("loaded");
      expect(await r.scriptExists(sha1(other), sha1("nope"))).toEqual([1, 0]);
    });
  });

  describe("through @upstash/ratelimit", () => {
    // Date is frozen at chosen instants; Redis' own clock only runs key expiry.
    const WINDOW_START = 1_900_000_020_000; // a multiple of 10 s
    afterEach(() => {
      vi.useRealTimers();
    });
    const at = (ms: number) => vi.setSystemTime(ms);
    const limiter = (
      limiter: ReturnType<typeof Ratelimit.fixedWindow>,
      ephemeralCache: Map<string, number> | false = false,
    ) =>
      new Ratelimit({
        redis: client(),
        limiter,
        prefix: unique("rl"),
        analytics: false,
        ephemeralCache,
        enableTelemetry: false,
      });
    const burst = async (rl: Ratelimit, id: string, n: number) => {
      const out = [];
      for (let i = 0; i < n; i++) out.push(await rl.limit(id));
      return out;
    };

    it("fixed window: exactly `limit` per window, remaining counts down, reset at the window's end", async () => {
      vi.useFakeTimers({ toFake: ["Date"] });
      at(WINDOW_START + 2500);
      const rl = limiter(Ratelimit.fixedWindow(5, "10 s"));
      const first = await burst(rl, "user-1", 8);
      expect(first.map((r) => r.success)).toEqual([true, true, true, true, true, false, false, false]);
      expect(first.map((r) => r.remaining)).toEqual([4, 3, 2, 1, 0, 0, 0, 0]);
      expect(new Set(first.map((r) => r.reset))).toEqual(new Set([WINDOW_START + 10_000]));
      await Promise.all(first.map((r) => r.pending));
      at(WINDOW_START + 10_000);
      const next = await burst(rl, "user-1", 6);
      expect(next.filter((r) => r.success)).toHaveLength(5);
      expect(next[0]).toMatchObject({ success: true, remaining: 4, reset: WINDOW_START + 20_000 });
    });

    it("sliding window: the previous window still counts, weighted by its overlap", async () => {
      vi.useFakeTimers({ toFake: ["Date"] });
      at(WINDOW_START + 5000);
      const rl = limiter(Ratelimit.slidingWindow(10, "10 s"));
      const first = await burst(rl, "user-1", 11);
      expect(first.filter((r) => r.success)).toHaveLength(10);
      expect(first[9]).toMatchObject({ success: true, remaining: 0 });
      expect(first[10]).toMatchObject({ success: false, remaining: 0, reset: WINDOW_START + 10_000 });
      at(WINDOW_START + 10_000); // all 10 still weigh in
      expect((await rl.limit("user-1")).success).toBe(false);
      at(WINDOW_START + 17_500); // a quarter of the previous window overlaps: floor(0.25 * 10) = 2
      const later = await burst(rl, "user-1", 9);
      expect(later.filter((r) => r.success)).toHaveLength(8);
      expect(later[0]).toMatchObject({ success: true, remaining: 10 - (1 + 2), reset: WINDOW_START + 20_000 });
    });

    it("token bucket: burst of maxTokens, then refillRate per interval; reset is the next refill", async () => {
      vi.useFakeTimers({ toFake: ["Date"] });
      at(WINDOW_START + 300);
      const rl = limiter(Ratelimit.tokenBucket(2, "1 s", 5));
      const first = await burst(rl, "promo-1", 6);
      expect(first.map((r) => r.remaining)).toEqual([4, 3, 2, 1, 0, 0]);
      expect(first[5]).toMatchObject({ success: false, reset: WINDOW_START + 1300 });
      at(WINDOW_START + 1299);
      expect((await rl.limit("promo-1")).success).toBe(false);
      at(WINDOW_START + 2300); // two intervals: 4 tokens
      const later = await burst(rl, "promo-1", 5);
      expect(later.map((r) => r.success)).toEqual([true, true, true, true, false]);
      expect(later[0]).toMatchObject({ remaining: 3, reset: WINDOW_START + 3300 });
    });

    it("after the first call loads its script, each limit() is one EVALSHA round trip", async () => {
      const rl = limiter(Ratelimit.slidingWindow(100, "10 s"));
      await rl.limit("warm-up");
      const before = rest.requests;
      await burst(rl, "user-2", 5);
      expect(rest.requests - before).toBe(5);
    });

    it("with an ephemeral cache, a denied identifier is answered locally until its reset", async () => {
      vi.useFakeTimers({ toFake: ["Date"] });
      at(WINDOW_START + 1000);
      const rl = limiter(Ratelimit.fixedWindow(2, "10 s"), new Map());
      await burst(rl, "ip-1", 3);
      const before = rest.requests;
      const cached = await rl.limit("ip-1");
      expect(cached).toMatchObject({ success: false, reason: "cacheBlock", reset: WINDOW_START + 10_000 });
      expect(rest.requests).toBe(before);
    });
  });
});
