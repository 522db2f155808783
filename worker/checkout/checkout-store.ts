import type { OrderStatus } from "../commerce/order-status.js";
import type { Quote } from "../commerce/quote.js";
import type { OrderSummary } from "../agent/checkout-port.js";
import { OrderCopy } from "./order-copy.js";

export type QuoteState = "open" | "superseded" | "confirmed" | "canceled";

/** Version 1 of these tables, applied by the owning Durable Object's migrations (objects/schemas.ts). */
export const CHECKOUT_TABLES = `
CREATE TABLE IF NOT EXISTS quotes (id TEXT PRIMARY KEY, body TEXT NOT NULL, state TEXT NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS orders (id TEXT PRIMARY KEY, quote_id TEXT NOT NULL UNIQUE, status TEXT NOT NULL, total INTEGER NOT NULL,
  currency TEXT NOT NULL, payment_url TEXT, expires_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, text TEXT NOT NULL, order_id TEXT, at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS outbox_read (seq INTEGER PRIMARY KEY);
`;

/** Quotes, this conversation's orders and its pending notifications, in the Conversation DO's SQLite. */
export class CheckoutStore {
  /** The only writer of the orders table (the copy of this object's orders). */
  readonly orders: OrderCopy;

  constructor(private readonly sql: SqlStorage) {
    this.orders = new OrderCopy(sql);
  }

  saveQuote(q: Quote): void {
    // A new quote supersedes every open one: only the latest can be confirmed by "yes".
    this.sql.exec("UPDATE quotes SET state = 'superseded' WHERE state = 'open'");
    this.sql.exec(
      "INSERT INTO quotes (id, body, state, created_at, expires_at) VALUES (?, ?, 'open', ?, ?)",
      q.id,
      JSON.stringify(q),
      q.createdAt,
      q.expiresAt,
    );
  }

  quote(id: string): { quote: Quote; state: QuoteState } | null {
    const row = this.sql
      .exec<{ body: string; state: QuoteState }>("SELECT body, state FROM quotes WHERE id = ?", id)
      .toArray()[0];
    return row ? { quote: JSON.parse(row.body) as Quote, state: row.state } : null;
  }

  liveQuotes(now: number): Quote[] {
    return this.sql
      .exec<{ body: string }>(
        "SELECT body FROM quotes WHERE state = 'open' AND expires_at > ? ORDER BY created_at DESC",
        now,
      )
      .toArray()
      .map((r) => JSON.parse(r.body) as Quote);
  }

  setQuoteState(id: string, state: QuoteState): void {
    this.sql.exec("UPDATE quotes SET state = ? WHERE id = ?", state, id);
  }

  orderForQuote(quoteId: string): OrderSummary | null {
    const row = this.sql.exec<OrderRow>("SELECT * FROM orders WHERE quote_id = ?", quoteId).toArray()[0];
    return row ? toSummary(row) : null;
  }

  /**
   * The order of this conversation still waiting for its payment, if any
   * (docs/ARCHITECTURE.md invariant 4: one pending order; paying again resumes it).
   */
  pendingOrder(now: number): (OrderSummary & { quoteId: string; expiresAt: number }) | null {
    const row = this.sql
      .exec<OrderRow & { quote_id: string; expires_at: number }>(
        "SELECT * FROM orders WHERE status = 'pending_payment' AND expires_at > ? ORDER BY updated_at DESC, rowid DESC LIMIT 1",
        now,
      )
      .toArray()[0];
    return row ? { ...toSummary(row), quoteId: row.quote_id, expiresAt: row.expires_at } : null;
  }

  latestOrder(): OrderSummary | null {
    const row = this.sql
      .exec<OrderRow>("SELECT * FROM orders ORDER BY updated_at DESC, rowid DESC LIMIT 1")
      .toArray()[0];
    return row ? toSummary(row) : null;
  }

  /** Unpaid orders whose time is up, for the alarm. */
  dueOrders(now: number): string[] {
    return this.sql
      .exec<{ id: string }>("SELECT id FROM orders WHERE status = 'pending_payment' AND expires_at <= ?", now)
      .toArray()
      .map((r) => r.id);
  }

  nextExpiry(): number | null {
    return this.sql
      .exec<{ t: number | null }>("SELECT MIN(expires_at) AS t FROM orders WHERE status = 'pending_payment'")
      .one().t;
  }

  pushOutbox(text: string, orderId: string | null, at: number): void {
    this.sql.exec("INSERT INTO outbox (text, order_id, at) VALUES (?, ?, ?)", text, orderId, at);
  }

  /** Outbox messages not yet shown in a chat reply; marks them shown. */
  takeUnread(): string[] {
    const last = this.sql.exec<{ v: number | null }>("SELECT MAX(seq) AS v FROM outbox_read").one().v ?? 0;
    const rows = this.sql
      .exec<{ seq: number; text: string }>("SELECT seq, text FROM outbox WHERE seq > ? ORDER BY seq", last)
      .toArray();
    const newest = rows.at(-1);
    if (newest) this.sql.exec("INSERT INTO outbox_read (seq) VALUES (?)", newest.seq);
    return rows.map((r) => r.text);
  }
}

type OrderRow = {
  id: string;
  status: OrderStatus;
  total: number;
  currency: string;
  payment_url: string | null;
};

const toSummary = (r: OrderRow): OrderSummary => ({
  id: r.id,
  status: r.status,
  total: r.total,
  currency: r.currency,
  paymentUrl: r.payment_url,
});
