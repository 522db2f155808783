import type { CheckoutSession } from "./checkout-session.do.js";
import type { Conversation } from "./conversation.do.js";
import type { RateLimiter } from "./limiter.do.js";
import type { OrderEvents } from "./order-events.do.js";
import type { PromoEnv } from "./promo.do.js";

/**
 * Every hop to a Durable Object, by what the object is named after, so a
 * reader can follow the import from the caller to the object. The only file
 * that calls idFromName (worker/architecture.test.ts); it imports types only,
 * so any layer may use it without pulling in an object's code.
 */

/** The Conversation object of one chat (storefront, Telegram or WhatsApp conversation id). */
export function conversationStub(env: { CONVERSATION: DurableObjectNamespace<Conversation> }, conversationId: string) {
  return env.CONVERSATION.get(env.CONVERSATION.idFromName(conversationId));
}

/** The CheckoutSession object of one ACP checkout session (`cs_…`). */
export function checkoutSessionStub(
  env: { CHECKOUT_SESSION: DurableObjectNamespace<CheckoutSession> },
  sessionId: string,
) {
  return env.CHECKOUT_SESSION.get(env.CHECKOUT_SESSION.idFromName(sessionId));
}

/**
 * A promotion's object named by its code: its whole ledger (1 shard) or, when
 * sharded, its coordinator. Used by the callers' facade (orders/promotion-reservations.ts)
 * and by the shards, which call their coordinator.
 */
export function promoCoordinatorStub(env: PromoEnv, code: string) {
  return env.PROMO.get(env.PROMO.idFromName(code));
}

/** Shard `shard` of a sharded promotion, in its own object. */
export function promoShardStub(env: PromoEnv, code: string, shard: number) {
  // "#" cannot occur in a promotion code, so no shard name collides with another code.
  return env.PROMO.get(env.PROMO.idFromName(`${code}#${shard}`));
}

/** The OrderEvents object of one order: the outbox of its ACP order events and fulfillment news. */
export function orderEventsStub(env: { ORDER_EVENTS: DurableObjectNamespace<OrderEvents> }, orderId: string) {
  return env.ORDER_EVENTS.get(env.ORDER_EVENTS.idFromName(orderId));
}

/** The embedded limiter's object of one (rule, key) pair (limits/do-limiter.ts). */
export function rateLimiterStub(namespace: DurableObjectNamespace<RateLimiter>, rule: string, key: string) {
  return namespace.get(namespace.idFromName(`${rule}:${key}`));
}
