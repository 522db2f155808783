import { sha256Hex } from "../http/crypto.js";
import { AcpError } from "./errors.js";

/**
 * ACP idempotency (RFC §6): a key is required on every POST, scoped to the
 * caller + endpoint path, and bodies are compared by semantic JSON equality
 * (key order ignored, arrays ordered, null ≠ absent).
 */

/** Keys are kept at least this long (§6.6); afterwards a reused key is a new request. */
export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000;
/** Seconds an agent is told to wait on 409 idempotency_in_flight. */
export const IN_FLIGHT_RETRY_AFTER_S = 1;

export function requireIdempotencyKey(header: string | undefined): string {
  if (header === undefined || header === "") {
    throw new AcpError(400, "idempotency_key_required", "Idempotency-Key header is required on all POST requests", {
      param: "Idempotency-Key",
    });
  }
  if (header.length > 255 || !/^[\x21-\x7e]+$/.test(header)) {
    throw new AcpError(400, "invalid", "Idempotency-Key must be 1-255 printable ASCII characters.", {
      param: "Idempotency-Key",
    });
  }
  return header;
}

/** RFC 8785-style canonical JSON: sorted object keys, no whitespace. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export function requestHash(body: unknown): Promise<string> {
  return sha256Hex(canonicalJson(body));
}

/** The stored key: caller identity + endpoint path + the agent's key, hashed. */
export function scopedKey(identity: string, endpoint: string, key: string): Promise<string> {
  return sha256Hex(`${identity}\n${endpoint}\n${key}`);
}

export const inFlightError = () =>
  new AcpError(409, "idempotency_in_flight", "A request with this Idempotency-Key is currently being processed", {
    headers: { "Retry-After": String(IN_FLIGHT_RETRY_AFTER_S) },
  });

export const conflictError = () =>
  new AcpError(422, "idempotency_conflict", "Idempotency-Key has already been used with a different request body");

/** A stored response, replayed verbatim. */
export interface StoredResponse {
  status: number;
  body: unknown;
}
