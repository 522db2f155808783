import type { TestProject } from "vitest/node";
import { startAcpWebhookStandIn } from "../stand-ins/acp-webhook/index.js";
import { loadValidators } from "./acp-conformance.js";

/** The signing secret the Worker under test shares with the agent's webhook stand-in. */
export const ACP_WEBHOOK_SECRET = "whsec_acp_order_events_integration";

declare module "vitest" {
  export interface ProvidedContext {
    acpWebhookUrl: string;
  }
}

/**
 * The agent's order-events webhook, in Node for the whole integration run:
 * it checks each event's signature and validates it against the vendored
 * spec's WebhookEvent schema (acp-conformance.ts). A schema that cannot be
 * loaded makes every event invalid, so the order-event tests fail rather than skip.
 */
export default async function setup(project: TestProject) {
  let validate: (body: unknown) => string[];
  try {
    const validators = loadValidators();
    validate = (body) => validators.validate("WebhookEvent", body).errors;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    validate = () => [reason];
  }
  const standIn = await startAcpWebhookStandIn({ secret: ACP_WEBHOOK_SECRET, validate });
  project.provide("acpWebhookUrl", standIn.url);
  return () => standIn.close();
}
