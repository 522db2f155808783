import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { NATIVE_RULES, nativeLimiterFor } from "./native.js";
import { NativeLimiter } from "./native-limiter.js";
import { LIMIT_DEFAULTS, limitRules, parseLimit } from "./rules.js";

const binding = (answer: () => Promise<RateLimitOutcome>): RateLimit => ({ limit: answer });
const yes = binding(async () => ({ success: true }));

/** `[[ratelimits]]` entries of wrangler.toml: name → { limit, period }. */
function wranglerRatelimits(): Map<string, { limit: number; period: number }> {
  const toml = readFileSync(new URL("../../wrangler.toml", import.meta.url), "utf8");
  const out = new Map<string, { limit: number; period: number }>();
  for (const block of toml.split("[[ratelimits]]").slice(1)) {
    const name = /^name = "([^"]+)"/m.exec(block)?.[1];
    const simple = /^simple = \{ limit = (\d+), period = (\d+) \}/m.exec(block);
    if (name && simple) out.set(name, { limit: Number(simple[1]), period: Number(simple[2]) });
  }
  return out;
}

describe("native rate limits: which rule uses the binding", () => {
  it("wrangler.toml's [[ratelimits]] enforce exactly the defaults the binding stands in for", () => {
    const entries = wranglerRatelimits();
    expect([...entries.keys()].sort()).toEqual(
      Object.values(NATIVE_RULES)
        .map((n) => n.binding)
        .sort(),
    );
    for (const { binding: name, variable } of Object.values(NATIVE_RULES)) {
      const want = parseLimit(variable, LIMIT_DEFAULTS[variable]);
      expect(entries.get(name)).toEqual({ limit: want.limit, period: want.windowMs / 1000 });
    }
  });

  it("only the fail-open rules have a binding", () => {
    const rules = limitRules({});
    for (const key of Object.keys(NATIVE_RULES) as (keyof typeof rules)[]) expect(rules[key].failMode).toBe("open");
    const env = { LIMIT_CHAT_NATIVE: yes, LIMIT_IP_NATIVE: yes };
    expect(nativeLimiterFor(env, "promotion")).toBeNull();
    expect(nativeLimiterFor(env, "checkout")).toBeNull();
  });

  it("uses the binding while the var is unset, empty or the default in other words", () => {
    for (const LIMIT_IP of [undefined, "", "120/60s", "120/1m"]) {
      const env = { LIMIT_IP_NATIVE: yes, ...(LIMIT_IP !== undefined ? { LIMIT_IP } : {}) };
      expect(nativeLimiterFor(env, "ip")).toBeInstanceOf(NativeLimiter);
    }
    expect(nativeLimiterFor({ LIMIT_CHAT_NATIVE: yes, LIMIT_CHAT_PER_USER: "30/60s" }, "chat")).toBeInstanceOf(
      NativeLimiter,
    );
  });

  it("counts exactly again when the var says another limit, or when there is no binding", () => {
    expect(nativeLimiterFor({ LIMIT_IP_NATIVE: yes, LIMIT_IP: "1000000/60s" }, "ip")).toBeNull();
    expect(nativeLimiterFor({ LIMIT_IP_NATIVE: yes, LIMIT_IP: "120/10s" }, "ip")).toBeNull();
    expect(nativeLimiterFor({ LIMIT_CHAT_NATIVE: yes, LIMIT_CHAT_PER_USER: "3/60s" }, "chat")).toBeNull();
    expect(nativeLimiterFor({}, "ip")).toBeNull();
    expect(nativeLimiterFor({ LIMIT_IP_NATIVE: yes }, "chat")).toBeNull();
  });

  it("refuses a malformed var loudly, as the exact limiter does", () => {
    expect(() => nativeLimiterFor({ LIMIT_IP_NATIVE: yes, LIMIT_IP: "lots" }, "ip")).toThrow(/LIMIT_IP="lots"/);
  });
});

describe("NativeLimiter", () => {
  const rule = limitRules({}).ip;

  it("allows what the binding allows", async () => {
    const d = await new NativeLimiter(yes).limit("192.0.2.1", rule);
    expect(d).toMatchObject({ allowed: true, retryAfterSeconds: 0 });
    expect(d.degraded).toBeUndefined();
  });

  it("denies what the binding denies, with a wait no longer than the window", async () => {
    const keys: string[] = [];
    const no = binding(async () => ({ success: false }));
    const spy: RateLimit = { limit: (o) => (keys.push(o.key), no.limit(o)) };
    const d = await new NativeLimiter(spy).limit("192.0.2.1", rule);
    expect(keys).toEqual(["192.0.2.1"]);
    expect(d.allowed).toBe(false);
    expect(d.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(d.retryAfterSeconds).toBeLessThanOrEqual(rule.windowMs / 1000);
    expect(d.resetAt).toBeGreaterThan(Date.now());
  });

  it("fails open when the binding throws or does not answer in time", async () => {
    const quiet = () => {};
    const down = new NativeLimiter(
      binding(() => Promise.reject(new Error("down"))),
      1000,
      quiet,
    );
    expect(await down.limit("k", rule)).toMatchObject({ allowed: true, degraded: "backend_unavailable" });
    const hung = new NativeLimiter(
      binding(() => new Promise<never>(() => {})),
      20,
      quiet,
    );
    expect(await hung.limit("k", rule)).toMatchObject({ allowed: true, degraded: "backend_unavailable" });
  });
});
