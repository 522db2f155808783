import { beforeAll, describe, expect, inject, it } from "vitest";
import * as msg from "../../worker/acp/messages.js";
import { sessionJson, type SessionView } from "../../worker/acp/session-json.js";
import type { SessionRecord } from "../../worker/acp/session-store.js";
import type { QuoteContent } from "../../worker/commerce/quote.js";
import { acp, conform, createBody, createSession, fulfillment, paymentData, validated } from "./acp-client.js";
import { ACP_DEFS, type AcpDef } from "./acp-conformance.js";
import { insertProduct } from "./fixtures.js";

/**
 * Every ACP response body is validated against the spec's JSON Schema
 * (schema.agentic_checkout.json + schema.discount.json, Ajv 2020 in Node; see
 * acp-conformance.ts) by acp-client.ts, in the test that received it — here
 * and in acp.test.ts. This file makes sure that machinery is real: the schema
 * is loaded (a missing schema FAILS, it is never skipped), the validator
 * rejects bad bodies, every response shape and every session status the
 * server can produce is covered.
 */

const cfg = inject("acpConformance");

beforeAll(async () => {
  await insertProduct({
    id: "fx_acpc_cup",
    title: "Conformance Cup",
    category: "home",
    variants: [{ sku: "ACPC-CUP", price: 1800, stock: 100 }],
  });
  await insertProduct({
    id: "fx_acpc_none",
    title: "Conformance Ghost",
    category: "home",
    variants: [{ sku: "ACPC-NONE", price: 900, stock: 0 }],
  });
});

async function verdict(def: AcpDef, body: unknown): Promise<{ valid: boolean; errors: string[] }> {
  const res = await fetch(`${cfg.url}/validate`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ def, body }),
  });
  return (await res.json()) as { valid: boolean; errors: string[] };
}

describe("ACP conformance machinery", () => {
  it("loaded the ACP 2026-04-17 JSON Schema in Node", () => {
    // Not a skip: without the vendored test/fixtures/acp-2026-04-17 (or ACP_SPEC_DIR) this fails, in CI and locally.
    expect(cfg.error, cfg.error ?? "").toBeNull();
    expect(cfg.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("rejects bodies that break the schema (the validator is not vacuous)", async () => {
    const bad: [AcpDef, unknown][] = [
      ["Error", { type: "teapot", code: "x", message: "y" }],
      ["Error", { error: { code: "not_found", message: "our own API's shape" } }],
      [
        "CheckoutSession",
        {
          id: "cs_1",
          status: "paid",
          currency: "usd",
          line_items: [],
          totals: [],
          fulfillment_options: [],
          messages: [],
          links: [],
          capabilities: {},
        },
      ],
      [
        "CheckoutSession",
        {
          id: "cs_1",
          status: "ready_for_payment",
          currency: "usd",
          line_items: [],
          totals: [{ type: "total", display_text: "Total", amount: 12.5 }],
          fulfillment_options: [],
          messages: [],
          links: [],
          capabilities: {},
        },
      ],
      [
        "CheckoutSessionWithOrder",
        {
          id: "cs_1",
          status: "completed",
          currency: "usd",
          line_items: [],
          totals: [],
          fulfillment_options: [],
          messages: [],
          links: [],
          capabilities: {},
        },
      ],
      [
        "CheckoutSession",
        {
          id: "cs_1",
          status: "ready_for_payment",
          currency: "usd",
          line_items: [],
          totals: [],
          fulfillment_options: [],
          messages: [],
          links: [],
          capabilities: {},
          discounts: { rejected: [{ code: "X", reason: "nope" }] },
        },
      ],
      [
        "DiscoveryResponse",
        {
          protocol: { name: "acp", version: "2026-04-17" },
          api_base_url: "https://x.test",
          transports: ["rest"],
          capabilities: { services: ["checkout"] },
        },
      ],
    ];
    for (const [def, body] of bad) expect((await verdict(def, body)).valid, JSON.stringify(body)).toBe(false);
  });
});

describe("every ACP response shape conforms", () => {
  it("covers discovery, every endpoint's success, the session statuses and the error responses", async () => {
    await acp("GET", "/.well-known/acp.json", { apiKey: null, version: null });
    const statuses = new Set<string>();
    const see = (body: { status?: string }) => body.status && statuses.add(body.status);

    // not_ready → ready → completed (with order), GET of each.
    const s = await createSession([{ id: "ACPC-CUP", quantity: 2 }], {
      discounts: { codes: ["WELCOME10", "BOGUS"] },
      buyer: { email: "c@example.com", first_name: "Con" },
    });
    see(s);
    const ready = await acp("POST", `/checkout_sessions/${s.id}`, {
      body: { fulfillment_details: fulfillment, order_notes: "ring twice" },
    });
    see(ready.body);
    see((await acp("GET", `/checkout_sessions/${s.id}`)).body);
    const declined = await acp("POST", `/checkout_sessions/${s.id}/complete`, {
      body: { payment_data: paymentData("spt_declined_tour") },
    });
    expect(declined.body.messages).toContainEqual(expect.objectContaining({ code: "payment_declined" }));
    const done = await acp("POST", `/checkout_sessions/${s.id}/complete`, {
      body: { payment_data: paymentData("spt_tour") },
    });
    expect(done.def).toBe("CheckoutSessionWithOrder");
    see(done.body);
    see((await acp("GET", `/checkout_sessions/${s.id}`)).body);
    expect((await acp("POST", `/checkout_sessions/${s.id}/cancel`)).status).toBe(405);

    // Out of stock, then canceled.
    const oos = await createSession([{ id: "ACPC-NONE" }], { fulfillment_details: fulfillment });
    see(oos);
    const canceled = await acp("POST", `/checkout_sessions/${oos.id}/cancel`, {
      body: { intent_trace: { reason_code: "timing_deferred" } },
    });
    see(canceled.body);

    // Errors: 400 (validation, version, idempotency key), 401, 404, 409, 415, 422.
    expect((await acp("POST", "/checkout_sessions", { body: createBody([{ id: "NOPE" }]) })).status).toBe(400);
    expect(
      (await acp("POST", "/checkout_sessions", { body: createBody([{ id: "ACPC-CUP" }]), idempotencyKey: null }))
        .status,
    ).toBe(400);
    expect((await acp("GET", `/checkout_sessions/${s.id}`, { version: "1999-01-01" })).status).toBe(400);
    expect((await acp("GET", `/checkout_sessions/${s.id}`, { apiKey: "wrong" })).status).toBe(401);
    expect((await acp("GET", "/checkout_sessions/cs_ffffffffffffffffffffffffffffffff")).status).toBe(404);
    expect((await acp("POST", "/checkout_sessions/whatever/else/entirely", { body: {} })).status).toBe(404);
    expect(
      (await acp("POST", "/checkout_sessions", { body: "{}", headers: { "content-type": "text/plain" } })).status,
    ).toBe(415);
    const key = crypto.randomUUID();
    await acp("POST", "/checkout_sessions", { body: createBody([{ id: "ACPC-CUP" }]), idempotencyKey: key });
    expect(
      (
        await acp("POST", "/checkout_sessions", {
          body: createBody([{ id: "ACPC-CUP", quantity: 2 }]),
          idempotencyKey: key,
        })
      ).status,
    ).toBe(422);
    const storm = await createSession([{ id: "ACPC-CUP" }], { fulfillment_details: fulfillment });
    const stormKey = crypto.randomUUID();
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        acp("POST", `/checkout_sessions/${storm.id}/complete`, {
          body: { payment_data: paymentData("spt_storm") },
          idempotencyKey: stormKey,
        }),
      ),
    );
    expect(results.map((r) => r.status)).toContain(409);

    expect([...statuses].sort()).toEqual(["canceled", "completed", "not_ready_for_payment", "ready_for_payment"]);
    for (const def of ACP_DEFS) expect(validated.get(def) ?? 0, def).toBeGreaterThan(0);
  });
});

describe("rendered states the tour cannot reach conform too", () => {
  const now = Date.parse("2026-05-01T12:00:00Z");
  const record: SessionRecord = {
    id: "cs_0123456789abcdef0123456789abcdef",
    currency: "usd",
    createdAt: now - 60_000,
    updatedAt: now,
    expiresAt: now + 86_400_000,
    origin: "https://shop.example",
    buyer: { email: "b@example.com" },
    fulfillmentDetails: fulfillment,
    billingAddress: null,
    discountExtension: true,
    locale: "en-US",
    timezone: "Europe/Berlin",
    metadata: { source: "test" },
    orderNotes: "leave at door",
    canceled: false,
    quoteId: "q_1",
    shownHash: "h",
    orderId: "ord_1",
    orderQuoteId: "q_1",
    paymentError: null,
  };
  const content: QuoteContent = {
    currency: "USD",
    lines: [
      {
        sku: "A-1",
        productId: "p_a",
        title: "Alpha",
        color: "red",
        size: "L",
        quantity: 2,
        unitAmount: 1000,
        lineTotal: 2000,
        discount: 200,
      },
      {
        sku: "B-1",
        productId: "p_b",
        title: "Beta",
        color: null,
        size: null,
        quantity: 1,
        unitAmount: 25,
        lineTotal: 25,
        discount: 0,
      },
    ],
    discounts: [{ code: "SAVE", amount: 200 }],
    fees: [{ label: "Small-order card fee", amount: 25 }],
    subtotal: 2025,
    discountTotal: 200,
    feeTotal: 25,
    total: 1850,
  };
  const base: SessionView = {
    record,
    status: "ready_for_payment",
    content,
    codes: ["SAVE", "AMOUNT5", "SAVE"],
    applied: [
      {
        code: "SAVE",
        name: "10% off",
        kind: "percent_off",
        value: 1000,
        amount: 200,
        allocations: [{ lineIndex: 0, amount: 200 }],
      },
      { code: "AMOUNT5", name: "$5 off", kind: "amount_off", value: 500, amount: 0, allocations: [] },
    ],
    rejected: [{ code: "SAVE", reason: "discount_code_already_applied", message: "SAVE was entered more than once." }],
    variants: null,
    messages: [
      msg.rateLimited(30),
      msg.outOfStock("Alpha", 0),
      msg.quantityExceeded("Alpha", 0, 1, 2),
      msg.noLongerSold("Z-9"),
      msg.emptyCart(),
      msg.missingAddress(),
      msg.paymentDeclined("Your card was declined."),
      msg.discountRejected("discount_code_usage_limit_reached", "Used up.", 1),
      msg.priceChanged(["Alpha now costs $11.00 (was $10.00)."]),
      msg.sessionCanceled(),
      msg.notPlaced("Sorry, some items sold out just now, so nothing was charged. Say “checkout” to try again."),
      msg.info("Payment for order ord_1 needs the buyer."),
    ],
    quote: { id: "q_1", expiresAt: now + 600_000 },
    order: null,
    now,
  };
  const cases: [string, SessionView][] = [
    ["every message kind (rate_limited reserved for the edge limiter)", base],
    ["expired", { ...base, status: "expired", quote: null }],
    ["complete_in_progress", { ...base, status: "complete_in_progress", messages: [], quote: null }],
    [
      "not ready, no extension",
      {
        ...base,
        status: "not_ready_for_payment",
        record: { ...record, discountExtension: false, buyer: null, metadata: null },
      },
    ],
    [
      "completed",
      { ...base, status: "completed", messages: [], quote: null, order: { id: "ord_1", status: "paid", content } },
    ],
    [
      "completed, then refunded",
      { ...base, status: "completed", messages: [], quote: null, order: { id: "ord_1", status: "refunded", content } },
    ],
  ];
  it.each(cases)("%s", async (_label, view) => {
    const body = sessionJson(view);
    await conform(view.order ? "CheckoutSessionWithOrder" : "CheckoutSession", body);
  });
});
