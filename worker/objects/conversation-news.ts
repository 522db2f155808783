import type { Reply } from "../agent/reply.js";
import type { ReplyTarget } from "../channels/inbound.js";
import type { OrderStatus } from "../commerce/order-status.js";
import type { TelegramPaymentNotice } from "../orders/telegram-payment.js";

/** An order of the conversation changed status (webhook, settlement), with the words for the shopper. */
export interface OrderUpdate {
  readonly orderId: string;
  readonly status: OrderStatus;
  readonly text: string;
}

/** News about an order that is not a payment change (fulfilment), keyed by its OrderEvents delivery. */
export interface OrderNewsItem {
  readonly key: string;
  readonly orderId: string;
  readonly text: string;
}

/** The Conversation's stores that news touches, as ports (CheckoutStore, ConversationStore, ChannelStore). */
export interface NewsStores {
  /** The conversation's copy of its orders: true when the status moved, i.e. this is news. */
  readonly orders: { follow(orderId: string, status: OrderStatus, now: number): boolean };
  /** News kept for the next chat reply, when there is no messaging app to push it to. */
  readonly unread: { pushOutbox(text: string, orderId: string, now: number): void };
  readonly conversation: {
    appendAgentTurn(messageId: string, text: string, at: number): void;
    clearCart(): void;
    /** True the first time a news key is seen. */
    claimNews(key: string): boolean;
  };
  readonly channels: {
    /** Where this conversation's last message came from (null: not a messaging app). */
    lastTarget(): ReplyTarget | null;
    queue(reply: Reply, target: ReplyTarget, pressed: string | null, now: number): void;
  };
  /** Writes that land together or not at all (the object's transactionSync). */
  readonly atomically: (writes: () => void) => void;
}

/**
 * How order and payment news reaches the shopper of one conversation, once:
 * pushed in the messaging app the conversation talks through, else put first
 * in the next chat reply. A method that may queue a push answers whether it
 * did, so the object sets its alarm to send it; the object also keeps the
 * ordering (its turn queue), this only decides and writes.
 */
export class ConversationNews {
  constructor(private readonly s: NewsStores) {}

  /** Recorded, kept in the recent turns (a model planner reads them) and told, once per status. */
  orderUpdated(u: OrderUpdate, now: number): boolean {
    if (!this.s.orders.follow(u.orderId, u.status, now)) return false;
    this.s.conversation.appendAgentTurn(`order:${u.orderId}:${u.status}`, u.text, now);
    this.statusMoved(u.status);
    return this.tell(u.text, u.orderId, now);
  }

  /** Told once per key, however often the order's outbox delivers it. */
  orderNews(u: OrderNewsItem, now: number): boolean {
    if (!this.s.conversation.claimNews(u.key)) return false;
    this.s.conversation.appendAgentTurn(`news:${u.key}`, u.text, now);
    return this.tell(u.text, u.orderId, now);
  }

  /** An order's status moved (here or in the alarm's expiry pass). */
  statusMoved(status: OrderStatus): void {
    // The order now holds what was bought; the cart starts afresh.
    if (status === "paid") this.s.atomically(() => this.s.conversation.clearCart());
  }

  /** true: a push was queued; false: the news waits for the next chat reply. */
  tell(text: string, orderId: string, now: number): boolean {
    const target = this.s.channels.lastTarget();
    if (!target) {
      this.s.unread.pushOutbox(text, orderId, now);
      return false;
    }
    this.s.channels.queue({ text, buttons: [] }, target, null, now);
    return true;
  }

  /**
   * Telegram invoice news (a refused pre-checkout, a payment that could not
   * be booked), pushed to the chat only; `quote` is asked for when the
   * refusal was a change, and its reply follows the notice.
   */
  async paymentNotice(n: TelegramPaymentNotice, now: number, quote: () => Promise<Reply | null>): Promise<boolean> {
    if (n.order) this.s.orders.follow(n.order.id, n.order.status, now);
    const target = this.s.channels.lastTarget();
    if (!target) return false;
    const fresh = n.freshQuote ? await quote() : null;
    const reply = fresh
      ? { text: `${n.text}\n\n${fresh.text}`, buttons: fresh.buttons }
      : { text: n.text, buttons: [] };
    this.s.channels.queue(reply, target, null, now);
    return true;
  }
}
