/**
 * The decisions of one promotion's ledger (docs/ARCHITECTURE.md invariant 6): who may
 * take a unit of a capped code, when a reservation becomes a redemption and
 * when a unit goes back to the pool. Pure: no I/O, the clock is an argument.
 * The Promo Durable Object (worker/objects/promo.do.ts) reads a LedgerView,
 * calls one decide* function and writes the row it returns, all in one
 * synchronous step, so concurrent callers cannot interleave.
 *
 * A unit is "taken" while its reservation is live: redeemed, or reserved and
 * not yet expired. A reservation whose expiresAt ≤ now counts as released
 * ("expired") even before the alarm rewrites its row.
 */
import type { PromotionUsage } from "./types.js";

/** Caps as the promotion in D1 states them; null = unlimited. */
export interface PromotionLimits {
  readonly totalCap: number | null;
  readonly perUserCap: number | null;
}

export type ReservationState = "reserved" | "redeemed" | "released";

export interface Reservation {
  /** Chosen by the caller (e.g. the quote id): the idempotency key of reserve. */
  readonly id: string;
  readonly customer: string;
  readonly state: ReservationState;
  /** Epoch ms; only meaningful while state is "reserved". */
  readonly expiresAt: number;
  readonly createdAt: number;
  /** Set once payment consumed it; kept after a forced (refund) release. */
  readonly redeemedAt: number | null;
  /** "expired", "killed", or the caller's reason; null unless released. */
  readonly releasedReason: string | null;
}

/** What a decision reads, taken in the same synchronous step that writes its result. */
export interface LedgerView {
  /** The reservation the call names, as stored; null if unknown. */
  readonly existing: Reservation | null;
  /** Live units over all customers (see isLive). */
  readonly taken: number;
  /** Live units of the customer concerned: the request's, or the existing reservation's. */
  readonly customerTaken: number;
}

/** An outcome plus the one row to upsert (null = change nothing). */
export interface Decision<O> {
  readonly outcome: O;
  readonly write: Reservation | null;
}

export type CapReason = "usage_limit_reached" | "per_user_limit_reached" | "killed";

export type ReserveOutcome =
  | { readonly ok: true; readonly reservation: Reservation; readonly replayed: boolean }
  /** idempotency_conflict: the id is already held by another customer. */
  | { readonly ok: false; readonly reason: CapReason | "idempotency_conflict" };

export type ConsumeOutcome =
  /** retaken: the reservation had lapsed and payment took a fresh unit for it. */
  | { readonly ok: true; readonly reservation: Reservation; readonly replayed: boolean; readonly retaken: boolean }
  /** Any refusal means the payment holds a discount it has no unit for: the caller refunds or voids. */
  | { readonly ok: false; readonly reason: CapReason | "not_found" | "refunded" };

export type ReleaseOutcome =
  | { readonly ok: true; readonly reservation: Reservation; readonly replayed: boolean }
  | { readonly ok: false; readonly reason: "not_found" | "already_redeemed" };

/** What the Promo Durable Object reports; reserved counts live reservations only. */
export interface PromoUsage {
  /** null until the first reserve tells the object its code. */
  readonly code: string | null;
  readonly totalCap: number | null;
  readonly perUserCap: number | null;
  readonly reserved: number;
  readonly redeemed: number;
  /** totalCap − (reserved + redeemed), never below 0; null if unlimited. */
  readonly remaining: number | null;
  readonly killed: boolean;
  readonly userReserved: number;
  readonly userRedeemed: number;
}

export const EXPIRED = "expired";
export const KILLED = "killed";

/** Holds a unit now: redeemed, or reserved and not yet expired. */
export function isLive(r: Reservation, now: number): boolean {
  return r.state === "redeemed" || (r.state === "reserved" && r.expiresAt > now);
}

/** The reservation as it stands at `now`: a lapsed "reserved" one reads as released ("expired"). */
export function effective(r: Reservation, now: number): Reservation {
  return r.state === "reserved" && r.expiresAt <= now ? { ...r, state: "released", releasedReason: EXPIRED } : r;
}

/** Builds a LedgerView from a full list (the property tests' model; the DO counts in SQL instead). */
export function viewOf(
  reservations: Iterable<Reservation>,
  at: { id: string; customer?: string },
  now: number,
): LedgerView {
  const all = [...reservations];
  const existing = all.find((r) => r.id === at.id) ?? null;
  const customer = at.customer ?? existing?.customer;
  const live = all.filter((r) => isLive(r, now));
  return { existing, taken: live.length, customerTaken: live.filter((r) => r.customer === customer).length };
}

/**
 * Takes a unit for `customer` if the code is not killed, the total cap has
 * room and the customer is under the per-user cap. Idempotent per id: a
 * repeat returns the reservation as it stands now (check its state), with
 * replayed: true, even when the cap has since filled.
 *
 * @example decideReserve(view, { id: "q_1", customer: "user:7", now, ttlMs: 900_000 }, { totalCap: 50, perUserCap: 1 }, false)
 */
export function decideReserve(
  view: LedgerView,
  req: { readonly id: string; readonly customer: string; readonly now: number; readonly ttlMs: number },
  limits: PromotionLimits,
  killed: boolean,
): Decision<ReserveOutcome> {
  assertLimits(limits);
  assertKey("reservation id", req.id);
  assertKey("customer", req.customer);
  assertTime("now", req.now);
  if (!Number.isSafeInteger(req.ttlMs) || req.ttlMs <= 0)
    throw new RangeError(`ttlMs must be a positive integer, got ${req.ttlMs}`);
  const { existing } = view;
  if (existing) {
    if (existing.customer !== req.customer)
      return { outcome: { ok: false, reason: "idempotency_conflict" }, write: null };
    return { outcome: { ok: true, reservation: effective(existing, req.now), replayed: true }, write: null };
  }
  const refusal = capRefusal(view, limits, killed);
  if (refusal) return { outcome: { ok: false, reason: refusal }, write: null };
  const reservation: Reservation = {
    id: req.id,
    customer: req.customer,
    state: "reserved",
    expiresAt: req.now + req.ttlMs,
    createdAt: req.now,
    redeemedAt: null,
    releasedReason: null,
  };
  return { outcome: { ok: true, reservation, replayed: false }, write: reservation };
}

/**
 * Payment succeeded: reserved → redeemed. Consuming a redeemed one again is
 * a replay. A reservation that lapsed or was released before the payment
 * arrived is re-taken if the code still has room for it (same rules as a new
 * reserve), otherwise refused so the caller refunds. One that was redeemed
 * and then given back by a refund (release with force) is final: "refunded".
 */
export function decideConsume(
  view: LedgerView,
  now: number,
  limits: PromotionLimits,
  killed: boolean,
): Decision<ConsumeOutcome> {
  assertTime("now", now);
  assertLimits(limits);
  if (!view.existing) return { outcome: { ok: false, reason: "not_found" }, write: null };
  const current = effective(view.existing, now);
  switch (current.state) {
    case "redeemed":
      return { outcome: { ok: true, reservation: current, replayed: true, retaken: false }, write: null };
    case "reserved": {
      const reservation: Reservation = { ...current, state: "redeemed", redeemedAt: now };
      return { outcome: { ok: true, reservation, replayed: false, retaken: false }, write: reservation };
    }
    case "released": {
      if (current.redeemedAt !== null) return { outcome: { ok: false, reason: "refunded" }, write: null };
      // A released row is not live, so view.taken / customerTaken exclude it.
      const refusal = capRefusal(view, limits, killed);
      if (refusal) return { outcome: { ok: false, reason: refusal }, write: null };
      const reservation: Reservation = { ...current, state: "redeemed", redeemedAt: now, releasedReason: null };
      return { outcome: { ok: true, reservation, replayed: false, retaken: true }, write: reservation };
    }
  }
}

/**
 * Gives a reserved unit back (quote abandoned, payment failed). Releasing a
 * released or lapsed one is a replay. A redeemed one is refused
 * ("already_redeemed") unless `force`: a stray release racing the payment
 * webhook must never free a paid unit, while a refund or cancellation
 * (force) does return it, since that order no longer holds the discount.
 */
export function decideRelease(
  view: LedgerView,
  req: { readonly now: number; readonly reason: string; readonly force?: boolean },
): Decision<ReleaseOutcome> {
  assertTime("now", req.now);
  assertKey("reason", req.reason);
  const { existing } = view;
  if (!existing) return { outcome: { ok: false, reason: "not_found" }, write: null };
  const current = effective(existing, req.now);
  if (current.state === "released") {
    // Persist a lapse the alarm has not written yet, so storage agrees with the answer.
    return {
      outcome: { ok: true, reservation: current, replayed: true },
      write: current === existing ? null : current,
    };
  }
  if (current.state === "redeemed" && !req.force)
    return { outcome: { ok: false, reason: "already_redeemed" }, write: null };
  const reservation: Reservation = { ...current, state: "released", releasedReason: req.reason };
  return { outcome: { ok: true, reservation, replayed: false }, write: reservation };
}

/** The rows the alarm rewrites: every reserved one with expiresAt ≤ now, released as "expired". */
export function decideExpire(reservations: Iterable<Reservation>, now: number): Reservation[] {
  return [...reservations].filter((r) => r.state === "reserved" && r.expiresAt <= now).map((r) => effective(r, now));
}

/** Kill switch: unless live reservations are honoured, each one is released as "killed". */
export function decideKill(reservations: Iterable<Reservation>, now: number, honorReserved: boolean): Reservation[] {
  if (honorReserved) return [];
  return [...reservations]
    .filter((r) => r.state === "reserved" && isLive(r, now))
    .map((r) => ({ ...r, state: "released" as const, releasedReason: KILLED }));
}

export function remaining(limits: PromotionLimits, taken: number): number | null {
  return limits.totalCap === null ? null : Math.max(0, limits.totalCap - taken);
}

/**
 * The usage the pricing engine checks caps against. Live reservations count
 * as used, so a unit held by another quote is not promised twice. A caller
 * pricing a cart whose own reservation is among them must subtract it
 * (`held`), or the shopper holding the last unit would be told it is gone.
 */
export function toPromotionUsage(u: PromoUsage, held = 0): PromotionUsage {
  return {
    totalRedeemed: Math.max(0, u.reserved + u.redeemed - held),
    userRedeemed: Math.max(0, u.userReserved + u.userRedeemed - held),
  };
}

function capRefusal(view: LedgerView, limits: PromotionLimits, killed: boolean): CapReason | null {
  if (killed) return "killed";
  if (limits.totalCap !== null && view.taken >= limits.totalCap) return "usage_limit_reached";
  if (limits.perUserCap !== null && view.customerTaken >= limits.perUserCap) return "per_user_limit_reached";
  return null;
}

/** Throws on a cap that is not a non-negative integer or null: a caller bug, never a shopper's input. */
export function assertLimits(limits: PromotionLimits): void {
  for (const [name, cap] of [
    ["totalCap", limits.totalCap],
    ["perUserCap", limits.perUserCap],
  ] as const) {
    if (cap !== null && !(Number.isSafeInteger(cap) && cap >= 0))
      throw new RangeError(`${name} must be a non-negative integer or null, got ${cap}`);
  }
}

function assertKey(name: string, value: string): void {
  if (typeof value !== "string" || value.length === 0) throw new RangeError(`${name} must be a non-empty string`);
}

function assertTime(name: string, value: number): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be an integer epoch ms, got ${value}`);
}
