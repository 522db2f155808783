import { env, runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { Conversation } from "../../worker/objects/conversation.do.js";
import { conversationId, post, Shopper, type ChatBody } from "./client.js";
import { insertProduct } from "./fixtures.js";

beforeAll(async () => {
  await insertProduct({
    id: "fx_idem",
    title: "Idempotia Mug",
    category: "home",
    variants: [{ sku: "IDM-MUG", price: 1200 }],
  });
});

function stub(conversation: string) {
  return env.CONVERSATION.get(env.CONVERSATION.idFromName(conversation));
}

describe("chat: a message id is processed once", () => {
  it("replays a repeated message id with the stored body and changes nothing", async () => {
    const s = new Shopper();
    const first = await s.send({ button: "add:IDM-MUG" }, "msg-1");
    expect(first.status).toBe(200);
    expect(first.headers.get("Idempotent-Replayed")).toBeNull();
    const body = (await first.json()) as ChatBody;
    const again = await s.send({ button: "add:IDM-MUG" }, "msg-1");
    expect(again.status).toBe(200);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await again.json()).toEqual(body);
    const cart = await s.say("what's in my cart?");
    expect(cart.cart.lines).toMatchObject([{ sku: "IDM-MUG", quantity: 1 }]);
  });

  it("rejects the same message id with a different body (409) and changes nothing", async () => {
    const s = new Shopper();
    await s.send({ button: "add:IDM-MUG" }, "dup");
    const res = await s.send({ button: "add:IDM-MUG:5" }, "dup");
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: "idempotency_conflict" } });
    const cart = await s.say("show cart");
    expect(cart.cart.lines).toMatchObject([{ sku: "IDM-MUG", quantity: 1 }]);
  });

  it("applies 20 concurrent deliveries of one message exactly once", async () => {
    const s = new Shopper();
    const results = await Promise.all(Array.from({ length: 20 }, () => s.send({ button: "add:IDM-MUG" }, "storm")));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    const replayed = results.filter((r) => r.headers.get("Idempotent-Replayed") === "true").length;
    expect(replayed).toBe(19);
    const cart = await s.say("what's in my cart?");
    expect(cart.cart.lines).toMatchObject([{ sku: "IDM-MUG", quantity: 1 }]);
  });

  it("serialises different messages of one conversation so no update is lost", async () => {
    const s = new Shopper();
    await Promise.all(Array.from({ length: 10 }, (_, i) => s.send({ button: "add:IDM-MUG" }, `par-${i}`)));
    const cart = await s.say("what's in my cart?");
    expect(cart.cart.lines).toMatchObject([{ sku: "IDM-MUG", quantity: 10 }]);
  });

  it("stores each processed message with its reply, and keeps the recent turns bounded", async () => {
    const s = new Shopper();
    for (let i = 0; i < 14; i++) await s.say("help");
    const seen = await runInDurableObject(stub(s.conversation), async (_instance: Conversation, state) => ({
      processed: state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM processed_messages").one().n,
      turns: state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM turns").one().n,
    }));
    expect(seen.processed).toBe(14);
    expect(seen.turns).toBe(20);
  });

  it("keeps conversations apart", async () => {
    const a = new Shopper();
    const b = new Shopper();
    await a.press("add:IDM-MUG");
    expect((await b.say("what's in my cart?")).cart.lines).toEqual([]);
  });

  it("does not store anything for a rejected request", async () => {
    const id = conversationId();
    const res = await post("/v1/chat", { conversation_id: id, message_id: "x", button: "add:IDM-MUG", extra: 1 });
    expect(res.status).toBe(422);
    const listed = await runInDurableObject(stub(id), async (_i: Conversation, state) =>
      state.storage.sql
        .exec<{ n: number }>("SELECT count(*) AS n FROM sqlite_master WHERE name = 'processed_messages'")
        .one().n === 1
        ? state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM processed_messages").one().n
        : 0,
    );
    expect(listed).toBe(0);
  });
});
