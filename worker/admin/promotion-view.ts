import type { Env } from "../env.js";
import { promoStub } from "../orders/promotion-reservations.js";

export type PromotionRow = {
  code: string;
  name: string;
  kind: "percent_off" | "amount_off" | "fixed_unit_price";
  value: number;
  currency: string | null;
  scope: "all" | "products" | "skus";
  scope_ids: string;
  min_subtotal: number;
  max_units: number | null;
  starts_at: number | null;
  ends_at: number | null;
  total_cap: number | null;
  per_user_cap: number | null;
  stackable: number;
  active: number;
  shards: number;
};

const RATE_WINDOW_MS = 60_000;

/** A promotion as ops see it: its terms plus the live counters from its Durable Object. */
export async function promotionJson(env: Env, r: PromotionRow, opts: { withRate?: boolean } = {}) {
  const usage = await promoStub(env, r.code).usage();
  const taken = usage.reserved + usage.redeemed;
  const base = {
    code: r.code,
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
    stackable: r.stackable === 1,
    active: r.active === 1,
    cap: r.total_cap,
    per_user_cap: r.per_user_cap,
    reserved: usage.reserved,
    redeemed: usage.redeemed,
    remaining: r.total_cap === null ? null : Math.max(0, r.total_cap - taken),
    killed: usage.killed,
    shards: r.shards,
  };
  if (!opts.withRate) return base;
  const shardUsage =
    usage.perShard?.map((s) => ({
      shard: s.shard,
      allotment: s.allotment,
      reserved: s.reserved,
      redeemed: s.redeemed,
    })) ?? null;
  // Orders that took the code in the last minute, per minute.
  const since = Date.now() - RATE_WINDOW_MS;
  const row = await env.DB.prepare(
    "SELECT count(*) AS n FROM orders WHERE created_at >= ? AND status IN ('pending_payment', 'paid') AND EXISTS (SELECT 1 FROM json_each(orders.promo_codes) WHERE value = ?)",
  )
    .bind(since, r.code)
    .first<{ n: number }>();
  return { ...base, shard_usage: shardUsage, redemptions_per_minute: row?.n ?? 0 };
}
