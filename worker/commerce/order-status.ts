/**
 * The order state machine, decided in this one place. Transitions only move
 * forward; a late or repeated event asking for an impossible move is answered
 * "no" and the caller leaves the order as it is.
 *
 *   pending_payment → paid | failed | expired | canceled
 *   paid            → refunded
 */
export type OrderStatus = "pending_payment" | "paid" | "failed" | "expired" | "canceled" | "refunded";

const NEXT: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending_payment: ["paid", "failed", "expired", "canceled"],
  paid: ["refunded"],
  failed: [],
  expired: [],
  canceled: [],
  refunded: [],
};

export const ORDER_STATUSES = Object.keys(NEXT) as OrderStatus[];

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return NEXT[from].includes(to);
}

/** States from which an order holds stock and promotion reservations. */
export function holdsReservations(s: OrderStatus): boolean {
  return s === "pending_payment" || s === "paid";
}

export function isFinal(s: OrderStatus): boolean {
  return NEXT[s].length === 0;
}
