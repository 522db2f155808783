import type { OptionChoice } from "../agent/actions.js";
import type { AskedQuestion, ConversationState, Focus, ShownProduct } from "../agent/state.js";
import type { CartLine } from "../commerce/types.js";
import type { TurnRecord } from "../agent/turn.js";

/**
 * The Conversation Durable Object's SQLite tables (version 1), kept apart from
 * the DO class so the storage layout reads in one place; objects/schemas.ts
 * applies them as a migration.
 */
export const CONVERSATION_TABLES = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS cart_lines (position INTEGER PRIMARY KEY, sku TEXT NOT NULL UNIQUE, quantity INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS promo_codes (position INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS turns (id INTEGER PRIMARY KEY AUTOINCREMENT, message_id TEXT NOT NULL, role TEXT NOT NULL, text TEXT NOT NULL, at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS processed_messages (message_id TEXT PRIMARY KEY, request_hash TEXT NOT NULL, response TEXT NOT NULL, at INTEGER NOT NULL);
`;

/** Recent turns kept for context (an LLM planner reads them); older ones are dropped. */
export const MAX_TURNS = 20;

export interface ProcessedMessage {
  requestHash: string;
  response: string;
}

export class ConversationStore {
  constructor(private readonly sql: SqlStorage) {}

  owner(): string | null {
    return this.meta("owner");
  }

  /** The stored answer to a message id already finished (by `commit`), to replay. */
  replay(messageId: string): ProcessedMessage | null {
    const row = this.sql
      .exec<{ request_hash: string; response: string }>(
        "SELECT request_hash, response FROM processed_messages WHERE message_id = ?",
        messageId,
      )
      .toArray()[0];
    return row ? { requestHash: row.request_hash, response: row.response } : null;
  }

  load(): ConversationState {
    const lines = this.sql
      .exec<{ sku: string; quantity: number }>("SELECT sku, quantity FROM cart_lines ORDER BY position")
      .toArray()
      .map((r) => ({ sku: r.sku, quantity: r.quantity }));
    const codes = this.sql
      .exec<{ code: string }>("SELECT code FROM promo_codes ORDER BY position")
      .toArray()
      .map((r) => r.code);
    const lastResults = JSON.parse(this.meta("last_results") ?? "[]") as string[];
    const lastOptions = JSON.parse(this.meta("last_options") ?? "{}") as OptionChoice;
    const focus = JSON.parse(this.meta("focus") ?? "null") as Focus | null;
    const shown = JSON.parse(this.meta("shown") ?? "[]") as ShownProduct[];
    const asked = JSON.parse(this.meta("asked") ?? "null") as AskedQuestion | null;
    return { lines, codes, lastResults, lastOptions, focus, shown, asked };
  }

  recentTurns(): { role: string; text: string }[] {
    return this.sql.exec<{ role: string; text: string }>("SELECT role, text FROM turns ORDER BY id").toArray();
  }

  /**
   * Saves the new state, the turn and the stored reply in one transaction, so
   * a replay can never see the reply without the change or the change twice.
   */
  commit(c: TurnRecord): void {
    this.sql.exec("INSERT OR IGNORE INTO meta (key, value) VALUES ('owner', ?)", c.owner);
    this.sql.exec("DELETE FROM cart_lines");
    c.state.lines.forEach((l: CartLine, i) =>
      this.sql.exec("INSERT INTO cart_lines (position, sku, quantity) VALUES (?, ?, ?)", i, l.sku, l.quantity),
    );
    this.sql.exec("DELETE FROM promo_codes");
    c.state.codes.forEach((code, i) =>
      this.sql.exec("INSERT INTO promo_codes (position, code) VALUES (?, ?)", i, code),
    );
    this.setMeta("last_results", JSON.stringify(c.state.lastResults));
    this.setMeta("last_options", JSON.stringify(c.state.lastOptions));
    this.setMeta("focus", JSON.stringify(c.state.focus));
    this.setMeta("shown", JSON.stringify(c.state.shown ?? []));
    this.setMeta("asked", JSON.stringify(c.state.asked ?? null));
    this.sql.exec(
      "INSERT INTO turns (message_id, role, text, at) VALUES (?, 'shopper', ?, ?)",
      c.messageId,
      c.inbound,
      c.at,
    );
    this.sql.exec(
      "INSERT INTO turns (message_id, role, text, at) VALUES (?, 'agent', ?, ?)",
      c.messageId,
      c.outbound,
      c.at,
    );
    this.sql.exec("DELETE FROM turns WHERE id <= (SELECT MAX(id) FROM turns) - ?", MAX_TURNS);
    this.sql.exec(
      "INSERT INTO processed_messages (message_id, request_hash, response, at) VALUES (?, ?, ?, ?)",
      c.messageId,
      c.requestHash,
      c.response,
      c.at,
    );
  }

  clearCart(): void {
    this.sql.exec("DELETE FROM cart_lines");
    this.sql.exec("DELETE FROM promo_codes");
  }

  appendAgentTurn(messageId: string, text: string, at: number): void {
    this.sql.exec("INSERT INTO turns (message_id, role, text, at) VALUES (?, 'agent', ?, ?)", messageId, text, at);
    this.sql.exec("DELETE FROM turns WHERE id <= (SELECT MAX(id) FROM turns) - ?", MAX_TURNS);
  }

  /** True the first time a news key is seen (an OrderEvents delivery retried after a lost answer is told once). */
  claimNews(key: string): boolean {
    return this.sql.exec("INSERT OR IGNORE INTO meta (key, value) VALUES (?, '1')", `news:${key}`).rowsWritten > 0;
  }

  private meta(key: string): string | null {
    return this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key).toArray()[0]?.value ?? null;
  }

  private setMeta(key: string, value: string): void {
    this.sql.exec(
      "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      key,
      value,
    );
  }
}
