import type { TestProject } from "vitest/node";
import { startModelStandIn } from "../stand-ins/model/server.js";
import { startStripeStandIn } from "../stand-ins/stripe/index.js";
import { startTelegramStandIn } from "../stand-ins/telegram/index.js";
import { STRIPE_TEST_KEY, TELEGRAM_TEST_TOKEN } from "../integration/global-setup.js";

declare module "vitest" {
  export interface ProvidedContext {
    modelUrl: string;
    modelOrigin: string;
    llmStripeUrl: string;
    llmTelegramUrl: string;
  }
}

/** The model stand-in (and Stripe, for quotes) for the Worker whose LLM_BASE_URL points at it. */
export default async function setup(project: TestProject) {
  const model = await startModelStandIn();
  const stripe = await startStripeStandIn({ port: 0, apiKey: STRIPE_TEST_KEY });
  // Photos sent on Telegram are fetched from it (getFile) before the vision model sees them.
  const telegram = await startTelegramStandIn({ token: TELEGRAM_TEST_TOKEN, port: 0 });
  project.provide("llmTelegramUrl", telegram.url);
  project.provide("modelUrl", model.url);
  project.provide("modelOrigin", model.origin);
  project.provide("llmStripeUrl", stripe.url);
  return async () => {
    await Promise.all([model.close(), stripe.close(), telegram.close()]);
  };
}
