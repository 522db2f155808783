// No model configured: a storefront photo gets a polite reply asking for words (never an error), and nothing changes.
import { SELF } from "cloudflare:test";
import { expect, it } from "vitest";
import { BASE, conversationId, type ChatBody } from "./client.js";

it("a photo without a vision model: 200, a polite reply asking for words, an empty cart", async () => {
  const q = new URLSearchParams({
    conversation_id: conversationId("photo"),
    message_id: "p-1",
    caption: "this one in red?",
  });
  const res = await SELF.fetch(`${BASE}/v1/chat/photo?${q}`, {
    method: "POST",
    headers: { "content-type": "image/png" },
    body: Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]),
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as ChatBody;
  expect(body.reply.text).toMatch(/can't look at photos here yet\. Tell me what you're looking for in words/);
  expect(body.reply.text).not.toMatch(/model|\bAI\b/i);
  expect(body.cart.lines).toEqual([]);
});
