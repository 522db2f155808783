// The vitest project for the model planner: the same Worker, with
// LLM_BASE_URL pointing at the OpenAI-compatible stand-in, so every chat turn
// below reaches /chat/completions over real HTTP.
import { cloudflareTest, type readD1Migrations } from "@cloudflare/vitest-plugin";
import type { TestProjectConfiguration } from "vitest/config";
import {
  STRIPE_TEST_KEY,
  STRIPE_WEBHOOK_SECRET,
  TELEGRAM_TEST_SECRET,
  TELEGRAM_TEST_TOKEN,
} from "../integration/global-setup.js";

import { LLM_TEST_TIMEOUT_MS } from "./constants.js";
import { TEST_LIMITS } from "../integration/test-limits.js";

export function llmProject(migrations: Awaited<ReturnType<typeof readD1Migrations>>): TestProjectConfiguration {
  return {
    plugins: [
      cloudflareTest(({ inject }) => ({
        wrangler: { configPath: "./wrangler.toml" },
        remoteBindings: false,
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            ...TEST_LIMITS,
            STRIPE_SECRET_KEY: STRIPE_TEST_KEY,
            STRIPE_WEBHOOK_SECRET,
            STRIPE_API_BASE: inject("llmStripeUrl"),
            SHOP_URL: "http://shop.test",
            LLM_BASE_URL: inject("modelUrl"),
            LLM_API_KEY: "sk-stand-in",
            LLM_MODEL: "qwen-stand-in",
            LLM_TIMEOUT_MS: LLM_TEST_TIMEOUT_MS,
            TELEGRAM_BOT_TOKEN: TELEGRAM_TEST_TOKEN,
            TELEGRAM_WEBHOOK_SECRET: TELEGRAM_TEST_SECRET,
            TELEGRAM_API_BASE: inject("llmTelegramUrl"),
          },
        },
      })),
    ],
    test: {
      name: "integration-llm",
      include: ["test/integration-llm/**/*.test.ts"],
      setupFiles: ["test/integration/setup.ts"],
      globalSetup: ["test/integration-llm/global-setup.ts"],
    },
  };
}
