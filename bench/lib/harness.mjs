// The machinery every benchmark shares: a work directory under bench/.data/
// with a copy of the sources, child processes in their own process groups that
// are always stopped (success, error, signal, global timeout), migrations and
// seed into a private --persist-to directory, `wrangler dev` started on a free
// 127.0.0.1 port and awaited, keep-alive HTTP, and load phases with latencies.
//
// One benchmark per process: the run state below is a module singleton,
// set up by initRun().
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { secs, summarize } from "./stats.mjs";

export const root = path.dirname(path.dirname(path.dirname(fileURLToPath(import.meta.url))));
export const WRANGLER = path.join(root, "node_modules", "wrangler", "bin", "wrangler.js");
export const TSX = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");
export const HOST = "127.0.0.1";
/** What `wrangler dev` serves: copied at the start, so edits during a run do not restart the Worker. */
export const SNAPSHOT = ["wrangler.toml", "package.json", "tsconfig.json", "worker", "schema", "db", "public"];

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const rel = (p) => path.relative(root, p);
// eslint-disable-next-line no-control-regex
export const plain = (s) => s.replace(/\x1b\[[0-9;]*m/g, "");

export function fail(message, code = 1) {
  console.error(`✗ ${message}`);
  process.exit(code);
}

// ---------------------------------------------------------------- options

/**
 * Parses `--flag N`, `--flag=N` and boolean flags. `ints` maps a flag to
 * [key, min]; `bools` maps a flag to [key, value]. `--help` prints usage.
 */
export function parseFlags(argv, { defaults, ints, bools, usage }) {
  const o = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    let value;
    const eq = a.indexOf("=");
    if (a.startsWith("--") && eq > 0) [a, value] = [a.slice(0, eq), a.slice(eq + 1)];
    if (a in ints) {
      const [key, min] = ints[a];
      value ??= argv[++i];
      const n = Number(value);
      if (!Number.isSafeInteger(n) || n < min) fail(`${a} needs an integer ≥ ${min}, got "${value}"`, 2);
      o[key] = n;
    } else if (a in bools) {
      const [key, v] = bools[a];
      o[key] = v;
    } else if (a === "--help" || a === "-h") {
      console.log(usage);
      process.exit(0);
    } else fail(`unknown option ${argv[i]}\n${usage}`, 2);
  }
  return o;
}

export function checkToolchain(npmScript) {
  if (Number(process.versions.node.split(".")[0]) < 22) {
    fail(
      `wrangler needs Node.js 22 or newer; this is ${process.version}. Run it as \`npm run ${npmScript}\` (uses node_modules/.bin/node).`,
    );
  }
  if (!existsSync(WRANGLER) || !existsSync(TSX))
    fail("node_modules is missing wrangler or tsx: run `npm install` first.");
}

// ---------------------------------------------------------------- run state and cleanup

export const run = {
  name: "",
  runId: "",
  workDir: "",
  srcDir: "",
  keep: false,
  env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
  /** Set on a signal or the global timeout: load loops stop. */
  stopping: false,
  stopCode: null,
  cleaned: false,
};

/** Process groups we started (detached children lead their own group). */
const groups = new Set();
/** Extra cleanup steps (e.g. closing agents), run before the groups are stopped. */
const cleanupHooks = [];
export const onCleanup = (fn) => cleanupHooks.push(fn);

export function initRun({ name, keep, timeoutS }) {
  run.name = name;
  run.keep = keep;
  run.runId = `${process.pid.toString(36)}${Date.now().toString(36)}`;
  run.workDir = path.join(root, "bench", ".data", `${name}-${process.pid}`);
  run.srcDir = path.join(run.workDir, "src");

  // Last resort if we exit without the async path (e.g. an uncaught throw).
  process.on("exit", () => {
    for (const pid of groups) killGroup(pid, "SIGKILL");
    if (!run.keep && !run.cleaned) {
      try {
        rmSync(run.workDir, { recursive: true, force: true });
      } catch {}
    }
  });
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.on(sig, () =>
      stop(128 + (os.constants.signals[sig] ?? 1), `${sig}: stopping wrangler and removing ${rel(run.workDir)}…`),
    );
  }
  const globalTimer = setTimeout(
    () => stop(1, `global timeout (${timeoutS} s) reached: stopping wrangler and removing ${rel(run.workDir)}…`),
    timeoutS * 1000,
  );
  globalTimer.unref();
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // already gone
  }
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** TERM the group, wait (bounded) for it to go, then KILL what is left. */
export async function stopGroup(pid, graceMs = 5000) {
  if (!groups.has(pid)) return;
  killGroup(pid, "SIGTERM");
  const until = Date.now() + graceMs;
  while (groupAlive(pid) && Date.now() < until) await sleep(100);
  if (groupAlive(pid)) killGroup(pid, "SIGKILL");
  const hard = Date.now() + 2000;
  while (groupAlive(pid) && Date.now() < hard) await sleep(50);
  groups.delete(pid);
}

let cleaning = null;
export function cleanup() {
  cleaning ??= (async () => {
    for (const hook of cleanupHooks) {
      try {
        hook();
      } catch {}
    }
    for (const pid of [...groups]) await stopGroup(pid);
    if (!run.keep) rmSync(run.workDir, { recursive: true, force: true });
    run.cleaned = true;
  })();
  return cleaning;
}

/** Signal or global timeout: stop the load, clean up, exit with `code`. */
export function stop(code, message) {
  if (run.stopping) return;
  run.stopping = true;
  run.stopCode = code;
  console.error(`\n✗ ${message}`);
  cleanup().finally(() => process.exit(code));
}

/** Runs main(); on failure prints the error (unless stopping), cleans up and exits non-zero. */
export function runMain(main) {
  main().then(
    () => process.exit(0),
    async (e) => {
      if (!run.stopping) console.error(`\n✗ ${e?.stack ?? e}`);
      await cleanup();
      process.exit(run.stopCode ?? 1);
    },
  );
}

// ---------------------------------------------------------------- sources

/** Fresh work dir with a copy of `entries` in run.srcDir. */
export function snapshotSources(entries = SNAPSHOT) {
  rmSync(run.workDir, { recursive: true, force: true });
  mkdirSync(run.srcDir, { recursive: true });
  for (const entry of entries) {
    const from = path.join(root, entry);
    if (!existsSync(from)) continue;
    mkdirSync(path.dirname(path.join(run.srcDir, entry)), { recursive: true });
    cpSync(from, path.join(run.srcDir, entry), { recursive: true });
  }
  return entries;
}

/** Commit, dirty flag (for the served paths), wrangler version. */
export function gitInfo(paths = ["worker", "schema", "db", "wrangler.toml"]) {
  const wranglerVersion = JSON.parse(
    readFileSync(path.join(root, "node_modules", "wrangler", "package.json"), "utf8"),
  ).version;
  const git = (args) => spawnSync("git", args, { cwd: root, encoding: "utf8", timeout: 10_000 }).stdout?.trim() ?? "";
  const commit = git(["rev-parse", "--short", "HEAD"]) || "?";
  const dirty = git(["status", "--porcelain", "--", ...paths]) ? " + uncommitted changes" : "";
  return { commit, dirty, wranglerVersion };
}

export function machineLine() {
  return `${os.cpus().length} CPU (${os.cpus()[0]?.model ?? "?"}), load ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`;
}

// ---------------------------------------------------------------- child processes

/** Runs node <script> args in its own process group; bounded; rejects on failure. */
export function runNode(script, args, { timeoutMs = 300_000, ci = false, label } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: run.srcDir,
      env: ci ? { ...run.env, CI: "true" } : run.env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    groups.add(child.pid);
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out = (out + d).slice(-64_000_000)));
    child.stderr.on("data", (d) => (err = (err + d).slice(-20_000)));
    const timer = setTimeout(() => {
      killGroup(child.pid, "SIGKILL");
      reject(new Error(`${label} timed out after ${secs(timeoutMs)}`));
    }, timeoutMs);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      groups.delete(child.pid);
      killGroup(child.pid, "SIGKILL"); // stray grandchildren (workerd), if any
      if (code === 0) resolve({ out, err });
      else reject(new Error(`${label} failed (${signal ?? `exit ${code}`})\n${err.slice(-4000)}${out.slice(-2000)}`));
    });
  });
}

export const wrangler = (args, o) =>
  runNode(WRANGLER, args, { ...o, label: o?.label ?? `wrangler ${args.slice(0, 2).join(" ")}` });

/**
 * Starts a long-running node script in its own process group (stopped by
 * cleanup) and waits (bounded) until its output matches `ready`.
 */
export async function startService(script, args, { label, ready, timeoutMs = 30_000 }) {
  const child = spawn(process.execPath, [script, ...args], {
    cwd: run.srcDir,
    env: run.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  groups.add(child.pid);
  let log = "";
  const keep = (d) => (log = (log + d).slice(-20_000));
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const service = { pid: child.pid, label, log: () => log, exited: null };
  child.on("exit", (code, signal) => (service.exited = signal ?? `exit ${code}`));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !run.stopping) {
    if (service.exited) throw new Error(`${label} exited early (${service.exited}):\n${plain(log).slice(-4000)}`);
    if (ready.test(plain(log))) return service;
    await sleep(100);
  }
  throw new Error(`${label} did not become ready within ${secs(timeoutMs)}:\n${plain(log).slice(-4000)}`);
}

export const stopService = (service) => stopGroup(service.pid);

/**
 * A free 127.0.0.1 port: one the OS picks, or, when BENCH_PORTS=<lo>-<hi> is
 * set (a machine shared by several people, each with a range), the first free
 * one in that range not handed out yet by this run.
 */
export async function freePort() {
  const range = /^(\d+)-(\d+)$/.exec(process.env.BENCH_PORTS ?? "");
  if (!range) return listenOn(0);
  for (let p = Number(range[1]); p <= Number(range[2]); p++) {
    if (portsGiven.has(p)) continue;
    portsGiven.add(p);
    if ((await listenOn(p).catch(() => null)) !== null) return p;
  }
  throw new Error(`no free port left in BENCH_PORTS=${process.env.BENCH_PORTS}`);
}
const portsGiven = new Set();

function listenOn(port) {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(port, HOST, () => {
      const { port: got } = srv.address();
      srv.close(() => resolve(got));
    });
  });
}

// ---------------------------------------------------------------- D1

/** Migrations + seed into a fresh persist dir. Returns timings in ms. */
export async function prepareDatabase(persistDir, products, sqlFile) {
  mkdirSync(persistDir, { recursive: true });
  const t0 = performance.now();
  await wrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", persistDir], {
    ci: true,
    timeoutMs: 120_000,
  });
  const t1 = performance.now();
  await runNode(
    TSX,
    ["db/seed/write-sql.ts", "--out", sqlFile, "--products", String(products), "--now", String(Date.now())],
    {
      label: "write-sql",
      timeoutMs: 180_000,
    },
  );
  const t2 = performance.now();
  await wrangler(["d1", "execute", "DB", "--local", "--persist-to", persistDir, "--file", sqlFile], {
    ci: true,
    timeoutMs: 600_000,
    label: `wrangler d1 execute --file (${products} products)`,
  });
  const t3 = performance.now();
  // Sanity: read the counts back through the same local D1.
  const [counts] = await d1Query(
    persistDir,
    "SELECT (SELECT count(*) FROM products) AS products, (SELECT count(*) FROM variants) AS variants, (SELECT count(*) FROM product_search) AS fts",
  );
  if (counts.products !== products || counts.fts !== products) {
    throw new Error(`seed check failed: expected ${products} products, D1 has ${JSON.stringify(counts)}`);
  }
  rmSync(sqlFile, { force: true });
  return { migrateMs: t1 - t0, writeSqlMs: t2 - t1, executeMs: t3 - t2, counts };
}

/** One SELECT through `wrangler d1 execute --local --json`; returns its rows. */
export async function d1Query(persistDir, sql, timeoutMs = 120_000) {
  return (await d1QueryAll(persistDir, [sql], timeoutMs))[0];
}

/** Several SELECTs in one `wrangler d1 execute` (each wrangler start costs seconds); returns one row list per statement. */
export async function d1QueryAll(persistDir, statements, timeoutMs = 120_000) {
  const sql = statements.map((q) => q.trim().replace(/;$/, "")).join(";\n");
  const { out } = await wrangler(
    ["d1", "execute", "DB", "--local", "--persist-to", persistDir, "--json", "--command", sql],
    {
      timeoutMs,
      label: `wrangler d1 execute --command (${sql.slice(0, 60)}…)`,
    },
  );
  // Wrangler may print warnings (with "[" in them) around the JSON: take the result array itself.
  const start = out.search(/^\[\s*\{\s*"results"/m);
  let sets;
  try {
    sets = JSON.parse(out.slice(start, out.lastIndexOf("]") + 1));
  } catch (e) {
    throw new Error(`wrangler d1 execute printed no JSON result (${e.message}):\n${out.slice(0, 2000)}`);
  }
  if (sets.length !== statements.length)
    throw new Error(`expected ${statements.length} result sets from D1, got ${sets.length}`);
  return sets.map((s) => s.results);
}

/** Runs a SQL file against the local D1 (writes). */
export async function d1File(persistDir, file, label, timeoutMs = 300_000) {
  await wrangler(["d1", "execute", "DB", "--local", "--persist-to", persistDir, "--file", file], {
    ci: true,
    timeoutMs,
    label,
  });
}

// ---------------------------------------------------------------- wrangler dev

/**
 * Starts wrangler dev on a free port (or `port`) and waits (bounded) for
 * /healthz = 200. `vars` are "NAME:value" strings passed as --var.
 */
export async function startServer(persistDir, label, { port: wanted, vars = [] } = {}) {
  const port = wanted ?? (await freePort());
  const inspectorPort = await freePort();
  const child = spawn(
    process.execPath,
    [
      WRANGLER,
      "dev",
      "--ip",
      HOST,
      "--port",
      String(port),
      "--inspector-port",
      String(inspectorPort),
      "--persist-to",
      persistDir,
      "--log-level",
      "warn",
      "--show-interactive-dev-session=false",
      ...vars.flatMap((v) => ["--var", v]),
    ],
    { cwd: run.srcDir, env: run.env, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  groups.add(child.pid);
  let log = "";
  const keep = (d) => (log = (log + d).slice(-20_000));
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  let exited = null;
  const server = { port, pid: child.pid, label, log: () => log, agent: null, exited: null, stopping: false };
  child.on("exit", (code, signal) => {
    exited = signal ?? `exit ${code}`;
    server.exited = exited;
  });

  const t0 = performance.now();
  const deadline = Date.now() + 90_000;
  let last = "no answer";
  let errorSeenAt = 0;
  for (let attempt = 0; Date.now() < deadline && !run.stopping; attempt++) {
    if (exited) throw new Error(`wrangler dev (${label}) exited early (${exited}):\n${plain(log).slice(-4000)}`);
    // wrangler dev keeps running (watching files) after a build error: do not
    // wait the full 90 s for a Worker that cannot start.
    if (!errorSeenAt && /\[ERROR\]/.test(plain(log))) errorSeenAt = Date.now();
    if (errorSeenAt && Date.now() - errorSeenAt > 5000) {
      throw new Error(
        `wrangler dev (${label}) reported an error and /healthz is not answering:\n${plain(log).slice(-4000)}`,
      );
    }
    try {
      const r = await request(server, "GET", "/healthz", null, 2000);
      if (r.status === 200) {
        server.startMs = performance.now() - t0;
        server.agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
        return server;
      }
      last = `status ${r.status}`;
    } catch (e) {
      last = e.code ?? e.message;
    }
    await sleep(Math.min(250 + attempt * 50, 1000));
  }
  throw new Error(
    `wrangler dev (${label}) on ${HOST}:${port} did not answer GET /healthz with 200 within 90 s (last: ${last}).\n${plain(log).slice(-4000)}`,
  );
}

export async function stopServer(server) {
  server.stopping = true;
  server.agent?.destroy();
  await stopGroup(server.pid);
}

// ---------------------------------------------------------------- HTTP

/**
 * One HTTP request to 127.0.0.1:<port>; resolves {status, headers, body}.
 * `body` is a string/Buffer sent as is, or an object sent as JSON.
 */
export function httpRequest({
  port,
  method,
  path: pathAndQuery,
  body = null,
  headers = {},
  agent = false,
  timeoutMs = 30_000,
}) {
  return new Promise((resolve, reject) => {
    let payload = null;
    const h = { ...headers };
    if (body != null) {
      if (typeof body === "string" || Buffer.isBuffer(body)) payload = Buffer.from(body);
      else {
        payload = Buffer.from(JSON.stringify(body));
        h["content-type"] ??= "application/json";
      }
      h["content-length"] = payload.length;
    }
    const req = http.request({ host: HOST, port, method, path: pathAndQuery, agent, headers: h }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }),
      );
      res.on("error", reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error("timeout"), { code: "ETIMEDOUT" })));
    req.on("error", reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** A JSON request to the Worker over its keep-alive agent; resolves {status, headers, body}. */
export function request(server, method, pathAndQuery, body, timeoutMs = 30_000, headers = {}) {
  return httpRequest({
    port: server.port,
    method,
    path: pathAndQuery,
    body,
    headers,
    agent: server.agent ?? false,
    timeoutMs,
  });
}

// ---------------------------------------------------------------- load phases

/**
 * Runs `count` requests with `concurrency` workers. makeRequest(i) returns
 * {method, path, body, headers?}; check(i, status, body) returns null when the
 * answer is right, or a short error label.
 */
export async function runPhase(server, { name, count, concurrency, makeRequest, check, onLatency }) {
  const latencies = [];
  const errors = new Map(); // label -> count
  const samples = [];
  let next = 0;
  const started = performance.now();
  async function worker() {
    while (true) {
      const i = next++;
      if (i >= count || run.stopping || server.exited) return;
      const { method, path: p, body, headers } = makeRequest(i);
      const t = performance.now();
      let label = null;
      try {
        const r = await request(server, method, p, body, 30_000, headers);
        const took = performance.now() - t;
        latencies.push(took);
        onLatency?.(i, took);
        label = check(i, r.status, r.body);
        if (label && samples.length < 3) samples.push(`${label}: ${r.body.slice(0, 300)}`);
      } catch (e) {
        latencies.push(performance.now() - t);
        label = `network ${e.code ?? e.message}`;
      }
      if (label) errors.set(label, (errors.get(label) ?? 0) + 1);
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  if (run.stopping) throw new Error("stopped");
  assertServerAlive(
    server,
    name,
    `after ${latencies.length} requests (errors: ${JSON.stringify(Object.fromEntries(errors))})`,
  );
  const durationMs = performance.now() - started;
  return summarize(name, latencies, durationMs, errors, samples, concurrency);
}

/** Throws with wrangler's last output if the dev server died. */
export function assertServerAlive(server, phase, detail = "") {
  if (!server.exited) return;
  throw new Error(
    `wrangler dev (${server.label}) died during phase "${phase}" (${server.exited}) ${detail}. Its last output:\n${plain(server.log()).slice(-4000) || "(nothing)"}`,
  );
}

export const healthz = () => ({ method: "GET", path: "/healthz", body: null });
export const healthzCheck = (_i, status, body) =>
  status !== 200 ? `HTTP ${status}` : body.includes('"ok":true') ? null : "bad body";
