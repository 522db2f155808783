import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { configDefaults, defineConfig } from "vitest/config";
import {
  STRIPE_TEST_KEY,
  STRIPE_WEBHOOK_SECRET,
  TELEGRAM_TEST_SECRET,
  TELEGRAM_TEST_TOKEN,
  WHATSAPP_TEST_APP_SECRET,
  WHATSAPP_TEST_TOKEN,
  WHATSAPP_TEST_VERIFY_TOKEN,
} from "./test/integration/global-setup.js";
import { llmProject } from "./test/integration-llm/project.js";
import { SERVER_TESTS } from "./test/server-tests.js";
import { TEST_LIMITS } from "./test/integration/test-limits.js";
import { ACP_WEBHOOK_SECRET } from "./test/integration/acp-webhook-setup.js";

const migrations = await readD1Migrations("db/migrations");

export default defineConfig({
  test: {
    reporters: ["default", "./test/summary-reporter.ts"],
    projects: [
      {
        // Pure logic: plain Node, no bindings, no servers, fast.
        test: {
          name: "unit",
          include: [
            "worker/**/*.test.ts",
            "db/**/*.test.ts",
            "schema/**/*.test.ts",
            "bench/lib/**/*.test.ts",
            "web/**/*.test.ts",
          ],
          exclude: [...configDefaults.exclude, ...SERVER_TESTS],
          environment: "node",
          // Pure modules hold nothing a later file could trip over, so the files share one module
          // graph per worker instead of importing it afresh each (25 s → 10–16 s here). Shuffled runs
          // (`--sequence.shuffle`) pass, so no file depends on another's leftovers.
          isolate: false,
          // Property tests run thousands of cases; on a busy 2-core machine 5 s is too tight.
          testTimeout: 30_000,
        },
      },
      {
        // Node tests that start a stand-in, an HTTP server, redis-server or a child process.
        test: {
          name: "servers",
          include: SERVER_TESTS,
          environment: "node",
          testTimeout: 30_000,
        },
      },
      {
        // Routes, Durable Objects and D1 inside the real Workers runtime.
        plugins: [
          cloudflareTest(({ inject }) => ({
            wrangler: { configPath: "./wrangler.toml" },
            remoteBindings: false,
            miniflare: {
              bindings: {
                TEST_MIGRATIONS: migrations,
                STOREFRONT_JWT_SECRET: "test-storefront-secret-0123456789abcdef",
                ACP_API_KEY: "test-acp-key",
                ACP_ORDER_WEBHOOK_URL: `${inject("acpWebhookUrl")}/agentic_checkout/webhooks/order_events`,
                ACP_ORDER_WEBHOOK_SECRET: ACP_WEBHOOK_SECRET,
                ADMIN_TOKEN: "test-admin-token",
                ...TEST_LIMITS,
                STRIPE_SECRET_KEY: STRIPE_TEST_KEY,
                STRIPE_WEBHOOK_SECRET,
                STRIPE_API_BASE: inject("stripeUrl"),
                // The origin the integration tests call the Worker at (test/integration/client.ts BASE).
                SHOP_URL: "http://shop.test",
                // Hung-Stripe tests delay the stand-in well past this budget.
                PAYMENT_TIMEOUT_MS: "4000",
                TELEGRAM_BOT_TOKEN: TELEGRAM_TEST_TOKEN,
                TELEGRAM_WEBHOOK_SECRET: TELEGRAM_TEST_SECRET,
                TELEGRAM_API_BASE: inject("telegramUrl"),
                WHATSAPP_ACCESS_TOKEN: WHATSAPP_TEST_TOKEN,
                WHATSAPP_APP_SECRET: WHATSAPP_TEST_APP_SECRET,
                WHATSAPP_VERIFY_TOKEN: WHATSAPP_TEST_VERIFY_TOKEN,
                WHATSAPP_API_BASE: inject("whatsappUrl"),
              },
            },
          })),
        ],
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          // Multi-step flows through workerd, D1 and the stand-ins: on a busy 2-core machine 5 s is too tight.
          testTimeout: 30_000,
          setupFiles: ["test/integration/setup.ts"],
          // acp-conformance.ts: ACP JSON Schema compiled with Ajv in Node, served to the workerd tests.
          globalSetup: [
            "test/integration/global-setup.ts",
            "test/integration/acp-conformance.ts",
            // The agent's order-events webhook (test/stand-ins/acp-webhook), checking signatures and the schema.
            "test/integration/acp-webhook-setup.ts",
          ],
        },
      },
      // The model planner against the OpenAI-compatible stand-in (LLM_BASE_URL set).
      llmProject(migrations),
      {
        // The pages and the chat widget in a real browser (Debian's chromium via
        // playwright-core) against a real `wrangler dev`, started by the global setup.
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.e2e.test.ts"],
          environment: "node",
          globalSetup: ["test/e2e/global-setup.ts"],
          // One browser and one dev server: files in turn keep the 2-core machines usable,
          // and only after unit and integration are done (their timing-sensitive tests
          // must not share the CPU with a browser).
          fileParallelism: false,
          sequence: { groupOrder: 1 },
          testTimeout: 90_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
