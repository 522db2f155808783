import type { Reply } from "../agent/reply.js";
import type { InboundMessage, ReplyTarget } from "../channels/inbound.js";
import type { Outbox, PendingSend } from "../channels/outbox.js";

/** Version 1 of these tables, applied by the owning Durable Object's migrations (objects/schemas.ts). */
export const CHANNEL_TABLES = `
CREATE TABLE IF NOT EXISTS inbox (message_id TEXT PRIMARY KEY, body TEXT NOT NULL, state TEXT NOT NULL, received_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS inbox_pending ON inbox (state, received_at);
CREATE TABLE IF NOT EXISTS sends (id INTEGER PRIMARY KEY AUTOINCREMENT, reply TEXT NOT NULL, target TEXT NOT NULL, pressed TEXT,
  state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_at INTEGER NOT NULL, last_error TEXT);
CREATE INDEX IF NOT EXISTS sends_due ON sends (state, next_at);
CREATE TABLE IF NOT EXISTS button_tokens (token TEXT PRIMARY KEY, payload TEXT NOT NULL);
`;

/**
 * A channel conversation's inbox (messages stored before the webhook is
 * acknowledged) and outbox (replies and payment news, sent and retried from
 * here), in the Conversation DO's SQLite.
 */
export class ChannelStore implements Outbox {
  constructor(private readonly sql: SqlStorage) {}

  /** false when this message id was already received (a provider redelivery). */
  claim(m: InboundMessage, now: number): boolean {
    return (
      this.sql.exec(
        "INSERT OR IGNORE INTO inbox (message_id, body, state, received_at) VALUES (?, ?, 'pending', ?)",
        m.messageId,
        JSON.stringify(m),
        now,
      ).rowsWritten > 0
    );
  }

  pendingInbox(): InboundMessage[] {
    return this.sql
      .exec<{ body: string }>("SELECT body FROM inbox WHERE state = 'pending' ORDER BY received_at, rowid")
      .toArray()
      .map((r) => JSON.parse(r.body) as InboundMessage);
  }

  /** The reply is queued in the same transaction that marks the message handled. */
  finish(messageId: string, reply: Reply, target: ReplyTarget, pressed: string | null, now: number): void {
    this.sql.exec("UPDATE inbox SET state = 'handled' WHERE message_id = ?", messageId);
    this.queue(reply, target, pressed, now);
  }

  queue(reply: Reply, target: ReplyTarget, pressed: string | null, now: number): void {
    this.sql.exec(
      "INSERT INTO sends (reply, target, pressed, state, next_at) VALUES (?, ?, ?, 'pending', ?)",
      JSON.stringify(reply),
      JSON.stringify(target),
      pressed,
      now,
    );
  }

  dueSends(now: number): PendingSend[] {
    return this.sql
      .exec<{ id: number; reply: string; target: string; pressed: string | null; attempts: number }>(
        "SELECT id, reply, target, pressed, attempts FROM sends WHERE state = 'pending' AND next_at <= ? ORDER BY id",
        now,
      )
      .toArray()
      .map((r) => ({
        id: r.id,
        reply: JSON.parse(r.reply) as Reply,
        target: JSON.parse(r.target) as ReplyTarget,
        pressed: r.pressed,
        attempts: r.attempts,
      }));
  }

  sent(id: number): void {
    this.sql.exec("UPDATE sends SET state = 'sent', attempts = attempts + 1 WHERE id = ?", id);
  }

  /** The retry policy is the outbox's (channels/outbox.ts); this only records its verdict. */
  retry(id: number, error: string, at: number): void {
    this.sql.exec("UPDATE sends SET attempts = attempts + 1, next_at = ?, last_error = ? WHERE id = ?", at, error, id);
  }

  drop(id: number, error: string): void {
    this.sql.exec(
      "UPDATE sends SET state = 'dropped', attempts = attempts + 1, last_error = ? WHERE id = ?",
      error,
      id,
    );
  }

  nextWork(): number | null {
    const inbox = this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM inbox WHERE state = 'pending'").one().n;
    if (inbox > 0) return 0;
    return this.sql.exec<{ t: number | null }>("SELECT MIN(next_at) AS t FROM sends WHERE state = 'pending'").one().t;
  }

  lastTarget(): ReplyTarget | null {
    const row = this.sql
      .exec<{ body: string }>("SELECT body FROM inbox ORDER BY received_at DESC, rowid DESC LIMIT 1")
      .toArray()[0];
    if (!row) return null;
    const m = JSON.parse(row.body) as InboundMessage;
    // Payment news is a new message, not an answer to a button press.
    return m.replyTo.channel === "telegram" ? { channel: "telegram", chatId: m.replyTo.chatId } : { ...m.replyTo };
  }

  saveTokens(tokens: { token: string; payload: string }[]): void {
    for (const t of tokens)
      this.sql.exec("INSERT OR IGNORE INTO button_tokens (token, payload) VALUES (?, ?)", t.token, t.payload);
  }

  token(token: string): string | undefined {
    return this.sql.exec<{ payload: string }>("SELECT payload FROM button_tokens WHERE token = ?", token).toArray()[0]
      ?.payload;
  }
}
