import { describe, expect, it } from "vitest";
import { sign } from "hono/jwt";
import { conversationId, JWT_SECRET, post, Shopper, tokenFor } from "./client.js";

describe("chat: a conversation belongs to whoever opened it", () => {
  it("lets the signed-in owner continue and refuses another user with 403", async () => {
    const id = conversationId();
    const alice = new Shopper(id, await tokenFor("alice"));
    await alice.say("help");
    const mallory = new Shopper(id, await tokenFor("mallory"));
    const res = await mallory.send({ text: "what's in my cart?" });
    expect(res.status).toBe(403);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({ error: { code: "conversation_forbidden", message: expect.any(String) } });
    expect((await alice.say("what's in my cart?")).conversation_id).toBe(id);
  });

  it("refuses a guest on a user's conversation, even replaying the user's message id", async () => {
    const id = conversationId();
    const alice = new Shopper(id, await tokenFor("alice"));
    await alice.send({ text: "help" }, "m-1");
    const guest = new Shopper(id);
    expect((await guest.send({ text: "help" }, "m-1")).status).toBe(403);
  });

  it("refuses a signed-in user on a guest's conversation", async () => {
    const id = conversationId();
    await new Shopper(id).say("help");
    expect((await new Shopper(id, await tokenFor("bob")).send({ text: "help" })).status).toBe(403);
  });

  it("rejects a forged or malformed token with 401 before touching the conversation", async () => {
    const id = conversationId();
    const forged = await tokenFor("alice", "not-the-secret-not-the-secret-xx");
    for (const authorization of [`Bearer ${forged}`, "Bearer nope", "Basic abc"]) {
      const res = await post("/v1/chat", { conversation_id: id, message_id: "m1", text: "help" }, { authorization });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: "invalid_token" } });
    }
    // Nobody owns it yet: a guest can still open it.
    expect((await new Shopper(id).send({ text: "help" })).status).toBe(200);
  });
});

describe("chat: storefront tokens must expire", () => {
  const now = () => Math.floor(Date.now() / 1000);
  const chatWith = async (claims: Record<string, unknown>) => {
    const token = await sign({ sub: "carol", ...claims }, JWT_SECRET, "HS256");
    return post(
      "/v1/chat",
      { conversation_id: conversationId(), message_id: "m1", text: "help" },
      { authorization: `Bearer ${token}` },
    );
  };
  const refused = async (res: Response) => {
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: "invalid_token" } });
  };

  it("refuses a correctly signed token without exp (it would never expire)", async () => {
    await refused(await chatWith({}));
    await refused(await chatWith({ iat: now() }));
    await refused(await chatWith({ exp: "tomorrow" }));
  });

  it("refuses a token that lives longer than the maximum lifetime (default 24 h)", async () => {
    await refused(await chatWith({ exp: now() + 10 * 365 * 86400 }));
    await refused(await chatWith({ iat: now() - 60, exp: now() + 86400 }));
  });

  it("refuses an expired token and accepts one within the lifetime", async () => {
    await refused(await chatWith({ exp: now() - 10 }));
    expect((await chatWith({ exp: now() + 3600 })).status).toBe(200);
    expect((await chatWith({ iat: now(), exp: now() + 86400 })).status).toBe(200);
  });
});
