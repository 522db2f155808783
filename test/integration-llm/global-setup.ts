import type { TestProject } from "vitest/node";
import { startModelStandIn } from "../stand-ins/model/server.js";
import { startStripeStandIn } from "../stand-ins/stripe/index.js";
import { STRIPE_TEST_KEY } from "../integration/global-setup.js";

declare module "vitest" {
  export interface ProvidedContext {
    modelUrl: string;
    modelOrigin: string;
    llmStripeUrl: string;
  }
}

/** The model stand-in (and Stripe, for quotes) for the Worker whose LLM_BASE_URL points at it. */
export default async function setup(project: TestProject) {
  const model = await startModelStandIn();
  const stripe = await startStripeStandIn({ port: 0, apiKey: STRIPE_TEST_KEY });
  project.provide("modelUrl", model.url);
  project.provide("modelOrigin", model.origin);
  project.provide("llmStripeUrl", stripe.url);
  return async () => {
    await Promise.all([model.close(), stripe.close()]);
  };
}
