import { describe, expect, it } from "vitest";
import { conversationId, post, Shopper, tokenFor } from "./client.js";

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
