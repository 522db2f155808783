import { createExecutionContext, env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../../worker/app.js";
import { BASE, Shopper, tokenFor, type ChatBody } from "./client.js";
import { insertProduct } from "./fixtures.js";

const AUTH = { authorization: "Bearer test-admin-token", "x-admin-actor": "alice.ops" };
const DAY = 86_400_000;

interface Body extends ChatBody {
  quote?: { id: string; total: number; discounts: { code: string; amount: number }[] };
  order?: { id: string; status: string };
}

async function adminCall(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = AUTH,
): Promise<Response> {
  return SELF.fetch(`${BASE}/admin${path}`, {
    method,
    headers: { "content-type": "application/json", ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function createPromotion(code: string, extra: Record<string, unknown> = {}) {
  const res = await adminCall("POST", "/promos", {
    code,
    name: `${code} test`,
    kind: "fixed_unit_price",
    value: 1,
    currency: "USD",
    scope: "skus",
    scope_ids: ["ADM-CUP"],
    max_units: 1,
    total_cap: 10,
    per_user_cap: 1,
    stackable: false,
    starts_at: Date.now() - DAY,
    ends_at: Date.now() + DAY,
    ...extra,
  });
  expect(res.status).toBe(201);
  return res.json();
}

async function stock(sku: string) {
  return (await env.DB.prepare("SELECT stock FROM variants WHERE sku = ?").bind(sku).first<{ stock: number }>())!.stock;
}

async function quoteWith(code: string, user: string): Promise<{ s: Shopper; quote: NonNullable<Body["quote"]> }> {
  const s = new Shopper(undefined, await tokenFor(user));
  await s.press("add:ADM-CUP");
  await s.say(`apply code ${code}`);
  const q = ((await s.say("checkout")) as Body).quote!;
  return { s, quote: q };
}

beforeAll(async () => {
  await insertProduct({
    id: "fx_adm_cup",
    title: "Admintest Cup",
    category: "home",
    variants: [{ sku: "ADM-CUP", price: 900, stock: 100 }],
  });
});

describe("admin API", () => {
  it("does not exist without ADMIN_TOKEN, and wants the right bearer with it", async () => {
    const off = await app.fetch(
      new Request(`${BASE}/admin/promos`, { headers: AUTH }),
      { ...env, ADMIN_TOKEN: undefined },
      createExecutionContext(),
    );
    expect(off.status).toBe(404);
    expect((await adminCall("GET", "/promos", undefined, { authorization: "Bearer wrong" })).status).toBe(401);
    expect((await adminCall("GET", "/promos", undefined, {})).status).toBe(401);
    expect((await adminCall("GET", "/promos")).status).toBe(200);
  });

  it("creates, validates and updates promotions, auditing each change", async () => {
    await createPromotion("ADMCREATE");
    expect(
      (await adminCall("POST", "/promos", { code: "ADMCREATE", name: "x", kind: "percent_off", value: 10 })).status,
    ).toBe(409);
    const bad = await adminCall("POST", "/promos", { code: "bad code", name: "x", kind: "percent_off", value: 20000 });
    expect(bad.status).toBe(422);
    const noCurrency = await adminCall("POST", "/promos", { code: "NOCUR", name: "x", kind: "amount_off", value: 100 });
    expect(noCurrency.status).toBe(422);
    const updated = await adminCall("PATCH", "/promos/ADMCREATE", { total_cap: 20 });
    expect(await updated.json()).toMatchObject({
      code: "ADMCREATE",
      cap: 20,
      remaining: 20,
      killed: false,
      currency: "USD",
      per_user_cap: 1,
    });
    expect((await adminCall("PATCH", "/promos/ADMCREATE", { kind: "percent_off", value: 20000 })).status).toBe(422);
    expect((await adminCall("PATCH", "/promos/ADMCREATE", { price: 1 })).status).toBe(422);
    const audit = (await (await adminCall("GET", "/audit?limit=10")).json()) as {
      entries: { actor: string; action: string; target: string }[];
    };
    expect(audit.entries.filter((e) => e.target === "ADMCREATE").map((e) => e.action)).toEqual([
      "promotion.update",
      "promotion.create",
    ]);
    expect(audit.entries[0]!.actor).toBe("alice.ops");
    expect((await adminCall("GET", "/promos/NOPE")).status).toBe(404);
  });

  it("kill switch: an open quote re-prices at full price on confirmation and the shopper is told", async () => {
    await createPromotion("ADMKILL");
    const { s, quote } = await quoteWith("ADMKILL", "kill-shopper");
    expect(quote.discounts).toEqual([{ code: "ADMKILL", amount: 899 }]);
    const killed = await adminCall("PUT", "/promos/ADMKILL/kill-switch", { killed: true, reason: "viral, stop it" });
    expect(await killed.json()).toMatchObject({ code: "ADMKILL", killed: true });
    const r = (await s.press(`pay:${quote.id}`)) as Body;
    expect(r.order).toBeUndefined();
    expect(r.reply.text).toMatch(/ADMKILL discount no longer applies/);
    expect(r.quote).toMatchObject({ total: 900, discounts: [] });
    const audit = (await (await adminCall("GET", "/audit?limit=5")).json()) as {
      entries: { action: string; reason: string }[];
    };
    expect(audit.entries[0]).toMatchObject({ action: "promotion.kill", reason: "viral, stop it" });
  });

  it("kill switch without honouring reservations cancels unpaid orders and gives their stock back", async () => {
    await createPromotion("ADMDROP");
    const { s, quote } = await quoteWith("ADMDROP", "drop-shopper");
    const before = await stock("ADM-CUP");
    const placed = (await s.press(`pay:${quote.id}`)) as Body;
    expect(placed.order?.status).toBe("pending_payment");
    expect(await stock("ADM-CUP")).toBe(before - 1);
    const res = await adminCall("PUT", "/promos/ADMDROP/kill-switch", {
      killed: true,
      reason: "budget spent",
      honor_reserved: false,
    });
    expect(await res.json()).toMatchObject({ released: 1, orders_canceled: 1, reserved: 0 });
    const row = await env.DB.prepare("SELECT status FROM orders WHERE id = ?")
      .bind(placed.order!.id)
      .first<{ status: string }>();
    expect(row!.status).toBe("canceled");
    expect(await stock("ADM-CUP")).toBe(before);
    const next = (await s.say("what's in my cart?")) as Body;
    expect(next.reply.text).toMatch(/was canceled/);
  });

  it("kill switch honouring reservations keeps an unpaid order payable; revive lets new shoppers in", async () => {
    await createPromotion("ADMHONOR");
    const { s, quote } = await quoteWith("ADMHONOR", "honor-shopper");
    const placed = (await s.press(`pay:${quote.id}`)) as Body;
    await adminCall("PUT", "/promos/ADMHONOR/kill-switch", { killed: true, reason: "pause", honor_reserved: true });
    const row = await env.DB.prepare("SELECT status FROM orders WHERE id = ?")
      .bind(placed.order!.id)
      .first<{ status: string }>();
    expect(row!.status).toBe("pending_payment");
    const shown = (await (await adminCall("GET", "/promos/ADMHONOR")).json()) as Record<string, unknown>;
    expect(shown).toMatchObject({ killed: true, reserved: 1, redeemed: 0, remaining: 9, redemptions_per_minute: 1 });
    const blocked = await quoteWith("ADMHONOR", "late-shopper");
    expect(blocked.quote.discounts).toEqual([]);
    await adminCall("PUT", "/promos/ADMHONOR/kill-switch", { killed: false, reason: "back on" });
    const again = await quoteWith("ADMHONOR", "later-shopper");
    expect(again.quote.discounts).toHaveLength(1);
  });

  it("lists recent orders", async () => {
    const res = await adminCall("GET", "/orders?limit=5");
    const body = (await res.json()) as { orders: { id: string; promo_codes: string[] }[] };
    expect(body.orders.length).toBeGreaterThan(0);
    expect(Array.isArray(body.orders[0]!.promo_codes)).toBe(true);
    expect((await adminCall("GET", "/orders?limit=0")).status).toBe(422);
  });

  it("answers promotions, orders and audit entries in the API's snake_case fields, JSON columns parsed", async () => {
    const created = (await createPromotion("ADMSHAPE", { scope_ids: ["ADM-CUP", "ADM-X"], stackable: true })) as Record<
      string,
      unknown
    >;
    expect(created).toMatchObject({
      code: "ADMSHAPE",
      kind: "fixed_unit_price",
      scope: "skus",
      scope_ids: ["ADM-CUP", "ADM-X"],
      min_subtotal: 0,
      max_units: 1,
      stackable: true,
      active: true,
      cap: 10,
      per_user_cap: 1,
      shards: 1,
    });
    expect(typeof created.starts_at).toBe("number");
    const listed = (await (await adminCall("GET", "/promos")).json()) as { promotions: { code: string }[] };
    const codes = listed.promotions.map((p) => p.code);
    expect(codes).toContain("ADMSHAPE");
    expect(codes).toEqual([...codes].sort());
    const one = (await (await adminCall("GET", "/promos/ADMSHAPE")).json()) as Record<string, unknown>;
    expect(one).toMatchObject({ code: "ADMSHAPE", redemptions_per_minute: 0 });

    const now = Date.now() + 365 * DAY;
    await env.DB.prepare(
      `INSERT INTO orders (id, conversation_id, customer, quote_id, quote_hash, status, currency, subtotal, discount_total, total, promo_codes, created_at, updated_at, expires_at)
       VALUES ('ord_admshape', 'c-admshape', 'guest:c-admshape', 'q_admshape', 'h', 'paid', 'USD', 500, 0, 500, '["ADMSHAPE"]', ?, ?, ?)`,
    )
      .bind(now, now + 1, now)
      .run();
    const orders = (await (await adminCall("GET", "/orders?limit=1")).json()) as { orders: unknown[] };
    expect(orders.orders).toEqual([
      {
        id: "ord_admshape",
        conversation_id: "c-admshape",
        customer: "guest:c-admshape",
        status: "paid",
        total: 500,
        currency: "USD",
        promo_codes: ["ADMSHAPE"],
        payment_intent_id: null,
        created_at: now,
        updated_at: now + 1,
      },
    ]);

    await adminCall("PATCH", "/promos/ADMSHAPE", { active: false });
    const audit = (await (await adminCall("GET", "/audit?limit=1")).json()) as { entries: Record<string, unknown>[] };
    expect(audit.entries).toHaveLength(1);
    expect(audit.entries[0]).toMatchObject({
      actor: "alice.ops",
      action: "promotion.update",
      target: "ADMSHAPE",
      reason: null,
      details: { active: false },
    });
    expect(Object.keys(audit.entries[0]!).sort()).toEqual([
      "action",
      "actor",
      "at",
      "details",
      "id",
      "reason",
      "target",
    ]);
    expect(((await (await adminCall("GET", "/promos/ADMSHAPE")).json()) as { active: boolean }).active).toBe(false);
  });
});
