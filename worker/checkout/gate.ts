/** Why a confirmation was not admitted: the shopper's sentence, the wait and the headers a 429 carries. */
export interface GateRefusal {
  readonly text: string;
  readonly retryAfterSeconds: number;
  readonly headers: Record<string, string>;
}

/**
 * Admission for a real confirmation of a live quote (the shop-wide checkout
 * gate, and each of its promotion codes' redemption pace, by the limiter key
 * of the shopper's shard: `promotionLimitKey`). Injected by the
 * Durable Objects so the engine decides *when* to ask, for every channel and
 * ACP alike, without importing a limiter.
 */
export type CheckoutGate = (promotionKeys: readonly string[]) => Promise<GateRefusal | null>;
