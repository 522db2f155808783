// startUpstashRest(): the Upstash Redis REST protocol in front of a real
// redis-server, so the real @upstash/redis and @upstash/ratelimit clients run
// against it unchanged (from Node and from inside workerd). See README.md.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { RespError, RespPool, type RespValue } from "./resp.js";
import { ScriptShas, type Arg, type Prepared } from "./scripts.js";

export interface UpstashRestOptions {
  /** Port of the redis-server behind it (127.0.0.1). */
  redisPort: number;
  /** The only accepted `Authorization: Bearer <token>` (or `?_token=`). */
  token: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Delay before every request runs, to play a slow Upstash. A `/__delay/<ms>` URL prefix does the same per client. */
  delayMs?: number;
}

export interface UpstashRest {
  /** e.g. http://127.0.0.1:41234: pass it as `url` to `new Redis({ url, token })`. */
  url: string;
  port: number;
  /** Changes the server-wide delay (ms) from now on. */
  setDelay(ms: number): void;
  /** Requests answered so far (any path, any status). */
  readonly requests: number;
  close(): Promise<void>;
}

const MAX_BODY = 10 * 1024 * 1024;

/**
 * Commands that change the state of the pooled connection (or never answer)
 * would poison the next request that gets that connection; Upstash refuses
 * most of them over REST as well. Transactions go through POST /multi-exec.
 */
const REFUSED = new Set([
  "multi",
  "exec",
  "discard",
  "watch",
  "unwatch",
  "subscribe",
  "psubscribe",
  "ssubscribe",
  "unsubscribe",
  "punsubscribe",
  "sunsubscribe",
  "monitor",
  "quit",
  "hello",
  "select",
  "reset",
  "client",
  "sync",
  "psync",
  "shutdown",
]);

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Redis reply → JSON value; with base64 every string (bulk or simple, "OK" too) is base64, as Upstash sends it. */
function toJson(value: RespValue, base64: boolean): unknown {
  if (value === null || typeof value === "number") return value;
  if (Array.isArray(value)) return value.map((item) => toJson(item, base64));
  const bytes =
    value instanceof RespError
      ? Buffer.from(value.message, "utf8")
      : typeof value === "string"
        ? Buffer.from(value, "utf8")
        : value;
  return base64 ? bytes.toString("base64") : bytes.toString("utf8");
}

function toArgs(command: unknown, where: string): Arg[] {
  if (!Array.isArray(command) || command.length === 0)
    throw new HttpError(400, `ERR ${where} must be a non-empty JSON array of strings`);
  return command.map((arg, i) => {
    if (typeof arg === "string") return arg;
    if (typeof arg === "number" || typeof arg === "boolean") return String(arg);
    throw new HttpError(400, `ERR ${where}: argument ${i} must be a string, number or boolean`);
  });
}

function commandName(args: Arg[]): string {
  const first = args[0]!;
  return (typeof first === "string" ? first : first.toString("utf8")).toLowerCase();
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new HttpError(413, "ERR request body too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw new HttpError(400, "ERR failed to parse the request body as JSON");
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

export async function startUpstashRest(options: UpstashRestOptions): Promise<UpstashRest> {
  const pool = new RespPool(options.redisPort);
  const scripts = new ScriptShas();
  let delayMs = options.delayMs ?? 0;
  let requests = 0;

  const prepare = (args: Arg[]): Prepared => {
    if (REFUSED.has(commandName(args)))
      throw new HttpError(400, `ERR command '${commandName(args)}' is not supported over REST`);
    return scripts.prepare(args);
  };
  const entry = (value: RespValue, prepared: Prepared, base64: boolean) =>
    value instanceof RespError
      ? { error: value.message }
      : { result: toJson((prepared.reply?.(value) as RespValue) ?? value, base64) };

  async function single(args: Arg[], base64: boolean): Promise<[number, unknown]> {
    const prepared = prepare(args);
    const reply = await pool.with((c) => c.send(prepared.args));
    // A Redis error is a 400 with { error }, as Upstash answers it.
    return reply instanceof RespError ? [400, { error: reply.message }] : [200, entry(reply, prepared, base64)];
  }

  async function pipeline(body: unknown, base64: boolean): Promise<[number, unknown]> {
    if (!Array.isArray(body) || body.length === 0)
      throw new HttpError(400, "ERR pipeline body must be a non-empty JSON array of commands");
    const prepared = body.map((command, i) => prepare(toArgs(command, `command ${i}`)));
    const replies = await pool.with((c) => c.sendMany(prepared.map((p) => p.args)));
    return [200, replies.map((reply, i) => entry(reply, prepared[i]!, base64))];
  }

  async function multiExec(body: unknown, base64: boolean): Promise<[number, unknown]> {
    if (!Array.isArray(body) || body.length === 0)
      throw new HttpError(400, "ERR multi-exec body must be a non-empty JSON array of commands");
    const prepared = body.map((command, i) => prepare(toArgs(command, `command ${i}`)));
    const replies = await pool.with((c) => c.sendMany([["MULTI"], ...prepared.map((p) => p.args), ["EXEC"]]));
    const exec = replies[replies.length - 1]!;
    if (exec instanceof RespError) {
      const queued = replies.slice(1, -1).find((r): r is RespError => r instanceof RespError);
      return [400, { error: queued ? `${exec.message} ${queued.message}` : exec.message }];
    }
    if (!Array.isArray(exec)) return [400, { error: "ERR transaction aborted" }];
    return [200, exec.map((reply, i) => entry(reply, prepared[i]!, base64))];
  }

  async function handle(req: IncomingMessage): Promise<[number, unknown]> {
    const url = new URL(req.url ?? "/", "http://stand-in");
    let pathname = url.pathname;
    let delay = delayMs;
    const slow = /^\/__delay\/(\d+)(?=\/|$)/.exec(pathname);
    if (slow) {
      delay += Number(slow[1]);
      pathname = pathname.slice(slow[0].length) || "/";
    }
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? "")?.[1] ?? url.searchParams.get("_token");
    if (bearer !== options.token) throw new HttpError(401, "Unauthorized");
    if (req.method !== "POST" && req.method !== "GET") throw new HttpError(405, "ERR only GET and POST are supported");
    const body = req.method === "POST" ? await readBody(req) : Buffer.alloc(0);
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    const base64 = String(req.headers["upstash-encoding"] ?? "").toLowerCase() === "base64";

    const segments = pathname.split("/").filter(Boolean).map(decodeURIComponent);
    if (segments.length === 0) {
      if (req.method !== "POST")
        throw new HttpError(400, "ERR send a command: POST / with a JSON array, or GET /<command>/<arg>/…");
      return single(toArgs(parseJson(body), "command"), base64);
    }
    if (segments.length === 1 && segments[0] === "pipeline" && req.method === "POST")
      return pipeline(parseJson(body), base64);
    if (segments.length === 1 && segments[0] === "multi-exec" && req.method === "POST")
      return multiExec(parseJson(body), base64);

    // Path form: /set/foo/bar?EX=100, or POST /set/foo with the value as the body.
    const args: Arg[] = [...segments];
    if (body.length > 0) args.push(body);
    for (const [key, value] of url.searchParams) {
      if (key === "_token") continue;
      args.push(key);
      if (value !== "") args.push(value);
    }
    return single(args, base64);
  }

  const server = createServer((req, res) => {
    requests++;
    handle(req).then(
      ([status, body]) => sendJson(res, status, body),
      (error: unknown) => {
        if (error instanceof HttpError) sendJson(res, error.status, { error: error.message });
        else sendJson(res, 500, { error: `ERR stand-in: ${(error as Error).message}` });
      },
    );
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    setDelay(ms: number) {
      delayMs = ms;
    },
    get requests() {
      return requests;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      pool.close();
    },
  };
}
