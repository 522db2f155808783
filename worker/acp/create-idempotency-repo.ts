import { conflictError, IDEMPOTENCY_RETENTION_MS, inFlightError, type StoredResponse } from "./idempotency.js";

/** How long a create may run before a retry with the same key may take over (a crashed attempt). */
const LOCK_MS = 30_000;

export type CreateClaim = { kind: "run"; sessionId: string } | { kind: "replay"; response: StoredResponse };

/**
 * Idempotency of `POST /checkout_sessions`, in D1 (acp_idempotency_keys).
 * One conditional write decides who runs: the first request inserts an
 * in_flight row; a retry may take the row over only when the earlier attempt
 * is stale (crashed) or the record is past retention. Everyone else is told
 * in_flight (409), conflict (422) or gets the stored response.
 */
export class CreateIdempotency {
  constructor(private readonly db: D1Database) {}

  async claim(key: string, requestHash: string, newSessionId: string, now: number): Promise<CreateClaim> {
    const res = await this.db
      .prepare(
        `INSERT INTO acp_idempotency_keys (key, request_hash, session_id, state, status_code, response, created_at, locked_until)
         VALUES (?1, ?2, ?3, 'in_flight', NULL, NULL, ?4, ?5)
         ON CONFLICT(key) DO UPDATE SET
           request_hash = excluded.request_hash,
           session_id = CASE WHEN acp_idempotency_keys.created_at <= ?6 THEN excluded.session_id ELSE acp_idempotency_keys.session_id END,
           state = 'in_flight', status_code = NULL, response = NULL,
           created_at = CASE WHEN acp_idempotency_keys.created_at <= ?6 THEN excluded.created_at ELSE acp_idempotency_keys.created_at END,
           locked_until = excluded.locked_until
         WHERE acp_idempotency_keys.created_at <= ?6
            OR (acp_idempotency_keys.state = 'in_flight' AND acp_idempotency_keys.locked_until <= ?4 AND acp_idempotency_keys.request_hash = ?2)
         RETURNING session_id`,
      )
      .bind(key, requestHash, newSessionId, now, now + LOCK_MS, now - IDEMPOTENCY_RETENTION_MS)
      .first<{ session_id: string }>();
    if (res) return { kind: "run", sessionId: res.session_id };
    const row = await this.db
      .prepare("SELECT request_hash, state, status_code, response FROM acp_idempotency_keys WHERE key = ?")
      .bind(key)
      .first<{
        request_hash: string;
        state: "in_flight" | "done";
        status_code: number | null;
        response: string | null;
      }>();
    if (!row) throw inFlightError(); // deleted between the two statements: the first attempt just gave up
    if (row.request_hash !== requestHash) throw conflictError();
    if (row.state === "in_flight" || row.status_code === null || row.response === null) throw inFlightError();
    return { kind: "replay", response: { status: row.status_code, body: JSON.parse(row.response) as unknown } };
  }

  async finish(key: string, response: StoredResponse, now: number): Promise<void> {
    await this.db.batch([
      this.db
        .prepare("UPDATE acp_idempotency_keys SET state = 'done', status_code = ?, response = ? WHERE key = ?")
        .bind(response.status, JSON.stringify(response.body), key),
      // Records past retention are dead weight: a reused key is a new request anyway.
      this.db
        .prepare("DELETE FROM acp_idempotency_keys WHERE created_at <= ? AND state = 'done'")
        .bind(now - 2 * IDEMPOTENCY_RETENTION_MS),
    ]);
  }

  /** The attempt ended without a result worth keeping (5xx, or a 4xx that changed nothing): forget the key. */
  async release(key: string): Promise<void> {
    await this.db.prepare("DELETE FROM acp_idempotency_keys WHERE key = ? AND state = 'in_flight'").bind(key).run();
  }
}
