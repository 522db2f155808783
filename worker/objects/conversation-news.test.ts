import { describe, expect, it } from "vitest";
import type { Reply } from "../agent/reply.js";
import type { ReplyTarget } from "../channels/inbound.js";
import type { OrderStatus } from "../commerce/order-status.js";
import { ConversationNews, type NewsStores } from "./conversation-news.js";

const TG: ReplyTarget = { channel: "telegram", chatId: 7 };

/** The Conversation's stores in memory: what each write left behind, in order. */
function stores(target: ReplyTarget | null, statuses: Record<string, OrderStatus> = {}) {
  const log: string[] = [];
  const pushes: { reply: Reply; target: ReplyTarget; now: number }[] = [];
  const unread: { text: string; orderId: string }[] = [];
  const seenNews = new Set<string>();
  let inTransaction = false;
  const s: NewsStores = {
    orders: {
      follow(orderId, status) {
        if (statuses[orderId] === status) return false;
        statuses[orderId] = status;
        return true;
      },
    },
    unread: { pushOutbox: (text, orderId) => void unread.push({ text, orderId }) },
    conversation: {
      appendAgentTurn: (messageId, text) => void log.push(`${messageId} ${text}`),
      clearCart: () => void log.push(inTransaction ? "cart cleared" : "cart cleared outside a transaction"),
      claimNews: (key) => !seenNews.has(key) && Boolean(seenNews.add(key)),
    },
    channels: {
      lastTarget: () => target,
      queue: (reply, to, pressed, now) => {
        expect(pressed).toBeNull();
        pushes.push({ reply, target: to, now });
      },
    },
    atomically(writes) {
      inTransaction = true;
      writes();
      inTransaction = false;
    },
  };
  return { news: new ConversationNews(s), log, pushes, unread, statuses };
}

describe("ConversationNews", () => {
  it("tells a status change once in a messaging app: logged, pushed, and the alarm asked for", () => {
    const { news, log, pushes, unread } = stores(TG, { o1: "pending_payment" });
    const update = { orderId: "o1", status: "canceled" as const, text: "Order o1 was canceled." };
    expect(news.orderUpdated(update, 100)).toBe(true);
    expect(news.orderUpdated(update, 200)).toBe(false);
    expect(log).toEqual(["order:o1:canceled Order o1 was canceled."]);
    expect(pushes).toEqual([{ reply: { text: "Order o1 was canceled.", buttons: [] }, target: TG, now: 100 }]);
    expect(unread).toEqual([]);
  });

  it("keeps the news for the next chat reply when the conversation is not in a messaging app", () => {
    const { news, pushes, unread } = stores(null);
    expect(news.orderUpdated({ orderId: "o1", status: "failed", text: "The payment failed." }, 100)).toBe(false);
    expect(unread).toEqual([{ text: "The payment failed.", orderId: "o1" }]);
    expect(pushes).toEqual([]);
  });

  it("starts a fresh cart when an order is paid, in one transaction, and only then", () => {
    const { news, log } = stores(null);
    news.orderUpdated({ orderId: "o1", status: "failed", text: "failed" }, 1);
    expect(log).toEqual(["order:o1:failed failed"]);
    news.orderUpdated({ orderId: "o1", status: "paid", text: "paid" }, 2);
    expect(log).toEqual(["order:o1:failed failed", "order:o1:paid paid", "cart cleared"]);
    news.statusMoved("refunded");
    expect(log).toHaveLength(3);
  });

  it("tells fulfilment news once per key, however often it is delivered", () => {
    const { news, log, pushes } = stores(TG);
    const item = { key: "k1", orderId: "o1", text: "Order o1 has shipped." };
    expect(news.orderNews(item, 5)).toBe(true);
    expect(news.orderNews(item, 6)).toBe(false);
    expect(news.orderNews({ ...item, key: "k2" }, 7)).toBe(true);
    expect(log).toEqual(["news:k1 Order o1 has shipped.", "news:k2 Order o1 has shipped."]);
    expect(pushes.map((p) => p.now)).toEqual([5, 7]);
  });

  describe("Telegram payment notices", () => {
    const quote: Reply = { text: "Your quote: $12.00", buttons: [{ label: "Pay", payload: "pay:q1" }] };

    it("follows the order and pushes the notice, followed by the fresh quote when asked for", async () => {
      const { news, pushes, statuses } = stores(TG, { o1: "pending_payment" });
      const notice = { key: "u1", text: "The price changed.", order: { id: "o1", status: "canceled" as const } };
      expect(await news.paymentNotice({ ...notice, freshQuote: true }, 9, async () => quote)).toBe(true);
      expect(statuses.o1).toBe("canceled");
      expect(pushes).toEqual([
        { reply: { text: "The price changed.\n\nYour quote: $12.00", buttons: quote.buttons }, target: TG, now: 9 },
      ]);
    });

    it("asks for no quote unless told, and sends the notice alone when there is none", async () => {
      const { news, pushes } = stores(TG);
      let asked = 0;
      const count = async () => (asked++, null);
      await news.paymentNotice({ key: "u1", text: "Could not book it." }, 1, count);
      expect(asked).toBe(0);
      await news.paymentNotice({ key: "u2", text: "Changed.", freshQuote: true }, 2, count);
      expect(asked).toBe(1);
      expect(pushes.map((p) => p.reply)).toEqual([
        { text: "Could not book it.", buttons: [] },
        { text: "Changed.", buttons: [] },
      ]);
    });

    it("records the order even outside a chat, and pushes nothing there", async () => {
      const { news, pushes, unread, statuses } = stores(null);
      const notice = { key: "u1", text: "x", order: { id: "o1", status: "paid" as const }, freshQuote: true };
      expect(await news.paymentNotice(notice, 1, async () => quote)).toBe(false);
      expect(statuses.o1).toBe("paid");
      expect(pushes).toEqual([]);
      expect(unread).toEqual([]);
    });
  });
});
