import type { FulfillmentStatus } from "../commerce/fulfillment-status.js";
import type { OrderStatus } from "../commerce/order-status.js";

/** One of the shopper's orders, as the chat tells it. Amounts are minor units in `currency`. */
export interface ShopperOrderView {
  readonly id: string;
  readonly status: OrderStatus;
  readonly fulfillment: FulfillmentStatus | null;
  readonly tracking: string | null;
  readonly currency: string;
  readonly total: number;
  readonly createdAt: number;
  readonly lines: readonly {
    readonly title: string;
    readonly color: string | null;
    readonly size: string | null;
    readonly quantity: number;
    readonly lineTotal: number;
  }[];
}

/**
 * The orders of the shopper of this turn, and only theirs: implemented over D1
 * with the turn's ShopperKey bound into every query (worker/orders/shopper-orders.ts),
 * so no action can name another shopper's order.
 */
export interface OrdersPort {
  /** Newest first; orders that never held anything (expired, failed) are left out. */
  recent(opts: { limit: number; since?: number }): Promise<readonly ShopperOrderView[]>;
  /** One order by id, null when it does not exist or is another shopper's (alike). */
  find(id: string): Promise<ShopperOrderView | null>;
}
