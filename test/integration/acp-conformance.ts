/**
 * ACP conformance: the spec's JSON Schema, compiled with Ajv in Node.
 *
 * Why a service: tests run inside workerd, which can neither read the
 * filesystem nor run Ajv (its generated validators use `new Function`). So
 * this module, registered as an integration globalSetup (vitest.config.ts),
 * reads schema.agentic_checkout.json and schema.discount.json from the
 * vendored spec (test/fixtures/acp-2026-04-17; ACP_SPEC_DIR overrides),
 * compiles them with Ajv 2020 + ajv-formats, and serves
 * `POST /validate { def, body }` on 127.0.0.1 (free port). Its URL reaches the
 * tests through `inject("acpConformance")`; test/integration/acp-client.ts
 * sends every ACP response body there, in the same test that received it.
 *
 * A missing schema does not crash the whole integration run here: the
 * provided context carries the reason, and every ACP conformance check (and
 * acp-conformance.test.ts) FAILS with it — in CI and locally alike.
 */
import { readFileSync, existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { ErrorObject, ValidateFunction } from "ajv";
import type { TestProject } from "vitest/node";
import { parse as parseYaml } from "yaml";
import { acpSpecDir, acpSpecFile } from "../acp-spec.js";

export interface AcpConformanceContext {
  /** Base URL of the validation service; null when the schema could not be loaded. */
  url: string | null;
  /** Why validation is unavailable (always set when url is null). */
  error: string | null;
  schemaDir: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    acpConformance: AcpConformanceContext;
  }
}

/** The response shapes ACP routes produce, by `$defs` name of schema.agentic_checkout.json. */
export const ACP_DEFS = ["CheckoutSession", "CheckoutSessionWithOrder", "Error", "DiscoveryResponse"] as const;
/** What the shop sends to an agent: the order events of openapi.agentic_checkout_webhook.yaml. */
export const ACP_WEBHOOK_DEFS = ["WebhookEvent"] as const;
export type AcpDef = (typeof ACP_DEFS)[number] | (typeof ACP_WEBHOOK_DEFS)[number];

const DISCOUNT_ID = "https://agentic-commerce-protocol.com/schemas/discount.json";
const WEBHOOK_ID = "https://agentic-commerce-protocol.com/schemas/webhook.json";
// schema.discount.json refers to "schema.agentic_checkout.json#/…" relative to its own $id.
const CHECKOUT_ALIAS = "https://agentic-commerce-protocol.com/schemas/schema.agentic_checkout.json";

export interface Validators {
  validate(def: AcpDef, body: unknown): { valid: boolean; errors: string[] };
}

function describe(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? [])
    .slice(0, 20)
    .map((e) => `${e.instancePath || "/"} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`);
}

/** Loads and compiles the schemas; throws with a clear message when they are missing. */
export function loadValidators(dir = acpSpecDir()): Validators {
  const checkoutPath = path.join(dir, acpSpecFile.checkoutSchema);
  const discountPath = path.join(dir, acpSpecFile.discountSchema);
  const webhookPath = path.join(dir, acpSpecFile.webhookOpenApi);
  for (const file of [checkoutPath, discountPath, webhookPath]) {
    if (!existsSync(file)) {
      throw new Error(
        `ACP JSON Schema not found: ${file}. The conformance tests read the vendored ACP 2026-04-17 reference ` +
          `(test/fixtures/acp-2026-04-17), or the copy ACP_SPEC_DIR points at.` +
          (process.env.CI ? " CI is set: this is a failure, not a skip." : ""),
      );
    }
  }
  const checkout = JSON.parse(readFileSync(checkoutPath, "utf8")) as { $id: string };
  const discount = JSON.parse(readFileSync(discountPath, "utf8")) as { $id: string };
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
  });
  ajv.addKeyword("example");
  addFormats(ajv);
  ajv.addSchema(checkout);
  ajv.addSchema({ ...checkout, $id: CHECKOUT_ALIAS });
  ajv.addSchema(discount);
  ajv.addSchema(webhookSchemas(readFileSync(webhookPath, "utf8"), checkout.$id));
  const compiled = new Map<string, ValidateFunction>();
  const get = (ref: string) => {
    let v = compiled.get(ref);
    if (!v) {
      v = ajv.getSchema(ref);
      if (!v) throw new Error(`no schema at ${ref}`);
      compiled.set(ref, v);
    }
    return v;
  };
  const refOf = (def: AcpDef) =>
    (ACP_WEBHOOK_DEFS as readonly string[]).includes(def)
      ? `${WEBHOOK_ID}#/$defs/${def}`
      : `${checkout.$id}#/$defs/${def}`;
  for (const def of [...ACP_DEFS, ...ACP_WEBHOOK_DEFS]) get(refOf(def));
  get(`${DISCOUNT_ID}#/$defs/checkout_with_discount`);
  return {
    validate(def, body) {
      const errors: string[] = [];
      const main = get(refOf(def));
      if (!main(body)) errors.push(...describe(main.errors).map((e) => `${def}: ${e}`));
      // Sessions with the discount extension must also satisfy the extension's own schema.
      if (
        (def === "CheckoutSession" || def === "CheckoutSessionWithOrder") &&
        body &&
        typeof body === "object" &&
        "discounts" in body
      ) {
        const ext = get(`${DISCOUNT_ID}#/$defs/checkout_with_discount`);
        if (!ext(body)) errors.push(...describe(ext.errors).map((e) => `discount.json checkout_with_discount: ${e}`));
      }
      return { valid: errors.length === 0, errors };
    },
  };
}

/**
 * The webhook document's components as a JSON Schema: its `#/components/schemas/…`
 * refs become `#/$defs/…`, and its ref to the checkout document's Order points
 * at the same Order of schema.agentic_checkout.json.
 */
function webhookSchemas(yamlText: string, checkoutId: string): object {
  const doc = parseYaml(yamlText) as { components: { schemas: Record<string, unknown> } };
  const json = JSON.stringify(doc.components.schemas)
    .replaceAll('"./openapi.agentic_checkout.yaml#/components/schemas/', `"${checkoutId}#/$defs/`)
    .replaceAll('"#/components/schemas/', '"#/$defs/');
  return { $id: WEBHOOK_ID, $defs: JSON.parse(json) as object };
}

function isDef(v: unknown): v is AcpDef {
  return typeof v === "string" && ([...ACP_DEFS, ...ACP_WEBHOOK_DEFS] as readonly string[]).includes(v);
}

/** Serves POST /validate { def, body } → { valid, errors }. */
export async function startValidationService(validators: Validators): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const answer = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      if (req.method !== "POST" || req.url !== "/validate") return answer(404, { error: "POST /validate" });
      try {
        const { def, body } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { def: unknown; body: unknown };
        if (!isDef(def)) return answer(400, { error: `def must be one of ${ACP_DEFS.join(", ")}` });
        return answer(200, validators.validate(def, body));
      } catch (err) {
        return answer(400, { error: String(err) });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server };
}

export default async function setup(project: TestProject) {
  const dir = acpSpecDir();
  let validators: Validators;
  try {
    validators = loadValidators(dir);
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    console.error(`[acp-conformance] ${error}`);
    project.provide("acpConformance", { url: null, error, schemaDir: dir });
    return;
  }
  const service = await startValidationService(validators);
  project.provide("acpConformance", { url: service.url, error: null, schemaDir: dir });
  return async () => {
    await new Promise<void>((resolve) => service.server.close(() => resolve()));
  };
}
