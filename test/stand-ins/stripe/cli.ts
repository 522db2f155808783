// Runs the Stripe stand-in in the foreground (used by `npm run dev` when no
// real STRIPE_SECRET_KEY is set):
//
//   node node_modules/tsx/dist/cli.mjs test/stand-ins/stripe/cli.ts --port 12111 \
//     [--webhook-url http://127.0.0.1:8787/webhooks/stripe --webhook-secret whsec_…] \
//     [--api-key sk_test_…] [--latency-ms 0] [--idempotency conflict|serialize] \
//     [--webhook-concurrency 1] [--webhook-tries 3] [--webhook-initial-delay-ms 50] \
//     [--webhook-max-delay-ms 200] [--webhook-timeout-ms 5000]
//
// Prints the URL on the first line of stdout and stops cleanly on SIGINT/SIGTERM.
import { parseArgs } from "node:util";
import { startStripeStandIn, type StripeStandInOptions } from "./server.js";
import type { RetryPolicy } from "./webhooks.js";

const USAGE =
  "usage: cli.ts [--port 12111] [--webhook-url URL --webhook-secret whsec_…] [--api-key sk_test_…] [--latency-ms N] [--idempotency conflict|serialize]\n" +
  "              [--webhook-concurrency N] [--webhook-tries N] [--webhook-initial-delay-ms N] [--webhook-max-delay-ms N] [--webhook-timeout-ms N]";

// Webhook retry policy flags (webhooks.ts RetryPolicy); unset ones keep the stand-in's defaults.
const RETRY_FLAGS = {
  "webhook-concurrency": "concurrency",
  "webhook-tries": "tries",
  "webhook-initial-delay-ms": "initialDelayMs",
  "webhook-max-delay-ms": "maxDelayMs",
  "webhook-timeout-ms": "timeoutMs",
} as const;

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        port: { type: "string", default: "12111" },
        "webhook-url": { type: "string" },
        "webhook-secret": { type: "string" },
        "api-key": { type: "string" },
        "latency-ms": { type: "string" },
        idempotency: { type: "string" },
        ...Object.fromEntries(Object.keys(RETRY_FLAGS).map((flag) => [flag, { type: "string" as const }])),
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    return fail((error as Error).message);
  }
})();

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be 0..65535, got ${values.port}`);

const options: StripeStandInOptions = { port };
const webhookUrl = values["webhook-url"];
const webhookSecret = values["webhook-secret"];
if (Boolean(webhookUrl) !== Boolean(webhookSecret)) fail("--webhook-url and --webhook-secret go together");
if (webhookUrl && webhookSecret) {
  if (!webhookSecret.startsWith("whsec_")) fail("--webhook-secret must start with whsec_");
  options.webhook = { url: webhookUrl, secret: webhookSecret };
}
if (values["api-key"]) options.apiKey = values["api-key"];
if (values["latency-ms"]) {
  const latency = Number(values["latency-ms"]);
  if (!Number.isInteger(latency) || latency < 0) fail("--latency-ms must be a non-negative integer");
  options.latencyMs = latency;
}
if (values.idempotency) {
  if (values.idempotency !== "conflict" && values.idempotency !== "serialize")
    fail("--idempotency must be conflict or serialize");
  options.idempotency = values.idempotency;
}

const retry: Partial<RetryPolicy> = {};
for (const [flag, field] of Object.entries(RETRY_FLAGS)) {
  const value = (values as Record<string, unknown>)[flag] as string | undefined;
  if (value === undefined) continue;
  const n = Number(value);
  if (!Number.isInteger(n) || n < (field === "initialDelayMs" || field === "maxDelayMs" ? 0 : 1))
    fail(`--${flag} must be a ${field.endsWith("Ms") ? "non-negative" : "positive"} integer`);
  retry[field] = n;
}
if (Object.keys(retry).length > 0) options.webhookRetry = retry;

const standIn = await startStripeStandIn(options).catch((error: NodeJS.ErrnoException) => {
  fail(error.code === "EADDRINUSE" ? `port ${port} is already in use` : error.message);
});

console.log(`Stripe stand-in listening on ${standIn.url}`);
console.log(`  SDK:      new Stripe("sk_test_…", { host: "127.0.0.1", port: ${standIn.port}, protocol: "http" })`);
console.log(
  `  webhooks: ${options.webhook ? `→ ${options.webhook.url}` : "none (POST /_control/webhooks/target to set)"}`,
);
console.log(`  pay page: ${standIn.url}/pay/<payment_intent_id>`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping Stripe stand-in`);
  await standIn.close();
  process.exit(0);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
