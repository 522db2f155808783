import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { eventually } from "./channel-helpers.js";
import { BASE, Shopper } from "./client.js";
import { insertProduct } from "./fixtures.js";
import { orderId, seedOrder } from "./order-fixtures.js";
import { TelegramChat } from "./telegram-chat.js";

// PUT /admin/orders/:id/fulfillment: forward only, paid orders only, replays
// change nothing, audited, and the shopper hears of each move exactly once.

const AUTH = { authorization: "Bearer test-admin-token", "x-admin-actor": "carol.ops" };
const SKU = "OF-CRATE";
const PRODUCT = "fx_of_crate";
const line = { sku: SKU, productId: PRODUCT, title: "Fulfil Crate", quantity: 2, unitAmount: 1500 };

beforeAll(async () => {
  await insertProduct({
    id: PRODUCT,
    title: "Fulfil Crate",
    category: "home",
    variants: [{ sku: SKU, price: 1500, stock: 500 }],
  });
});

function put(id: string, body: unknown, headers: Record<string, string> = AUTH): Promise<Response> {
  return SELF.fetch(`${BASE}/admin/orders/${encodeURIComponent(id)}/fulfillment`, {
    method: "PUT",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

async function guestOrder(status = "paid"): Promise<{ s: Shopper; id: string }> {
  const s = new Shopper();
  await s.say("hi");
  const id = orderId();
  await seedOrder({ id, conversationId: s.conversation, customer: `guest:${s.conversation}`, status, lines: [line] });
  return { s, id };
}

const outbox = (id: string) => env.ORDER_EVENTS.get(env.ORDER_EVENTS.idFromName(id)).events();
const audits = async (id: string) =>
  (
    await env.DB.prepare("SELECT actor, action, details FROM audit_log WHERE target = ? ORDER BY id")
      .bind(id)
      .all<{ actor: string; action: string; details: string }>()
  ).results;

describe("PUT /admin/orders/:id/fulfillment", () => {
  it("moves a paid order forward, replays change nothing, and each move is audited once", async () => {
    const { id } = await guestOrder();
    const first = await put(id, { status: "processing" });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({
      order: { id, status: "paid", fulfillment_status: "processing", tracking: null },
      changed: true,
    });
    const replay = await put(id, { status: "processing" });
    expect(await replay.json()).toMatchObject({ changed: false, order: { fulfillment_status: "processing" } });
    expect(await (await put(id, { status: "shipped", tracking: "1Z999AA10123456784" })).json()).toMatchObject({
      changed: true,
      order: { fulfillment_status: "shipped", tracking: "1Z999AA10123456784" },
    });
    // A replay without tracking keeps it; one with the same tracking is a replay too.
    expect(await (await put(id, { status: "shipped" })).json()).toMatchObject({
      changed: false,
      order: { tracking: "1Z999AA10123456784" },
    });
    expect(await (await put(id, { status: "shipped", tracking: "1Z999AA10123456784" })).json()).toMatchObject({
      changed: false,
    });

    const back = await put(id, { status: "processing" });
    expect(back.status).toBe(409);
    expect(await back.json()).toMatchObject({ error: { code: "invalid_transition" } });
    const other = await put(id, { status: "shipped", tracking: "OTHER" });
    expect(other.status).toBe(409);
    expect(await other.json()).toMatchObject({ error: { code: "tracking_conflict" } });

    const rows = await audits(id);
    expect(rows.map((r) => [r.actor, r.action, JSON.parse(r.details)])).toEqual([
      ["carol.ops", "order.fulfillment", { from: null, to: "processing", tracking: null }],
      ["carol.ops", "order.fulfillment", { from: "processing", to: "shipped", tracking: "1Z999AA10123456784" }],
    ]);
  });

  it("tells the storefront shopper once per move, in the next chat reply, and the order page shows it", async () => {
    const { s, id } = await guestOrder();
    await put(id, { status: "shipped", tracking: "1ZTRACK" });
    await put(id, { status: "shipped", tracking: "1ZTRACK" });
    await eventually(
      async () => (await outbox(id)).every((e) => e.delivered) && (await outbox(id)).length > 0,
      "news delivered",
    );
    expect((await outbox(id)).map((e) => e.id)).toEqual([`${id}:chat:shipped`]);
    const next = (await s.say("thanks")).reply.text;
    expect(next.split(`Update on order ${id}: paid and shipped (tracking: 1ZTRACK).`)).toHaveLength(2);
    expect((await s.say("hi")).reply.text).not.toContain("Update on order");
    const page = await SELF.fetch(`${BASE}/v1/orders/${id}`, { headers: { "conversation-id": s.conversation } });
    expect(await page.json()).toMatchObject({ order: { fulfillment_status: "shipped", tracking: "1ZTRACK" } });
    expect((await s.say("where's my order?")).reply.text).toMatch(/paid and shipped \(tracking: 1ZTRACK\)/);
  });

  it("pushes each move to Telegram exactly once, even when the PUT is replayed or raced", async () => {
    const chat = new TelegramChat(7_150_001); // this file's own chat id: the Telegram stand-in is shared
    await chat.say("hi"); // a chat the shop has talked in: news goes to it
    const id = orderId();
    await seedOrder({ id, conversationId: `tg:${chat.chatId}`, customer: `tg:${chat.chatId}`, lines: [line] });
    const raced = await Promise.all([put(id, { status: "shipped" }), put(id, { status: "shipped" })]);
    const changed = await Promise.all(raced.map(async (r) => ((await r.json()) as { changed: boolean }).changed));
    expect(changed.sort()).toEqual([false, true]);
    expect((await chat.nextReply()).text).toBe(`Update on order ${id}: paid and shipped.`);
    await put(id, { status: "delivered" });
    await put(id, { status: "delivered" });
    expect((await chat.nextReply()).text).toBe(`Update on order ${id}: paid and delivered.`);
    await new Promise((r) => setTimeout(r, 300));
    expect((await chat.messages()).filter((m) => m.text.startsWith("Update on order"))).toHaveLength(2);
    expect(await audits(id)).toHaveLength(2);
  });

  it("refuses orders that are not paid, unknown ids, bad bodies and a missing token, changing nothing", async () => {
    for (const status of ["pending_payment", "canceled", "refunded"]) {
      const { id } = await guestOrder(status);
      const res = await put(id, { status: "shipped" });
      expect(res.status).toBe(409);
      expect(await res.json()).toMatchObject({ error: { code: "order_not_paid" } });
      expect(await audits(id)).toEqual([]);
    }
    for (const id of ["ord_doesnotexist", "../../promos", "x".repeat(80)]) {
      const res = await put(id, { status: "shipped" });
      expect(res.status).toBe(404);
    }
    const { id } = await guestOrder();
    for (const body of [
      { status: "lost" },
      { status: "shipped", tracking: "" },
      { status: "shipped", tracking: " padded " },
      { status: "shipped", tracking: "bad\u0000byte" },
      { status: "shipped", tracking: "x".repeat(201) },
      { status: "shipped", carrier: "UPS" },
      [],
    ]) {
      const res = await put(id, body);
      expect(res.status).toBe(422);
      expect(await res.json()).toMatchObject({ error: { code: "invalid_request" } });
    }
    const garbled = await put(id, "{not json");
    expect(garbled.status).toBe(400);
    expect(await garbled.json()).toMatchObject({ error: { code: "invalid_json" } });
    expect((await put(id, { status: "shipped" }, {})).status).toBe(401);
    expect((await put(id, { status: "shipped" }, { authorization: "Bearer wrong" })).status).toBe(401);
    const row = await env.DB.prepare("SELECT fulfillment_status FROM orders WHERE id = ?").bind(id).first();
    expect(row).toEqual({ fulfillment_status: null });
  });
});
