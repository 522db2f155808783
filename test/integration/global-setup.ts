import type { TestProject } from "vitest/node";
import { startStripeStandIn } from "../stand-ins/stripe/index.js";

export const STRIPE_TEST_KEY = "sk_test_integration";
export const STRIPE_WEBHOOK_SECRET = "whsec_integration_secret";

declare module "vitest" {
  export interface ProvidedContext {
    stripeUrl: string;
  }
}

/**
 * The Stripe stand-in runs in Node for the whole integration run; the Worker
 * under test talks real HTTP to it through the official SDK. Webhooks are not
 * pushed (the Worker under test has no port): tests read events from the
 * stand-in and post them, signed, to /webhooks/stripe.
 */
export default async function setup(project: TestProject) {
  const standIn = await startStripeStandIn({ port: 0, apiKey: STRIPE_TEST_KEY });
  project.provide("stripeUrl", standIn.url);
  return async () => {
    await standIn.close();
  };
}
