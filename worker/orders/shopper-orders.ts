import type { OrdersPort, ShopperOrderView } from "../agent/orders-port.js";
import type { ShopperKey } from "../commerce/shopper-key.js";
import { shopperOrder, shopperOrders, type OrderWithLines } from "./order-repo.js";

/** Orders a shopper is told about unasked-for: the ones that bought (or still may buy) something. */
const LISTED = ["pending_payment", "paid", "canceled", "refunded"] as const;

function view(o: OrderWithLines): ShopperOrderView {
  return {
    id: o.id,
    status: o.status,
    fulfillment: o.fulfillmentStatus,
    tracking: o.tracking,
    currency: o.currency,
    total: o.total,
    createdAt: o.createdAt,
    lines: o.lines.map((l) => ({
      title: l.title,
      color: l.color,
      size: l.size,
      quantity: l.quantity,
      lineTotal: l.lineTotal,
    })),
  };
}

/** The OrdersPort of one turn: every read is bound to `customer`, the turn's ShopperKey. */
export function shopperOrdersPort(db: D1Database, customer: ShopperKey): OrdersPort {
  return {
    async recent(opts) {
      const orders = await shopperOrders(db, customer, { ...opts, statuses: LISTED });
      return orders.map(view);
    },
    async find(id) {
      const order = await shopperOrder(db, customer, id);
      return order ? view(order) : null;
    },
  };
}
