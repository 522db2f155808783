/**
 * Lowest price in force over a window, for "lowest price in the last 30
 * days" disclosures next to a reduced price (EU Omnibus Directive, Art. 6a
 * of Directive 98/6/EC: a price reduction must state the lowest price
 * applied in the 30 days before it).
 */
import { MoneyError } from "./money.js";
import type { PricePoint } from "./types.js";

export const THIRTY_DAYS_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * The lowest amount that was in force at any moment of [now − windowMs, now].
 *
 * A PricePoint is in force from its effectiveFrom until the next point, so
 * the point in force at the window start counts even though it began
 * earlier; points after `now` have not happened yet and are ignored. Input
 * may be unsorted. Several points at the same instant all count: we cannot
 * tell which one won, and the lower figure is the cautious one to disclose.
 *
 * Returns null when no price was in force during the window (empty history
 * or only future points).
 *
 * @example
 * lowestPriceInWindow([{ effectiveFrom: 0, amount: 900 },
 *   { effectiveFrom: 10 * DAY, amount: 1200 }], 40 * DAY, THIRTY_DAYS_MS) // 900
 */
export function lowestPriceInWindow(history: readonly PricePoint[], now: number, windowMs: number): number | null {
  if (!Number.isFinite(now) || !Number.isFinite(windowMs) || windowMs < 0) {
    throw new MoneyError(
      "invalid_argument",
      `now and a non-negative windowMs are required, got ${String(now)} and ${String(windowMs)}`,
    );
  }
  const windowStart = now - windowMs;
  const past = history.filter((p) => p.effectiveFrom <= now);
  if (past.length === 0) return null;

  // The entry in force at windowStart: the latest one that began at or before it.
  let startInstant = Number.NEGATIVE_INFINITY;
  for (const p of past) {
    if (p.effectiveFrom <= windowStart && p.effectiveFrom > startInstant) startInstant = p.effectiveFrom;
  }

  let lowest: number | null = null;
  for (const p of past) {
    const counts = p.effectiveFrom > windowStart || p.effectiveFrom === startInstant;
    if (counts && (lowest === null || p.amount < lowest)) lowest = p.amount;
  }
  return lowest;
}
