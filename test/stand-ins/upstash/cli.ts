// Runs the Upstash REST stand-in in the foreground, for developers who want
// the Upstash rate-limiter path locally instead of the Durable-Object limiter:
//
//   node node_modules/tsx/dist/cli.mjs test/stand-ins/upstash/cli.ts [--port 8079] \
//     [--token local-upstash-token] [--redis-port 6379] [--delay-ms 0]
//
// Without --redis-port it starts (and stops) its own redis-server. Prints the
// URL on the first line of stdout; put the two printed variables in .dev.vars.
// Stops cleanly on SIGINT/SIGTERM.
import { parseArgs } from "node:util";
import { startRedisServer, type RedisProcess } from "./redis-process.js";
import { startUpstashRest } from "./server.js";

const USAGE = "usage: cli.ts [--port 8079] [--token TOKEN] [--redis-port N] [--delay-ms N]";

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function integer(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) fail(`--${name} must be an integer in ${min}..${max}, got ${value}`);
  return n;
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        port: { type: "string", default: "8079" },
        token: { type: "string", default: "local-upstash-token" },
        "redis-port": { type: "string" },
        "delay-ms": { type: "string" },
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

const port = integer("port", values.port, 0, 65535)!;
const delayMs = integer("delay-ms", values["delay-ms"], 0, 600_000) ?? 0;
let redisPort = integer("redis-port", values["redis-port"], 1, 65535);
let redis: RedisProcess | undefined;
if (redisPort === undefined) {
  const started = await startRedisServer();
  if ("skipped" in started) fail(`${started.skipped}, or pass --redis-port of a running Redis`);
  redis = started;
  redisPort = started.port;
}

const rest = await startUpstashRest({ redisPort, token: values.token, port, delayMs }).catch(
  async (error: NodeJS.ErrnoException) => {
    await redis?.stop();
    return fail(error.code === "EADDRINUSE" ? `port ${port} is already in use` : error.message);
  },
);

console.log(`Upstash REST stand-in listening on ${rest.url}`);
console.log(`  UPSTASH_REDIS_REST_URL=${rest.url}`);
console.log(`  UPSTASH_REDIS_REST_TOKEN=${values.token}`);
console.log(`  redis:  127.0.0.1:${redisPort}${redis ? " (private, stopped on exit)" : ""}`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping Upstash REST stand-in`);
  await rest.close();
  await redis?.stop();
  process.exit(0);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
