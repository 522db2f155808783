import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { acpSpecDir, acpSpecFile } from "../../test/acp-spec.js";
import type { z } from "zod";
import {
  CancelSessionRequest,
  CheckoutSessionCompleteRequest,
  CheckoutSessionCreateRequest,
  CheckoutSessionUpdateRequest,
} from "./schemas.js";

/**
 * The zod request schemas mirror the spec's JSON Schema: on the spec's own
 * example requests and on a set of broken ones, zod and Ajv (2020, with
 * formats) agree — except for the documented leniencies in schemas.ts.
 * A missing spec directory fails these tests (never skips).
 */
const dir = acpSpecDir();
const schemaFile = path.join(dir, acpSpecFile.checkoutSchema);
const examplesFile = path.join(dir, acpSpecFile.checkoutExamples);

const defs = {
  CheckoutSessionCreateRequest,
  CheckoutSessionUpdateRequest,
  CheckoutSessionCompleteRequest,
  CancelSessionRequest,
} satisfies Record<string, z.ZodType>;
type Def = keyof typeof defs;

function load() {
  if (!existsSync(schemaFile) || !existsSync(examplesFile)) {
    throw new Error(`ACP spec not found at ${dir} (the vendored test/fixtures/acp-2026-04-17, or ACP_SPEC_DIR).`);
  }
  const schema = JSON.parse(readFileSync(schemaFile, "utf8")) as { $id: string };
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addSchema(schema);
  const ajvAccepts = (def: Def, body: unknown) => ajv.getSchema(`${schema.$id}#/$defs/${def}`)!(body) as boolean;
  const examples = JSON.parse(readFileSync(examplesFile, "utf8")) as Record<string, unknown>;
  return { ajvAccepts, examples };
}

const zodAccepts = (def: Def, body: unknown) => defs[def].safeParse(body).success;

function defOf(exampleName: string): Def {
  if (exampleName.startsWith("create")) return "CheckoutSessionCreateRequest";
  if (exampleName.startsWith("update")) return "CheckoutSessionUpdateRequest";
  if (exampleName.startsWith("complete")) return "CheckoutSessionCompleteRequest";
  return "CancelSessionRequest";
}

const create = { line_items: [{ id: "SKU-1" }], currency: "usd", capabilities: {} };
const pay = { handler_id: "card_tokenized", instrument: { type: "card", credential: { type: "spt", token: "spt_1" } } };
const addr = { name: "A", line_one: "1 Road", city: "SF", state: "CA", country: "US", postal_code: "94107" };

const broken: [Def, string, unknown][] = [
  ["CheckoutSessionCreateRequest", "no line_items", { currency: "usd", capabilities: {} }],
  ["CheckoutSessionCreateRequest", "empty line_items", { ...create, line_items: [] }],
  ["CheckoutSessionCreateRequest", "no currency", { line_items: create.line_items, capabilities: {} }],
  ["CheckoutSessionCreateRequest", "no capabilities", { line_items: create.line_items, currency: "usd" }],
  ["CheckoutSessionCreateRequest", "unknown top-level field", { ...create, items: [] }],
  ["CheckoutSessionCreateRequest", "item without id", { ...create, line_items: [{ name: "x" }] }],
  ["CheckoutSessionCreateRequest", "unknown item field", { ...create, line_items: [{ id: "a", price: 1 }] }],
  [
    "CheckoutSessionCreateRequest",
    "fractional unit_amount",
    { ...create, line_items: [{ id: "a", unit_amount: 1.5 }] },
  ],
  ["CheckoutSessionCreateRequest", "buyer without email", { ...create, buyer: { first_name: "A" } }],
  ["CheckoutSessionCreateRequest", "buyer with bad email", { ...create, buyer: { email: "not-an-email" } }],
  [
    "CheckoutSessionCreateRequest",
    "address without postal_code",
    { ...create, fulfillment_details: { address: { ...addr, postal_code: undefined } } },
  ],
  [
    "CheckoutSessionCreateRequest",
    "bad intervention",
    { ...create, capabilities: { interventions: { supported: ["sms"] } } },
  ],
  ["CheckoutSessionCreateRequest", "discount codes not strings", { ...create, discounts: { codes: [1] } }],
  [
    "CheckoutSessionCreateRequest",
    "affiliate without token or publisher",
    { ...create, affiliate_attribution: { provider: "impact.com" } },
  ],
  ["CheckoutSessionCreateRequest", "order_notes too long", { ...create, order_notes: "x".repeat(5001) }],
  ["CheckoutSessionCreateRequest", "metadata not an object", { ...create, metadata: "x" }],
  ["CheckoutSessionUpdateRequest", "unknown field", { status: "completed" }],
  [
    "CheckoutSessionUpdateRequest",
    "selected option without item_ids",
    { selected_fulfillment_options: [{ type: "shipping", option_id: "s" }] },
  ],
  [
    "CheckoutSessionUpdateRequest",
    "selected option of unknown type",
    { selected_fulfillment_options: [{ type: "drone", option_id: "s", item_ids: [] }] },
  ],
  ["CheckoutSessionUpdateRequest", "null line_items", { line_items: null }],
  ["CheckoutSessionCompleteRequest", "no payment_data", {}],
  ["CheckoutSessionCompleteRequest", "payment_data without handler or PO", { payment_data: { billing_address: addr } }],
  [
    "CheckoutSessionCompleteRequest",
    "instrument without credential",
    { payment_data: { handler_id: "h", instrument: { type: "card" } } },
  ],
  [
    "CheckoutSessionCompleteRequest",
    "credential without token",
    { payment_data: { handler_id: "h", instrument: { type: "card", credential: { type: "spt" } } } },
  ],
  [
    "CheckoutSessionCompleteRequest",
    "authenticated without details",
    { payment_data: pay, authentication_result: { outcome: "authenticated" } },
  ],
  ["CheckoutSessionCompleteRequest", "bad payment_terms", { payment_data: { ...pay, payment_terms: "net_7" } }],
  [
    "CheckoutSessionCompleteRequest",
    "marketing consent without opted_in",
    { payment_data: pay, marketing_consents: [{ channel: "email" }] },
  ],
  ["CancelSessionRequest", "intent trace without reason", { intent_trace: { trace_summary: "x" } }],
  [
    "CancelSessionRequest",
    "trace summary too long",
    { intent_trace: { reason_code: "other", trace_summary: "x".repeat(501) } },
  ],
];

describe("ACP request schemas mirror schema.agentic_checkout.json", () => {
  const { ajvAccepts, examples } = load();

  const requestExamples = Object.entries(examples).filter(([name]) => /_request(_|$)/.test(name));
  it("found the spec's example requests", () => {
    expect(requestExamples.length).toBeGreaterThanOrEqual(8);
  });

  it.each(requestExamples)("accepts the spec example %s, as Ajv does", (name, body) => {
    const def = defOf(name);
    expect(ajvAccepts(def, body)).toBe(true);
    expect(defs[def].safeParse(body).error?.issues ?? []).toEqual([]);
  });

  it.each(broken)("%s: rejects %s, as Ajv does", (def, _label, body) => {
    expect(ajvAccepts(def, body)).toBe(false);
    expect(zodAccepts(def, body)).toBe(false);
  });

  // The documented leniencies (schemas.ts): accepted by zod, refused by the schema.
  const wider: [Def, string, unknown][] = [
    [
      "CheckoutSessionCreateRequest",
      "quantity on items (#264)",
      { ...create, line_items: [{ id: "SKU-1", quantity: 2 }] },
    ],
    ["CheckoutSessionCreateRequest", "capabilities.extensions: []", { ...create, capabilities: { extensions: [] } }],
    ["CancelSessionRequest", "an unknown intent reason_code", { intent_trace: { reason_code: "buyer_initiated" } }],
  ];
  it.each(wider)("%s: accepts %s (knowingly wider than the schema)", (def, _label, body) => {
    expect(ajvAccepts(def, body)).toBe(false);
    expect(zodAccepts(def, body)).toBe(true);
  });

  it("still bounds quantity: a positive integer", () => {
    for (const quantity of [0, -1, 1.5, "2"])
      expect(zodAccepts("CheckoutSessionCreateRequest", { ...create, line_items: [{ id: "SKU-1", quantity }] })).toBe(
        false,
      );
  });
});
