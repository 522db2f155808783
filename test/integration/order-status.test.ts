import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { payOnPage } from "./channel-helpers.js";
import { BASE, conversationId, Shopper, tokenFor, type ChatBody } from "./client.js";
import { insertProduct } from "./fixtures.js";

// GET /v1/orders/:id, which the widget polls after the payment page: the
// conversation id (a guest's credential) travels in a header, and an order of
// another conversation or shopper is a 404 exactly like a missing one.

const SKU = "OS-LAMP";
type Body = ChatBody & { quote?: { id: string }; order?: { id: string; status: string; payment_url?: string } };

beforeAll(async () => {
  await insertProduct({
    id: "fx_os_lamp",
    title: "Status Lamp",
    category: "home",
    variants: [{ sku: SKU, price: 4200, stock: 100 }],
  });
});

async function pendingOrder(s: Shopper): Promise<{ id: string; paymentUrl: string }> {
  await s.press(`add:${SKU}`);
  const quote = ((await s.say("checkout")) as Body).quote!;
  const order = ((await s.press(`pay:${quote.id}`)) as Body).order!;
  expect(order).toMatchObject({ status: "pending_payment", payment_url: expect.stringMatching(/^http/) });
  return { id: order.id, paymentUrl: order.payment_url! };
}

const status = (id: string, headers: Record<string, string>) =>
  SELF.fetch(`${BASE}/v1/orders/${encodeURIComponent(id)}`, { headers });

describe("GET /v1/orders/:id", () => {
  it("tells the conversation that placed it the order's status, before and after payment", async () => {
    const s = new Shopper();
    const order = await pendingOrder(s);
    const before = await status(order.id, { "conversation-id": s.conversation });
    expect(before.status).toBe(200);
    expect(await before.json()).toEqual({
      order: {
        id: order.id,
        status: "pending_payment",
        total: 4200,
        currency: "USD",
        fulfillment_status: null,
        tracking: null,
      },
    });
    await payOnPage(order.paymentUrl, order.id);
    expect(await (await status(order.id, { "conversation-id": s.conversation })).json()).toMatchObject({
      order: { status: "paid" },
    });
  });

  it("answers 404 to another conversation, to a signed-in shopper on a guest's order, and for an unknown id — alike", async () => {
    const s = new Shopper();
    const order = await pendingOrder(s);
    const others: Record<string, string>[] = [
      { "conversation-id": conversationId("other") },
      { "conversation-id": s.conversation, authorization: `Bearer ${await tokenFor("mallory")}` },
    ];
    for (const headers of others) {
      const res = await status(order.id, headers);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: "order_not_found" } });
    }
    const unknown = await status("ord_doesnotexist", { "conversation-id": s.conversation });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: "order_not_found" } });
  });

  it("refuses a missing or malformed Conversation-Id (422) and a bad token (401)", async () => {
    const s = new Shopper();
    const order = await pendingOrder(s);
    const bad: Record<string, string>[] = [
      {},
      { "conversation-id": "short" },
      { "conversation-id": `tg:${"1".repeat(20)}` },
    ];
    for (const headers of bad) {
      const res = await status(order.id, headers);
      expect(res.status).toBe(422);
      expect(await res.json()).toMatchObject({ error: { code: "invalid_request" } });
    }
    const forged = await status(order.id, { "conversation-id": s.conversation, authorization: "Bearer a.b.c" });
    expect(forged.status).toBe(401);
  });
});
