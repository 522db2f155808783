import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { BASE, conversationId, post, Shopper } from "./client.js";
import { insertProduct } from "./fixtures.js";
import { acp, createBody } from "./acp-client.js";

beforeAll(async () => {
  await insertProduct({
    id: "fx_bad",
    title: "Badinput Scarf",
    category: "tops",
    variants: [{ sku: "BAD-SCARF", price: 900 }],
  });
});

async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/application\/json/);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
}

describe("bad input gets a 4xx with a code and changes nothing", () => {
  const s = new Shopper();

  beforeAll(async () => {
    await s.press("add:BAD-SCARF");
  });

  async function cartUnchanged() {
    const r = await s.say("what's in my cart?");
    expect(r.cart.lines).toMatchObject([{ sku: "BAD-SCARF", quantity: 1 }]);
  }

  it("invalid JSON → 400 invalid_json", async () => {
    await expectError(
      await post("/v1/chat", `{"conversation_id": "${s.conversation}", "message_id": "j1", "text": "add`),
      400,
      "invalid_json",
    );
    await cartUnchanged();
  });

  it.each([
    ["missing message_id", { text: "hi" }],
    ["neither text nor button", { message_id: "a" }],
    ["empty text", { message_id: "a", text: "   " }],
    ["text over 2000 characters", { message_id: "a", text: "x".repeat(2001) }],
    ["numeric text", { message_id: "a", text: 42 }],
    ["unknown field", { message_id: "a", text: "hi", price: 1 }],
    ["message id with spaces", { message_id: "a b", text: "hi" }],
    ["short conversation id", { conversation_id: "short", message_id: "a", text: "hi" }],
  ])("schema violation (%s) → 422 invalid_request", async (_name, patch) => {
    await expectError(await post("/v1/chat", { conversation_id: s.conversation, ...patch }), 422, "invalid_request");
    await cartUnchanged();
  });

  it("a JSON array or null body → 422", async () => {
    await expectError(await post("/v1/chat", "[]"), 422, "invalid_request");
    await expectError(await post("/v1/chat", "null"), 422, "invalid_request");
  });

  it("a non-JSON content type → 415", async () => {
    const res = await SELF.fetch(`${BASE}/v1/chat`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "hi",
    });
    await expectError(res, 415, "unsupported_media_type");
  });

  it("a body over 64 KiB → 413 payload_too_large", async () => {
    const big = JSON.stringify({ conversation_id: s.conversation, message_id: "big", text: "x".repeat(70 * 1024) });
    await expectError(await post("/v1/chat", big), 413, "payload_too_large");
    await cartUnchanged();
  });

  it("an unknown route or method → 404 not_found", async () => {
    await expectError(await SELF.fetch(`${BASE}/v1/nope`), 404, "not_found");
    await expectError(await SELF.fetch(`${BASE}/v1/chat`), 404, "not_found");
  });

  it("an unknown SKU in a button gets a polite reply and no change", async () => {
    const r = await s.press("add:NO-SUCH-SKU");
    expect(r.reply.text).toMatch(/no item with code NO-SUCH-SKU/);
    expect(r.cart.lines).toMatchObject([{ sku: "BAD-SCARF", quantity: 1 }]);
  });

  it("a forged or malformed button payload gets a polite reply and no change", async () => {
    for (const button of [
      "add:BAD-SCARF:0",
      "add:BAD-SCARF:-1",
      "qty:BAD-SCARF:1.5",
      "drop table",
      "add:'; DROP TABLE variants;--",
    ]) {
      const r = await s.press(button);
      expect(r.reply.text.length).toBeGreaterThan(0);
      expect(r.cart.lines).toMatchObject([{ sku: "BAD-SCARF", quantity: 1 }]);
    }
  });

  it("an unknown product id → 404 product_not_found", async () => {
    await expectError(await SELF.fetch(`${BASE}/v1/products/prd_nope`), 404, "product_not_found");
    await expectError(await SELF.fetch(`${BASE}/v1/products/${"x".repeat(300)}`), 404, "product_not_found");
  });

  it.each([
    ["max_price=abc", "invalid_request"],
    ["max_price=-1", "invalid_request"],
    ["limit=0", "invalid_request"],
    ["limit=1000", "invalid_request"],
    ["q=" + "a".repeat(201), "invalid_request"],
    ["sort=price", "invalid_request"],
  ])("bad search parameters (%s) → 422", async (query, code) => {
    await expectError(await SELF.fetch(`${BASE}/v1/products?${query}`), 422, code);
  });

  it("FTS operators and quotes typed by a shopper never break search", async () => {
    for (const q of ['"', "dress OR", "NEAR(", "*", "a AND NOT b", "^x", "col:val", "(((", "😀"]) {
      const res = await SELF.fetch(`${BASE}/v1/products?q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(200);
      const chat = await new Shopper(conversationId()).send({ text: `find ${q}` });
      expect(chat.status).toBe(200);
    }
  });

  // Regression: nested 5,000 levels, an ACP body overflowed the stack of the
  // idempotency hash and answered 500.
  const deep = (levels: number) => '{"a":'.repeat(levels) + "1" + "}".repeat(levels);

  it("a chat body nested 5,000 levels → 400 json_too_deep, nothing changes", async () => {
    const body = `{"conversation_id":"${s.conversation}","message_id":"deep","text":"add 5","x":${deep(5000)}}`;
    await expectError(await post("/v1/chat", body), 400, "json_too_deep");
    await cartUnchanged();
  });

  it("an ACP create with metadata nested 5,000 levels → 400 (the spec's Error shape), no session", async () => {
    const body = JSON.stringify(createBody([{ id: "BAD-SCARF" }])).replace(/}$/, `,"metadata":${deep(5000)}}`);
    const res = await acp("POST", "/checkout_sessions", { body });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ type: "invalid_request", code: "invalid", param: "$" });
    expect(res.headers.get("location")).toBeNull();
  });

  it("an ACP body within the depth cap still reaches validation (the cap is not a blanket refusal)", async () => {
    const res = await acp("POST", "/checkout_sessions", {
      body: { ...createBody([{ id: "BAD-SCARF" }]), metadata: { a: { b: { c: 1 } } } },
    });
    expect(res.status).toBe(201);
  });

  it("admin bodies are capped too", async () => {
    const res = await SELF.fetch(`${BASE}/admin/promos`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer test-admin-token" },
      body: `{"code":"DEEP","x":${deep(5000)}}`,
    });
    await expectError(res, 400, "json_too_deep");
  });
});
