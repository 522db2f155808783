import { env, runDurableObjectAlarm, runInDurableObject, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { signStripePayload } from "../stand-ins/stripe/signature.js";
import { app } from "../../worker/app.js";
import {
  acp,
  address,
  conform,
  createBody,
  createSession,
  fulfillment,
  paymentData,
  totalOf,
  type Json,
} from "./acp-client.js";
import { BASE } from "./client.js";
import { runDueAlarm } from "./stripe-helpers.js";
import { insertProduct, setPrice } from "./fixtures.js";

const STRIPE = inject("stripeUrl");

beforeAll(async () => {
  await insertProduct({
    id: "fx_acp_mug",
    title: "Agent Mug",
    category: "home",
    variants: [{ sku: "ACP-MUG", price: 1500, stock: 500 }],
  });
  await insertProduct({
    id: "fx_acp_rare",
    title: "Unobtainium Spoon",
    category: "home",
    variants: [{ sku: "ACP-RARE", price: 900, stock: 0 }],
  });
  await insertProduct({
    id: "fx_acp_few",
    title: "Scarce Saucer",
    category: "home",
    variants: [{ sku: "ACP-FEW", price: 700, stock: 2 }],
  });
  await insertProduct({
    id: "fx_acp_gone",
    title: "Retired Teapot",
    category: "home",
    variants: [{ sku: "ACP-GONE", price: 700, active: false }],
  });
  await insertProduct({
    id: "fx_acp_pin",
    title: "Tiny Pin",
    category: "home",
    variants: [{ sku: "ACP-PIN", price: 20, stock: 500 }],
  });
  await insertProduct({
    id: "fx_acp_vase",
    title: "Volatile Vase",
    category: "home",
    variants: [{ sku: "ACP-VASE", price: 4000, stock: 50 }],
  });
  await insertProduct({
    id: "fx_acp_tee",
    title: "Protocol Tee",
    category: "apparel",
    variants: [{ sku: "ACP-TEE-BLU-M", color: "blue", size: "M", price: 2200, stock: 50 }],
  });
});

async function stock(sku: string): Promise<number> {
  return (await env.DB.prepare("SELECT stock FROM variants WHERE sku = ?").bind(sku).first<{ stock: number }>())!.stock;
}

async function ordersOf(sessionId: string) {
  const rows = await env.DB.prepare(
    "SELECT id, status, total, customer, promo_codes FROM orders WHERE conversation_id = ? ORDER BY created_at",
  )
    .bind(sessionId)
    .all<{ id: string; status: string; total: number; customer: string; promo_codes: string }>();
  return rows.results;
}

async function paymentIntentsOf(orderId: string): Promise<{ id: string; status: string; amount: number }[]> {
  const all = (await (await fetch(`${STRIPE}/_control/payment_intents`)).json()) as {
    id: string;
    status: string;
    amount: number;
    metadata: Record<string, string>;
  }[];
  return all.filter((p) => p.metadata.order_id === orderId);
}

async function idempotencyRows(): Promise<number> {
  return (await env.DB.prepare("SELECT count(*) AS n FROM acp_idempotency_keys").first<{ n: number }>())!.n;
}

/** A session with an address: ready for payment. */
async function readySession(
  items: { id: string; quantity?: number }[],
  extra: Record<string, unknown> = {},
): Promise<Json> {
  const s = await createSession(items, { fulfillment_details: fulfillment, ...extra });
  expect(s.status).toBe("ready_for_payment");
  return s;
}

function sessionObject(id: string) {
  return env.CHECKOUT_SESSION.get(env.CHECKOUT_SESSION.idFromName(id));
}

const complete = (id: string, token: string, opts: { idempotencyKey?: string } = {}) =>
  acp("POST", `/checkout_sessions/${id}/complete`, { body: { payment_data: paymentData(token) }, ...opts });

describe("ACP: discovery", () => {
  it("serves /.well-known/acp.json without auth", async () => {
    const r = await acp("GET", "/.well-known/acp.json", { apiKey: null, version: null });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      protocol: { name: "acp", version: "2026-04-17", supported_versions: ["2026-04-17"] },
      api_base_url: BASE,
      transports: ["rest"],
      capabilities: { services: ["checkout"], supported_currencies: ["usd"] },
    });
  });

  it("is off (404, spec error shape) when no ACP_API_KEY is configured", async () => {
    const off = { ...env, ACP_API_KEY: undefined };
    for (const [method, path] of [
      ["GET", "/.well-known/acp.json"],
      ["POST", "/checkout_sessions"],
    ] as const) {
      const res = await app.fetch(
        new Request(`${BASE}${path}`, {
          method,
          headers: { authorization: "Bearer test-acp-key", "api-version": "2026-04-17" },
        }),
        off,
      );
      expect(res.status).toBe(404);
      const body = await res.json();
      expect(body).toMatchObject({ type: "invalid_request", code: "not_found" });
      await conform("Error", body);
    }
  });
});

describe("ACP: create → update → complete", () => {
  it("pays with a shared payment token through the chat's engine: paid order in D1, completed session with order", async () => {
    const before = await stock("ACP-MUG");
    const created = await acp("POST", "/checkout_sessions", {
      body: createBody([{ id: "ACP-MUG", quantity: 1 }], { buyer: { email: "buyer@example.com" } }),
    });
    expect(created.status).toBe(201);
    const s = created.body;
    expect(s.id).toMatch(/^cs_[0-9a-f]{32}$/);
    expect(s).toMatchObject({ status: "not_ready_for_payment", currency: "usd", protocol: { version: "2026-04-17" } });
    expect(s.messages).toEqual([
      expect.objectContaining({ type: "error", code: "missing", param: "$.fulfillment_details.address" }),
    ]);
    expect(s.quote_id).toBeUndefined();

    const updated = await acp("POST", `/checkout_sessions/${s.id}`, {
      body: { line_items: [{ id: "ACP-MUG", quantity: 2 }], fulfillment_details: fulfillment },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ status: "ready_for_payment", messages: [], fulfillment_details: fulfillment });
    expect(updated.body.quote_id).toMatch(/^q_/);
    expect(totalOf(updated.body)).toBe(3000);
    expect(updated.body.selected_fulfillment_options).toEqual([
      { type: "shipping", option_id: "standard", item_ids: ["li_ACP-MUG"] },
    ]);

    const got = await acp("GET", `/checkout_sessions/${s.id}`);
    expect(got.body).toMatchObject({ status: "ready_for_payment", quote_id: updated.body.quote_id });

    const done = await complete(s.id, "spt_test_ok_1");
    expect(done.status).toBe(200);
    expect(done.def).toBe("CheckoutSessionWithOrder");
    expect(done.body.status).toBe("completed");
    expect(done.body.order).toMatchObject({
      checkout_session_id: s.id,
      status: "confirmed",
      permalink_url: `${BASE}/checkout_sessions/${s.id}`,
    });
    const orderId = done.body.order.id as string;
    expect(totalOf(done.body)).toBe(3000);

    const rows = await ordersOf(s.id);
    expect(rows).toEqual([
      expect.objectContaining({ id: orderId, status: "paid", total: 3000, customer: `acp:${s.id}` }),
    ]);
    expect(await stock("ACP-MUG")).toBe(before - 2);
    const pis = await paymentIntentsOf(orderId);
    expect(pis).toEqual([expect.objectContaining({ status: "succeeded", amount: 3000 })]);

    const after = await acp("GET", `/checkout_sessions/${s.id}`);
    expect(after.body).toMatchObject({ status: "completed", order: { id: orderId } });
  });

  it("prices line items through the engine: base, discount, subtotal, tax 0, total; quantity accepted (#264)", async () => {
    const s = await readySession([{ id: "ACP-TEE-BLU-M", quantity: 3 }]);
    expect(s.line_items).toEqual([
      expect.objectContaining({
        id: "li_ACP-TEE-BLU-M",
        item: { id: "ACP-TEE-BLU-M" },
        quantity: 3,
        unit_amount: 2200,
        name: "Protocol Tee (blue, M)",
        variant_options: [
          { name: "Color", value: "blue" },
          { name: "Size", value: "M" },
        ],
        availability_status: "in_stock",
        totals: [
          { type: "items_base_amount", display_text: "Base amount", amount: 6600 },
          { type: "discount", display_text: "Discount", amount: 0 },
          { type: "subtotal", display_text: "Subtotal", amount: 6600 },
          { type: "tax", display_text: "Tax", amount: 0 },
          { type: "total", display_text: "Total", amount: 6600 },
        ],
      }),
    ]);
    expect(s.totals.map((t: Json) => [t.type, t.amount])).toEqual([
      ["items_base_amount", 6600],
      ["subtotal", 6600],
      ["fulfillment", 0],
      ["tax", 0],
      ["total", 6600],
    ]);
    expect(s.fulfillment_options).toEqual([
      expect.objectContaining({ type: "shipping", id: "standard", totals: expect.any(Array) }),
    ]);
    // Items without quantity count one; the same SKU twice is one line.
    const merged = await createSession([{ id: "ACP-MUG" }, { id: "ACP-MUG", quantity: 2 }]);
    expect(merged.line_items).toEqual([expect.objectContaining({ item: { id: "ACP-MUG" }, quantity: 3 })]);
  });

  it("adds the engine's small-order fee to totals (and charges it)", async () => {
    const s = await readySession([{ id: "ACP-PIN" }]);
    expect(s.totals).toContainEqual(expect.objectContaining({ type: "fee", amount: 30 }));
    expect(totalOf(s)).toBe(50);
    expect(s.messages).toEqual([expect.objectContaining({ type: "info", param: "$.totals" })]);
    const done = await complete(s.id, "spt_small");
    expect(done.body.status).toBe("completed");
    expect((await ordersOf(s.id))[0]).toMatchObject({ status: "paid", total: 50 });
  });

  it("keeps the session open with a payment_declined message when the token is declined, then pays with another", async () => {
    const before = await stock("ACP-MUG");
    const s = await readySession([{ id: "ACP-MUG" }]);
    const declined = await complete(s.id, "spt_declined_card");
    expect(declined.status).toBe(200);
    expect(declined.body.status).toBe("ready_for_payment");
    expect(declined.body.order).toBeUndefined();
    expect(declined.body.messages).toContainEqual(expect.objectContaining({ type: "error", code: "payment_declined" }));
    expect((await ordersOf(s.id)).map((o) => o.status)).toEqual(["failed"]);
    expect(await stock("ACP-MUG")).toBe(before);
    const got = await acp("GET", `/checkout_sessions/${s.id}`);
    expect(got.body.messages).toContainEqual(expect.objectContaining({ code: "payment_declined" }));

    const paid = await complete(s.id, "spt_second_try");
    expect(paid.body.status).toBe("completed");
    expect((await ordersOf(s.id)).map((o) => o.status)).toEqual(["failed", "paid"]);
    expect(paid.body.messages).toEqual([]);
  });

  it("finishes a payment that needs the buyer (3-D Secure) through the webhook: complete_in_progress → completed", async () => {
    const s = await readySession([{ id: "ACP-MUG" }]);
    const pending = await complete(s.id, "pm_card_authenticationRequired");
    expect(pending.body.status).toBe("complete_in_progress");
    expect(pending.body.messages).toEqual([
      expect.objectContaining({ type: "info", content: expect.stringMatching(/\/pay\/pi_/) }),
    ]);
    const [order] = await ordersOf(s.id);
    expect(order).toMatchObject({ status: "pending_payment" });
    // A second complete does not create a second order while the first is being paid.
    const again = await complete(s.id, "spt_other");
    expect(again.body.status).toBe("complete_in_progress");
    expect(await ordersOf(s.id)).toHaveLength(1);

    const [pi] = await paymentIntentsOf(order!.id);
    await fetch(`${STRIPE}/pay/${pi!.id}?format=json`, { method: "POST", headers: { accept: "application/json" } });
    const events = (await (await fetch(`${STRIPE}/_control/events`)).json()) as {
      type: string;
      data: { object: { metadata?: Record<string, string> } };
    }[];
    const succeeded = events.find(
      (e) => e.type === "payment_intent.succeeded" && e.data.object.metadata?.order_id === order!.id,
    )!;
    const payload = JSON.stringify(succeeded);
    const hook = await SELF.fetch(`${BASE}/webhooks/stripe`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "stripe-signature": signStripePayload(payload, "whsec_integration_secret"),
      },
      body: payload,
    });
    expect(hook.status).toBe(200);
    const after = await acp("GET", `/checkout_sessions/${s.id}`);
    expect(after.body).toMatchObject({ status: "completed", order: { id: order!.id, status: "confirmed" } });
  });
});

describe("ACP: the quote the agent saw is the quote that is paid", () => {
  it("refuses to charge a changed price: price_change warning, new totals, nothing charged; the next complete pays the new price", async () => {
    const s = await readySession([{ id: "ACP-VASE" }]);
    expect(totalOf(s)).toBe(4000);
    await setPrice("ACP-VASE", 4500);
    const r = await complete(s.id, "spt_price_moved");
    expect(r.status).toBe(200);
    expect(r.body.status).toBe("ready_for_payment");
    expect(r.body.messages).toEqual([
      expect.objectContaining({ type: "warning", code: "price_change", content: expect.stringContaining("$45.00") }),
    ]);
    expect(totalOf(r.body)).toBe(4500);
    expect(r.body.quote_id).not.toBe(s.quote_id);
    expect(await ordersOf(s.id)).toEqual([]);
    const paid = await complete(s.id, "spt_price_moved");
    expect(paid.body.status).toBe("completed");
    expect((await ordersOf(s.id))[0]).toMatchObject({ status: "paid", total: 4500 });
    await setPrice("ACP-VASE", 4000);
  });

  it("expires an unpaid order (alarm): stock comes back and the session is ready for payment again", async () => {
    const before = await stock("ACP-MUG");
    const s = await readySession([{ id: "ACP-MUG" }]);
    expect((await complete(s.id, "pm_card_authenticationRequired")).body.status).toBe("complete_in_progress");
    expect(await stock("ACP-MUG")).toBe(before - 1);
    // The deadline passes in D1 (the truth the alarm checks, with Stripe) and in the session's schedule.
    await env.DB.prepare("UPDATE orders SET expires_at = ? WHERE conversation_id = ?")
      .bind(Date.now() - 1, s.id)
      .run();
    expect(await runDueAlarm(sessionObject(s.id))).toBe(true);
    expect((await ordersOf(s.id)).map((o) => o.status)).toEqual(["expired"]);
    expect(await stock("ACP-MUG")).toBe(before);
    const got = await acp("GET", `/checkout_sessions/${s.id}`);
    expect(got.body.status).toBe("ready_for_payment");
    expect((await complete(s.id, "spt_after_expiry")).body.status).toBe("completed");
  });

  it("reports an expired session as expired and refuses changes", async () => {
    const s = await readySession([{ id: "ACP-MUG" }]);
    await runInDurableObject(sessionObject(s.id), (_instance, state) => {
      state.storage.sql.exec("UPDATE acp_session SET body = json_set(body, '$.expiresAt', ?)", Date.now() - 1);
    });
    expect((await acp("GET", `/checkout_sessions/${s.id}`)).body.status).toBe("expired");
    const upd = await acp("POST", `/checkout_sessions/${s.id}`, {
      body: { line_items: [{ id: "ACP-MUG", quantity: 2 }] },
    });
    expect(upd.status).toBe(400);
    expect(upd.body.code).toBe("checkout_session_expired");
    expect((await complete(s.id, "spt_too_late")).body.code).toBe("checkout_session_expired");
    expect(await ordersOf(s.id)).toEqual([]);
  });
});

describe("ACP: stock and catalog", () => {
  it("answers an unknown SKU with 400 invalid_item_id and creates nothing", async () => {
    const rows = await idempotencyRows();
    const r = await acp("POST", "/checkout_sessions", { body: createBody([{ id: "ACP-MUG" }, { id: "NO-SUCH-SKU" }]) });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      type: "invalid_request",
      code: "invalid_item_id",
      message: expect.stringContaining("NO-SUCH-SKU"),
      param: "$.line_items[1].id",
    });
    expect(await idempotencyRows()).toBe(rows);
    const gone = await acp("POST", "/checkout_sessions", { body: createBody([{ id: "ACP-GONE" }]) });
    expect(gone.body).toMatchObject({ code: "invalid_item_id", param: "$.line_items[0].id" });
  });

  it("refuses an unknown SKU in an update and leaves the session as it was", async () => {
    const s = await readySession([{ id: "ACP-MUG" }]);
    const r = await acp("POST", `/checkout_sessions/${s.id}`, {
      body: { line_items: [{ id: "NOPE-1", quantity: 1 }] },
    });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: "invalid_item_id", param: "$.line_items[0].id" });
    const got = await acp("GET", `/checkout_sessions/${s.id}`);
    expect(got.body.line_items).toEqual([expect.objectContaining({ item: { id: "ACP-MUG" }, quantity: 1 })]);
  });

  it("says out_of_stock / quantity_exceeded in messages, is not ready, and complete charges nothing", async () => {
    const s = await createSession([{ id: "ACP-RARE" }, { id: "ACP-FEW", quantity: 3 }], {
      fulfillment_details: fulfillment,
    });
    expect(s.status).toBe("not_ready_for_payment");
    expect(s.messages).toEqual([
      expect.objectContaining({ type: "error", code: "out_of_stock", param: "$.line_items[0]" }),
      expect.objectContaining({ type: "error", code: "quantity_exceeded", param: "$.line_items[1].quantity" }),
    ]);
    expect(s.line_items[0]).toMatchObject({ availability_status: "out_of_stock", available_quantity: 0 });
    expect(s.line_items[1]).toMatchObject({ availability_status: "low_stock", available_quantity: 2 });
    const r = await complete(s.id, "spt_never_charged");
    expect(r.status).toBe(200);
    expect(r.body.status).toBe("not_ready_for_payment");
    expect(await ordersOf(s.id)).toEqual([]);
    const fixed = await acp("POST", `/checkout_sessions/${s.id}`, {
      body: { line_items: [{ id: "ACP-FEW", quantity: 2 }] },
    });
    expect(fixed.body).toMatchObject({ status: "ready_for_payment", messages: [] });
  });
});

describe("ACP: discount extension", () => {
  it("applies a valid code and rejects others with the spec's reason codes", async () => {
    const s = await readySession([{ id: "ACP-MUG", quantity: 2 }], {
      discounts: { codes: ["welcome10", "EXPIRED20", "NOPE99"] },
    });
    expect(s.discounts.codes).toEqual(["WELCOME10", "EXPIRED20", "NOPE99"]);
    expect(s.discounts.applied).toEqual([
      expect.objectContaining({
        code: "WELCOME10",
        amount: 300,
        coupon: expect.objectContaining({ id: "WELCOME10", percent_off: 10 }),
        allocations: [{ path: "$.line_items[0]", amount: 300 }],
      }),
    ]);
    expect(s.discounts.rejected).toEqual([
      expect.objectContaining({ code: "EXPIRED20", reason: "discount_code_expired" }),
      expect.objectContaining({ code: "NOPE99", reason: "discount_code_invalid" }),
    ]);
    expect(s.messages).toEqual([
      expect.objectContaining({ type: "warning", code: "discount_code_expired", param: "$.discounts.codes[1]" }),
      expect.objectContaining({ type: "warning", code: "discount_code_invalid", param: "$.discounts.codes[2]" }),
    ]);
    expect(s.capabilities.extensions).toEqual([expect.objectContaining({ name: "discount" })]);
    expect(s.line_items[0].totals).toContainEqual({ type: "discount", display_text: "Discount", amount: 300 });
    expect(totalOf(s, "items_discount")).toBe(300);
    expect(totalOf(s)).toBe(2700);
    // Rejected codes do not block payment; the order carries the applied one.
    const done = await complete(s.id, "spt_discounted");
    expect(done.body.status).toBe("completed");
    expect((await ordersOf(s.id))[0]).toMatchObject({ status: "paid", total: 2700, promo_codes: '["WELCOME10"]' });
  });

  it("replaces codes on update (minimum not met is a reason too) and clears them with []", async () => {
    const s = await readySession([{ id: "ACP-MUG" }]);
    const r = await acp("POST", `/checkout_sessions/${s.id}`, { body: { discounts: { codes: ["WELCOME10"] } } });
    expect(r.body.discounts.rejected).toEqual([
      expect.objectContaining({ code: "WELCOME10", reason: "discount_code_minimum_not_met" }),
    ]);
    expect(totalOf(r.body)).toBe(1500);
    const cleared = await acp("POST", `/checkout_sessions/${s.id}`, { body: { discounts: { codes: [] } } });
    expect(cleared.body.discounts).toEqual({ codes: [], applied: [], rejected: [] });
  });

  it("refuses codes capped per customer (a session is not a known customer)", async () => {
    const s = await readySession([{ id: "TEA-MILK-500" }], { discounts: { codes: ["MILKTEA1C"] } });
    expect(s.discounts.rejected).toEqual([
      expect.objectContaining({ code: "MILKTEA1C", reason: "discount_code_user_not_logged_in" }),
    ]);
    expect(s.discounts.applied).toEqual([]);
  });

  it("leaves the discount extension out when the agent does not declare it", async () => {
    const r = await acp("POST", "/checkout_sessions", {
      body: { line_items: [{ id: "ACP-MUG" }], currency: "usd", capabilities: { extensions: [] } },
    });
    expect(r.status).toBe(201);
    expect(r.body.discounts).toBeUndefined();
    expect(r.body.capabilities.extensions).toBeUndefined();
  });
});

describe("ACP: cancel", () => {
  it("cancels an open session; canceling again is 405 and updates are refused", async () => {
    const s = await readySession([{ id: "ACP-MUG" }]);
    const r = await acp("POST", `/checkout_sessions/${s.id}/cancel`, {
      body: { intent_trace: { reason_code: "shipping_cost", trace_summary: "too far" } },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: "canceled", messages: [expect.objectContaining({ type: "info" })] });
    const again = await acp("POST", `/checkout_sessions/${s.id}/cancel`);
    expect(again.status).toBe(405);
    expect(again.body).toMatchObject({ type: "invalid_request", code: "checkout_session_not_cancelable" });
    const upd = await acp("POST", `/checkout_sessions/${s.id}`, {
      body: { line_items: [{ id: "ACP-MUG", quantity: 2 }] },
    });
    expect(upd.status).toBe(400);
    expect(upd.body.code).toBe("checkout_session_canceled");
    const pay = await complete(s.id, "spt_after_cancel");
    expect(pay.body.code).toBe("checkout_session_canceled");
    expect(await ordersOf(s.id)).toEqual([]);
  });

  it("refuses to cancel a completed session with 405", async () => {
    const s = await readySession([{ id: "ACP-MUG" }]);
    expect((await complete(s.id, "spt_then_cancel")).body.status).toBe("completed");
    const r = await acp("POST", `/checkout_sessions/${s.id}/cancel`, { body: {} });
    expect(r.status).toBe(405);
    expect(r.body.code).toBe("checkout_session_not_cancelable");
    expect((await acp("GET", `/checkout_sessions/${s.id}`)).body.status).toBe("completed");
    const upd = await acp("POST", `/checkout_sessions/${s.id}`, {
      body: { line_items: [{ id: "ACP-MUG", quantity: 5 }] },
    });
    expect(upd.body.code).toBe("checkout_session_completed");
  });
});

describe("ACP: auth, version, not found", () => {
  it("answers a missing or wrong API key with 401", async () => {
    const missing = await acp("POST", "/checkout_sessions", { body: createBody([{ id: "ACP-MUG" }]), apiKey: null });
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ type: "invalid_request", code: "unauthorized" });
    expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer/);
    const wrong = await acp("GET", "/checkout_sessions/cs_00000000000000000000000000000000", {
      apiKey: "test-acp-kez",
      headers: { "request-id": "req_123" },
    });
    expect(wrong.headers.get("request-id")).toBe("req_123");
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe("invalid_api_key");
  });

  it("answers a missing or unsupported API-Version with 400 and the supported versions", async () => {
    const missing = await acp("POST", "/checkout_sessions", { body: createBody([{ id: "ACP-MUG" }]), version: null });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({
      type: "invalid_request",
      code: "missing_api_version",
      supported_versions: ["2026-04-17"],
    });
    const old = await acp("GET", "/checkout_sessions/cs_00000000000000000000000000000000", { version: "2025-09-29" });
    expect(old.status).toBe(400);
    expect(old.body).toMatchObject({ code: "unsupported_api_version", supported_versions: ["2026-04-17"] });
  });

  it("answers unknown and malformed session ids with 404", async () => {
    for (const id of ["cs_00000000000000000000000000000000", "not-a-session"]) {
      const r = await acp("GET", `/checkout_sessions/${id}`);
      expect(r.status).toBe(404);
      expect(r.body).toMatchObject({ type: "invalid_request", code: "not_found" });
    }
    const r = await acp("POST", "/checkout_sessions/cs_00000000000000000000000000000000", {
      body: { buyer: { email: "a@b.co" } },
    });
    expect(r.status).toBe(404);
  });
});

describe("ACP: bad input gets the spec's 4xx and changes nothing", () => {
  const cases: [string, unknown, Record<string, string>, number, Record<string, unknown>][] = [
    ["invalid JSON", "{not json", {}, 400, { code: "invalid_json" }],
    [
      "wrong content type",
      JSON.stringify(createBody([{ id: "ACP-MUG" }])),
      { "content-type": "text/plain" },
      415,
      { code: "unsupported_media_type" },
    ],
    ["no line_items", { currency: "usd", capabilities: {} }, {}, 400, { code: "missing", param: "$.line_items" }],
    ["empty line_items", createBody([]), {}, 400, { code: "invalid", param: "$.line_items" }],
    [
      "quantity 0",
      createBody([{ id: "ACP-MUG", quantity: 0 }]),
      {},
      400,
      { code: "invalid", param: "$.line_items[0].quantity" },
    ],
    [
      "fractional quantity",
      createBody([{ id: "ACP-MUG", quantity: 1.5 }]),
      {},
      400,
      { code: "invalid", param: "$.line_items[0].quantity" },
    ],
    [
      "quantity over the limit",
      createBody([{ id: "ACP-MUG", quantity: 100 }]),
      {},
      400,
      { code: "invalid", param: "$.line_items[0].quantity" },
    ],
    [
      "unknown field",
      { ...createBody([{ id: "ACP-MUG" }]), price_override: 1 },
      {},
      400,
      { code: "invalid", param: "$.price_override" },
    ],
    [
      "other currency",
      createBody([{ id: "ACP-MUG" }], { currency: "eur" }),
      {},
      400,
      { code: "unsupported_currency", param: "$.currency" },
    ],
    [
      "bad email",
      createBody([{ id: "ACP-MUG" }], { buyer: { email: "nope" } }),
      {},
      400,
      { code: "invalid", param: "$.buyer.email" },
    ],
    [
      "no capabilities",
      { line_items: [{ id: "ACP-MUG" }], currency: "usd" },
      {},
      400,
      { code: "missing", param: "$.capabilities" },
    ],
    [
      "address without city",
      createBody([{ id: "ACP-MUG" }], { fulfillment_details: { address: { ...address, city: undefined } } }),
      {},
      400,
      { code: "missing", param: "$.fulfillment_details.address.city" },
    ],
  ];
  it.each(cases)("create: %s", async (_label, body, headers, status, expected) => {
    const rows = await idempotencyRows();
    const r = await acp("POST", "/checkout_sessions", { body, headers });
    expect(r.status).toBe(status);
    expect(r.body).toMatchObject({ type: "invalid_request", ...expected });
    expect(await idempotencyRows()).toBe(rows);
  });

  it("update and complete: invalid option, handler and token are 400s; the session is unchanged", async () => {
    const s = await readySession([{ id: "ACP-MUG" }]);
    const option = await acp("POST", `/checkout_sessions/${s.id}`, {
      body: { selected_fulfillment_options: [{ type: "shipping", option_id: "express", item_ids: ["li_ACP-MUG"] }] },
    });
    expect(option.body).toMatchObject({ code: "invalid", param: "$.selected_fulfillment_options[0].option_id" });
    const handler = await acp("POST", `/checkout_sessions/${s.id}/complete`, {
      body: {
        payment_data: {
          handler_id: "paypal",
          instrument: { type: "card", credential: { type: "spt", token: "spt_x" } },
        },
      },
    });
    expect(handler.body).toMatchObject({ code: "invalid", param: "$.payment_data.handler_id" });
    const token = await complete(s.id, "vt_01J8Z3WXYZ9ABC");
    expect(token.body).toMatchObject({ code: "invalid", param: "$.payment_data.instrument.credential.token" });
    const po = await acp("POST", `/checkout_sessions/${s.id}/complete`, {
      body: { payment_data: { purchase_order_number: "PO-1" } },
    });
    expect(po.body).toMatchObject({ code: "unsupported", param: "$.payment_data" });
    const none = await acp("POST", `/checkout_sessions/${s.id}/complete`, { body: {} });
    expect(none.body).toMatchObject({ code: "missing", param: "$.payment_data" });
    const got = await acp("GET", `/checkout_sessions/${s.id}`);
    expect(got.body).toMatchObject({
      status: "ready_for_payment",
      line_items: [expect.objectContaining({ quantity: 1 })],
    });
    expect(await ordersOf(s.id)).toEqual([]);
  });
});

describe("ACP: Idempotency-Key", () => {
  it("is required on every POST (400 idempotency_key_required) and nothing happens without it", async () => {
    const s = await readySession([{ id: "ACP-MUG" }]);
    const rows = await idempotencyRows();
    const calls: [string, unknown][] = [
      ["/checkout_sessions", createBody([{ id: "ACP-MUG" }])],
      [`/checkout_sessions/${s.id}`, { line_items: [{ id: "ACP-MUG", quantity: 4 }] }],
      [`/checkout_sessions/${s.id}/complete`, { payment_data: paymentData("spt_no_key") }],
      [`/checkout_sessions/${s.id}/cancel`, {}],
    ];
    for (const [path, body] of calls) {
      const r = await acp("POST", path, { body, idempotencyKey: null });
      expect(r.status).toBe(400);
      expect(r.body).toEqual({
        type: "invalid_request",
        code: "idempotency_key_required",
        message: "Idempotency-Key header is required on all POST requests",
        param: "Idempotency-Key",
      });
    }
    expect(await idempotencyRows()).toBe(rows);
    const got = await acp("GET", `/checkout_sessions/${s.id}`);
    expect(got.body).toMatchObject({
      status: "ready_for_payment",
      line_items: [expect.objectContaining({ quantity: 1 })],
    });
    expect(await ordersOf(s.id)).toEqual([]);
  });

  it("replays a create with the same key and body: same status, body and Idempotent-Replayed; a different body is 422", async () => {
    const key = crypto.randomUUID();
    const body = createBody([{ id: "ACP-MUG", quantity: 2 }], { buyer: { email: "replay@example.com" } });
    const first = await acp("POST", "/checkout_sessions", { body, idempotencyKey: key });
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotency-key")).toBe(key);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    // Same JSON with keys in another order is the same request (RFC §6.2).
    const { buyer, capabilities, currency, line_items } = body as Record<string, unknown>;
    const reordered = { buyer, capabilities, currency, line_items };
    const again = await acp("POST", "/checkout_sessions", { body: reordered, idempotencyKey: key });
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toEqual(first.body);
    const conflict = await acp("POST", "/checkout_sessions", {
      body: createBody([{ id: "ACP-MUG", quantity: 3 }]),
      idempotencyKey: key,
    });
    expect(conflict.status).toBe(422);
    expect(conflict.body).toEqual({
      type: "invalid_request",
      code: "idempotency_conflict",
      message: "Idempotency-Key has already been used with a different request body",
    });
  });

  it("replays update and complete without doing them twice; keys are scoped per endpoint", async () => {
    const s = await readySession([{ id: "ACP-MUG" }]);
    const key = crypto.randomUUID();
    const upd = { line_items: [{ id: "ACP-MUG", quantity: 2 }] };
    const first = await acp("POST", `/checkout_sessions/${s.id}`, { body: upd, idempotencyKey: key });
    // A change in between: a replay still returns the original answer and does not undo it.
    await acp("POST", `/checkout_sessions/${s.id}`, { body: { line_items: [{ id: "ACP-MUG", quantity: 3 }] } });
    const replay = await acp("POST", `/checkout_sessions/${s.id}`, { body: upd, idempotencyKey: key });
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.body).toEqual(first.body);
    expect((await acp("GET", `/checkout_sessions/${s.id}`)).body.line_items[0].quantity).toBe(3);
    const conflict = await acp("POST", `/checkout_sessions/${s.id}`, {
      body: { line_items: [{ id: "ACP-MUG", quantity: 9 }] },
      idempotencyKey: key,
    });
    expect(conflict.status).toBe(422);
    expect(conflict.body.code).toBe("idempotency_conflict");

    // The same key on /complete is a different request (scope = identity + endpoint path).
    const paid = await complete(s.id, "spt_scoped", { idempotencyKey: key });
    expect(paid.body.status).toBe("completed");
    const paidAgain = await complete(s.id, "spt_scoped", { idempotencyKey: key });
    expect(paidAgain.headers.get("idempotent-replayed")).toBe("true");
    expect(paidAgain.body).toEqual(paid.body);
    const orders = await ordersOf(s.id);
    expect(orders).toHaveLength(1);
    expect(await paymentIntentsOf(orders[0]!.id)).toHaveLength(1);
    const otherToken = await complete(s.id, "spt_other", { idempotencyKey: key });
    expect(otherToken.status).toBe(422);
  });

  it("runs concurrent completes with one key exactly once: the others get 409 in flight or the replay", async () => {
    const s = await readySession([{ id: "ACP-MUG" }]);
    const key = crypto.randomUUID();
    const results = await Promise.all(
      Array.from({ length: 8 }, () => complete(s.id, "spt_storm", { idempotencyKey: key })),
    );
    const fresh = results.filter((r) => r.status === 200 && r.headers.get("idempotent-replayed") === null);
    const replayed = results.filter((r) => r.status === 200 && r.headers.get("idempotent-replayed") === "true");
    const inFlight = results.filter((r) => r.status === 409);
    expect(fresh).toHaveLength(1);
    expect(fresh.length + replayed.length + inFlight.length).toBe(8);
    expect(inFlight.length).toBeGreaterThan(0);
    for (const r of inFlight) {
      expect(r.body).toEqual({
        type: "invalid_request",
        code: "idempotency_in_flight",
        message: "A request with this Idempotency-Key is currently being processed",
      });
      expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    for (const r of replayed) expect(r.body).toEqual(fresh[0]!.body);
    const orders = await ordersOf(s.id);
    expect(orders).toEqual([expect.objectContaining({ status: "paid" })]);
    expect(await paymentIntentsOf(orders[0]!.id)).toHaveLength(1);
  });

  it("creates one session for concurrent creates with one key", async () => {
    const key = crypto.randomUUID();
    const body = createBody([{ id: "ACP-MUG" }]);
    const results = await Promise.all(
      Array.from({ length: 6 }, () => acp("POST", "/checkout_sessions", { body, idempotencyKey: key })),
    );
    const created = results.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThan(0);
    expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
    expect(created.filter((r) => r.headers.get("idempotent-replayed") === null)).toHaveLength(1);
    for (const r of results.filter((r) => r.status !== 201)) {
      expect(r.status).toBe(409);
      expect(r.body.code).toBe("idempotency_in_flight");
    }
  });
});
