import type { CheckoutStore } from "../checkout/checkout-store.js";
import type { OrderRecord } from "../orders/order-repo.js";
import { orderNews } from "../orders/order-wording.js";
import { checkDue, type ReconcileEnv } from "../orders/reconcile.js";

/** Reconciliation's env and the locale of the news. */
export type ExpiryEnv = ReconcileEnv & { SHOP_LOCALE: string };

/**
 * The alarm's pass over a Durable Object's unpaid orders whose time is up
 * (or that a timed-out charge asked to look at again): each is reconciled
 * with Stripe and expired when still unpaid, so its stock and promotions go
 * back. `tell` gets the news for the shopper (a found payment page, the new
 * status); `changed` runs once per order whose status moved. Recorded here
 * rather than through the object's orderUpdated, which would wait behind the
 * alarm in the object's queue.
 */
export async function expireDueOrders(
  env: ExpiryEnv,
  store: CheckoutStore,
  tell: (text: string, orderId: string) => void,
  changed: (order: OrderRecord) => void = () => {},
): Promise<void> {
  for (const orderId of store.dueOrders(Date.now())) {
    const s = await checkDue(env, orderId);
    if (s.recheckAt) store.orders.recheck(orderId, s.recheckAt, s.adoptedUrl ?? null, Date.now());
    if (s.notice) tell(s.notice, orderId);
    if (s.order && store.orders.follow(orderId, s.order.status, Date.now()) && s.changed) {
      tell(orderNews(s.order, env.SHOP_LOCALE), orderId);
      changed(s.order);
    }
  }
}
