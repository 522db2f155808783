import { DurableObject } from "cloudflare:workers";
import { executeTurn } from "../agent/executor.js";
import { RulesPlanner } from "../agent/planner/rules.js";
import type { CartJson } from "../agent/cart-pricing.js";
import type { Planner } from "../agent/planner.js";
import type { Button } from "../agent/reply.js";
import type { ConversationState } from "../agent/state.js";
import { D1Catalog } from "../catalog/d1-catalog.js";
import { TurnCatalog } from "../catalog/turn-cache.js";
import { summaryJson } from "../catalog/product-view.js";
import type { Env } from "../env.js";
import { ConversationStore } from "./conversation-store.js";
import { ChatCheckout } from "../checkout/chat-checkout.js";
import { CheckoutStore } from "../checkout/checkout-store.js";
import { orderJson, quoteJson } from "../checkout/checkout-json.js";
import type { OrderStatus } from "../commerce/order-status.js";
import { promotionUsage } from "../orders/promo-reservations.js";
import { settle, statusText } from "../orders/settle.js";
import { formatMoney } from "../commerce/format.js";

export interface ChatRequest {
  conversationId: string;
  messageId: string;
  text?: string;
  button?: string;
  /** "user:<sub>" for a signed-in shopper, "guest" otherwise. */
  principal: string;
}

export type ChatOutcome =
  | { kind: "ok"; body: ChatBody; replayed: boolean }
  | { kind: "forbidden" }
  | { kind: "idempotency_conflict" };

/** The `POST /v1/chat` response body; stored verbatim so a replay returns the same bytes' meaning. */
export interface ChatBody {
  conversation_id: string;
  message_id: string;
  reply: { text: string; buttons: readonly Button[]; products?: ReturnType<typeof summaryJson>[] };
  cart: CartJson;
  /** The open quote, while one is live. */
  quote?: ReturnType<typeof quoteJson>;
  /** The latest order of this conversation, once the shopper confirmed. */
  order?: ReturnType<typeof orderJson>;
}

/**
 * One conversation: its cart, codes, last results, recent turns and every
 * processed message id with the reply it got. A thin shell: storage and
 * ordering live here, the decisions in worker/agent.
 */
export class Conversation extends DurableObject<Env> {
  private readonly store: ConversationStore;
  private readonly checkoutStore: CheckoutStore;
  private readonly planner: Planner = new RulesPlanner();
  // Turns of one conversation run one at a time: awaiting D1 would otherwise
  // let a second message interleave and both would edit the same cart.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new ConversationStore(ctx.storage.sql);
    this.checkoutStore = new CheckoutStore(ctx.storage.sql);
  }

  /**
   * An order of this conversation changed (webhook, alarm): remember it and
   * queue the message for the shopper. Runs in the same queue as turns.
   */
  orderUpdated(u: { orderId: string; status: OrderStatus; text: string }): Promise<void> {
    return this.enqueue(async () => {
      const now = Date.now();
      if (this.checkoutStore.setOrderStatus(u.orderId, u.status, now)) {
        this.checkoutStore.pushOutbox(u.text, u.orderId, now);
        this.store.appendAgentTurn(`order:${u.orderId}:${u.status}`, u.text, now);
        // The order now holds what was bought; the cart starts afresh.
        if (u.status === "paid") this.ctx.storage.transactionSync(() => this.store.clearCart());
      }
    });
  }

  /** Unpaid orders whose time ran out give back their stock and promotions. */
  override async alarm(): Promise<void> {
    await this.enqueue(async () => {
      for (const orderId of this.checkoutStore.dueOrders(Date.now())) {
        const s = await settle(this.env, { type: "expired", orderId }, { notify: false });
        // Recorded here rather than through orderUpdated, which would wait behind this alarm in the queue.
        if (s.order && this.checkoutStore.setOrderStatus(orderId, s.order.status, Date.now()) && s.changed) {
          this.checkoutStore.pushOutbox(statusText(s.order, formatMoney(s.order.total, s.order.currency, this.env.SHOP_LOCALE)), orderId, Date.now());
        }
      }
      await this.scheduleExpiry();
    });
  }

  private async scheduleExpiry(): Promise<void> {
    const next = this.checkoutStore.nextExpiry();
    if (next !== null) await this.ctx.storage.setAlarm(next);
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  chat(req: ChatRequest): Promise<ChatOutcome> {
    return this.enqueue(() => this.handle(req));
  }

  private async handle(req: ChatRequest): Promise<ChatOutcome> {
    const owner = this.store.owner();
    if (owner !== null && owner !== req.principal) return { kind: "forbidden" };
    const requestHash = await hashRequest(req);
    const seen = this.store.processed(req.messageId);
    if (seen) {
      if (seen.requestHash !== requestHash) return { kind: "idempotency_conflict" };
      return { kind: "ok", body: JSON.parse(seen.response) as ChatBody, replayed: true };
    }
    const { body, state } = await this.turn(req);
    const response = JSON.stringify(body);
    this.ctx.storage.transactionSync(() =>
      this.store.commit({
        owner: req.principal,
        messageId: req.messageId,
        requestHash,
        response,
        state,
        inbound: req.text ?? `[button] ${req.button ?? ""}`,
        outbound: body.reply.text,
        at: Date.now(),
      }),
    );
    return { kind: "ok", body, replayed: false };
  }

  private async turn(req: ChatRequest): Promise<{ body: ChatBody; state: ConversationState }> {
    const catalog = new TurnCatalog(new D1Catalog(this.env.DB));
    const shop = { currency: this.env.SHOP_CURRENCY, locale: this.env.SHOP_LOCALE, now: Date.now() };
    // Buttons carry their own meaning; only free text needs the shop's words.
    const vocabulary = req.button !== undefined ? EMPTY_VOCABULARY : await catalog.vocabulary();
    const input = req.button !== undefined ? { button: req.button } : { text: req.text ?? "" };
    const actions = await this.planner.plan(input, { currency: shop.currency, vocabulary });
    const usage = promotionUsage(this.env, req.principal === "guest" ? `guest:${req.conversationId}` : req.principal);
    const checkout = new ChatCheckout({
      env: this.env,
      store: this.checkoutStore,
      catalog,
      shop,
      conversationId: req.conversationId,
      customer: req.principal === "guest" ? `guest:${req.conversationId}` : req.principal,
      usage,
      onOrderPending: () => this.scheduleExpiry(),
    });
    const result = await executeTurn(actions, this.store.load(), catalog, shop, { checkout, usage });
    const { products, ...rest } = result.reply;
    // Payment news that arrived since the last turn (webhook, expiry) comes first.
    const news = this.checkoutStore.takeUnread();
    const reply = news.length ? { ...rest, text: [...news, rest.text].filter(Boolean).join("\n\n") } : rest;
    const body: ChatBody = {
      conversation_id: req.conversationId,
      message_id: req.messageId,
      reply: products ? { ...reply, products: products.map(summaryJson) } : reply,
      cart: result.cart,
    };
    const quote = this.checkoutStore.liveQuotes(Date.now())[0];
    if (quote) body.quote = quoteJson(quote);
    const order = this.checkoutStore.latestOrder();
    if (order) body.order = orderJson(order);
    return { body, state: result.state };
  }
}

const EMPTY_VOCABULARY = { colors: [], sizes: [], categories: [] };

async function hashRequest(req: ChatRequest): Promise<string> {
  const canonical = JSON.stringify([req.text ?? null, req.button ?? null]);
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(canonical));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
