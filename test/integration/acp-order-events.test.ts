import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { orderEvent } from "../../worker/orders/order-events.js";
import { settle } from "../../worker/orders/settle.js";
import { acp, createSession, fulfillment, paymentData, type Json } from "./acp-client.js";
import { eventually } from "./channel-helpers.js";
import { BASE } from "./client.js";
import { insertProduct } from "./fixtures.js";

// ACP order events: for a session created over ACP the agent's webhook gets
// order_create and an order_update per change (paid, shipped, delivered,
// refunded, canceled), signed (the receiver stand-in refuses a bad
// Merchant-Signature), schema-valid against the vendored spec, retried while
// the agent is down, and never twice.

const RECEIVER = inject("acpWebhookUrl");
const AUTH = { authorization: "Bearer test-admin-token" };

interface Received {
  requestId: string | null;
  type: string;
  orderId: string;
  body: Json;
  schemaErrors: string[];
}

beforeAll(async () => {
  await insertProduct({
    id: "fx_aoe_lamp",
    title: "Event Lamp",
    category: "home",
    variants: [{ sku: "AOE-LAMP", price: 2500, stock: 500 }],
  });
});

const received = async (orderId: string): Promise<Received[]> =>
  (await (await fetch(`${RECEIVER}/_control/events?order_id=${orderId}`)).json()) as Received[];
const setDown = (id: string, down: boolean) =>
  fetch(`${RECEIVER}/_control/down`, { method: "POST", body: JSON.stringify({ id, down }) });
const outbox = (orderId: string) => env.ORDER_EVENTS.get(env.ORDER_EVENTS.idFromName(orderId)).events();
const fulfil = (id: string, body: unknown) =>
  SELF.fetch(`${BASE}/admin/orders/${id}/fulfillment`, {
    method: "PUT",
    headers: { "content-type": "application/json", ...AUTH },
    body: JSON.stringify(body),
  });

/** Waits until the order's outbox holds these event ids, all delivered, and returns what the agent got. */
async function deliveredAll(orderId: string, ids: string[], timeoutMs = 8_000): Promise<Received[]> {
  await eventually<boolean>(
    async () => {
      const box = await outbox(orderId);
      return ids.every((id) => box.some((e) => e.id === id && e.delivered));
    },
    `events ${ids.join(", ")} delivered`,
    timeoutMs,
  ).catch(async (err: Error) => {
    throw new Error(`${err.message}; outbox: ${JSON.stringify(await outbox(orderId))}`);
  });
  return received(orderId);
}

async function paidSession(opts: { down?: boolean } = {}): Promise<{ sessionId: string; orderId: string }> {
  const s = await createSession([{ id: "AOE-LAMP", quantity: 2 }], { fulfillment_details: fulfillment });
  if (opts.down) await setDown(s.id, true);
  const done = await acp("POST", `/checkout_sessions/${s.id}/complete`, {
    body: { payment_data: paymentData("spt_test_ok_events") },
  });
  expect(done.body.status).toBe("completed");
  return { sessionId: s.id, orderId: done.body.order.id as string };
}

function expectValid(events: Received[]): void {
  for (const e of events) expect(e.schemaErrors, JSON.stringify(e.body)).toEqual([]);
}

describe("ACP order events to the agent's webhook", () => {
  it("a paid ACP order: order_create then order_update confirmed, signed, schema-valid, with the session's permalink", async () => {
    const { sessionId, orderId } = await paidSession();
    const got = await deliveredAll(orderId, [`${orderId}:acp:created`, `${orderId}:acp:paid`]);
    expectValid(got);
    expect(got.map((e) => [e.requestId, e.type, e.body.data.status])).toEqual([
      [`${orderId}:acp:created`, "order_create", "created"],
      [`${orderId}:acp:paid`, "order_update", "confirmed"],
    ]);
    expect(got[1]!.body.data).toMatchObject({
      type: "order",
      id: orderId,
      checkout_session_id: sessionId,
      permalink_url: `${BASE}/checkout_sessions/${sessionId}`,
      line_items: [
        {
          id: "li_AOE-LAMP",
          title: "Event Lamp",
          quantity: { ordered: 2, current: 2, fulfilled: 0 },
          unit_price: 2500,
          subtotal: 5000,
        },
      ],
      totals: expect.arrayContaining([{ type: "total", display_text: "Total", amount: 5000 }]),
    });
  });

  it("shipped and delivered by ops reach the agent once each, with tracking, however often the PUT is replayed", async () => {
    const { orderId } = await paidSession();
    for (let i = 0; i < 2; i++)
      expect((await fulfil(orderId, { status: "shipped", tracking: "1ZEVENTS" })).status).toBe(200);
    await orderEvent(env, orderId, "shipped"); // a replayed transition from anywhere
    for (let i = 0; i < 2; i++) await fulfil(orderId, { status: "delivered" });
    const got = await deliveredAll(orderId, [`${orderId}:acp:shipped`, `${orderId}:acp:delivered`]);
    await new Promise((r) => setTimeout(r, 300));
    const all = await received(orderId);
    expect(all.map((e) => e.requestId)).toEqual([
      `${orderId}:acp:created`,
      `${orderId}:acp:paid`,
      `${orderId}:acp:shipped`,
      `${orderId}:acp:delivered`,
    ]);
    expectValid(got);
    const shipped = all[2]!.body.data;
    expect(shipped.status).toBe("shipped");
    expect(shipped.fulfillments).toEqual([
      expect.objectContaining({
        type: "shipping",
        status: "shipped",
        tracking_number: "1ZEVENTS",
        line_items: [{ id: "li_AOE-LAMP", quantity: 2 }],
      }),
    ]);
    expect(shipped.line_items[0]).toMatchObject({ quantity: { fulfilled: 2 }, status: "fulfilled" });
    expect(all[3]!.body.data.status).toBe("completed");
  });

  it("the agent is down, then up: every event arrives once, in order", async () => {
    const { sessionId, orderId } = await paidSession({ down: true });
    await eventually(async () => (await outbox(orderId)).some((e) => e.attempts > 0), "a failed attempt");
    expect(await received(orderId)).toEqual([]);
    const failing = await outbox(orderId);
    expect(failing[0]).toMatchObject({ delivered: false, gaveUp: false, lastError: "webhook answered 503" });
    await setDown(sessionId, false);
    const got = await deliveredAll(orderId, [`${orderId}:acp:created`, `${orderId}:acp:paid`], 15_000);
    expect(got.map((e) => e.requestId)).toEqual([`${orderId}:acp:created`, `${orderId}:acp:paid`]);
    expectValid(got);
  });

  it("refunded and canceled: one event each, schema-valid, a replayed settlement sends nothing more", async () => {
    const { orderId } = await paidSession();
    await deliveredAll(orderId, [`${orderId}:acp:paid`]);
    expect((await settle(env, { type: "refunded", orderId })).changed).toBe(true);
    expect((await settle(env, { type: "refunded", orderId })).changed).toBe(false);
    await orderEvent(env, orderId, "refunded");
    const got = await deliveredAll(orderId, [`${orderId}:acp:refunded`]);
    await new Promise((r) => setTimeout(r, 300));
    expect((await received(orderId)).filter((e) => e.requestId === `${orderId}:acp:refunded`)).toHaveLength(1);
    expectValid(got);
    const refund = got.find((e) => e.requestId === `${orderId}:acp:refunded`)!.body.data;
    expect(refund.status).toBe("canceled");
    expect(refund.adjustments).toEqual([
      expect.objectContaining({ type: "refund", status: "completed", amount: 5000, currency: "usd" }),
    ]);
    expect(refund.totals).toContainEqual({ type: "amount_refunded", display_text: "Refunded", amount: 5000 });
  });

  it("an unpaid ACP order that is canceled: order_create, then order_update canceled", async () => {
    const s = await createSession([{ id: "AOE-LAMP" }], { fulfillment_details: fulfillment });
    const pending = await acp("POST", `/checkout_sessions/${s.id}/complete`, {
      body: { payment_data: paymentData("pm_card_authenticationRequired") },
    });
    expect(pending.body.status).toBe("complete_in_progress");
    const row = await env.DB.prepare("SELECT id FROM orders WHERE conversation_id = ?")
      .bind(s.id)
      .first<{ id: string }>();
    const orderId = row!.id;
    expect((await settle(env, { type: "canceled", orderId, paymentIntentId: null })).changed).toBe(true);
    await settle(env, { type: "canceled", orderId, paymentIntentId: null });
    const got = await deliveredAll(orderId, [`${orderId}:acp:created`, `${orderId}:acp:canceled`]);
    expect(got.map((e) => [e.type, e.body.data.status])).toEqual([
      ["order_create", "created"],
      ["order_update", "canceled"],
    ]);
    expectValid(got);
  });
});
