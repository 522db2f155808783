import { asc, desc, eq } from "drizzle-orm";
import type { z } from "zod";
import { drizzle } from "drizzle-orm/d1";
import { auditLog, orders, promotions } from "../../schema/index.js";
import { auditStatement, type AuditEntry } from "./audit-repo.js";
import type { PromotionCreate } from "./promotion-schema.js";

/**
 * The admin API's D1 reads and writes: promotions (read through drizzle;
 * created and updated in one batch with their audit row), recent orders and
 * the audit log. Fields keep the API's snake_case names.
 */

export type PromotionRow = typeof promotions.$inferSelect;

/** Fields of an update as the admin API names them (snake_case, the column names), already validated. */
export type PromotionFields = Record<string, unknown>;

export async function findPromotion(db: D1Database, code: string): Promise<PromotionRow | null> {
  const [row] = await drizzle(db).select().from(promotions).where(eq(promotions.code, code));
  return row ?? null;
}

export function listPromotions(db: D1Database): Promise<PromotionRow[]> {
  return drizzle(db).select().from(promotions).orderBy(asc(promotions.code));
}

const column = (k: string, v: unknown) =>
  k === "scope_ids" ? JSON.stringify(v) : typeof v === "boolean" ? (v ? 1 : 0) : (v as string | number | null);

/** Inserts a complete promotion and its audit row atomically. */
export async function createPromotion(
  db: D1Database,
  p: z.output<typeof PromotionCreate>,
  audit: AuditEntry,
): Promise<void> {
  await db.batch([
    db
      .prepare(
        `INSERT INTO promotions (code, name, kind, value, currency, scope, scope_ids, min_subtotal, max_units, starts_at, ends_at, total_cap, per_user_cap, stackable, active, shards)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .bind(
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
    auditStatement(db, audit),
  ]);
}

/** Changes exactly the fields named (already validated against the admin schema) and audits it, atomically. */
export async function updatePromotion(
  db: D1Database,
  code: string,
  patch: PromotionFields,
  audit: AuditEntry,
): Promise<void> {
  const names = Object.keys(patch);
  await db.batch([
    db
      .prepare(`UPDATE promotions SET ${names.map((k) => `${k} = ?`).join(", ")} WHERE code = ?`)
      .bind(...names.map((k) => column(k, patch[k])), code),
    auditStatement(db, audit),
  ]);
}

/**
 * Orders that took the code since `since` and still hold or spent it (the redemption rate ops
 * watch). Read through orders_created_idx, the last minute's orders only: left to itself SQLite
 * picks the status index, which during a sale means every paid order ever.
 */
export async function recentRedemptions(db: D1Database, code: string, since: number): Promise<number> {
  const row = await db
    .prepare(
      "SELECT count(*) AS n FROM orders INDEXED BY orders_created_idx WHERE created_at >= ? AND status IN ('pending_payment', 'paid') AND EXISTS (SELECT 1 FROM json_each(orders.promo_codes) WHERE value = ?)",
    )
    .bind(since, code)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/** The newest orders, as GET /admin/orders lists them. */
export function recentOrders(db: D1Database, limit: number) {
  return drizzle(db)
    .select({
      id: orders.id,
      conversation_id: orders.conversationId,
      customer: orders.customer,
      status: orders.status,
      total: orders.total,
      currency: orders.currency,
      promo_codes: orders.promoCodes,
      payment_intent_id: orders.paymentIntentId,
      created_at: orders.createdAt,
      updated_at: orders.updatedAt,
    })
    .from(orders)
    .orderBy(desc(orders.createdAt))
    .limit(limit);
}

/** The newest audit entries, as GET /admin/audit lists them. */
export function auditEntries(db: D1Database, limit: number) {
  return drizzle(db).select().from(auditLog).orderBy(desc(auditLog.id)).limit(limit);
}
