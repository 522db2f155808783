import type {
  ConsumeOutcome,
  PromoUsage,
  ReleaseOutcome,
  Reservation,
  ReserveOutcome,
} from "../commerce/promotion-ledger.js";
import { shardOf } from "../commerce/promotion-shards.js";
import type { PromotionUsage } from "../commerce/types.js";
import type { KillOptions, PromoEnv, ReserveRequest, ShardStatus } from "../objects/promo.do.js";
import { promoCoordinatorStub, promoShardStub } from "../objects/stubs.js";
import { isGuest } from "../commerce/shopper-key.js";
import { orderCustomer, promotionShards } from "./promotion-reservations-repo.js";

/** What the promotion facade reads: the Promo objects, and D1 for a promotion's shard count and an order's shopper. */
export interface PromotionReservationsEnv extends PromoEnv {
  DB: D1Database;
}

/** Per-shard counters for ops (GET /admin/promos/:code). */
export interface ShardUsage {
  shard: number;
  allotment: number | null;
  reserved: number;
  redeemed: number;
}

/**
 * One promotion as its callers see it, whether its ledger is one Promo object
 * or N shards behind a coordinator (worker/objects/promo-shard-role.ts): the
 * same calls either way, so sharding stays an implementation detail here.
 */
export interface PromoHandle {
  reserve(req: ReserveRequest): Promise<ReserveOutcome>;
  consume(reservationId: string): Promise<ConsumeOutcome>;
  release(reservationId: string, reason: string, opts?: { force?: boolean }): Promise<ReleaseOutcome>;
  reservation(reservationId: string): Promise<Reservation | null>;
  /** With a customer: that shopper's view for pricing; without: exact totals over every shard. */
  usage(customer?: string): Promise<PromoUsage & { shards: number; perShard: ShardUsage[] | null }>;
  /** The kill switch reaches the coordinator and every shard in one fan-out. */
  setKilled(killed: boolean, opts: KillOptions): Promise<{ killed: boolean; released: string[] }>;
  /** Whether any object of the promotion's current layout was ever used (shard count changes need none). */
  inUse(): Promise<boolean>;
}

// The shard count is fixed while a promotion is in use (admin PATCH refuses
// to change it then), so a short-lived copy per isolate is safe; objects
// reached under a stale count refuse rather than sell (promo-shard-role.ts).
const SHARDS_TTL_MS = 5_000;
const shardCounts = new Map<string, { shards: number; at: number }>();

export async function shardCount(env: PromotionReservationsEnv, code: string): Promise<number> {
  const hit = shardCounts.get(code);
  if (hit && Date.now() - hit.at < SHARDS_TTL_MS) return hit.shards;
  const shards = (await promotionShards(env.DB, code)) ?? 1;
  shardCounts.set(code, { shards, at: Date.now() });
  return shards;
}

/** After ops change a promotion's shard count, this isolate forgets its copy at once. */
export function forgetShardCount(code: string): void {
  shardCounts.delete(code);
}

/**
 * The redemption limiter's key (LIMIT_PROMO_REDEMPTIONS) for this shopper: one
 * bucket per shard, so the promotion's rate is the configured rate × shards
 * and no single limiter key (one object or Redis key) is hotter than one shard.
 */
export async function promotionLimitKey(
  env: PromotionReservationsEnv,
  code: string,
  customer: string,
): Promise<string> {
  const n = await shardCount(env, code);
  return n === 1 ? code : `${code}#${shardOf(customer, n)}`;
}

/** The only place that knows how a promotion's objects are named and reached. */
export function promoStub(env: PromotionReservationsEnv, code: string): PromoHandle {
  const all = async () => {
    const n = await shardCount(env, code);
    return n === 1
      ? [promoCoordinatorStub(env, code)]
      : Array.from({ length: n }, (_, i) => promoShardStub(env, code, i));
  };
  // The shard holding a reservation is the one its shopper hashes to; the order row names the shopper.
  // A reservation whose order was never written is looked for everywhere (rare: failed checkouts).
  const holder = async (reservationId: string) => {
    const n = await shardCount(env, code);
    if (n === 1) return [promoCoordinatorStub(env, code)];
    const customer = await orderCustomer(env.DB, reservationId);
    return customer !== null ? [promoShardStub(env, code, shardOf(customer, n))] : await all();
  };
  const first = <T extends { ok: boolean; reason?: string }>(outcomes: T[]): T =>
    outcomes.find((o) => o.ok) ?? outcomes.find((o) => o.reason !== "not_found") ?? outcomes[0]!;

  return {
    async reserve(req) {
      const n = await shardCount(env, code);
      if (n === 1) return promoCoordinatorStub(env, code).reserve(req);
      const index = shardOf(req.customer, n);
      return promoShardStub(env, code, index).reserve({ ...req, shard: { index, of: n } });
    },
    async consume(id) {
      return first(await Promise.all((await holder(id)).map((s) => s.consume(id))));
    },
    async release(id, reason, opts = {}) {
      return first(await Promise.all((await holder(id)).map((s) => s.release(id, reason, opts))));
    },
    async reservation(id) {
      const found = await Promise.all((await holder(id)).map((s) => s.reservation(id)));
      return found.find((r) => r !== null) ?? null;
    },
    async usage(customer) {
      const n = await shardCount(env, code);
      if (n === 1) return { ...(await promoCoordinatorStub(env, code).usage(customer)), shards: 1, perShard: null };
      if (customer !== undefined) return { ...(await shopperView(env, code, customer, n)), shards: n, perShard: null };
      const shards = await all();
      const [usages, statuses] = await Promise.all([
        Promise.all(shards.map((s) => s.usage())),
        Promise.all(shards.map((s) => s.shardStatus())),
      ]);
      const coordinator = await promoCoordinatorStub(env, code).usage();
      const reserved = usages.reduce((sum, u) => sum + u.reserved, 0);
      const redeemed = usages.reduce((sum, u) => sum + u.redeemed, 0);
      const totalCap = coordinator.totalCap ?? usages.find((u) => u.totalCap !== null)?.totalCap ?? null;
      return {
        ...coordinator,
        code,
        totalCap,
        perUserCap: coordinator.perUserCap ?? usages.find((u) => u.perUserCap !== null)?.perUserCap ?? null,
        reserved,
        redeemed,
        remaining: totalCap === null ? null : Math.max(0, totalCap - reserved - redeemed),
        killed: coordinator.killed || usages.some((u) => u.killed),
        shards: n,
        perShard: usages.map((u, i) => ({
          shard: i,
          allotment: (statuses[i] as ShardStatus).allotment,
          reserved: u.reserved,
          redeemed: u.redeemed,
        })),
      };
    },
    async setKilled(killed, opts) {
      const n = await shardCount(env, code);
      const targets = n === 1 ? [promoCoordinatorStub(env, code)] : [promoCoordinatorStub(env, code), ...(await all())];
      const results = await Promise.all(targets.map((s) => s.setKilled(killed, opts)));
      return { killed, released: results.flatMap((r) => r.released) };
    },
    async inUse() {
      const targets = [promoCoordinatorStub(env, code), ...((await shardCount(env, code)) === 1 ? [] : await all())];
      const statuses = await Promise.all(targets.map((s) => s.shardStatus()));
      return statuses.some((s) => s.used);
    },
  };
}

/**
 * A sharded promotion priced for one shopper: their shard knows their own
 * counts exactly, and whether it can still sell or borrow. The total is
 * reported as full only when it cannot, so pricing never asks every shard.
 */
async function shopperView(
  env: PromotionReservationsEnv,
  code: string,
  customer: string,
  n: number,
): Promise<PromoUsage> {
  const stub = promoShardStub(env, code, shardOf(customer, n));
  const [u, status] = await Promise.all([stub.usage(customer), stub.shardStatus()]);
  const taken = u.reserved + u.redeemed;
  if (u.totalCap === null) return u;
  const canSell = status.allotment === null || status.allotment > taken || !status.dry;
  const globallyTaken = canSell ? Math.min(taken, u.totalCap - 1) : u.totalCap;
  return {
    ...u,
    reserved: Math.max(0, globallyTaken - u.redeemed),
    redeemed: Math.min(u.redeemed, globallyTaken),
    remaining: u.totalCap - globallyTaken,
  };
}

/** true only when every code's unit is this order's to keep. */
export async function consumeAll(
  env: PromotionReservationsEnv,
  orderId: string,
  codes: readonly string[],
): Promise<boolean> {
  const outcomes = await Promise.all(codes.map((c) => promoStub(env, c).consume(orderId)));
  return outcomes.every((o) => o.ok);
}

/** `force` also gives back units already redeemed: only when the order is undone. */
export async function releaseAll(
  env: PromotionReservationsEnv,
  orderId: string,
  codes: readonly string[],
  reason: string,
  force = false,
): Promise<void> {
  await Promise.all(codes.map((c) => promoStub(env, c).release(orderId, reason, { force })));
}

/** Redemption counts per code for pricing: taken = live reservations + redemptions. */
export function promotionUsage(env: PromotionReservationsEnv, customer: string) {
  return async (codes: readonly string[]) => {
    const entries = await Promise.all(
      codes.map(async (code) => {
        const u = await promoStub(env, code).usage(customer);
        const usage: PromotionUsage = {
          totalRedeemed: u.reserved + u.redeemed,
          userRedeemed: u.userReserved + u.userRedeemed,
          killed: u.killed,
          shopperKnown: !isGuest(customer),
        };
        return [code, usage] as const;
      }),
    );
    return new Map(entries);
  };
}
