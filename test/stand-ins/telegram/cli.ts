// Runs the Telegram stand-in in the foreground:
//
//   node node_modules/tsx/dist/cli.mjs test/stand-ins/telegram/cli.ts --port 12112 --token 123456:TEST
//
// Then TELEGRAM_API_BASE=http://127.0.0.1:12112 and TELEGRAM_BOT_TOKEN=123456:TEST.
// Prints the URL on the first line of stdout and stops cleanly on SIGINT/SIGTERM.
import { parseArgs } from "node:util";
import { startTelegramStandIn } from "./server.js";

const USAGE = "usage: cli.ts [--port 12112] [--token 123456:TEST]";

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        port: { type: "string", default: "12112" },
        token: { type: "string", default: "123456:TEST" },
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
if (!/^\d+:[A-Za-z0-9_-]+$/.test(values.token)) fail("--token must look like 123456:ABC-DEF");

const standIn = await startTelegramStandIn({ port, token: values.token }).catch((error: NodeJS.ErrnoException) => {
  fail(error.code === "EADDRINUSE" ? `port ${port} is already in use` : error.message);
});

console.log(`Telegram stand-in listening on ${standIn.url}`);
console.log(`  TELEGRAM_API_BASE=${standIn.url} TELEGRAM_BOT_TOKEN=${values.token}`);
console.log(`  control:  ${standIn.url}/_control (POST /_control/updates/text { chatId, text } plays the shopper)`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping Telegram stand-in`);
  await standIn.close();
  process.exit(0);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
