import type { CartLine } from "../commerce/types.js";
import type { AddressInput, BuyerInput, FulfillmentDetailsInput } from "./schemas.js";
import type { StoredResponse } from "./idempotency.js";

/** What a checkout session remembers besides its cart (stored as one JSON row). */
export interface SessionRecord {
  id: string;
  /** Lower-case ISO 4217, as ACP shows it. */
  currency: string;
  createdAt: number;
  updatedAt: number;
  expiresAt: number;
  /** Origin of the API the agent called, for links (order permalink). */
  origin: string;
  buyer: BuyerInput | null;
  fulfillmentDetails: FulfillmentDetailsInput | null;
  billingAddress: AddressInput | null;
  /** Extensions active for this session (negotiated at create). */
  discountExtension: boolean;
  locale: string | null;
  timezone: string | null;
  metadata: Record<string, unknown> | null;
  orderNotes: string | null;
  canceled: boolean;
  /** The quote whose totals the agent last saw, and its hash: /complete pays exactly that. */
  quoteId: string | null;
  shownHash: string | null;
  /** The order /complete created (latest attempt), and the quote it froze. */
  orderId: string | null;
  orderQuoteId: string | null;
  /** The last decline, shown until the next attempt or change. */
  paymentError: string | null;
}

/** Version 1 of these tables, applied by the owning Durable Object's migrations (objects/schemas.ts). */
export const SESSION_TABLES = `
CREATE TABLE IF NOT EXISTS acp_session (id TEXT PRIMARY KEY, body TEXT NOT NULL, updated_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS acp_lines (position INTEGER PRIMARY KEY, sku TEXT NOT NULL UNIQUE, quantity INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS acp_codes (position INTEGER PRIMARY KEY, code TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS acp_idempotency (key TEXT PRIMARY KEY, request_hash TEXT NOT NULL, state TEXT NOT NULL,
  status_code INTEGER, response TEXT, created_at INTEGER NOT NULL);
`;

export type IdempotencyRow = {
  requestHash: string;
  state: "in_flight" | "done";
  response: StoredResponse | null;
  createdAt: number;
};

/** The CheckoutSession Durable Object's own tables (quotes and orders live in CheckoutStore beside them). */
export class SessionStore {
  constructor(private readonly sql: SqlStorage) {}

  session(): SessionRecord | null {
    const row = this.sql.exec<{ body: string }>("SELECT body FROM acp_session LIMIT 1").toArray()[0];
    return row ? (JSON.parse(row.body) as SessionRecord) : null;
  }

  lines(): CartLine[] {
    return this.sql
      .exec<{ sku: string; quantity: number }>("SELECT sku, quantity FROM acp_lines ORDER BY position")
      .toArray()
      .map((r) => ({ sku: r.sku, quantity: r.quantity }));
  }

  codes(): string[] {
    return this.sql
      .exec<{ code: string }>("SELECT code FROM acp_codes ORDER BY position")
      .toArray()
      .map((r) => r.code);
  }

  /** Call inside transactionSync together with the idempotency record. */
  save(s: SessionRecord, lines: readonly CartLine[], codes: readonly string[]): void {
    this.sql.exec(
      "INSERT INTO acp_session (id, body, updated_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
      s.id,
      JSON.stringify(s),
      s.updatedAt,
    );
    this.sql.exec("DELETE FROM acp_lines");
    lines.forEach((l, i) =>
      this.sql.exec("INSERT INTO acp_lines (position, sku, quantity) VALUES (?, ?, ?)", i, l.sku, l.quantity),
    );
    this.sql.exec("DELETE FROM acp_codes");
    codes.forEach((c, i) => this.sql.exec("INSERT INTO acp_codes (position, code) VALUES (?, ?)", i, c));
  }

  idempotentClaim(key: string): IdempotencyRow | null {
    const row = this.sql
      .exec<{
        request_hash: string;
        state: "in_flight" | "done";
        status_code: number | null;
        response: string | null;
        created_at: number;
      }>("SELECT request_hash, state, status_code, response, created_at FROM acp_idempotency WHERE key = ?", key)
      .toArray()[0];
    if (!row) return null;
    return {
      requestHash: row.request_hash,
      state: row.state,
      response:
        row.status_code !== null && row.response !== null
          ? { status: row.status_code, body: JSON.parse(row.response) as unknown }
          : null,
      createdAt: row.created_at,
    };
  }

  claimIdempotent(key: string, requestHash: string, now: number, retentionMs: number): void {
    this.sql.exec("DELETE FROM acp_idempotency WHERE created_at <= ?", now - retentionMs);
    this.sql.exec(
      `INSERT INTO acp_idempotency (key, request_hash, state, status_code, response, created_at) VALUES (?, ?, 'in_flight', NULL, NULL, ?)
       ON CONFLICT(key) DO UPDATE SET request_hash = excluded.request_hash, state = 'in_flight', status_code = NULL, response = NULL, created_at = excluded.created_at`,
      key,
      requestHash,
      now,
    );
  }

  finishIdempotent(key: string, response: StoredResponse): void {
    this.sql.exec(
      "UPDATE acp_idempotency SET state = 'done', status_code = ?, response = ? WHERE key = ?",
      response.status,
      JSON.stringify(response.body),
      key,
    );
  }

  releaseIdempotent(key: string): void {
    this.sql.exec("DELETE FROM acp_idempotency WHERE key = ? AND state = 'in_flight'", key);
  }
}
