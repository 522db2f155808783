import type { TestProject } from "vitest/node";
import { startStripeStandIn } from "../stand-ins/stripe/index.js";
import { startTelegramStandIn } from "../stand-ins/telegram/index.js";
import { startWhatsAppStandIn } from "../stand-ins/whatsapp/index.js";
import { startUpstashForTests } from "./upstash-setup.js";

export const STRIPE_TEST_KEY = "sk_test_integration";
export const STRIPE_WEBHOOK_SECRET = "whsec_integration_secret";
export const TELEGRAM_TEST_TOKEN = "4242:integration-bot-token";
export const TELEGRAM_TEST_SECRET = "integration-telegram-secret";
export const WHATSAPP_TEST_TOKEN = "integration-whatsapp-token";
export const WHATSAPP_TEST_APP_SECRET = "integration-whatsapp-app-secret";
export const WHATSAPP_TEST_VERIFY_TOKEN = "integration-verify-token";

declare module "vitest" {
  export interface ProvidedContext {
    stripeUrl: string;
    telegramUrl: string;
    whatsappUrl: string;
  }
}

/**
 * The provider stand-ins run in Node for the whole integration run; the
 * Worker under test talks real HTTP to them. Webhooks are not pushed (the
 * Worker under test has no port): tests read what the stand-ins recorded and
 * post provider webhooks, signed, through the Worker's fetch.
 */
export default async function setup(project: TestProject) {
  const stripe = await startStripeStandIn({ port: 0, apiKey: STRIPE_TEST_KEY });
  const telegram = await startTelegramStandIn({ token: TELEGRAM_TEST_TOKEN, port: 0 });
  const whatsapp = await startWhatsAppStandIn({ accessToken: WHATSAPP_TEST_TOKEN, port: 0 });
  project.provide("stripeUrl", stripe.url);
  project.provide("telegramUrl", telegram.url);
  project.provide("whatsappUrl", whatsapp.apiBase);
  // A private redis-server behind the local Upstash REST server (skipped, loudly, without redis outside CI).
  const upstash = await startUpstashForTests();
  project.provide("upstashUrl", "url" in upstash ? upstash.url : "");
  project.provide("upstashToken", "url" in upstash ? upstash.token : "");
  project.provide("upstashSkipped", "skipped" in upstash ? upstash.skipped : "");
  return async () => {
    await Promise.all([
      stripe.close(),
      telegram.close(),
      whatsapp.close(),
      "stop" in upstash ? upstash.stop() : undefined,
    ]);
  };
}
