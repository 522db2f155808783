import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Where the ACP 2026-04-17 reference lives: vendored in the repository
 * (test/fixtures/acp-2026-04-17, with its licence), so a fresh clone tests
 * itself. ACP_SPEC_DIR points the tests at another copy with the same layout.
 */
export const VENDORED_ACP_SPEC_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "fixtures/acp-2026-04-17",
);

export function acpSpecDir(): string {
  return process.env.ACP_SPEC_DIR || VENDORED_ACP_SPEC_DIR;
}

export const acpSpecFile = {
  checkoutSchema: "spec/2026-04-17/json-schema/schema.agentic_checkout.json",
  discountSchema: "spec/2026-04-17/json-schema/schema.discount.json",
  checkoutExamples: "examples/2026-04-17/examples.agentic_checkout.json",
  webhookOpenApi: "spec/2026-04-17/openapi/openapi.agentic_checkout_webhook.yaml",
} as const;
