// A private, throw-away redis-server for tests: a free 127.0.0.1 port, no
// persistence, stopped (and awaited) when the test is done. Machines of this
// kind have the Debian package; a newcomer's may not. Outside CI a missing
// binary is a reason to skip (said out loud); in CI it is a failure.
import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { RespConnection } from "./resp.js";

export const REDIS_MISSING = "redis-server not installed (apt-get install redis-server)";

export interface RedisProcess {
  port: number;
  /** Kills the server and resolves once the process has exited. */
  stop(): Promise<void>;
}

/** Absolute path of redis-server (REDIS_SERVER overrides), or null when it is not installed. */
export function findRedisServer(): string | null {
  const candidates = process.env.REDIS_SERVER
    ? [process.env.REDIS_SERVER]
    : [
        ...(process.env.PATH ?? "")
          .split(path.delimiter)
          .filter(Boolean)
          .map((dir) => path.join(dir, "redis-server")),
        "/usr/bin/redis-server",
        "/usr/sbin/redis-server",
      ];
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; try the next one
    }
  }
  return null;
}

/**
 * Why Redis-backed tests cannot run here, or null when they can. Throws when
 * `CI` is set: CI must fail, not skip (`.ci/run` installs the package).
 */
export function redisUnavailableReason(): string | null {
  if (findRedisServer()) return null;
  if (process.env.CI) throw new Error(`${REDIS_MISSING}; CI must provide it (.ci/run installs the Debian package)`);
  return REDIS_MISSING;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

async function waitForPing(port: number, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `redis-server exited (${child.exitCode ?? child.signalCode}) before answering PING:\n${output()}`,
      );
    }
    try {
      const connection = await RespConnection.open(port, "127.0.0.1", 500);
      try {
        if ((await connection.send(["PING"])) === "PONG") return;
      } finally {
        connection.close();
      }
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(
    `redis-server on port ${port} did not answer PING within ${timeoutMs} ms (${String(lastError)}):\n${output()}`,
  );
}

/**
 * redis-server runs under a tiny sh watchdog that kills it when our end of its
 * stdin closes: on stop(), and also when this process dies without cleaning
 * up (a killed or Ctrl-C'd test run), so no orphaned servers pile up.
 * (A background job's stdin is /dev/null in sh, hence the copy on fd 3.)
 */
const WATCHDOG = 'exec 3<&0; "$0" "$@" </dev/null & r=$!; (read _ <&3; kill $r 2>/dev/null) & wait $r';

async function startOnce(binary: string, timeoutMs: number): Promise<RedisProcess> {
  const port = await freePort();
  const child = spawn(
    "/bin/sh",
    [
      "-c",
      WATCHDOG,
      binary,
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--save",
      "",
      "--appendonly",
      "no",
      "--daemonize",
      "no",
      "--loglevel",
      "warning",
    ],
    { stdio: ["pipe", "pipe", "pipe"] },
  );
  const shutdown = async () => {
    child.stdin?.end();
    await exited(child);
  };
  let log = "";
  const collect = (chunk: Buffer) => {
    log = (log + chunk.toString("utf8")).slice(-4000);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const spawnError = new Promise<never>((_, reject) => child.once("error", reject));
  try {
    await Promise.race([waitForPing(port, child, () => log, timeoutMs), spawnError]);
  } catch (error) {
    await shutdown();
    throw error;
  }
  return { port, stop: shutdown };
}

/**
 * Starts a private redis-server. Resolves `{ skipped }` when the binary is
 * missing outside CI; throws in CI. Retries on another port if the chosen
 * one was taken between probing and binding.
 */
export async function startRedisServer(
  options: { timeoutMs?: number } = {},
): Promise<RedisProcess | { skipped: string }> {
  const reason = redisUnavailableReason();
  if (reason) return { skipped: reason };
  const binary = findRedisServer()!;
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(binary, options.timeoutMs ?? 5000);
    } catch (error) {
      lastError = error;
      if ((error as NodeJS.ErrnoException).code === "ENOENT") {
        if (process.env.CI) throw new Error(`${REDIS_MISSING}; CI must provide it`);
        return { skipped: REDIS_MISSING };
      }
    }
  }
  throw lastError;
}
