/**
 * Where a paid order is on its way to the shopper, set by ops. Decided in this
 * one place, apart from the payment state machine (order-status.ts): an order
 * is paid or refunded whatever its parcel does. Fulfilment only moves
 * forward; skipping a step (straight to "shipped") is allowed, going back is
 * not, and asking for the state it already has is a replay, not a change.
 *
 *   (none) → processing → shipped → delivered
 */
export const FULFILLMENT_STATUSES = ["processing", "shipped", "delivered"] as const;
export type FulfillmentStatus = (typeof FULFILLMENT_STATUSES)[number];

const rank = (s: FulfillmentStatus | null): number => (s === null ? -1 : FULFILLMENT_STATUSES.indexOf(s));

export type FulfillmentMove = "advance" | "replay" | "backwards";

export function fulfillmentMove(from: FulfillmentStatus | null, to: FulfillmentStatus): FulfillmentMove {
  const a = rank(from);
  const b = rank(to);
  return b > a ? "advance" : b === a ? "replay" : "backwards";
}

/** The states an order may be in for `to` to be a forward move: the ones ranked below it. */
export function statesBefore(to: FulfillmentStatus): FulfillmentStatus[] {
  return FULFILLMENT_STATUSES.slice(0, rank(to));
}
