/**
 * An ACP agent for integration tests. Every response it receives is checked,
 * in the same test, against the spec's JSON Schema by the Node validation
 * service of acp-conformance.ts (CheckoutSession, CheckoutSessionWithOrder,
 * Error or DiscoveryResponse, chosen from the route and status). A
 * non-conforming body fails the test that produced it.
 */
import { SELF } from "cloudflare:test";
import { inject } from "vitest";
import type { AcpDef } from "./acp-conformance.js";
import { BASE } from "./client.js";

export const ACP_KEY = "test-acp-key";
export const ACP_VERSION = "2026-04-17";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface AcpResponse {
  status: number;
  headers: Headers;
  body: Json;
  /** The `$defs` entry the body was validated against. */
  def: AcpDef;
}

/** Every def validated in this test file, with counts (acp-conformance.test.ts checks coverage). */
export const validated = new Map<AcpDef, number>();

export async function conform(def: AcpDef, body: unknown): Promise<void> {
  const cfg = inject("acpConformance");
  if (!cfg.url) throw new Error(`ACP conformance cannot run: ${cfg.error ?? "no validation service"}`);
  const res = await fetch(`${cfg.url}/validate`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ def, body }),
  });
  const out = (await res.json()) as { valid?: boolean; errors?: string[]; error?: string };
  if (!out.valid) {
    throw new Error(
      `ACP response does not conform to ${def}:\n  ${(out.errors ?? [out.error]).join("\n  ")}\nbody: ${JSON.stringify(body)}`,
    );
  }
  validated.set(def, (validated.get(def) ?? 0) + 1);
}

function defFor(path: string, status: number, body: Json): AcpDef {
  if (status >= 400) return "Error";
  if (path === "/.well-known/acp.json") return "DiscoveryResponse";
  return body?.status === "completed" ? "CheckoutSessionWithOrder" : "CheckoutSession";
}

export interface CallOptions {
  body?: unknown;
  /** null = send no Authorization header. */
  apiKey?: string | null;
  /** null = send no API-Version header. */
  version?: string | null;
  /** POST only; default a fresh UUID, null = none. */
  idempotencyKey?: string | null;
  headers?: Record<string, string>;
}

/** One ACP call; the body is validated before the test sees it. */
export async function acp(method: "GET" | "POST", path: string, opts: CallOptions = {}): Promise<AcpResponse> {
  const headers: Record<string, string> = { ...opts.headers };
  const apiKey = opts.apiKey === undefined ? ACP_KEY : opts.apiKey;
  if (apiKey !== null) headers.authorization = `Bearer ${apiKey}`;
  const version = opts.version === undefined ? ACP_VERSION : opts.version;
  if (version !== null) headers["api-version"] = version;
  if (method === "POST") {
    const key = opts.idempotencyKey === undefined ? crypto.randomUUID() : opts.idempotencyKey;
    if (key !== null) headers["idempotency-key"] = key;
  }
  let payload: string | undefined;
  if (opts.body !== undefined) {
    payload = typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
    headers["content-type"] ??= "application/json";
  }
  const res = await SELF.fetch(`${BASE}${path}`, {
    method,
    headers,
    ...(payload !== undefined ? { body: payload } : {}),
  });
  const text = await res.text();
  let body: Json;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`ACP ${method} ${path} answered ${res.status} with a non-JSON body: ${text.slice(0, 200)}`);
  }
  const def = defFor(path, res.status, body);
  await conform(def, body);
  return { status: res.status, headers: res.headers, body, def };
}

export const address = {
  name: "Ada Agent",
  line_one: "1 Protocol Way",
  city: "San Francisco",
  state: "CA",
  country: "US",
  postal_code: "94107",
};

export const fulfillment = { name: "Ada Agent", email: "ada@example.com", phone_number: "+15551234567", address };

export function createBody(items: { id: string; quantity?: number }[], extra: Record<string, unknown> = {}) {
  return { line_items: items, currency: "usd", capabilities: { extensions: ["discount"] }, ...extra };
}

export function paymentData(token: string) {
  return { handler_id: "card_tokenized", instrument: { type: "card", credential: { type: "spt", token } } };
}

/** Creates a session (201 expected) and returns its body. */
export async function createSession(
  items: { id: string; quantity?: number }[],
  extra: Record<string, unknown> = {},
): Promise<Json> {
  const r = await acp("POST", "/checkout_sessions", { body: createBody(items, extra) });
  if (r.status !== 201) throw new Error(`create answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

export const totalOf = (session: Json, type = "total"): number | undefined =>
  (session.totals as { type: string; amount: number }[]).find((t) => t.type === type)?.amount;
