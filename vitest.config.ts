import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { STRIPE_TEST_KEY, STRIPE_WEBHOOK_SECRET } from "./test/integration/global-setup.js";

const migrations = await readD1Migrations("db/migrations");

export default defineConfig({
  test: {
    reporters: ["default", "./test/summary-reporter.ts"],
    projects: [
      {
        // Pure logic: plain Node, no bindings, fast.
        test: {
          name: "unit",
          include: ["worker/**/*.test.ts", "db/**/*.test.ts", "schema/**/*.test.ts", "test/stand-ins/**/*.test.ts"],
          environment: "node",
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
                STRIPE_SECRET_KEY: STRIPE_TEST_KEY,
                STRIPE_WEBHOOK_SECRET,
                STRIPE_API_BASE: inject("stripeUrl"),
                PAYMENT_PAGE_BASE: inject("stripeUrl"),
              },
            },
          })),
        ],
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          setupFiles: ["test/integration/setup.ts"],
          globalSetup: ["test/integration/global-setup.ts"],
        },
      },
    ],
  },
});
