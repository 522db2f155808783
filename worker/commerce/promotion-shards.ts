/**
 * The sharded promotion ledger's protocol (docs/ARCHITECTURE.md invariant 6),
 * pure. One hot promotion is split over N shard objects; each holds an
 * allotment (a slice of the total cap) and sells from it with the ordinary
 * ledger (promotion-ledger.ts), its allotment standing in for the cap. A shopper
 * always lands on the shard chosen by a hash of the shopper, so the per-user
 * cap stays exact. The coordinator owns the cap: it hands out allotments, and
 * when its free pool is empty it reclaims the unsold slack of every shard, so
 * a shard that runs dry borrows from the others and no unit is stranded.
 *
 * Why it is never oversold: the coordinator only grants from
 * totalCap − Σ grants, and its belief about a shard is never below what that
 * shard holds: a grant is recorded before the shard hears of it, a reclaim
 * shrinks the shard before the coordinator records it. Each allotment carries
 * the coordinator's version, so a late or repeated answer never overwrites a
 * newer one; a lost answer strands units only until the next exchange with
 * that shard (answers are absolute, not deltas).
 */
import type { PromotionLimits } from "./promotion-ledger.js";

/** Upper bound for `shards`: 64 × ~1,000 requests/s per object covers the campaign (docs/capacity.md). */
export const MAX_SHARDS = 64;
/** After a reclaim found nothing to lend, a dry shard refuses locally this long instead of asking again. */
export const DRY_COOLDOWN_MS = 1_000;

/** A shard's slice of the cap; version orders the coordinator's decisions about that shard. */
export interface Allotment {
  readonly units: number;
  readonly version: number;
}

export const NO_ALLOTMENT: Allotment = { units: 0, version: 0 };

/** What the coordinator holds: the cap and, per shard, an upper bound of that shard's allotment. */
export interface CoordinatorState {
  readonly totalCap: number | null;
  readonly grants: readonly Allotment[];
}

/** The shard of a shopper: FNV-1a of the key, so every caller agrees without asking anyone. */
export function shardOf(customer: string, shards: number): number {
  assertShards(shards);
  let h = 0x811c9dc5;
  for (let i = 0; i < customer.length; i++) {
    h ^= customer.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % shards;
}

export function assertShards(shards: number): void {
  if (!Number.isSafeInteger(shards) || shards < 1 || shards > MAX_SHARDS)
    throw new RangeError(`shards must be an integer in 1..${MAX_SHARDS}, got ${shards}`);
}

/** The limits a shard decides with: its allotment is its cap; the per-user cap is the promotion's own. */
export function shardLimits(limits: PromotionLimits, allotment: Allotment): PromotionLimits {
  return {
    totalCap: limits.totalCap === null ? null : Math.min(allotment.units, limits.totalCap),
    perUserCap: limits.perUserCap,
  };
}

/** Units nobody holds: totalCap − Σ grants, never below 0; null when the cap is unlimited. */
export function freeUnits(s: CoordinatorState): number | null {
  if (s.totalCap === null) return null;
  return Math.max(0, s.totalCap - s.grants.reduce((sum, g) => sum + g.units, 0));
}

export function initialState(totalCap: number | null, shards: number): CoordinatorState {
  assertShards(shards);
  return { totalCap, grants: Array.from({ length: shards }, () => NO_ALLOTMENT) };
}

/**
 * A shard asks for units. Its first grant is its slice (cap / shards, rounded
 * up), later ones a share of what is free (free / shards, rounded up), so the
 * last units spread instead of going to whoever asks first. Grants 0 when the
 * pool is empty: the caller reclaims (decideReclaimVersion/applyReclaim) and asks again.
 */
export function decideGrant(
  s: CoordinatorState,
  shard: number,
): { state: CoordinatorState; allotment: Allotment; granted: number } {
  const current = grantOf(s, shard);
  const free = freeUnits(s);
  if (free === null || free === 0) return { state: s, allotment: current, granted: 0 };
  const n = s.grants.length;
  const share = current.version === 0 ? Math.ceil((s.totalCap ?? 0) / n) : Math.ceil(free / n);
  const granted = Math.max(1, Math.min(free, share));
  const allotment = { units: current.units + granted, version: current.version + 1 };
  return { state: withGrant(s, shard, allotment), allotment, granted };
}

/**
 * Before asking a shard to give back its slack, the coordinator records the
 * version that request carries (units unchanged, still an upper bound), so
 * the shard's answer, and any grant after it, is newer than anything before.
 */
export function beginReclaim(s: CoordinatorState, shard: number): { state: CoordinatorState; version: number } {
  const g = grantOf(s, shard);
  const version = g.version + 1;
  return { state: withGrant(s, shard, { units: g.units, version }), version };
}

/** Shard side of a reclaim: keep only the units it has taken; an older request changes nothing. */
export function decideSurrender(current: Allotment, taken: number, version: number): Allotment {
  if (version <= current.version) return current;
  return { units: Math.min(current.units, Math.max(0, taken)), version };
}

/** Coordinator side: the shard's answer replaces the belief unless a newer decision was made since. */
export function applyReclaim(s: CoordinatorState, shard: number, answer: Allotment): CoordinatorState {
  const g = grantOf(s, shard);
  if (answer.version < g.version) return s;
  return withGrant(s, shard, { units: Math.min(g.units, answer.units), version: answer.version });
}

/** Shard side of a grant answer: a newer allotment replaces the current one; an older one is ignored. */
export function applyAllotment(current: Allotment, answer: Allotment): Allotment {
  return answer.version > current.version ? answer : current;
}

/** A new cap replaces the old one; a lower cap may leave the pool negative until reclaims shrink the shards. */
export function withCap(s: CoordinatorState, totalCap: number | null): CoordinatorState {
  return s.totalCap === totalCap ? s : { ...s, totalCap };
}

/** A lowered cap is only safe once every shard is shrunk to what it has taken. */
export function overCommitted(s: CoordinatorState): boolean {
  return s.totalCap !== null && s.grants.reduce((sum, g) => sum + g.units, 0) > s.totalCap;
}

function grantOf(s: CoordinatorState, shard: number): Allotment {
  const g = s.grants[shard];
  if (!g) throw new RangeError(`shard ${shard} is not one of ${s.grants.length}`);
  return g;
}

function withGrant(s: CoordinatorState, shard: number, allotment: Allotment): CoordinatorState {
  return { ...s, grants: s.grants.map((g, i) => (i === shard ? allotment : g)) };
}
