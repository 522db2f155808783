import type { RefundOffer } from "../commerce/refund-offer.js";

/** Which order a cancel or refund is about: its id, or its place in the shopper's orders, newest first ("order 3"). */
export type OrderRef = { readonly kind: "id"; readonly id: string } | { readonly kind: "position"; readonly n: number };

export type OfferResult =
  | { readonly kind: "offer"; readonly offer: RefundOffer }
  /** No offer: the text says why (already refunded, past the return window, no such order…). */
  | { readonly kind: "refused"; readonly text: string };

export type AcceptResult =
  | { readonly kind: "done"; readonly text: string }
  | { readonly kind: "refused"; readonly text: string }
  /** The order changed since the offer: nothing happened; `offer` is the fresh one to confirm, if any. */
  | { readonly kind: "changed"; readonly text: string; readonly offer?: RefundOffer };

/**
 * What the executor needs for cancels and refunds. Implemented for a chat
 * conversation by worker/orders/refund-desk.ts; it acts only on an offer this
 * conversation and shopper were shown in an earlier reply.
 */
export interface AfterSalesPort {
  /** Builds (and remembers) the offer for the shopper's words; acts on nothing. */
  offer(order: OrderRef | undefined, items: readonly (readonly string[])[]): Promise<OfferResult>;
  /** The open, unexpired offer of this conversation, newest; null when there is none. */
  liveOffer(): Promise<RefundOffer | null>;
  /** Carries out an offer (the live one when no id is given) after re-checking it against the order. */
  accept(offerId: string | undefined): Promise<AcceptResult>;
  /** The shopper said no: the offer can no longer be accepted. */
  decline(offerId: string | undefined): Promise<boolean>;
}
