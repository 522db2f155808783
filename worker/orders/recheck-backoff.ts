/**
 * How long an unpaid order waits before its next look while Stripe cannot be
 * asked about it (worker/orders/reconcile.ts, checkDue). A fixed short period
 * turns every such order into a steady stream of Stripe searches: with
 * hundreds of orders waiting (a flash sale on an overloaded Worker, or a
 * Stripe outage) those looks become the load that keeps the payment calls
 * timing out. So the wait grows with the order's age (each look at least
 * doubles its age, so the looks thin out geometrically), within bounds.
 */
export const RECHECK_MIN_MS = 15_000;
export const RECHECK_MAX_MS = 5 * 60_000;

/** `ageMs`: since the order was created. Not finite or negative (clock skew) counts as new. */
export function unreachableRecheckMs(ageMs: number): number {
  const age = Number.isFinite(ageMs) && ageMs > 0 ? ageMs : 0;
  return Math.min(Math.max(age, RECHECK_MIN_MS), RECHECK_MAX_MS);
}
