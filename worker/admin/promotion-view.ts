import type { Env } from "../env.js";
import { promoStub } from "../orders/promotion-reservations.js";
import { recentRedemptions, type PromotionRow } from "./promotion-repo.js";

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
    scope_ids: r.scopeIds,
    min_subtotal: r.minSubtotal,
    max_units: r.maxUnits,
    starts_at: r.startsAt,
    ends_at: r.endsAt,
    stackable: r.stackable,
    active: r.active,
    cap: r.totalCap,
    per_user_cap: r.perUserCap,
    reserved: usage.reserved,
    redeemed: usage.redeemed,
    remaining: r.totalCap === null ? null : Math.max(0, r.totalCap - taken),
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
  return { ...base, shard_usage: shardUsage, redemptions_per_minute: await recentRedemptions(env.DB, r.code, since) };
}
