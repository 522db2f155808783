import type { OrderEvents } from "../objects/order-events.do.js";
import type { Conversation } from "../objects/conversation.do.js";
import type { CheckoutSession } from "../objects/checkout-session.do.js";
import { orderEventsStub } from "../objects/stubs.js";
import { isAcp } from "../commerce/shopper-key.js";
import { statusWords } from "../commerce/order-status-words.js";
import { acpOrderEvent, type AcpOrderEventOptions, type OrderChange } from "./acp-order-event.js";
import { getOrderWithLines, type OrderRecord, type OrderWithLines } from "./order-repo.js";

export type { OrderChange } from "./acp-order-event.js";

/** What the order events read: the outbox objects, the ACP webhook settings, and the hops delivery makes. */
export interface OrderEventsEnv {
  DB: D1Database;
  /** One OrderEvents Durable Object per order: the outbox of its ACP order events and fulfillment news. */
  ORDER_EVENTS: DurableObjectNamespace<OrderEvents>;
  /** One Conversation Durable Object per chat (storefront, Telegram or WhatsApp conversation id). */
  CONVERSATION: DurableObjectNamespace<Conversation>;
  /** One CheckoutSession Durable Object per ACP checkout session id. */
  CHECKOUT_SESSION: DurableObjectNamespace<CheckoutSession>;
  SHOP_LOCALE: string;
  /** The agent's order-events webhook (ACP `POST …/agentic_checkout/webhooks/order_events`); unset = no ACP order events. */
  ACP_ORDER_WEBHOOK_URL?: string;
  /** Shared secret for the events' Merchant-Signature (HMAC-SHA256); required with ACP_ORDER_WEBHOOK_URL. */
  ACP_ORDER_WEBHOOK_SECRET?: string;
}

/** Who hears of an order event: the ACP agent's webhook, or the order's chat conversation. */
export type OrderEventTarget = "acp" | "chat";

/** The outbox rows for one change: what goes where. */
export interface RecordedEvent {
  id: string;
  target: OrderEventTarget;
  body: string;
}

/** Chat news for an order, delivered to its conversation by the OrderEvents object. */
export interface ChatNews {
  conversationId: string;
  orderId: string;
  text: string;
}

/** Set = ACP order events are sent (both the URL and the signing secret are needed). */
export function acpWebhookConfigured(
  env: Pick<OrderEventsEnv, "ACP_ORDER_WEBHOOK_URL" | "ACP_ORDER_WEBHOOK_SECRET">,
): boolean {
  return !!env.ACP_ORDER_WEBHOOK_URL && !!env.ACP_ORDER_WEBHOOK_SECRET;
}

const FULFILLMENT_CHANGES: readonly OrderChange[] = ["processing", "shipped", "delivered"];

/** The id of the one event a change of an order may produce (per target): replays of the change map onto it. */
export const orderEventId = (orderId: string, target: OrderEventTarget, change: OrderChange) =>
  `${orderId}:${target}:${change}`;

/**
 * Whether a change of this shopper's order tells anyone anything (see
 * eventsFor): known from the order's customer alone, so the order and its
 * lines are read only when it does.
 */
export function producesEvents(
  env: Pick<OrderEventsEnv, "ACP_ORDER_WEBHOOK_URL" | "ACP_ORDER_WEBHOOK_SECRET">,
  customer: string,
  change: OrderChange,
): boolean {
  return isAcp(customer) ? acpWebhookConfigured(env) : FULFILLMENT_CHANGES.includes(change);
}

/**
 * What one change of an order must tell the outside world:
 * - an order placed over ACP → the spec's order event for the agent's webhook
 *   (order_create first, recorded with the first change if nothing was before);
 * - a chat order whose fulfilment moved → a message to the shopper's chat.
 *   (Payment news reaches the chat through settle's notifyConversation already.)
 */
export function eventsFor(
  env: Pick<OrderEventsEnv, "ACP_ORDER_WEBHOOK_URL" | "ACP_ORDER_WEBHOOK_SECRET" | "SHOP_LOCALE">,
  order: OrderWithLines,
  change: OrderChange,
  opts: AcpOrderEventOptions,
): RecordedEvent[] {
  if (!producesEvents(env, order.customer, change)) return [];
  if (isAcp(order.customer)) {
    const acp = (c: OrderChange): RecordedEvent => ({
      id: orderEventId(order.id, "acp", c),
      target: "acp",
      body: JSON.stringify(acpOrderEvent(order, c, opts)),
    });
    return change === "created" ? [acp("created")] : [acp("created"), acp(change)];
  }
  const news: ChatNews = { conversationId: order.conversationId, orderId: order.id, text: fulfillmentNews(order) };
  return [{ id: orderEventId(order.id, "chat", change), target: "chat", body: JSON.stringify(news) }];
}

/** The shopper's message when ops move a paid order's fulfilment. */
export function fulfillmentNews(order: Pick<OrderRecord, "id" | "status" | "fulfillmentStatus" | "tracking">): string {
  const words = statusWords({ status: order.status, fulfillment: order.fulfillmentStatus, tracking: order.tracking });
  return `Update on order ${order.id}: ${words}.`;
}

/**
 * Tells the world about one change of an order: records the events of
 * `eventsFor` in the order's OrderEvents outbox, which delivers them with
 * retries and never twice (one event id per order, target and change).
 * Call it after the change is stored; calling it again for the same change is
 * harmless. Settlement calls it for every payment change (paid, refunded,
 * canceled, …); the fulfilment route for processing / shipped / delivered.
 */
export async function orderEvent(
  env: OrderEventsEnv,
  order: OrderRecord | string,
  change: OrderChange,
  opts: Partial<AcpOrderEventOptions> = {},
): Promise<void> {
  // A chat order's payment news reaches its conversation through settle: nothing to read or record.
  if (typeof order !== "string" && !producesEvents(env, order.customer, change)) return;
  const id = typeof order === "string" ? order : order.id;
  const full = await getOrderWithLines(env.DB, id);
  if (!full) return;
  const events = eventsFor(env, full, change, { at: opts.at ?? Date.now(), ...opts });
  if (events.length === 0) return;
  await orderEventsStub(env, id).record(events);
}
