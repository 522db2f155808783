import type { Env } from "../env.js";

/**
 * Every hop from a route to a Durable Object, by what the object is named
 * after, so a reader can follow the import from the route to the object.
 */

/** The Conversation object of one chat (storefront, Telegram or WhatsApp conversation id). */
export function conversationStub(env: Pick<Env, "CONVERSATION">, conversationId: string) {
  return env.CONVERSATION.get(env.CONVERSATION.idFromName(conversationId));
}

/** The CheckoutSession object of one ACP checkout session (`cs_…`). */
export function checkoutSessionStub(env: Pick<Env, "CHECKOUT_SESSION">, sessionId: string) {
  return env.CHECKOUT_SESSION.get(env.CHECKOUT_SESSION.idFromName(sessionId));
}
