import type { OrderEventTarget } from "../orders/order-events.js";

/**
 * The OrderEvents Durable Object's outbox (one object per order): every
 * message about the order's life that must reach someone outside — an ACP
 * order event for the agent's webhook, fulfilment news for the shopper's
 * chat. Keyed by event id, one per (order, change), so a replayed transition
 * records nothing new and nothing is sent twice. Delivered in the order
 * recorded: an agent never hears `order_update` before `order_create`.
 */
export const ORDER_EVENT_TABLES = `
CREATE TABLE events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  target TEXT NOT NULL,
  body TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at INTEGER NOT NULL,
  delivered_at INTEGER,
  gave_up_at INTEGER,
  last_error TEXT,
  created_at INTEGER NOT NULL
);
`;

export interface OutboxEvent {
  seq: number;
  id: string;
  target: OrderEventTarget;
  body: string;
  attempts: number;
}

export interface OutboxEventState {
  id: string;
  target: OrderEventTarget;
  attempts: number;
  delivered: boolean;
  gaveUp: boolean;
  lastError: string | null;
}

export class OrderEventStore {
  constructor(private readonly sql: SqlStorage) {}

  /** Records events not seen before; returns the ids that were new. */
  record(events: readonly { id: string; target: OrderEventTarget; body: string }[], now: number): string[] {
    const added: string[] = [];
    for (const e of events) {
      const res = this.sql.exec(
        "INSERT OR IGNORE INTO events (id, target, body, next_at, created_at) VALUES (?, ?, ?, ?, ?)",
        e.id,
        e.target,
        e.body,
        now,
        now,
      );
      if (res.rowsWritten > 0) added.push(e.id);
    }
    return added;
  }

  /** Undelivered events in recorded order (delivery stops at the first one not yet due or failing). */
  pending(): (OutboxEvent & { nextAt: number })[] {
    return this.sql
      .exec<{ seq: number; id: string; target: string; body: string; attempts: number; next_at: number }>(
        "SELECT seq, id, target, body, attempts, next_at FROM events WHERE delivered_at IS NULL AND gave_up_at IS NULL ORDER BY seq",
      )
      .toArray()
      .map((r) => ({
        seq: r.seq,
        id: r.id,
        target: r.target as OrderEventTarget,
        body: r.body,
        attempts: r.attempts,
        nextAt: r.next_at,
      }));
  }

  delivered(seq: number, now: number): void {
    this.sql.exec(
      "UPDATE events SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE seq = ?",
      now,
      seq,
    );
  }

  failed(seq: number, error: string, nextAt: number | null, now: number): void {
    this.sql.exec(
      "UPDATE events SET attempts = attempts + 1, last_error = ?, next_at = COALESCE(?, next_at), gave_up_at = CASE WHEN ? IS NULL THEN ? ELSE NULL END WHERE seq = ?",
      error.slice(0, 500),
      nextAt,
      nextAt,
      now,
      seq,
    );
  }

  states(): OutboxEventState[] {
    return this.sql
      .exec<{
        id: string;
        target: string;
        attempts: number;
        delivered_at: number | null;
        gave_up_at: number | null;
        last_error: string | null;
      }>("SELECT id, target, attempts, delivered_at, gave_up_at, last_error FROM events ORDER BY seq")
      .toArray()
      .map((r) => ({
        id: r.id,
        target: r.target as OrderEventTarget,
        attempts: r.attempts,
        delivered: r.delivered_at !== null,
        gaveUp: r.gave_up_at !== null,
        lastError: r.last_error,
      }));
  }
}
