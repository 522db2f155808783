import type { UsageLoader } from "../catalog/reprice-cart.js";
import type { Catalog } from "../catalog/types.js";
import { Checkout, type CheckoutContext, type CheckoutEnv } from "../checkout/checkout.js";
import type { CheckoutStore } from "../checkout/checkout-store.js";
import type { Shop } from "../commerce/types.js";
import { checkoutGate } from "../limits/checkout-gate.js";
import type { LimiterEnv } from "../limits/select.js";
import { promotionUsage } from "../orders/promotion-reservations.js";

/** What the engine, its gate and the promotion usage read. */
export type CheckoutFactoryEnv = CheckoutEnv & LimiterEnv;

export interface CheckoutWiring {
  env: CheckoutFactoryEnv;
  /** The owning Durable Object's state: its waitUntil carries the limiter's background writes. */
  ctx: Pick<DurableObjectState, "waitUntil">;
  /** The owning object's quotes, orders and outbox. */
  store: CheckoutStore;
  catalog: Catalog;
  shop: Shop;
  conversationId: string;
  /** Who buys: per-shopper caps, saved cards, the orders' `customer`. */
  customer: string;
  /** Whose promotion usage is counted (the customer unless told otherwise). */
  usageOf?: string;
  /** The object sets its alarm for the new order's expiry. */
  onOrderPending: () => Promise<void>;
  oneTurn?: boolean;
  /** A payment taken outside Stripe (a Telegram invoice): the order is placed, then paid there. */
  externalPayment?: CheckoutContext["externalPayment"];
}

/**
 * The one place a Durable Object builds the checkout engine (the Conversation
 * for each chat turn, the CheckoutSession for each ACP request): the same
 * gate, promotion usage and store wiring for every channel.
 */
export function checkoutFor(w: CheckoutWiring): { checkout: Checkout; usage: UsageLoader } {
  const waitUntil = (p: Promise<unknown>) => w.ctx.waitUntil(p);
  const usage = promotionUsage(w.env, w.usageOf ?? w.customer);
  const checkout = new Checkout({
    env: w.env,
    store: w.store,
    catalog: w.catalog,
    shop: w.shop,
    conversationId: w.conversationId,
    customer: w.customer,
    usage,
    onOrderPending: w.onOrderPending,
    gate: checkoutGate(w.env, waitUntil),
    ...(w.oneTurn ? { oneTurn: true } : {}),
    ...(w.externalPayment ? { externalPayment: w.externalPayment } : {}),
  });
  return { checkout, usage };
}
