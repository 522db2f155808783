#!/usr/bin/env node
// Benchmark: what does one chat turn cost compared with the cheapest request
// the same Worker can answer, and how fast is product search on a big catalog?
// It PRINTS figures; it is not a test. Run it with `npm run bench:turn`
// (wrangler needs Node 22, which npm puts first on PATH from node_modules/.bin).
//
//   npm run bench:turn -- [--requests 3000] [--concurrency 32] [--warmup 200]
//                         [--products 100000] [--no-search] [--json]
//
// Everything runs against a real `wrangler dev` (workerd, local D1, Durable
// Objects) on 127.0.0.1, with its own --persist-to directory under bench/.data/
// that is deleted at the end, so the developer's .wrangler state is never touched.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const WRANGLER = path.join(root, "node_modules", "wrangler", "bin", "wrangler.js");
const TSX = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");
const HOST = "127.0.0.1";
const CHAT_SKU = "TEA-MILK-500";

// ---------------------------------------------------------------- options

const USAGE = `usage: node bench/turn.mjs [options]
  --requests N        requests per measured phase (default 3000)
  --concurrency N     concurrent requests in phases A/B (default 32)
  --warmup N          warm-up requests before each kind of phase (default 200)
  --serial N          extra healthz and chat-turn requests one at a time, to show
                      the cost of one request without queueing (default 200; 0 = skip)
  --products N        catalog size for the search benchmark (default 100000)
  --search-reps N     serial passes over the search query list (default 3);
                      the concurrency-8 run does 3x as many passes
  --search / --no-search   run the search benchmark (default: on)
  --timeout S         global timeout in seconds (default 600)
  --keep              keep the bench/.data/turn-<pid> directory (debugging)
  --json              also print one machine-readable summary line (BENCH_JSON {...})`;

function parseOptions(argv) {
  const o = {
    requests: 3000,
    concurrency: 32,
    warmup: 200,
    serial: 200,
    products: 100_000,
    searchReps: 3,
    searchConcurrency: 8,
    search: true,
    timeout: 600,
    keep: false,
    json: false,
  };
  const ints = { "--requests": "requests", "--concurrency": "concurrency", "--warmup": "warmup", "--serial": "serial", "--products": "products", "--search-reps": "searchReps", "--timeout": "timeout" };
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    let value;
    const eq = a.indexOf("=");
    if (a.startsWith("--") && eq > 0) [a, value] = [a.slice(0, eq), a.slice(eq + 1)];
    if (a in ints) {
      value ??= argv[++i];
      const n = Number(value);
      const min = a === "--warmup" || a === "--serial" ? 0 : 1;
      if (!Number.isSafeInteger(n) || n < min) fail(`${a} needs an integer ≥ ${min}, got "${value}"`, 2);
      o[ints[a]] = n;
    } else if (a === "--search") o.search = true;
    else if (a === "--no-search") o.search = false;
    else if (a === "--json") o.json = true;
    else if (a === "--keep") o.keep = true;
    else if (a === "--help" || a === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else fail(`unknown option ${argv[i]}\n${USAGE}`, 2);
  }
  return o;
}

function fail(message, code = 1) {
  console.error(`✗ ${message}`);
  process.exit(code);
}

const opts = parseOptions(process.argv.slice(2));
if (Number(process.versions.node.split(".")[0]) < 22) {
  fail(`wrangler needs Node.js 22 or newer; this is ${process.version}. Run it as \`npm run bench:turn\` (uses node_modules/.bin/node).`);
}
if (!existsSync(WRANGLER) || !existsSync(TSX)) fail("node_modules is missing wrangler or tsx: run `npm install` first.");

const runId = `${process.pid.toString(36)}${Date.now().toString(36)}`;
const workDir = path.join(root, "bench", ".data", `turn-${process.pid}`);
// wrangler dev watches its sources and restarts the Worker when one changes,
// which turns in-flight POSTs into 503s. Other people edit this tree while a
// bench runs, so the bench serves a copy of the sources taken at the start.
const srcDir = path.join(workDir, "src");
const SNAPSHOT = ["wrangler.toml", "package.json", "tsconfig.json", "worker", "schema", "db"];
const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };

// ---------------------------------------------------------------- cleanup

/** Process groups we started (detached children lead their own group). */
const groups = new Set();
let cleaned = false;
let stopping = false; // set on a signal or the global timeout: load loops stop

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

/** TERM every group, wait (bounded) for it to go, then KILL what is left. */
async function stopGroup(pid, graceMs = 5000) {
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
function cleanup() {
  cleaning ??= (async () => {
    for (const pid of [...groups]) await stopGroup(pid);
    if (!opts.keep) rmSync(workDir, { recursive: true, force: true });
    cleaned = true;
  })();
  return cleaning;
}

/** Signal or global timeout: stop the load, clean up, exit with `code`. */
let stopCode = null;
function stop(code, message) {
  if (stopping) return;
  stopping = true;
  stopCode = code;
  console.error(`\n✗ ${message}`);
  cleanup().finally(() => process.exit(code));
}

// Last resort if we exit without the async path (e.g. an uncaught throw).
process.on("exit", () => {
  for (const pid of groups) killGroup(pid, "SIGKILL");
  if (!opts.keep && !cleaned) {
    try {
      rmSync(workDir, { recursive: true, force: true });
    } catch {}
  }
});
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(sig, () => stop(128 + (os.constants.signals[sig] ?? 1), `${sig}: stopping wrangler and removing ${path.relative(root, workDir)}…`));
}

const globalTimer = setTimeout(
  () => stop(1, `global timeout (${opts.timeout} s) reached: stopping wrangler and removing ${path.relative(root, workDir)}…`),
  opts.timeout * 1000,
);
globalTimer.unref();

// ---------------------------------------------------------------- helpers

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const ms = (n) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
const secs = (n) => `${(n / 1000).toFixed(1)} s`;
const rel = (p) => path.relative(root, p);
// eslint-disable-next-line no-control-regex
const plain = (s) => s.replace(/\x1b\[[0-9;]*m/g, "");

/** Runs node <script> args in its own process group; bounded; rejects on failure. */
function runNode(script, args, { timeoutMs = 300_000, ci = false, label } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: srcDir,
      env: ci ? { ...env, CI: "true" } : env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    groups.add(child.pid);
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out = (out + d).slice(-200_000)));
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

const wrangler = (args, o) => runNode(WRANGLER, args, { ...o, label: o?.label ?? `wrangler ${args.slice(0, 2).join(" ")}` });

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, HOST, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Migrations + seed into a fresh persist dir. Returns timings in ms. */
async function prepareDatabase(persistDir, products, sqlFile) {
  mkdirSync(persistDir, { recursive: true });
  const t0 = performance.now();
  await wrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", persistDir], { ci: true, timeoutMs: 120_000 });
  const t1 = performance.now();
  await runNode(TSX, ["db/seed/write-sql.ts", "--out", sqlFile, "--products", String(products), "--now", String(Date.now())], {
    label: "write-sql",
    timeoutMs: 180_000,
  });
  const t2 = performance.now();
  await wrangler(["d1", "execute", "DB", "--local", "--persist-to", persistDir, "--file", sqlFile], {
    ci: true,
    timeoutMs: 600_000,
    label: `wrangler d1 execute --file (${products} products)`,
  });
  const t3 = performance.now();
  // Sanity: read the counts back through the same local D1.
  const { out } = await wrangler(
    [
      "d1", "execute", "DB", "--local", "--persist-to", persistDir, "--json", "--command",
      "SELECT (SELECT count(*) FROM products) AS products, (SELECT count(*) FROM variants) AS variants, (SELECT count(*) FROM product_search) AS fts",
    ],
    { timeoutMs: 120_000 },
  );
  const counts = JSON.parse(out.slice(out.indexOf("[")))[0].results[0];
  if (counts.products !== products || counts.fts !== products) {
    throw new Error(`seed check failed: expected ${products} products, D1 has ${JSON.stringify(counts)}`);
  }
  rmSync(sqlFile, { force: true });
  return { migrateMs: t1 - t0, writeSqlMs: t2 - t1, executeMs: t3 - t2, counts };
}

/** Starts wrangler dev on a free port and waits (bounded) for /healthz = 200. */
async function startServer(persistDir, label) {
  const port = await freePort();
  const inspectorPort = await freePort();
  const child = spawn(
    process.execPath,
    [
      WRANGLER, "dev", "--ip", HOST, "--port", String(port), "--inspector-port", String(inspectorPort),
      "--persist-to", persistDir, "--log-level", "warn", "--show-interactive-dev-session=false",
    ],
    { cwd: srcDir, env, detached: true, stdio: ["ignore", "pipe", "pipe"] },
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
  for (let attempt = 0; Date.now() < deadline && !stopping; attempt++) {
    if (exited) throw new Error(`wrangler dev (${label}) exited early (${exited}):\n${plain(log).slice(-4000)}`);
    // wrangler dev keeps running (watching files) after a build error: do not
    // wait the full 90 s for a Worker that cannot start.
    if (!errorSeenAt && /\[ERROR\]/.test(plain(log))) errorSeenAt = Date.now();
    if (errorSeenAt && Date.now() - errorSeenAt > 5000) {
      throw new Error(`wrangler dev (${label}) reported an error and /healthz is not answering:\n${plain(log).slice(-4000)}`);
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
  throw new Error(`wrangler dev (${label}) on ${HOST}:${port} did not answer GET /healthz with 200 within 90 s (last: ${last}).\n${plain(log).slice(-4000)}`);
}

async function stopServer(server) {
  server.stopping = true;
  server.agent?.destroy();
  await stopGroup(server.pid);
}

/** One HTTP request over a keep-alive agent; resolves {status, body}. */
function request(server, method, pathAndQuery, body, timeoutMs = 30_000) {
  return new Promise((resolve, reject) => {
    const payload = body == null ? null : Buffer.from(JSON.stringify(body));
    const req = http.request(
      {
        host: HOST,
        port: server.port,
        method,
        path: pathAndQuery,
        agent: server.agent ?? false,
        headers: payload ? { "content-type": "application/json", "content-length": payload.length } : {},
      },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error("timeout"), { code: "ETIMEDOUT" })));
    req.on("error", reject);
    if (payload) req.write(payload);
    req.end();
  });
}

// ---------------------------------------------------------------- load phases

/**
 * Runs `count` requests with `concurrency` workers. makeRequest(i) returns
 * {method, path, body}; check(i, status, body) returns null when the answer is
 * right, or a short error label.
 */
async function runPhase(server, { name, count, concurrency, makeRequest, check, onLatency }) {
  const latencies = [];
  const errors = new Map(); // label -> count
  const samples = [];
  let next = 0;
  const started = performance.now();
  async function worker() {
    while (true) {
      const i = next++;
      if (i >= count || stopping || server.exited) return;
      const { method, path: p, body } = makeRequest(i);
      const t = performance.now();
      let label = null;
      try {
        const r = await request(server, method, p, body);
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
  if (stopping) throw new Error("stopped");
  if (server.exited) {
    throw new Error(
      `wrangler dev (${server.label}) died during phase "${name}" (${server.exited}) after ${latencies.length} requests` +
        ` (errors: ${JSON.stringify(Object.fromEntries(errors))}). Its last output:\n${plain(server.log()).slice(-4000) || "(nothing)"}`,
    );
  }
  const durationMs = performance.now() - started;
  return summarize(name, latencies, durationMs, errors, samples, concurrency);
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

function summarize(name, latencies, durationMs, errors, samples, concurrency) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
  return {
    name,
    concurrency,
    requests: latencies.length,
    errors: errorCount,
    errorsBy: Object.fromEntries(errors),
    errorSamples: samples,
    durationMs,
    rps: latencies.length / (durationMs / 1000),
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? NaN,
  };
}

function mean(results, name) {
  const avg = (k) => results.reduce((s, r) => s + r[k], 0) / results.length;
  const errorsBy = {};
  for (const r of results) for (const [k, v] of Object.entries(r.errorsBy)) errorsBy[k] = (errorsBy[k] ?? 0) + v;
  return {
    name,
    concurrency: results[0].concurrency,
    requests: results.reduce((s, r) => s + r.requests, 0),
    errors: results.reduce((s, r) => s + r.errors, 0),
    errorsBy,
    errorSamples: results.flatMap((r) => r.errorSamples).slice(0, 3),
    durationMs: results.reduce((s, r) => s + r.durationMs, 0),
    rps: avg("rps"),
    p50: avg("p50"),
    p95: avg("p95"),
    p99: avg("p99"),
    max: Math.max(...results.map((r) => r.max)),
  };
}

function printTable(rows) {
  const head = ["phase", "conc", "requests", "errors", "duration", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms"];
  const body = rows.map((r) => [
    r.name, String(r.concurrency), String(r.requests), String(r.errors), secs(r.durationMs), r.rps.toFixed(0),
    ms(r.p50), ms(r.p95), ms(r.p99), ms(r.max),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => "  " + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  console.log(line(head));
  for (const b of body) console.log(line(b));
  for (const r of rows) {
    if (r.errors === 0) continue;
    console.log(`  ! ${r.name}: ${Object.entries(r.errorsBy).map(([k, v]) => `${k} ×${v}`).join(", ")}`);
    for (const s of r.errorSamples) console.log(`      e.g. ${s}`);
  }
}

const ratio = (a, b) => (b > 0 ? a / b : NaN);
const x = (n) => `${n.toFixed(n >= 10 ? 1 : 2)}×`;

// ---------------------------------------------------------------- phase A / B

const healthz = () => ({ method: "GET", path: "/healthz", body: null });
const healthzCheck = (_i, status, body) => (status !== 200 ? `HTTP ${status}` : body.includes('"ok":true') ? null : "bad body");

function chatTurn(prefix) {
  return (i) => ({
    method: "POST",
    path: "/v1/chat",
    body: { conversation_id: `bench-${runId}-${prefix}${String(i).padStart(6, "0")}`, message_id: "m1", button: `add:${CHAT_SKU}` },
  });
}

function chatCheck(_i, status, body) {
  if (status !== 200) return `HTTP ${status}`;
  let json;
  try {
    json = JSON.parse(body);
  } catch {
    return "body is not JSON";
  }
  const line = json?.cart?.lines?.find((l) => l.sku === CHAT_SKU);
  if (!line) return "cart line missing";
  if (line.quantity !== 1 || json.cart.lines.length !== 1) return "unexpected cart";
  return null;
}

async function benchTurns() {
  const persist = path.join(workDir, "turn");
  console.log(`\n• Phase A/B: 320-product catalog in ${rel(persist)}`);
  const prep = await prepareDatabase(persist, 320, path.join(workDir, "seed-320.sql"));
  console.log(
    `  migrations ${secs(prep.migrateMs)}, write-sql ${secs(prep.writeSqlMs)}, d1 execute ${secs(prep.executeMs)} ` +
      `(${prep.counts.products} products, ${prep.counts.variants} variants)`,
  );
  const server = await startServer(persist, "turn");
  console.log(`  wrangler dev ready on ${HOST}:${server.port} in ${secs(server.startMs)}`);
  try {
    const c = opts.concurrency;
    const n = opts.requests;
    // Warm both paths first (JIT, D1 page cache, DO namespace), then A-B-A.
    if (opts.warmup > 0) {
      const wa = await runPhase(server, { name: "warm-up healthz", count: opts.warmup, concurrency: c, makeRequest: healthz, check: healthzCheck });
      const wb = await runPhase(server, { name: "warm-up turn", count: opts.warmup, concurrency: c, makeRequest: chatTurn("w"), check: chatCheck });
      console.log(`  warm-up: ${wa.requests} healthz (${wa.errors} errors), ${wb.requests} turns (${wb.errors} errors)`);
    }
    const a1 = await runPhase(server, { name: "A1 healthz", count: n, concurrency: c, makeRequest: healthz, check: healthzCheck });
    const b = await runPhase(server, { name: "B  chat turn", count: n, concurrency: c, makeRequest: chatTurn("b"), check: chatCheck });
    const a2 = await runPhase(server, { name: "A2 healthz", count: n, concurrency: c, makeRequest: healthz, check: healthzCheck });
    const base = mean([a1, a2], "A  baseline (mean)");
    // One at a time: what a single request costs when nothing queues.
    let a3 = null;
    let b2 = null;
    if (opts.serial > 0) {
      a3 = await runPhase(server, { name: "A3 healthz serial", count: opts.serial, concurrency: 1, makeRequest: healthz, check: healthzCheck });
      b2 = await runPhase(server, { name: "B2 turn serial", count: opts.serial, concurrency: 1, makeRequest: chatTurn("s"), check: chatCheck });
    }
    console.log("");
    printTable([a1, b, a2, base, ...(a3 ? [a3, b2] : [])]);
    const r = {
      rps: ratio(b.rps, base.rps),
      p50: ratio(b.p50, base.p50),
      p99: ratio(b.p99, base.p99),
    };
    console.log(
      `\n  turn / baseline: req/s ${x(r.rps)} (${b.rps.toFixed(0)} vs ${base.rps.toFixed(0)}), ` +
        `p50 ${x(r.p50)} (${ms(b.p50)} vs ${ms(base.p50)} ms), p99 ${x(r.p99)} (${ms(b.p99)} vs ${ms(base.p99)} ms)`,
    );
    console.log(`  baseline drift A2/A1: req/s ${x(ratio(a2.rps, a1.rps))}, p50 ${x(ratio(a2.p50, a1.p50))}`);
    if (a3) {
      r.serialP50 = ratio(b2.p50, a3.p50);
      console.log(`  serial turn / serial healthz: p50 ${x(r.serialP50)} (${ms(b2.p50)} vs ${ms(a3.p50)} ms), p99 ${x(ratio(b2.p99, a3.p99))}`);
    }
    const networkErrors = [a1, b, a2, a3, b2].some((p) => p && Object.keys(p.errorsBy).some((k) => k.startsWith("network")));
    const serverErrors = networkErrors || /\berror\b|exception/i.test(server.log()) ? plain(server.log()).slice(-1500) : "";
    if (serverErrors) console.log(`  wrangler printed (last lines):\n${serverErrors.replace(/^/gm, "    | ")}`);
    return { setup: prep, phases: { a1, b, a2, baseline: base, ...(a3 ? { a3Serial: a3, b2Serial: b2 } : {}) }, ratios: r };
  } finally {
    await stopServer(server);
  }
}

// ---------------------------------------------------------------- search

// Fixed, deterministic list: free text, filters, category browsing, a prefix
// ("t-shi"), a phrase nothing has in full ("velvet tuxedo": exercises the
// any-word fallback). `q=jeans&size=32` finds nothing by design: the seed sizes
// jeans XS–XL. The last two ask for the same thing by text and by category; on
// a large catalog the text one can miss products, because only the 2,000 best
// FTS matches are filtered (see bench/README.md).
const SEARCH_QUERIES = [
  "q=dress&color=blue&size=M&max_price=4000",
  "q=milk tea",
  "q=wireless earbuds",
  "q=linen",
  "category=groceries&max_price=500",
  "q=jeans&size=32",
  "q=dress",
  "q=blue dress",
  "q=maxi dress&color=green",
  "q=sneakers&size=40",
  "q=boots&color=black",
  "q=hoodie&size=L",
  "q=jacket&max_price=10000",
  "q=rain jacket&color=navy",
  "q=coffee",
  "q=green tea",
  "q=olive oil",
  "q=chocolate",
  "q=headphones&max_price=20000",
  "q=smart watch&color=silver",
  "q=mechanical keyboard",
  "q=ceramic mug",
  "q=scented candle",
  "q=face cream",
  "q=shampoo&limit=50",
  "category=dresses&color=blue&size=S",
  "category=electronics",
  "category=shoes&size=38&max_price=6000",
  "q=t-shi",
  "q=velvet tuxedo",
  "q=dress&color=navy&size=XS&max_price=2100",
  "category=dresses&color=navy&size=XS&max_price=2100",
];

const toPath = (qs) =>
  "/v1/products?" +
  qs
    .split("&")
    .map((kv) => {
      const [k, v] = kv.split("=");
      return `${k}=${encodeURIComponent(v)}`;
    })
    .join("&");

function searchCheck(_i, status, body) {
  if (status !== 200) return `HTTP ${status}`;
  try {
    return Array.isArray(JSON.parse(body).products) ? null : "no products array";
  } catch {
    return "body is not JSON";
  }
}

async function benchSearch() {
  const persist = path.join(workDir, "search");
  console.log(`\n• Search: ${opts.products.toLocaleString("en-US")}-product catalog in ${rel(persist)}`);
  const prep = await prepareDatabase(persist, opts.products, path.join(workDir, `seed-${opts.products}.sql`));
  const seedMs = prep.migrateMs + prep.writeSqlMs + prep.executeMs;
  console.log(
    `  seeding took ${secs(seedMs)}: migrations ${secs(prep.migrateMs)}, write-sql ${secs(prep.writeSqlMs)}, ` +
      `wrangler d1 execute --file ${secs(prep.executeMs)} (${prep.counts.products} products, ${prep.counts.variants} variants, ${prep.counts.fts} FTS rows)`,
  );
  const server = await startServer(persist, "search");
  console.log(`  wrangler dev ready on ${HOST}:${server.port} in ${secs(server.startMs)}`);
  try {
    const Q = SEARCH_QUERIES.length;
    // Warm-up pass: one of each, also records how many products each query finds.
    const found = [];
    for (const qs of SEARCH_QUERIES) {
      const r = await request(server, "GET", toPath(qs));
      let n = -1;
      try {
        n = r.status === 200 ? JSON.parse(r.body).products.length : -1;
      } catch {}
      found.push({ qs, status: r.status, count: n, ms: [] });
    }
    for (let i = 0; i < 20; i++) await request(server, "GET", "/healthz");

    // Serial: per-query timings are kept so a slow query can be named.
    const serialReps = opts.searchReps;
    const concReps = opts.searchReps * 3;
    const c = opts.searchConcurrency;
    const byQuery = (i) => i % Q;
    const sSerial = await runPhase(server, {
      name: "search serial",
      count: Q * serialReps,
      concurrency: 1,
      makeRequest: (i) => ({ method: "GET", path: toPath(SEARCH_QUERIES[byQuery(i)]), body: null }),
      check: searchCheck,
      onLatency: (i, took) => found[byQuery(i)].ms.push(took),
    });
    const hSerial = await runPhase(server, { name: "healthz serial", count: Q * serialReps, concurrency: 1, makeRequest: healthz, check: healthzCheck });
    const sConc = await runPhase(server, {
      name: `search conc ${c}`,
      count: Q * concReps,
      concurrency: c,
      makeRequest: (i) => ({ method: "GET", path: toPath(SEARCH_QUERIES[byQuery(i)]), body: null }),
      check: searchCheck,
    });
    const hConc = await runPhase(server, { name: `healthz conc ${c}`, count: Q * concReps, concurrency: c, makeRequest: healthz, check: healthzCheck });

    console.log("");
    printTable([sSerial, hSerial, sConc, hConc]);
    const r = {
      serialP50: ratio(sSerial.p50, hSerial.p50),
      serialP99: ratio(sSerial.p99, hSerial.p99),
      concP50: ratio(sConc.p50, hConc.p50),
      concRps: ratio(sConc.rps, hConc.rps),
    };
    console.log(
      `\n  search / healthz: serial p50 ${x(r.serialP50)}, serial p99 ${x(r.serialP99)}; ` +
        `conc ${c} p50 ${x(r.concP50)}, req/s ${x(r.concRps)}`,
    );

    console.log(`\n  per query (serial, ${serialReps} runs each; results = products returned, limit 20 unless set):`);
    const w = Math.max(...SEARCH_QUERIES.map((q) => q.length));
    console.log(`    ${"query".padEnd(w)}  results  median ms   max ms`);
    for (const f of found) {
      const s = [...f.ms].sort((a, b) => a - b);
      const status = f.status === 200 ? String(f.count) : `HTTP ${f.status}`;
      console.log(`    ${f.qs.padEnd(w)}  ${status.padStart(7)}  ${ms(percentile(s, 50)).padStart(9)}  ${ms(s.at(-1)).padStart(7)}`);
    }
    const empty = found.filter((f) => f.count === 0).map((f) => f.qs);
    const failed = found.filter((f) => f.status !== 200).map((f) => `${f.qs} (HTTP ${f.status})`);
    console.log(`  ${Q - empty.length - failed.length}/${Q} queries returned products; empty: ${empty.join(" | ") || "none"}${failed.length ? `; failed: ${failed.join(" | ")}` : ""}`);
    const slowest = [...found].sort((a, b) => percentile([...b.ms].sort((p, q) => p - q), 50) - percentile([...a.ms].sort((p, q) => p - q), 50)).slice(0, 3);
    console.log(`  slowest (median): ${slowest.map((f) => `${f.qs} ${ms(percentile([...f.ms].sort((p, q) => p - q), 50))} ms`).join(" | ")}`);

    return {
      products: opts.products,
      seed: { totalMs: seedMs, ...prep },
      phases: { searchSerial: sSerial, healthzSerial: hSerial, searchConc: sConc, healthzConc: hConc },
      ratios: r,
      queries: found.map((f) => {
        const s = [...f.ms].sort((a, b) => a - b);
        return { query: f.qs, status: f.status, results: f.count, medianMs: percentile(s, 50), maxMs: s.at(-1) };
      }),
    };
  } finally {
    await stopServer(server);
  }
}

// ---------------------------------------------------------------- main

function strip(phase) {
  const { errorSamples, ...rest } = phase;
  for (const k of ["durationMs", "rps", "p50", "p95", "p99", "max"]) rest[k] = Math.round(rest[k] * 100) / 100;
  return rest;
}

async function main() {
  const started = performance.now();
  const wranglerVersion = JSON.parse(readFileSync(path.join(root, "node_modules", "wrangler", "package.json"), "utf8")).version;
  const git = (args) => spawnSync("git", args, { cwd: root, encoding: "utf8", timeout: 10_000 }).stdout?.trim() ?? "";
  const commit = git(["rev-parse", "--short", "HEAD"]) || "?";
  const dirty = git(["status", "--porcelain", "--", "worker", "schema", "db", "wrangler.toml"]) ? " + uncommitted changes" : "";
  console.log(
    `bench:turn — commit ${commit}${dirty}, node ${process.version}, wrangler ${wranglerVersion}, ` +
      `${os.cpus().length} CPU (${os.cpus()[0]?.model ?? "?"}), load ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`,
  );
  console.log(
    `  requests ${opts.requests}/phase, concurrency ${opts.concurrency}, warm-up ${opts.warmup}, serial ${opts.serial}, ` +
      `search ${opts.search ? `${opts.products} products` : "off"}, run id ${runId}`,
  );
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(srcDir, { recursive: true });
  for (const entry of SNAPSHOT) {
    if (existsSync(path.join(root, entry))) cpSync(path.join(root, entry), path.join(srcDir, entry), { recursive: true });
  }
  console.log(`  serving a copy of ${SNAPSHOT.join(", ")} taken now (${rel(srcDir)}): edits made during the run do not reload the Worker`);

  const summary = { runId, commit: commit + (dirty ? "+dirty" : ""), node: process.version, wrangler: wranglerVersion, cpus: os.cpus().length, options: opts };
  const turn = await benchTurns();
  summary.turn = {
    setupMs: { migrate: turn.setup.migrateMs, writeSql: turn.setup.writeSqlMs, execute: turn.setup.executeMs },
    phases: Object.fromEntries(Object.entries(turn.phases).map(([k, v]) => [k, strip(v)])),
    ratios: turn.ratios,
  };
  if (opts.search) {
    const s = await benchSearch();
    summary.search = {
      products: s.products,
      seedMs: { total: s.seed.totalMs, migrate: s.seed.migrateMs, writeSql: s.seed.writeSqlMs, execute: s.seed.executeMs },
      phases: Object.fromEntries(Object.entries(s.phases).map(([k, v]) => [k, strip(v)])),
      ratios: s.ratios,
      queries: s.queries,
    };
  }
  const errors = Object.values(summary.turn.phases).reduce((n, p) => n + p.errors, 0) +
    (summary.search ? Object.values(summary.search.phases).reduce((n, p) => n + p.errors, 0) : 0);
  summary.totalMs = performance.now() - started;
  console.log(`\n✓ done in ${secs(summary.totalMs)}${errors ? ` — ${errors} request errors, see above` : ", no request errors"}`);
  await cleanup();
  if (opts.json) console.log(`BENCH_JSON ${JSON.stringify(summary, (_k, v) => (typeof v === "number" && !Number.isInteger(v) ? Math.round(v * 100) / 100 : v))}`);
}

main().then(
  () => process.exit(0),
  async (e) => {
    if (!stopping) console.error(`\n✗ ${e?.stack ?? e}`);
    await cleanup();
    process.exit(stopCode ?? 1);
  },
);
