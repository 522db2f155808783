import { Hono } from "hono";
import { z } from "zod";
import type { Env } from "../env.js";
import { ApiError } from "../http/errors.js";
import { jsonBody, validate } from "../http/json-body.js";
import { forgetShardCount, promoStub } from "../orders/promotion-reservations.js";
import { settle } from "../orders/settle.js";
import { adminAuth } from "../admin/auth.js";
import { auditStatement } from "../admin/audit-repo.js";
import { KillSwitch, PromotionComplete, PromotionCreate, PromotionUpdate } from "../admin/promotion-schema.js";
import { promotionJson } from "../admin/promotion-view.js";
import {
  auditEntries,
  createPromotion,
  findPromotion,
  listPromotions,
  recentOrders,
  updatePromotion,
  type PromotionRow,
} from "../admin/promotion-repo.js";
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
  const row = await findPromotion(db, code.data);
  if (!row) throw new ApiError(404, "promotion_not_found", "No promotion has that code.");
  return row;
}

admin.get("/promos", async (c) => {
  const rows = await listPromotions(c.env.DB);
  const promos = await Promise.all(rows.map((r) => promotionJson(c.env, r)));
  return c.json({ promotions: promos });
});

admin.get("/promos/:code", async (c) =>
  c.json(await promotionJson(c.env, await loadPromotion(c.env.DB, c.req.param("code")), { withRate: true })),
);

admin.post("/promos", async (c) => {
  const p = await jsonBody(c, PromotionCreate);
  if (await findPromotion(c.env.DB, p.code))
    throw new ApiError(409, "promotion_exists", `${p.code} already exists; update it instead.`);
  await createPromotion(c.env.DB, p, {
    actor: c.get("actor"),
    action: "promotion.create",
    target: p.code,
    details: p,
    at: Date.now(),
  });
  return c.json(await promotionJson(c.env, await loadPromotion(c.env.DB, p.code)), 201);
});

admin.patch("/promos/:code", async (c) => {
  const row = await loadPromotion(c.env.DB, c.req.param("code"));
  const patch = await jsonBody(c, PromotionUpdate);
  const merged = { ...fieldsOf(row), ...patch };
  validate(PromotionComplete, merged);
  const columns = Object.keys(patch);
  if (columns.length === 0) throw new ApiError(422, "invalid_request", "Nothing to update.");
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
  await updatePromotion(c.env.DB, row.code, patch, {
    actor: c.get("actor"),
    action: "promotion.update",
    target: row.code,
    details: patch,
    at: Date.now(),
  });
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
  return c.json({ orders: await recentOrders(c.env.DB, limit) });
});

admin.get("/audit", async (c) => {
  const { limit } = validate(Limit, c.req.query());
  return c.json({ entries: await auditEntries(c.env.DB, limit) });
});

function fieldsOf(r: PromotionRow) {
  return {
    name: r.name,
    kind: r.kind,
    value: r.value,
    currency: r.currency,
    scope: r.scope,
    scope_ids: r.scopeIds,
    min_subtotal: r.minSubtotal,
    max_units: r.maxUnits,
    starts_at: r.startsAt,
    ends_at: r.endsAt,
    total_cap: r.totalCap,
    per_user_cap: r.perUserCap,
    stackable: r.stackable,
    active: r.active,
    shards: r.shards,
  };
}
