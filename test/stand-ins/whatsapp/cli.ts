// Runs the WhatsApp stand-in in the foreground:
//
//   node node_modules/tsx/dist/cli.mjs test/stand-ins/whatsapp/cli.ts --port 12113 --access-token EAAtest \
//     [--webhook-url http://127.0.0.1:8787/webhooks/whatsapp --app-secret <WHATSAPP_APP_SECRET>]
//
// Then WHATSAPP_API_BASE=http://127.0.0.1:12113/v21.0 and WHATSAPP_ACCESS_TOKEN=EAAtest.
// Prints the URL on the first line of stdout and stops cleanly on SIGINT/SIGTERM.
import { parseArgs } from "node:util";
import { startWhatsAppStandIn, type WhatsAppStandInOptions } from "./server.js";

const USAGE = "usage: cli.ts [--port 12113] [--access-token EAAtest] [--webhook-url URL --app-secret SECRET]";

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        port: { type: "string", default: "12113" },
        "access-token": { type: "string", default: "EAAtest" },
        "webhook-url": { type: "string" },
        "app-secret": { type: "string" },
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
if (Boolean(values["webhook-url"]) !== Boolean(values["app-secret"]))
  fail("--webhook-url and --app-secret go together");

const options: WhatsAppStandInOptions = { port, accessToken: values["access-token"] };
if (values["webhook-url"] && values["app-secret"])
  options.webhook = { url: values["webhook-url"], appSecret: values["app-secret"] };
const standIn = await startWhatsAppStandIn(options).catch((error: NodeJS.ErrnoException) => {
  fail(error.code === "EADDRINUSE" ? `port ${port} is already in use` : error.message);
});

console.log(`WhatsApp stand-in listening on ${standIn.url}`);
console.log(`  WHATSAPP_API_BASE=${standIn.apiBase} WHATSAPP_ACCESS_TOKEN=${values["access-token"]}`);
console.log(`  webhook:  ${options.webhook ? `→ ${options.webhook.url}` : "none (POST /_control/webhook to set)"}`);
console.log(`  control:  ${standIn.url}/_control (POST /_control/inbound/text { from, text } plays the shopper)`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping WhatsApp stand-in`);
  await standIn.close();
  process.exit(0);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
