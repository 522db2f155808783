import { Hono } from "hono";
import { z } from "zod";
import type { Env } from "../env.js";
import { ApiError } from "../http/errors.js";
import { jsonBody, validate } from "../http/json-body.js";
import { forgetShardCount, promoStub } from "../orders/promotion-reservations.js";
import { settle } from "../orders/settle.js";
import { adminAuth } from "../admin/auth.js";
import { auditStatement } from "../admin/audit.js";
import { KillSwitch, PromotionComplete, PromotionCreate, PromotionUpdate } from "../admin/promotion-schema.js";
import { promotionJson, type PromotionRow } from "../admin/promotion-view.js";
import { adminFulfillment } from "./admin-fulfillment.routes.js";

type AdminEnv = { Bindings: Env; Variables: { actor: string } };

export const admin = new Hono<AdminEnv>();
admin.use("*", adminAuth());
admin.route("/orders", adminFulfillment);

export const CodeParam = z.string().regex(/^[A-Z0-9_-]{1,32}$/);
export const Limit = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }).strict();

async function loadPromotion(db: D1Database, raw: string): Promise<PromotionRow> {
  const code = CodeParam.safeParse(raw);
  if (!code.success) throw new ApiError(404, "promotion_not_found", "No promotion has that code.");
  const row = await db.prepare("SELECT * FROM promotions WHERE code = ?").bind(code.data).first<PromotionRow>();
  if (!row) throw new ApiError(404, "promotion_not_found", "No promotion has that code.");
  return row;
}

admin.get("/promos", async (c) => {
  const { results } = await c.env.DB.prepare("SELECT * FROM promotions ORDER BY code").all<PromotionRow>();
  const promos = await Promise.all(results.map((r) => promotionJson(c.env, r)));
  return c.json({ promotions: promos });
});

admin.get("/promos/:code", async (c) =>
  c.json(await promotionJson(c.env, await loadPromotion(c.env.DB, c.req.param("code")), { withRate: true })),
);

admin.post("/promos", async (c) => {
  const p = await jsonBody(c, PromotionCreate);
  const exists = await c.env.DB.prepare("SELECT 1 FROM promotions WHERE code = ?").bind(p.code).first();
  if (exists) throw new ApiError(409, "promotion_exists", `${p.code} already exists; update it instead.`);
  const now = Date.now();
  await c.env.DB.batch([
    c.env.DB.prepare(
      `INSERT INTO promotions (code, name, kind, value, currency, scope, scope_ids, min_subtotal, max_units, starts_at, ends_at, total_cap, per_user_cap, stackable, active, shards)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).bind(
      p.code,
      p.name,
      p.kind,
      p.value,
      p.currency,
      p.scope,
      JSON.stringify(p.scope_ids),
      p.min_subtotal,
      p.max_units,
      p.starts_at,
      p.ends_at,
      p.total_cap,
      p.per_user_cap,
      p.stackable ? 1 : 0,
      p.active ? 1 : 0,
      p.shards,
    ),
    auditStatement(c.env.DB, {
      actor: c.get("actor"),
      action: "promotion.create",
      target: p.code,
      details: p,
      at: now,
    }),
  ]);
  return c.json(await promotionJson(c.env, await loadPromotion(c.env.DB, p.code)), 201);
});

admin.patch("/promos/:code", async (c) => {
  const row = await loadPromotion(c.env.DB, c.req.param("code"));
  const patch = await jsonBody(c, PromotionUpdate);
  const merged = { ...fieldsOf(row), ...patch };
  validate(PromotionComplete, merged);
  const columns = Object.keys(patch);
  if (columns.length === 0) throw new ApiError(422, "invalid_request", "Nothing to update.");
  const values = columns.map((k) => {
    const v = (patch as Record<string, unknown>)[k];
    return k === "scope_ids" ? JSON.stringify(v) : typeof v === "boolean" ? (v ? 1 : 0) : (v as string | number | null);
  });
  if (patch.shards !== undefined && patch.shards !== row.shards) {
    // Shoppers are routed by shard count: changing it under live reservations would move them out of reach.
    forgetShardCount(row.code);
    if (await promoStub(c.env, row.code).inUse()) {
      throw new ApiError(
        409,
        "shards_locked",
        "The shard count can only change before the promotion's first reservation.",
      );
    }
  }
  await c.env.DB.batch([
    c.env.DB.prepare(`UPDATE promotions SET ${columns.map((k) => `${k} = ?`).join(", ")} WHERE code = ?`).bind(
      ...values,
      row.code,
    ),
    auditStatement(c.env.DB, {
      actor: c.get("actor"),
      action: "promotion.update",
      target: row.code,
      details: patch,
      at: Date.now(),
    }),
  ]);
  forgetShardCount(row.code);
  return c.json(await promotionJson(c.env, await loadPromotion(c.env.DB, row.code)));
});

/**
 * The kill switch. The Promo Durable Object is authoritative, so the very next
 * reservation anywhere sees it; open quotes re-price without the code when
 * confirmed. Unless ops honour reservations already held, those are released
 * and their unpaid orders canceled (stock and shopper notified).
 */
admin.put("/promos/:code/kill-switch", async (c) => {
  const row = await loadPromotion(c.env.DB, c.req.param("code"));
  const body = await jsonBody(c, KillSwitch);
  const result = await promoStub(c.env, row.code).setKilled(body.killed, {
    reason: body.reason,
    honorReserved: body.honor_reserved,
  });
  let canceled = 0;
  for (const orderId of result.released) {
    const s = await settle(c.env, { type: "canceled", orderId, paymentIntentId: null });
    if (s.changed) canceled++;
  }
  await auditStatement(c.env.DB, {
    actor: c.get("actor"),
    action: body.killed ? "promotion.kill" : "promotion.revive",
    target: row.code,
    reason: body.reason,
    details: { honor_reserved: body.honor_reserved, released: result.released.length, orders_canceled: canceled },
    at: Date.now(),
  }).run();
  return c.json({
    ...(await promotionJson(c.env, row, { withRate: true })),
    released: result.released.length,
    orders_canceled: canceled,
  });
});

admin.get("/orders", async (c) => {
  const { limit } = validate(Limit, c.req.query());
  const { results } = await c.env.DB.prepare(
    "SELECT id, conversation_id, customer, status, total, currency, promo_codes, payment_intent_id, created_at, updated_at FROM orders ORDER BY created_at DESC LIMIT ?",
  )
    .bind(limit)
    .all();
  return c.json({ orders: results.map((o) => ({ ...o, promo_codes: JSON.parse(String(o.promo_codes)) })) });
});

admin.get("/audit", async (c) => {
  const { limit } = validate(Limit, c.req.query());
  const { results } = await c.env.DB.prepare("SELECT * FROM audit_log ORDER BY id DESC LIMIT ?").bind(limit).all();
  return c.json({ entries: results.map((e) => ({ ...e, details: JSON.parse(String(e.details)) })) });
});

function fieldsOf(r: PromotionRow) {
  return {
    name: r.name,
    kind: r.kind,
    value: r.value,
    currency: r.currency,
    scope: r.scope,
    scope_ids: JSON.parse(r.scope_ids) as string[],
    min_subtotal: r.min_subtotal,
    max_units: r.max_units,
    starts_at: r.starts_at,
    ends_at: r.ends_at,
    total_cap: r.total_cap,
    per_user_cap: r.per_user_cap,
    stackable: r.stackable === 1,
    active: r.active === 1,
    shards: r.shards,
  };
}
