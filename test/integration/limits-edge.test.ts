import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { conversationId, tokenFor } from "./client.js";
import { fetchWithVars } from "./env-overrides.js";

const call = fetchWithVars;

const chat = (limits: Record<string, string>, body: Record<string, unknown>, ip?: string) =>
  call(limits, "/v1/chat", { method: "POST", body: JSON.stringify(body), ...(ip ? { ip } : {}) });

describe("edge limits", () => {
  it("answers a shopper over their pace with 429, Retry-After and the wait in words, before the conversation is touched", async () => {
    const limits = { LIMIT_CHAT_PER_USER: "3/60s" };
    const id = conversationId("limited");
    const auth = { authorization: `Bearer ${await tokenFor("fast-typist")}` };
    const send = (n: number, ip: string) =>
      call(limits, "/v1/chat", {
        method: "POST",
        headers: auth,
        body: JSON.stringify({ conversation_id: id, message_id: `m${n}`, text: "help" }),
        ip,
      });
    for (let i = 0; i < 3; i++) expect((await send(i, `198.51.100.${i}`)).status).toBe(200);
    const over = await send(3, "198.51.100.9");
    expect(over.status).toBe(429);
    expect(Number(over.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
    const body = (await over.json()) as { error: { code: string }; reply: { text: string } };
    expect(body.error.code).toBe("rate_limited");
    expect(body.reply.text).toMatch(/Please wait \d+ seconds|Please wait a second|Please wait about/);
    const stub = env.CONVERSATION.get(env.CONVERSATION.idFromName(id));
    const processed = await runInDurableObject(
      stub,
      (_i, s) => s.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM processed_messages").one().n,
    );
    expect(processed).toBe(3);
  });

  it("limits guests per IP across conversations, and leaves other addresses alone", async () => {
    const limits = { LIMIT_IP: "2/60s" };
    const ip = "192.0.2.44";
    expect((await chat(limits, { conversation_id: conversationId(), message_id: "a", text: "help" }, ip)).status).toBe(
      200,
    );
    expect((await chat(limits, { conversation_id: conversationId(), message_id: "b", text: "help" }, ip)).status).toBe(
      200,
    );
    expect((await chat(limits, { conversation_id: conversationId(), message_id: "c", text: "help" }, ip)).status).toBe(
      429,
    );
    expect(
      (await chat(limits, { conversation_id: conversationId(), message_id: "d", text: "help" }, "192.0.2.45")).status,
    ).toBe(200);
  });

  it("counts one IPv6 /64 as one client: rotating the interface id buys no fresh budget", async () => {
    const limits = { LIMIT_IP: "2/60s" };
    const say = (ip: string, m: string) =>
      chat(limits, { conversation_id: conversationId(), message_id: m, text: "help" }, ip);
    expect((await say("2001:db8:29:5b::1", "a")).status).toBe(200);
    expect((await say("2001:db8:29:5b::2", "b")).status).toBe(200);
    expect((await say("2001:db8:29:5b:dead:beef:0:3", "c")).status).toBe(429);
    // The neighbouring /64 is another subscriber.
    expect((await say("2001:db8:29:5c::1", "d")).status).toBe(200);
  });

  it("limits catalog reads per IP with the API error shape", async () => {
    const limits = { LIMIT_IP: "1/60s" };
    expect((await call(limits, "/v1/products?q=tea", { ip: "192.0.2.99" })).status).toBe(200);
    const over = await call(limits, "/v1/products?q=tea", { ip: "192.0.2.99" });
    expect(over.status).toBe(429);
    expect(over.headers.get("Retry-After")).not.toBeNull();
    expect(await over.json()).toMatchObject({ error: { code: "rate_limited" } });
  });
});
