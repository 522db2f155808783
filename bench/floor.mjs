#!/usr/bin/env node
// Benchmark: the platform floor. A bench-only Worker (bench/floor/, never
// deployed) answers routes that each do one platform thing, so a chat turn's
// cost can be split into what local workerd charges and what the app adds.
// It PRINTS figures (ratios against the same server's /healthz); not a test.
//
//   npm run bench:floor -- [--requests 2000] [--concurrency 32] [--serial 200] [--json]
import path from "node:path";
import { cpSync } from "node:fs";
import {
  checkToolchain,
  cleanup,
  gitInfo,
  healthzCheck,
  HOST,
  initRun,
  machineLine,
  parseFlags,
  root,
  run,
  runMain,
  runPhase,
  snapshotSources,
  startServer,
  stopServer,
} from "./lib/harness.mjs";
import { mean, ms, ratio, round2, secs, x } from "./lib/stats.mjs";

const USAGE = `usage: node bench/floor.mjs [options]
  --requests N     requests per route at --concurrency (default 2000)
  --concurrency N  requests in flight (default 32)
  --serial N       requests per route one at a time (default 200; 0 = skip)
  --warmup N       warm-up requests per route (default 100)
  --timeout S      global timeout in seconds (default 600)
  --keep / --json  as in bench:turn`;

const opts = parseFlags(process.argv.slice(2), {
  defaults: { requests: 2000, concurrency: 32, serial: 200, warmup: 100, timeout: 600, keep: false, json: false },
  ints: {
    "--requests": ["requests", 1],
    "--concurrency": ["concurrency", 1],
    "--serial": ["serial", 0],
    "--warmup": ["warmup", 0],
    "--timeout": ["timeout", 1],
  },
  bools: { "--json": ["json", true], "--keep": ["keep", true] },
  usage: USAGE,
});
checkToolchain("bench:floor");
initRun({ name: "floor", keep: opts.keep, timeoutS: opts.timeout });

/** Route, what it does, whether each request needs a new object id. */
const ROUTES = [
  ["/do-new", "(b) RPC to a new DO that creates one SQLite table", true],
  ["/do-existing", "(c) RPC to an existing DO", false],
  ["/d1", "(d) one D1 SELECT 1", false],
  ["/limiter-do", "(e) RateLimiter-like DO hop (one counter upsert)", false],
  ["/ratelimit", "(f) native ratelimits binding (local simulation)", false],
  ["/do-d1", "(g) existing DO that runs one D1 SELECT 1", false],
  ["/turn-floor", "(h) e + new DO with a table + D1 from inside it", true],
  ["/turn-floor-ongoing", "(j) e + existing DO + D1 from inside it", false],
  ["/turn-floor-native", "(i) f + new DO with a table + D1 from inside it", true],
];

const okCheck = (_i, status, body) =>
  status !== 200 ? `HTTP ${status}` : body.includes('"ok":true') ? null : "bad body";
const get = (route, fresh, tag) => (i) => ({
  method: "GET",
  path: fresh ? `${route}?id=${run.runId}-${tag}-${i}` : route,
  body: null,
});

async function measure(server, route, fresh, tag) {
  const base = { makeRequest: get(route, fresh, tag), check: route === "/healthz" ? healthzCheck : okCheck };
  const c = await runPhase(server, {
    name: `${route} c=${opts.concurrency}`,
    count: opts.requests,
    concurrency: opts.concurrency,
    ...base,
  });
  const s =
    opts.serial > 0
      ? await runPhase(server, {
          name: `${route} serial`,
          count: opts.serial,
          concurrency: 1,
          ...base,
          makeRequest: get(route, fresh, `${tag}s`),
        })
      : null;
  return { c, s };
}

async function main() {
  const { commit, dirty, wranglerVersion } = gitInfo(["bench/floor"]);
  console.log(`bench:floor — commit ${commit}${dirty}, wrangler ${wranglerVersion}, ${machineLine()}`);
  snapshotSources([]);
  cpSync(path.join(root, "bench", "floor"), run.srcDir, { recursive: true });
  const server = await startServer(path.join(run.workDir, "state"), "floor");
  console.log(`  wrangler dev ready on ${HOST}:${server.port} in ${secs(server.startMs)}`);
  const figures = {};
  try {
    for (const [route, , fresh] of [["/healthz", "", false], ...ROUTES]) {
      if (opts.warmup > 0)
        await runPhase(server, {
          name: "warm-up",
          count: opts.warmup,
          concurrency: opts.concurrency,
          makeRequest: get(route, fresh, "w"),
          check: okCheck,
        });
    }
    const a1 = await measure(server, "/healthz", false, "a1");
    for (const [route, , fresh] of ROUTES) figures[route] = await measure(server, route, fresh, "m");
    const a2 = await measure(server, "/healthz", false, "a2");
    const hc = mean([a1.c, a2.c], "healthz");
    const hs = a1.s && a2.s ? mean([a1.s, a2.s], "healthz serial") : null;
    const errors = Object.values(figures).reduce(
      (n, f) => n + f.c.errors + (f.s?.errors ?? 0),
      a1.c.errors + a2.c.errors,
    );
    console.log(
      `\n  (a) /healthz: c=${opts.concurrency} ${hc.rps.toFixed(0)} req/s (A2/A1 ${x(ratio(a2.c.rps, a1.c.rps))})` +
        (hs ? `, serial p50 ${ms(hs.p50)} ms` : ""),
    );
    console.log(
      `  ${"route".padEnd(52)} ${"req/s".padStart(7)} ${"÷ healthz".padStart(10)} ${"serial p50".padStart(11)} ${"÷ healthz".padStart(10)}`,
    );
    for (const [route, label] of ROUTES) {
      const f = figures[route];
      console.log(
        `  ${label.padEnd(52)} ${f.c.rps.toFixed(0).padStart(7)} ${x(ratio(f.c.rps, hc.rps)).padStart(10)} ` +
          `${(f.s ? `${ms(f.s.p50)} ms` : "–").padStart(11)} ${(f.s && hs ? x(ratio(f.s.p50, hs.p50)) : "–").padStart(10)}`,
      );
    }
    console.log(`\n${errors ? "✗" : "✓"} ${errors} request errors; load ${machineLine()}`);
    if (opts.json) {
      const out = { commit, healthz: { c: hc, serial: hs }, routes: figures };
      console.log(`BENCH_JSON ${JSON.stringify(out, round2)}`);
    }
    if (errors) process.exitCode = 3;
  } finally {
    await stopServer(server);
    await cleanup();
  }
}

runMain(main);
