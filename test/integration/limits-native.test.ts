import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { conversationId, tokenFor } from "./client.js";
import { fetchWithVars } from "./env-overrides.js";
import { TEST_LIMITS } from "./test-limits.js";

// The native binding (wrangler.toml [[ratelimits]], simulated by local workerd)
// counts the fail-open rules while their var holds the default; the tests
// elsewhere raise the vars and so exercise the exact limiter.
const DEFAULTS = { LIMIT_IP: "120/60s", LIMIT_CHAT_PER_USER: "30/60s" };

/** Waits out the end of a clock-aligned minute, so a test's counts all land in one window. */
async function awayFromWindowEdge(): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 5000) await new Promise((r) => setTimeout(r, left + 50));
}

async function exhaust(binding: RateLimit, key: string, times: number): Promise<void> {
  for (let i = 0; i < times; i++) await binding.limit({ key });
}

const guestChat = (vars: Record<string, unknown>, ip: string, id = conversationId("native")) =>
  fetchWithVars(vars, "/v1/chat", {
    method: "POST",
    ip,
    body: JSON.stringify({ conversation_id: id, message_id: "m1", text: "help" }),
  });

describe("native rate limits (fail-open rules at their defaults)", () => {
  it("turns a guest away once the binding has counted the address's 120, before the conversation is touched", async () => {
    await awayFromWindowEdge();
    const ip = "198.51.100.120";
    expect((await guestChat(DEFAULTS, ip)).status).toBe(200);
    await exhaust(env.LIMIT_IP_NATIVE!, ip, 119);
    const id = conversationId("native-over");
    const over = await guestChat(DEFAULTS, ip, id);
    expect(over.status).toBe(429);
    const retry = Number(over.headers.get("Retry-After"));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
    expect(await over.json()).toMatchObject({ error: { code: "rate_limited" }, reply: { text: /Please wait/ } });
    const stub = env.CONVERSATION.get(env.CONVERSATION.idFromName(id));
    const processed = await runInDurableObject(
      stub,
      (_i, s) => s.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM processed_messages").one().n,
    );
    expect(processed).toBe(0);
    // Another address has its own count.
    expect((await guestChat(DEFAULTS, "198.51.100.121")).status).toBe(200);
    // A raised LIMIT_IP is counted exactly by the RateLimiter object, which has seen 0 of this address.
    expect((await guestChat(TEST_LIMITS, ip)).status).toBe(200);
  });

  it("paces a signed-in shopper by the binding at the default LIMIT_CHAT_PER_USER", async () => {
    await awayFromWindowEdge();
    const auth = { authorization: `Bearer ${await tokenFor("native-typist")}` };
    const send = (m: string) =>
      fetchWithVars(DEFAULTS, "/v1/chat", {
        method: "POST",
        headers: auth,
        ip: `192.0.2.${m.length}`,
        body: JSON.stringify({ conversation_id: conversationId("native-user"), message_id: m, text: "help" }),
      });
    expect((await send("a")).status).toBe(200);
    await exhaust(env.LIMIT_CHAT_NATIVE!, "user:native-typist", 29);
    expect((await send("b")).status).toBe(429);
  });

  it("catalog reads are limited per IP by the binding too", async () => {
    await awayFromWindowEdge();
    const ip = "198.51.100.122";
    await exhaust(env.LIMIT_IP_NATIVE!, ip, 120);
    const over = await fetchWithVars(DEFAULTS, "/v1/products?q=tea", { ip });
    expect(over.status).toBe(429);
    expect(await over.json()).toMatchObject({ error: { code: "rate_limited" } });
  });

  it("fails open: a binding that throws or hangs lets the turn through", async () => {
    const down: RateLimit = { limit: () => Promise.reject(new Error("native limiter down")) };
    const hung: RateLimit = { limit: () => new Promise<never>(() => {}) };
    const vars = { ...DEFAULTS, LIMIT_IP_NATIVE: down, LIMIT_CHAT_NATIVE: down };
    expect((await guestChat(vars, "198.51.100.123")).status).toBe(200);
    const slow = { ...DEFAULTS, LIMIT_IP_NATIVE: hung, LIMIT_BACKEND_TIMEOUT_MS: "50" };
    expect((await guestChat(slow, "198.51.100.124")).status).toBe(200);
  });
});
