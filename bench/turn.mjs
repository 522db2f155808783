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
// The machinery (processes, cleanup, wrangler dev, load phases) is in bench/lib/.
import os from "node:os";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  checkToolchain,
  cleanup,
  gitInfo,
  HOST,
  healthz,
  healthzCheck,
  initRun,
  machineLine,
  parseFlags,
  plain,
  prepareDatabase,
  rel,
  request,
  run,
  runMain,
  runPhase,
  snapshotSources,
  startServer,
  stopServer,
  SNAPSHOT,
} from "./lib/harness.mjs";
import { printProfile, profileKind } from "./lib/profile.mjs";
import { mean, ms, percentile, printTable, ratio, round2, secs, strip, x } from "./lib/stats.mjs";

const CHAT_SKU = "TEA-MILK-500";
// This bench measures the cost of a turn and of a search, not the edge limits:
// every request comes from 127.0.0.1, so the per-IP limit would answer 429.
// The limiter still runs (its round trips are part of a turn's cost).
const UNLIMITED = ["LIMIT_IP:1000000/60s", "LIMIT_CHAT_PER_USER:1000000/60s"];

/**
 * The two ways a turn's fail-open limit is counted (worker/limits/native.ts).
 * "object": the vars raised, so the RateLimiter Durable Object counts.
 * "native": the vars left at their defaults, so the ratelimits binding counts;
 * its limits are raised in the served copy of wrangler.toml instead.
 */
function limiterSetup(limiter) {
  const toml = path.join(run.srcDir, "wrangler.toml");
  const original = (run.originalToml ??= readFileSync(toml, "utf8"));
  if (limiter === "object") {
    writeFileSync(toml, original);
    return UNLIMITED;
  }
  const raised = original.replace(
    /^simple = \{ limit = \d+, period = (\d+) \}$/gm,
    "simple = { limit = 1000000, period = $1 }",
  );
  if (raised === original) throw new Error("wrangler.toml has no [[ratelimits]] to raise for --limiter native");
  writeFileSync(toml, raised);
  return [];
}

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
  --turn / --no-turn       run phases A/B, the chat turn (default: on)
  --profile           instead of phases A/B: where a turn's time goes (limiter, DO hop,
                      D1 round trips, planner, executor, commit), one turn at a time
  --profile-turns N   turns of each kind in --profile (default 100)
  --limiter-native    fail-open limits counted by the ratelimits binding, as deployed (default)
  --limiter-object    fail-open limits counted by the RateLimiter Durable Object (vars raised)
  --limiter-both      phases A/B (or --profile) once with each, object first
  --timeout S         global timeout in seconds (default 600)
  --keep              keep the bench/.data/turn-<pid> directory (debugging)
  --json              also print one machine-readable summary line (BENCH_JSON {...})`;

const opts = parseFlags(process.argv.slice(2), {
  defaults: {
    requests: 3000,
    concurrency: 32,
    warmup: 200,
    serial: 200,
    products: 100_000,
    searchReps: 3,
    searchConcurrency: 8,
    search: true,
    turn: true,
    profile: false,
    profileTurns: 100,
    limiter: "native",
    timeout: 600,
    keep: false,
    json: false,
  },
  ints: {
    "--requests": ["requests", 1],
    "--concurrency": ["concurrency", 1],
    "--warmup": ["warmup", 0],
    "--serial": ["serial", 0],
    "--products": ["products", 1],
    "--search-reps": ["searchReps", 1],
    "--profile-turns": ["profileTurns", 1],
    "--timeout": ["timeout", 1],
  },
  bools: {
    "--search": ["search", true],
    "--no-search": ["search", false],
    "--turn": ["turn", true],
    "--no-turn": ["turn", false],
    "--profile": ["profile", true],
    "--limiter-native": ["limiter", "native"],
    "--limiter-object": ["limiter", "object"],
    "--limiter-both": ["limiter", "both"],
    "--json": ["json", true],
    "--keep": ["keep", true],
  },
  usage: USAGE,
});
checkToolchain("bench:turn");
// wrangler dev watches its sources and restarts the Worker when one changes,
// which turns in-flight POSTs into 503s. Other people edit this tree while a
// bench runs, so the bench serves a copy of the sources taken at the start
// (lib/harness.mjs: snapshotSources). Everything lives in bench/.data/turn-<pid>/.
initRun({ name: "turn", keep: opts.keep, timeoutS: opts.timeout });

// ---------------------------------------------------------------- phase A / B

function chatTurn(prefix) {
  return (i) => ({
    method: "POST",
    path: "/v1/chat",
    body: {
      conversation_id: `bench-${run.runId}-${prefix}${String(i).padStart(6, "0")}`,
      message_id: "m1",
      button: `add:${CHAT_SKU}`,
    },
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

async function benchTurns(limiter) {
  const persist = path.join(run.workDir, `turn-${limiter}`);
  console.log(`\n• Phase A/B (limiter: ${limiter}): 320-product catalog in ${rel(persist)}`);
  const prep = await prepareDatabase(persist, 320, path.join(run.workDir, "seed-320.sql"));
  console.log(
    `  migrations ${secs(prep.migrateMs)}, write-sql ${secs(prep.writeSqlMs)}, d1 execute ${secs(prep.executeMs)} ` +
      `(${prep.counts.products} products, ${prep.counts.variants} variants)`,
  );
  const server = await startServer(persist, "turn", { vars: limiterSetup(limiter) });
  console.log(`  wrangler dev ready on ${HOST}:${server.port} in ${secs(server.startMs)}`);
  try {
    const c = opts.concurrency;
    const n = opts.requests;
    // Warm both paths first (JIT, D1 page cache, DO namespace), then A-B-A.
    if (opts.warmup > 0) {
      const wa = await runPhase(server, {
        name: "warm-up healthz",
        count: opts.warmup,
        concurrency: c,
        makeRequest: healthz,
        check: healthzCheck,
      });
      const wb = await runPhase(server, {
        name: "warm-up turn",
        count: opts.warmup,
        concurrency: c,
        makeRequest: chatTurn("w"),
        check: chatCheck,
      });
      console.log(
        `  warm-up: ${wa.requests} healthz (${wa.errors} errors), ${wb.requests} turns (${wb.errors} errors)`,
      );
    }
    const a1 = await runPhase(server, {
      name: "A1 healthz",
      count: n,
      concurrency: c,
      makeRequest: healthz,
      check: healthzCheck,
    });
    const b = await runPhase(server, {
      name: "B  chat turn",
      count: n,
      concurrency: c,
      makeRequest: chatTurn("b"),
      check: chatCheck,
    });
    const a2 = await runPhase(server, {
      name: "A2 healthz",
      count: n,
      concurrency: c,
      makeRequest: healthz,
      check: healthzCheck,
    });
    const base = mean([a1, a2], "A  baseline (mean)");
    // One at a time: what a single request costs when nothing queues.
    let a3 = null;
    let b2 = null;
    if (opts.serial > 0) {
      a3 = await runPhase(server, {
        name: "A3 healthz serial",
        count: opts.serial,
        concurrency: 1,
        makeRequest: healthz,
        check: healthzCheck,
      });
      b2 = await runPhase(server, {
        name: "B2 turn serial",
        count: opts.serial,
        concurrency: 1,
        makeRequest: chatTurn("s"),
        check: chatCheck,
      });
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
      console.log(
        `  serial turn / serial healthz: p50 ${x(r.serialP50)} (${ms(b2.p50)} vs ${ms(a3.p50)} ms), p99 ${x(ratio(b2.p99, a3.p99))}`,
      );
    }
    const networkErrors = [a1, b, a2, a3, b2].some(
      (p) => p && Object.keys(p.errorsBy).some((k) => k.startsWith("network")),
    );
    const serverErrors =
      networkErrors || /\berror\b|exception/i.test(server.log()) ? plain(server.log()).slice(-1500) : "";
    if (serverErrors) console.log(`  wrangler printed (last lines):\n${serverErrors.replace(/^/gm, "    | ")}`);
    return {
      setup: prep,
      phases: { a1, b, a2, baseline: base, ...(a3 ? { a3Serial: a3, b2Serial: b2 } : {}) },
      ratios: r,
    };
  } finally {
    await stopServer(server);
  }
}

// ---------------------------------------------------------------- profile

const SEARCH_TEXT = "find a blue dress";

function textTurn(prefix, conversations) {
  // conversations = 0: a new conversation each time; n: n ongoing ones, a new message each time.
  return (i) => ({
    method: "POST",
    path: "/v1/chat",
    body: conversations
      ? {
          conversation_id: `bench-${run.runId}-${prefix}${String(i % conversations).padStart(6, "0")}`,
          message_id: `m${i}`,
          text: SEARCH_TEXT,
        }
      : {
          conversation_id: `bench-${run.runId}-${prefix}${String(i).padStart(6, "0")}`,
          message_id: "m1",
          text: SEARCH_TEXT,
        },
  });
}

function searchTurnCheck(_i, status, body) {
  if (status !== 200) return `HTTP ${status}`;
  try {
    return JSON.parse(body)?.reply?.products?.length > 0 ? null : "no products in the reply";
  } catch {
    return "body is not JSON";
  }
}

async function benchProfile(limiter) {
  const persist = path.join(run.workDir, `turn-${limiter}`);
  console.log(
    `\n• Profile (limiter: ${limiter}): 320-product catalog, PROFILE_TURNS=1, ${opts.profileTurns} turns of each kind one at a time`,
  );
  await prepareDatabase(persist, 320, path.join(run.workDir, "seed-320.sql"));
  const server = await startServer(persist, "profile", { vars: [...limiterSetup(limiter), "PROFILE_TURNS:1"] });
  try {
    const n = opts.profileTurns;
    const warm = Math.min(opts.warmup, 50);
    await runPhase(server, {
      name: "warm-up",
      count: warm,
      concurrency: 1,
      makeRequest: chatTurn("pw"),
      check: chatCheck,
    });
    await runPhase(server, {
      name: "warm-up",
      count: warm,
      concurrency: 1,
      makeRequest: textTurn("pv", 0),
      check: searchTurnCheck,
    });
    const healthzSerial = await runPhase(server, {
      name: "healthz serial",
      count: n,
      concurrency: 1,
      makeRequest: healthz,
      check: healthzCheck,
    });
    const kinds = {
      "add, new conversation": await profileKind(server, { count: n, makeRequest: chatTurn("pa"), check: chatCheck }),
      "search, new conversation": await profileKind(server, {
        count: n,
        makeRequest: textTurn("ps", 0),
        check: searchTurnCheck,
      }),
      "search, 8 ongoing": await profileKind(server, {
        count: n,
        makeRequest: textTurn("po", 8),
        check: searchTurnCheck,
      }),
    };
    console.log(
      `\n  healthz serial p50 ${ms(healthzSerial.p50)} ms (same server, same run); search text "${SEARCH_TEXT}"`,
    );
    printProfile(kinds);
    const errors = Object.values(kinds).reduce((a, k) => a + k.errors, 0);
    if (errors) console.log(`  ${errors} turns were not right and are left out`);
    return { healthzSerialP50: healthzSerial.p50, kinds };
  } finally {
    await stopServer(server);
  }
}

// ---------------------------------------------------------------- search

// Fixed, deterministic list: free text, filters, category browsing, a prefix
// ("t-shi"), a phrase nothing has in full ("velvet tuxedo": exercises the
// any-word fallback). `q=jeans&size=32` finds nothing by design: the seed sizes
// jeans XS–XL. The last two ask for the same thing by text and by category:
// both must find the same few products (a rare size among thousands of
// "dress" matches; see bench/README.md).
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
  const persist = path.join(run.workDir, "search");
  console.log(`\n• Search: ${opts.products.toLocaleString("en-US")}-product catalog in ${rel(persist)}`);
  const prep = await prepareDatabase(persist, opts.products, path.join(run.workDir, `seed-${opts.products}.sql`));
  const seedMs = prep.migrateMs + prep.writeSqlMs + prep.executeMs;
  console.log(
    `  seeding took ${secs(seedMs)}: migrations ${secs(prep.migrateMs)}, write-sql ${secs(prep.writeSqlMs)}, ` +
      `wrangler d1 execute --file ${secs(prep.executeMs)} (${prep.counts.products} products, ${prep.counts.variants} variants, ${prep.counts.fts} FTS rows)`,
  );
  const server = await startServer(persist, "search", { vars: UNLIMITED });
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
    const hSerial = await runPhase(server, {
      name: "healthz serial",
      count: Q * serialReps,
      concurrency: 1,
      makeRequest: healthz,
      check: healthzCheck,
    });
    const sConc = await runPhase(server, {
      name: `search conc ${c}`,
      count: Q * concReps,
      concurrency: c,
      makeRequest: (i) => ({ method: "GET", path: toPath(SEARCH_QUERIES[byQuery(i)]), body: null }),
      check: searchCheck,
    });
    const hConc = await runPhase(server, {
      name: `healthz conc ${c}`,
      count: Q * concReps,
      concurrency: c,
      makeRequest: healthz,
      check: healthzCheck,
    });

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
      console.log(
        `    ${f.qs.padEnd(w)}  ${status.padStart(7)}  ${ms(percentile(s, 50)).padStart(9)}  ${ms(s.at(-1)).padStart(7)}`,
      );
    }
    const empty = found.filter((f) => f.count === 0).map((f) => f.qs);
    const failed = found.filter((f) => f.status !== 200).map((f) => `${f.qs} (HTTP ${f.status})`);
    console.log(
      `  ${Q - empty.length - failed.length}/${Q} queries returned products; empty: ${empty.join(" | ") || "none"}${failed.length ? `; failed: ${failed.join(" | ")}` : ""}`,
    );
    const slowest = [...found]
      .sort(
        (a, b) =>
          percentile(
            [...b.ms].sort((p, q) => p - q),
            50,
          ) -
          percentile(
            [...a.ms].sort((p, q) => p - q),
            50,
          ),
      )
      .slice(0, 3);
    console.log(
      `  slowest (median): ${slowest
        .map(
          (f) =>
            `${f.qs} ${ms(
              percentile(
                [...f.ms].sort((p, q) => p - q),
                50,
              ),
            )} ms`,
        )
        .join(" | ")}`,
    );

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

async function main() {
  const started = performance.now();
  const { commit, dirty, wranglerVersion } = gitInfo();
  console.log(
    `bench:turn — commit ${commit}${dirty}, node ${process.version}, wrangler ${wranglerVersion}, ${machineLine()}`,
  );
  console.log(
    `  requests ${opts.requests}/phase, concurrency ${opts.concurrency}, warm-up ${opts.warmup}, serial ${opts.serial}, ` +
      `search ${opts.search ? `${opts.products} products` : "off"}, run id ${run.runId}`,
  );
  snapshotSources(SNAPSHOT);
  console.log(
    `  serving a copy of ${SNAPSHOT.join(", ")} taken now (${rel(run.srcDir)}): edits made during the run do not reload the Worker`,
  );

  const summary = {
    runId: run.runId,
    commit: commit + (dirty ? "+dirty" : ""),
    node: process.version,
    wrangler: wranglerVersion,
    cpus: os.cpus().length,
    options: opts,
  };
  const limiters = opts.limiter === "both" ? ["object", "native"] : [opts.limiter];
  if (opts.profile) {
    summary.profile = {};
    for (const l of limiters) summary.profile[l] = await benchProfile(l);
  } else if (opts.turn) {
    summary.turn = {};
    for (const l of limiters) {
      const turn = await benchTurns(l);
      summary.turn[l] = {
        setupMs: { migrate: turn.setup.migrateMs, writeSql: turn.setup.writeSqlMs, execute: turn.setup.executeMs },
        phases: Object.fromEntries(Object.entries(turn.phases).map(([k, v]) => [k, strip(v)])),
        ratios: turn.ratios,
      };
    }
    if (limiters.length > 1) {
      const [o, n] = limiters.map((l) => summary.turn[l].ratios);
      console.log(
        `\n  limiter object → native: turn/healthz req/s ${x(o.rps)} → ${x(n.rps)}` +
          (o.serialP50 ? `, serial p50 ${x(o.serialP50)} → ${x(n.serialP50)}` : ""),
      );
    }
  }
  if (opts.search) {
    const s = await benchSearch();
    summary.search = {
      products: s.products,
      seedMs: {
        total: s.seed.totalMs,
        migrate: s.seed.migrateMs,
        writeSql: s.seed.writeSqlMs,
        execute: s.seed.executeMs,
      },
      phases: Object.fromEntries(Object.entries(s.phases).map(([k, v]) => [k, strip(v)])),
      ratios: s.ratios,
      queries: s.queries,
    };
  }
  const errors =
    Object.values(summary.turn ?? {}).reduce(
      (sum, t) => sum + Object.values(t.phases).reduce((n, p) => n + p.errors, 0),
      0,
    ) + (summary.search ? Object.values(summary.search.phases).reduce((n, p) => n + p.errors, 0) : 0);
  summary.totalMs = performance.now() - started;
  console.log(
    `\n✓ done in ${secs(summary.totalMs)}${errors ? ` — ${errors} request errors, see above` : ", no request errors"}`,
  );
  await cleanup();
  if (opts.json) console.log(`BENCH_JSON ${JSON.stringify(summary, round2)}`);
}

runMain(main);
