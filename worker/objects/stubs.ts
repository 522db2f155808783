import type { Env } from "../env.js";
import type { RateLimiter } from "./limiter.do.js";

/**
 * Every hop to a Durable Object, by what the object is named after, so a
 * reader can follow the import from the caller to the object. The only file
 * that calls idFromName (worker/architecture.test.ts); it imports types only,
 * so any layer may use it without pulling in an object's code.
 */

/** The Conversation object of one chat (storefront, Telegram or WhatsApp conversation id). */
export function conversationStub(env: Pick<Env, "CONVERSATION">, conversationId: string) {
  return env.CONVERSATION.get(env.CONVERSATION.idFromName(conversationId));
}

/** The CheckoutSession object of one ACP checkout session (`cs_…`). */
export function checkoutSessionStub(env: Pick<Env, "CHECKOUT_SESSION">, sessionId: string) {
  return env.CHECKOUT_SESSION.get(env.CHECKOUT_SESSION.idFromName(sessionId));
}

/**
 * A promotion's object named by its code: its whole ledger (1 shard) or, when
 * sharded, its coordinator. Used by the callers' facade (orders/promotion-reservations.ts)
 * and by the shards, which call their coordinator.
 */
export function promoCoordinatorStub(env: Pick<Env, "PROMO">, code: string) {
  return env.PROMO.get(env.PROMO.idFromName(code));
}

/** Shard `shard` of a sharded promotion, in its own object. */
export function promoShardStub(env: Pick<Env, "PROMO">, code: string, shard: number) {
  // "#" cannot occur in a promotion code, so no shard name collides with another code.
  return env.PROMO.get(env.PROMO.idFromName(`${code}#${shard}`));
}

/** The OrderEvents object of one order: the outbox of its ACP order events and fulfillment news. */
export function orderEventsStub(env: Pick<Env, "ORDER_EVENTS">, orderId: string) {
  return env.ORDER_EVENTS.get(env.ORDER_EVENTS.idFromName(orderId));
}

/** The embedded limiter's object of one (rule, key) pair (limits/do-limiter.ts). */
export function rateLimiterStub(namespace: DurableObjectNamespace<RateLimiter>, rule: string, key: string) {
  return namespace.get(namespace.idFromName(`${rule}:${key}`));
}
