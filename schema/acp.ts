import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Idempotency records of `POST /checkout_sessions` (ACP create), which has no
 * session yet to keep them in. Session-scoped POSTs keep theirs in the
 * CheckoutSession Durable Object.
 *
 * `key` = SHA-256(caller identity + endpoint + Idempotency-Key): the raw key
 * and the API key are never stored. A row is `in_flight` (locked until
 * `locked_until`) while the first request runs, then `done` with the response.
 */
export const acpIdempotencyKeys = sqliteTable(
  "acp_idempotency_keys",
  {
    key: text("key").primaryKey(),
    requestHash: text("request_hash").notNull(),
    /** The session this create makes; reused if a crashed attempt is retried. */
    sessionId: text("session_id").notNull(),
    state: text("state", { enum: ["in_flight", "done"] }).notNull(),
    statusCode: integer("status_code"),
    response: text("response"),
    createdAt: integer("created_at").notNull(),
    lockedUntil: integer("locked_until").notNull(),
  },
  (t) => [index("acp_idempotency_keys_created_idx").on(t.createdAt)],
);
