import { SELF } from "cloudflare:test";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { app } from "../../worker/app.js";
import { signStripePayload } from "../stand-ins/stripe/signature.js";
import { BASE, conversationId } from "./client.js";
import { hmacHex } from "./channel-helpers.js";

/**
 * A hostile client against every route the app serves: random methods'
 * bodies, broken JSON, wrong shapes, absurd values — authenticated and
 * correctly signed wherever the route wants it, so the junk gets past the
 * front door and reaches the parsers. Whatever comes in, the answer is a 2xx
 * or a 4xx with a JSON error code: never a 5xx (docs/ARCHITECTURE.md invariant 8).
 */

const ADMIN = { authorization: "Bearer test-admin-token" };
const ACP = { authorization: "Bearer test-acp-key", "api-version": "2026-04-17" };

/** A value of any JSON shape, or a tricky one: deep, huge numbers, unicode, the right keys with the wrong types. */
const jsonValue = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.record(
    {
      conversation_id: fc.oneof(fc.string(), fc.constant(conversationId("fz")), fc.integer()),
      message_id: fc.oneof(fc.string({ maxLength: 140 }), fc.integer(), fc.constant(null)),
      text: fc.oneof(fc.string({ maxLength: 300 }), fc.constant("checkout then pay"), fc.integer()),
      button: fc.oneof(
        fc.string({ maxLength: 140 }),
        fc.constantFrom("pay:q_x", "add:NO-SUCH:1", "qty:X:1e309", "cancel:"),
      ),
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      line_items: fc.oneof(
        fc.array(fc.record({ id: fc.string(), quantity: fc.oneof(fc.integer(), fc.double(), fc.string()) })),
        fc.jsonValue(),
      ),
      currency: fc.oneof(fc.constantFrom("usd", "USD", "eur", ""), fc.string()),
      capabilities: fc.jsonValue({ maxDepth: 2 }),
      payment_data: fc.jsonValue({ maxDepth: 3 }),
      discounts: fc.jsonValue({ maxDepth: 2 }),
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      id: fc.oneof(fc.string(), fc.integer()),
      type: fc.constantFrom(
        "payment_intent.succeeded",
        "payment_intent.payment_failed",
        "charge.refunded",
        "checkout.session.completed",
        "x",
      ),
      data: fc.oneof(
        fc.constant(null),
        fc.jsonValue({ maxDepth: 2 }),
        fc.record({
          object: fc.oneof(
            fc.constant(null),
            fc.jsonValue({ maxDepth: 3 }),
            fc.record(
              {
                id: fc.string(),
                object: fc.constant("payment_intent"),
                amount: fc.oneof(fc.integer(), fc.string()),
                currency: fc.string(),
                metadata: fc.jsonValue({ maxDepth: 2 }),
              },
              { requiredKeys: [] },
            ),
          ),
        }),
      ),
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      update_id: fc.oneof(fc.integer(), fc.string()),
      message: fc.jsonValue({ maxDepth: 3 }),
      callback_query: fc.jsonValue({ maxDepth: 3 }),
    },
    { requiredKeys: [] },
  ),
  fc.record({ object: fc.constant("whatsapp_business_account"), entry: fc.jsonValue({ maxDepth: 5 }) }),
);

/** The body as bytes: valid JSON of the value, or JSON broken on purpose. */
const body = fc.oneof(
  { weight: 4, arbitrary: jsonValue.map((v) => JSON.stringify(v) ?? "null") },
  { weight: 1, arbitrary: jsonValue.map((v) => (JSON.stringify(v) ?? "null").slice(0, -1)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
);

const pathValue = fc.oneof(
  fc.constantFrom("cs_00000000000000000000000000000000", "MILKTEA1C", "prd_0001", "%00", "..", "x".repeat(300)),
  fc.webSegment(),
);

type Route = { method: string; path: string };

function routesOf(): Route[] {
  const seen = new Set<string>();
  const out: Route[] = [];
  for (const r of app.routes) {
    if (r.method === "ALL" || r.path.includes("*")) continue;
    const key = `${r.method} ${r.path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ method: r.method, path: r.path });
  }
  return out;
}

async function signedHeaders(path: string, raw: string): Promise<Record<string, string>> {
  if (path.startsWith("/webhooks/stripe"))
    return { "stripe-signature": signStripePayload(raw, "whsec_integration_secret") };
  if (path.startsWith("/webhooks/telegram"))
    return { "x-telegram-bot-api-secret-token": "integration-telegram-secret" };
  if (path.startsWith("/webhooks/whatsapp"))
    return { "x-hub-signature-256": `sha256=${await hmacHex("integration-whatsapp-app-secret", raw)}` };
  if (path.startsWith("/admin")) return ADMIN;
  if (path.startsWith("/checkout_sessions") || path.startsWith("/.well-known"))
    return { ...ACP, "idempotency-key": crypto.randomUUID() };
  return {};
}

describe("no request path answers a 5xx, whatever the body", () => {
  const routes = routesOf();

  it("knows the routes it attacks (read from the router)", () => {
    const paths = routes.map((r) => `${r.method} ${r.path}`);
    for (const p of [
      "POST /v1/chat",
      "GET /v1/products",
      "POST /webhooks/stripe",
      "POST /webhooks/telegram",
      "POST /webhooks/whatsapp",
      "POST /checkout_sessions",
      "POST /checkout_sessions/:id/complete",
      "POST /admin/promos",
    ]) {
      expect(paths).toContain(p);
    }
  });

  it.each(routes.map((r) => [`${r.method} ${r.path}`, r] as const))(
    "%s",
    async (_name, route) => {
      await fc.assert(
        fc.asyncProperty(
          body,
          pathValue,
          fc.constantFrom("application/json", "text/plain", "application/x-www-form-urlencoded", ""),
          async (raw, param, type) => {
            const path = route.path.replace(/:[a-z_]+(\{[^}]*\})?/gi, encodeURIComponent(param));
            const headers: Record<string, string> = { ...(await signedHeaders(path, raw)) };
            if (type) headers["content-type"] = type;
            const init: RequestInit = { method: route.method, headers };
            const withBody = route.method !== "GET" && route.method !== "HEAD";
            const query = withBody
              ? ""
              : `?${new URLSearchParams({ q: raw.slice(0, 50), limit: param, max_price: raw.slice(0, 8), color: param })}`;
            const res = await SELF.fetch(`${BASE}${path}${query}`, withBody ? { ...init, body: raw } : init);
            const text = await res.text();
            if (res.status >= 500)
              throw new Error(
                `${route.method} ${path} answered ${res.status} to ${JSON.stringify(raw).slice(0, 300)}: ${text.slice(0, 300)}`,
              );
            if (res.status >= 400) expect(() => JSON.parse(text)).not.toThrow();
          },
        ),
        { numRuns: 40 },
      );
    },
    120_000,
  );
});
