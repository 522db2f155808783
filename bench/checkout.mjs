#!/usr/bin/env node
// Benchmark: how fast does the chat take money? Concurrent signed-in shoppers
// with a saved card go add → "checkout" → pay:<quote> and must come back
// `paid` in one tap; a second set without a saved card pays on the stand-in's
// payment page and waits for the webhook. It PRINTS figures (latency per step,
// confirm→paid p50/p99, paid/s) against the same run's /healthz baseline, and
// checks afterwards, from the Stripe stand-in's records and from D1, that no
// order was charged twice. Run it with `npm run bench:checkout`.
//
//   npm run bench:checkout -- [--shoppers 500] [--concurrency 32] [--no-card-shoppers 100] [--json]
//
// Everything is local: `wrangler dev` (workerd, local D1, Durable Objects) and
// the Stripe stand-in (test/stand-ins/stripe) on 127.0.0.1, a private
// --persist-to directory under bench/.data/, all removed at the end.
// The machinery is in bench/lib/ (shared with bench/turn.mjs and bench/flash-sale.mjs).
import os from "node:os";
import path from "node:path";
import {
  assertServerAlive,
  checkToolchain,
  cleanup,
  d1Query,
  d1QueryAll,
  freePort,
  gitInfo,
  healthz,
  healthzCheck,
  httpRequest,
  initRun,
  machineLine,
  parseFlags,
  plain,
  prepareDatabase,
  rel,
  run,
  runMain,
  runPhase,
  SNAPSHOT,
  snapshotSources,
  startServer,
  stopServer,
  stopService,
  sleep,
} from "./lib/harness.mjs";
import {
  createSavedCards,
  drainWebhooks,
  insertCustomers,
  intentsByOrder,
  pool,
  printSteps,
  Shopper,
  shopSecrets,
  signJwt,
  SKU,
  StepStats,
  startStripe,
  webhookDeliveries,
  workerVars,
} from "./lib/shop.mjs";
import { mean, ms, percentile, printTable, ratio, round2, secs, strip, x } from "./lib/stats.mjs";

const USAGE = `usage: node bench/checkout.mjs [options]
  --shoppers N          signed-in shoppers with a saved card, one-tap phase (default 500)
  --concurrency N       shoppers in flight at once (default 32)
  --no-card-shoppers N  signed-in shoppers without a saved card: payment link +
                        webhook phase (default 100; 0 skips it)
  --healthz N           requests in each /healthz baseline phase (default 2000)
  --warmup N            warm-up shoppers (full flow, not counted) and 10× as many healthz (default 16)
  --setup-concurrency N stand-in customers created at once during setup (default 32)
  --poll-timeout S      how long a no-card shopper waits for "paid" after paying (default 60)
  --timeout S           global timeout in seconds (default 900)
  --keep                keep bench/.data/checkout-<pid> (debugging)
  --json                also print one machine-readable summary line (BENCH_JSON {...})`;

const opts = parseFlags(process.argv.slice(2), {
  defaults: {
    shoppers: 500,
    concurrency: 32,
    noCard: 100,
    healthz: 2000,
    warmup: 16,
    setupConcurrency: 32,
    pollTimeout: 60,
    timeout: 900,
    keep: false,
    json: false,
  },
  ints: {
    "--shoppers": ["shoppers", 1],
    "--concurrency": ["concurrency", 1],
    "--no-card-shoppers": ["noCard", 0],
    "--healthz": ["healthz", 1],
    "--warmup": ["warmup", 0],
    "--setup-concurrency": ["setupConcurrency", 1],
    "--poll-timeout": ["pollTimeout", 1],
    "--timeout": ["timeout", 1],
  },
  bools: { "--json": ["json", true], "--keep": ["keep", true] },
  usage: USAGE,
});
checkToolchain("bench:checkout");
initRun({ name: "checkout", keep: opts.keep, timeoutS: opts.timeout });

// User ids: "<phase letter>-<run id>-<n>"; the letter lets D1 queries split by phase
// (substr(customer, 6, 1) of "user:<id>"): w = warm-up, p = one-tap, n = no card.
const userId = (phase, i) => `${phase}-${run.runId}-${String(i).padStart(5, "0")}`;

// ---------------------------------------------------------------- flows

/** add → checkout → pay:<quote>; expects `paid` in one tap. Returns the order id or null. */
async function oneTap(server, secrets, stats, user, outcomes) {
  const s = new Shopper(server, { user, token: signJwt(user, secrets.jwtSecret), stats });
  const t0 = performance.now();
  const added = await s.send("add", { button: `add:${SKU}` });
  if (added.status !== 200 || !added.json?.cart?.lines?.some((l) => l.sku === SKU)) {
    stats.error("add", added.status === 200 ? "cart line missing" : `HTTP ${added.status}`, added.raw);
    return bump(outcomes, "add failed");
  }
  const quoted = await s.send("checkout", { text: "checkout" });
  const quote = quoted.json?.quote;
  if (quoted.status !== 200 || !quote?.id) {
    stats.error("checkout", quoted.status === 200 ? "no quote" : `HTTP ${quoted.status}`, quoted.raw);
    return bump(outcomes, "no quote");
  }
  const tPay = performance.now();
  const paid = await s.send("pay", { button: `pay:${quote.id}` });
  const payMs = performance.now() - tPay;
  const order = paid.json?.order;
  if (paid.status === 200 && order?.status === "paid") {
    stats.time("confirm→paid", payMs);
    stats.time("whole flow", performance.now() - t0);
    bump(outcomes, "paid");
    return order.id;
  }
  const label =
    paid.status !== 200
      ? `HTTP ${paid.status}`
      : order
        ? `order ${order.status}`
        : paid.json?.quote
          ? "requote"
          : "no order";
  stats.error("pay", label, paid.raw);
  bump(outcomes, label);
  return null;
}

/**
 * add → checkout → pay:<quote> → pending_payment with a payment_url → POST
 * the payment page with pm_card_visa → poll the chat (bounded) until the
 * webhook made the order paid.
 */
async function viaPaymentLink(server, stripe, secrets, stats, user, outcomes, observed) {
  const s = new Shopper(server, { user, token: signJwt(user, secrets.jwtSecret), stats });
  const t0 = performance.now();
  const added = await s.send("add", { button: `add:${SKU}` });
  if (added.status !== 200 || !added.json?.cart?.lines?.some((l) => l.sku === SKU)) {
    stats.error("add", added.status === 200 ? "cart line missing" : `HTTP ${added.status}`, added.raw);
    return bump(outcomes, "add failed");
  }
  const quoted = await s.send("checkout", { text: "checkout" });
  const quote = quoted.json?.quote;
  if (quoted.status !== 200 || !quote?.id) {
    stats.error("checkout", quoted.status === 200 ? "no quote" : `HTTP ${quoted.status}`, quoted.raw);
    return bump(outcomes, "no quote");
  }
  const confirmed = await s.send("pay", { button: `pay:${quote.id}` });
  const order = confirmed.json?.order;
  if (confirmed.status !== 200 || order?.status !== "pending_payment" || !order.payment_url) {
    const label =
      confirmed.status !== 200
        ? `HTTP ${confirmed.status}`
        : order
          ? `order ${order.status}${order.payment_url ? "" : " without payment_url"}`
          : "no order";
    stats.error("pay", label, confirmed.raw);
    return bump(outcomes, label);
  }
  const url = new URL(order.payment_url);
  if (url.hostname !== "127.0.0.1" || Number(url.port) !== stripe.port) {
    stats.error("pay", "payment_url not on the stand-in", order.payment_url);
    return bump(outcomes, "bad payment_url");
  }
  const tPage = performance.now();
  let page;
  try {
    page = await httpRequest({
      port: stripe.port,
      method: "POST",
      path: `${url.pathname}?payment_method=pm_card_visa&format=json`,
      headers: { accept: "application/json" },
      agent: stripe.agent,
      timeoutMs: 30_000,
    });
  } catch (e) {
    stats.record("payment page", performance.now() - tPage, `network ${e.code ?? e.message}`);
    return bump(outcomes, "payment page unreachable");
  }
  stats.record("payment page", performance.now() - tPage, page.status);
  const paidAtEpoch = Date.now();
  const tPaid = performance.now();
  let pi = null;
  try {
    pi = JSON.parse(page.body).payment_intent;
  } catch {}
  if (page.status !== 200 || pi?.status !== "succeeded") {
    stats.error("payment page", `HTTP ${page.status} ${pi?.status ?? ""}`.trim(), page.body);
    return bump(outcomes, "payment page refused");
  }
  observed.set(pi.id, { paidAtEpoch, orderId: order.id });
  // Bounded polling: 50 ms, then ×1.5 up to 1 s between polls, for at most --poll-timeout.
  let delay = 50;
  let polls = 0;
  const deadline = tPaid + opts.pollTimeout * 1000;
  while (performance.now() < deadline && !run.stopping && !server.exited) {
    await sleep(delay);
    delay = Math.min(1000, delay * 1.5);
    polls++;
    const r = await s.send("poll", { text: "what's in my cart?" });
    if (r.status !== 200) {
      stats.error("poll", `HTTP ${r.status}`, r.raw);
      continue;
    }
    if (r.json?.order?.id === order.id && r.json.order.status === "paid") {
      stats.time("payment→paid seen in chat", performance.now() - tPaid);
      observed.get(pi.id).polls = polls;
      stats.time("whole flow", performance.now() - t0);
      bump(outcomes, "paid");
      return order.id;
    }
  }
  stats.error("poll", "not paid before --poll-timeout", "");
  return bump(outcomes, "not paid in time");
}

function bump(map, key) {
  map.set(key, (map.get(key) ?? 0) + 1);
  return null;
}

// ---------------------------------------------------------------- main

async function main() {
  const started = performance.now();
  const { commit, dirty, wranglerVersion } = gitInfo([
    "worker",
    "schema",
    "db",
    "wrangler.toml",
    "test/stand-ins/stripe",
  ]);
  console.log(
    `bench:checkout — commit ${commit}${dirty}, node ${process.version}, wrangler ${wranglerVersion}, ${machineLine()}`,
  );
  console.log(
    `  ${opts.shoppers} one-tap shoppers + ${opts.noCard} payment-link shoppers, concurrency ${opts.concurrency}, ` +
      `healthz ${opts.healthz}/phase, warm-up ${opts.warmup}, run id ${run.runId}`,
  );
  const entries = snapshotSources([...SNAPSHOT, "test/stand-ins/stripe"]);
  console.log(`  serving a copy of ${entries.join(", ")} taken now (${rel(run.srcDir)})`);

  // Setup: database, stand-in, saved cards, Worker. Timed, not part of the figures.
  const persist = path.join(run.workDir, "d1");
  console.log(`\n• Setup (${rel(persist)})`);
  const prep = await prepareDatabase(persist, 320, path.join(run.workDir, "seed-320.sql"));
  console.log(
    `  migrations ${secs(prep.migrateMs)}, write-sql ${secs(prep.writeSqlMs)}, d1 execute ${secs(prep.executeMs)} (${prep.counts.products} products)`,
  );
  const secrets = shopSecrets();
  const workerPort = await freePort();
  const stripe = await startStripe({ workerPort, webhookSecret: secrets.webhookSecret });
  console.log(`  Stripe stand-in on ${stripe.url}, webhooks → 127.0.0.1:${workerPort}/webhooks/stripe`);
  const savedUsers = [
    ...Array.from({ length: opts.warmup }, (_, i) => userId("w", i)),
    ...Array.from({ length: opts.shoppers }, (_, i) => userId("p", i)),
  ];
  const tCards = performance.now();
  const cards = await createSavedCards(stripe, savedUsers, opts.setupConcurrency);
  const cardsMs = performance.now() - tCards;
  const tInsert = performance.now();
  await insertCustomers(persist, cards, path.join(run.workDir, "customers.sql"));
  const insertMs = performance.now() - tInsert;
  const [{ stock: stockBefore }] = await d1Query(persist, `SELECT stock FROM variants WHERE sku = '${SKU}'`);
  console.log(
    `  ${cards.length} stand-in customers with pm_card_visa in ${secs(cardsMs)} (${(cards.length / (cardsMs / 1000)).toFixed(0)}/s, ` +
      `${opts.setupConcurrency} at a time); D1 customers rows in ${secs(insertMs)}`,
  );
  const server = await startServer(persist, "checkout", { port: workerPort, vars: workerVars(secrets, stripe) });
  console.log(`  wrangler dev ready on 127.0.0.1:${server.port} in ${secs(server.startMs)}`);

  const summary = {
    runId: run.runId,
    commit: commit + (dirty ? "+dirty" : ""),
    node: process.version,
    wrangler: wranglerVersion,
    cpus: os.cpus().length,
    options: opts,
    setupMs: {
      migrate: prep.migrateMs,
      writeSql: prep.writeSqlMs,
      execute: prep.executeMs,
      customers: cardsMs,
      customersInsert: insertMs,
      wranglerStart: server.startMs,
    },
  };
  const c = opts.concurrency;
  let a1,
    a2,
    b,
    cPhase,
    base,
    oneTapStats,
    noCardStats,
    oneTapOutcomes,
    noCardOutcomes,
    drainB = 0,
    drainC = 0;
  const observed = new Map(); // pi id -> {paidAtEpoch, orderId} (no-card phase)
  const paidOneTap = new Set();
  // Warm-up: healthz and a few whole one-tap flows (not counted).
  if (opts.warmup > 0) {
    await runPhase(server, {
      name: "warm-up healthz",
      count: opts.warmup * 10,
      concurrency: c,
      makeRequest: healthz,
      check: healthzCheck,
    });
    const ws = new StepStats();
    const wo = new Map();
    await pool(server, opts.warmup, Math.min(c, opts.warmup), (i) => oneTap(server, secrets, ws, userId("w", i), wo));
    assertServerAlive(server, "warm-up");
    console.log(
      `  warm-up: ${opts.warmup * 10} healthz, ${opts.warmup} one-tap flows (${[...wo].map(([k, v]) => `${k} ${v}`).join(", ")})`,
    );
    await drainWebhooks(stripe);
  }

  console.log(
    `\n• A1 healthz, B one-tap checkout (${opts.shoppers} shoppers), A2 healthz${opts.noCard ? `, C payment link + webhook (${opts.noCard} shoppers)` : ""}`,
  );
  a1 = await runPhase(server, {
    name: "A1 healthz",
    count: opts.healthz,
    concurrency: c,
    makeRequest: healthz,
    check: healthzCheck,
  });

  oneTapStats = new StepStats();
  oneTapOutcomes = new Map();
  const tB = performance.now();
  await pool(server, opts.shoppers, c, async (i) => {
    const id = await oneTap(server, secrets, oneTapStats, userId("p", i), oneTapOutcomes);
    if (id) paidOneTap.add(id);
  });
  assertServerAlive(server, "B one-tap");
  const bMs = performance.now() - tB;
  const bTotals = oneTapStats.totals();
  b = {
    name: "B  one-tap (chat requests)",
    concurrency: c,
    requests: bTotals.requests,
    durationMs: bMs,
    paid: paidOneTap.size,
  };
  // The stand-in delivers one webhook per payment, one at a time: let the queue drain before measuring anything else.
  drainB = await drainWebhooks(stripe);

  a2 = await runPhase(server, {
    name: "A2 healthz",
    count: opts.healthz,
    concurrency: c,
    makeRequest: healthz,
    check: healthzCheck,
  });
  base = mean([a1, a2], "A  baseline (mean)");

  if (opts.noCard > 0) {
    noCardStats = new StepStats();
    noCardOutcomes = new Map();
    const tC = performance.now();
    await pool(server, opts.noCard, c, (i) =>
      viaPaymentLink(server, stripe, secrets, noCardStats, userId("n", i), noCardOutcomes, observed),
    );
    assertServerAlive(server, "C payment link");
    const cMs = performance.now() - tC;
    cPhase = {
      name: "C  payment link (chat requests)",
      concurrency: c,
      requests: noCardStats.totals().requests,
      durationMs: cMs,
      paid: noCardOutcomes.get("paid") ?? 0,
    };
    drainC = await drainWebhooks(stripe);
  }
  // Figures from the stand-in before anything stops.
  const pis = await intentsByOrder(stripe);
  const hooks = await webhookDeliveries(stripe);
  const serverLog = plain(server.log());
  await stopServer(server);
  await stopService(stripe);

  // D1, read after the Worker stopped (one wrangler call: each costs seconds).
  const [byStatus, orderRows, [stockRow], events, savedAfter] = await d1QueryAll(persist, [
    "SELECT substr(customer, 6, 1) AS phase, status, count(*) AS n, sum(total) AS total FROM orders GROUP BY phase, status ORDER BY phase, status",
    "SELECT id, status, substr(customer, 6, 1) AS phase, total FROM orders",
    `SELECT (SELECT stock FROM variants WHERE sku = '${SKU}') AS stock,
            (SELECT coalesce(sum(l.quantity), 0) FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE l.sku = '${SKU}' AND o.status IN ('paid', 'pending_payment')) AS held`,
    "SELECT type, outcome, count(*) AS n FROM payment_events GROUP BY type, outcome ORDER BY n DESC",
    "SELECT count(*) AS n FROM customers WHERE substr(principal, 6, 1) = 'n' AND default_payment_method IS NOT NULL",
  ]);

  // ------------------------------------------------------------ report
  const ratios = {};
  console.log("");
  const rows = [a1, a2, base];
  printTable(rows);
  const bRps = b.requests / (b.durationMs / 1000);
  const paidPerS = b.paid / (b.durationMs / 1000);
  console.log(
    `\n  B one-tap: ${b.paid}/${opts.shoppers} paid in ${secs(b.durationMs)}: ${paidPerS.toFixed(1)} paid/s (confirm→paid throughput), ` +
      `${b.requests} chat requests = ${bRps.toFixed(1)} req/s at ${c} shoppers in flight`,
  );
  console.log(`  outcomes: ${[...oneTapOutcomes].map(([k, v]) => `${k} ${v}`).join(", ")}`);
  const stepRowsB = printSteps(oneTapStats, ms);
  const pay = stepRowsB.find((r) => r.step === "confirm→paid");
  const flow = stepRowsB.find((r) => r.step === "whole flow");
  ratios.payP50 = ratio(pay?.p50, base.p50);
  ratios.payP99 = ratio(pay?.p99, base.p99);
  ratios.flowP50 = ratio(flow?.p50, base.p50);
  ratios.reqRps = ratio(bRps, base.rps);
  console.log(
    `  vs /healthz baseline: confirm→paid p50 ${x(ratios.payP50)} (${ms(pay?.p50)} vs ${ms(base.p50)} ms), p99 ${x(ratios.payP99)} (${ms(pay?.p99)} vs ${ms(base.p99)} ms); ` +
      `chat req/s ${x(ratios.reqRps)} (${bRps.toFixed(1)} vs ${base.rps.toFixed(0)})`,
  );
  console.log(`  baseline drift A2/A1: req/s ${x(ratio(a2.rps, a1.rps))}, p50 ${x(ratio(a2.p50, a1.p50))}`);
  console.log(`  webhook queue drained ${secs(drainB)} after the last one-tap payment`);

  let webhookServer = null;
  if (cPhase) {
    const cRps = cPhase.requests / (cPhase.durationMs / 1000);
    console.log(
      `\n  C payment link: ${cPhase.paid}/${opts.noCard} paid in ${secs(cPhase.durationMs)} (${cRps.toFixed(1)} chat req/s incl. polls)`,
    );
    console.log(`  outcomes: ${[...noCardOutcomes].map(([k, v]) => `${k} ${v}`).join(", ")}`);
    printSteps(noCardStats, ms);
    // Server side: payment on the page → the stand-in's webhook answered 2xx by the Worker (order paid in D1).
    const lat = [];
    for (const [pi, o] of observed) {
      const at = hooks.succeededAt.get(pi);
      if (at !== undefined) lat.push(at - o.paidAtEpoch);
    }
    lat.sort((p, q) => p - q);
    webhookServer = {
      n: lat.length,
      p50: percentile(lat, 50),
      p95: percentile(lat, 95),
      p99: percentile(lat, 99),
      max: lat.at(-1) ?? NaN,
    };
    console.log(
      `  webhook→paid (payment page answer → Worker's 2xx to payment_intent.succeeded, from the stand-in's delivery log): ` +
        `n ${webhookServer.n}, p50 ${ms(webhookServer.p50)}, p95 ${ms(webhookServer.p95)}, p99 ${ms(webhookServer.p99)}, max ${ms(webhookServer.max)} ms`,
    );
    const polls = [...observed.values()]
      .map((o) => o.polls)
      .filter((n) => n !== undefined)
      .sort((p, q) => p - q);
    // Service time per webhook: gaps between consecutive deliveries of phase C (the stand-in delivers one at a time).
    const cPis = new Set(observed.keys());
    const cDeliveries = hooks.finished.filter((d) => cPis.has(d.pi));
    const gaps = cDeliveries
      .slice(1)
      .map((d, i) => d.at - cDeliveries[i].at)
      .sort((p, q) => p - q);
    webhookServer.gapP50 = percentile(gaps, 50);
    console.log(
      `  the stand-in delivers webhooks one at a time: median gap between consecutive phase-C deliveries ${ms(webhookServer.gapP50)} ms ` +
        `(≈ the Worker's time per webhook while the queue is busy); payments per second in C: ${(cPhase.paid / (cPhase.durationMs / 1000)).toFixed(1)}`,
    );
    console.log(
      `  chat polls per shopper until "paid": median ${percentile(polls, 50) ?? "–"}, max ${polls.at(-1) ?? "–"}`,
    );
    console.log(
      `  cards saved for one-tap next time (customers with default_payment_method, phase C): ${savedAfter[0]?.n ?? 0}/${opts.noCard}`,
    );
    console.log(`  webhook queue drained ${secs(drainC)} after the last payment-link shopper`);
  }

  // ------------------------------------------------------------ checks
  const statusOf = new Map(orderRows.map((o) => [o.id, o]));
  let doubleCharges = 0;
  let paidWithoutOne = 0;
  let chargedNotPaid = 0;
  let refundedLate = 0;
  let multiPi = 0;
  for (const o of orderRows) {
    const e = pis.byOrder.get(o.id) ?? { total: 0, succeeded: 0 };
    if (e.succeeded > 1) doubleCharges += e.succeeded - 1;
    if (e.total > 1) multiPi++;
    if (o.status === "paid" && e.succeeded !== 1) paidWithoutOne++;
    if (o.status !== "paid" && o.status !== "refunded") {
      const kept = (e.succeededIds ?? []).filter((pi) => !hooks.refunded.has(pi)).length;
      if (kept > 0) chargedNotPaid++;
      else if (e.succeeded > 0) refundedLate++;
    }
  }
  const unknownPi = [...pis.byOrder.keys()].filter((id) => !statusOf.has(id)).length;
  const clientPaidNotInD1 = [...paidOneTap].filter((id) => statusOf.get(id)?.status !== "paid").length;
  const stockDrop = stockBefore - stockRow.stock;
  const totals = oneTapStats.totals();
  const totalsC = noCardStats?.totals() ?? { s5xx: 0, rateLimited: 0, s429: 0 };
  console.log(
    `\n• Checks (stand-in: ${pis.count} PaymentIntents, ${hooks.events} events, ${hooks.deliveries} webhook deliveries ${JSON.stringify(hooks.statuses)})`,
  );
  const check = (label, value, ok) => {
    console.log(`  ${ok === null ? "·" : ok ? "✓" : "✗"} ${label}: ${value}`);
    return ok !== false;
  };
  const results = [
    check("double charges (extra succeeded PaymentIntents on one order)", doubleCharges, doubleCharges === 0),
    check("paid orders without exactly one succeeded PaymentIntent", paidWithoutOne, paidWithoutOne === 0),
    check(
      "orders not paid whose succeeded PaymentIntent was not refunded (charged, no goods)",
      chargedNotPaid,
      chargedNotPaid === 0,
    ),
    check(
      "orders not paid whose payment succeeded and was then refunded automatically (late payment)",
      refundedLate,
      null,
    ),
    check("orders answered `paid` in the chat but not paid in D1", clientPaidNotInD1, clientPaidNotInD1 === 0),
    check(
      "stock drop vs units in paid + pending orders",
      `${stockDrop} vs ${stockRow.held}`,
      stockDrop === stockRow.held,
    ),
    check("5xx answers (B + C)", totals.s5xx + totalsC.s5xx, totals.s5xx + totalsC.s5xx === 0),
    check("webhook events never answered 2xx", hooks.neverOk, hooks.neverOk === 0),
  ];
  console.log(
    `    orders with more than one PaymentIntent: ${multiPi}; PaymentIntents of unknown orders: ${unknownPi}; webhook events retried: ${hooks.retried}`,
  );
  console.log(
    `    rate-limited answers: ${totals.rateLimited + totalsC.rateLimited} (HTTP 429: ${totals.s429 + totalsC.s429})`,
  );
  const phaseName = { w: "warm-up", p: "B one-tap", n: "C payment link" };
  console.log(`  orders in D1 by status:`);
  for (const r of byStatus)
    console.log(
      `    ${(phaseName[r.phase] ?? r.phase).padEnd(15)} ${r.status.padEnd(16)} ${String(r.n).padStart(6)}   total ${(r.total / 100).toFixed(2)} USD`,
    );
  console.log(
    `  payment_events (webhooks processed): ${events.map((e) => `${e.type} → ${e.outcome} ×${e.n}`).join(", ") || "none"}`,
  );
  if (/\berror\b|exception/i.test(serverLog))
    console.log(`  wrangler printed (last lines):\n${serverLog.slice(-1500).replace(/^/gm, "    | ")}`);

  summary.totalMs = performance.now() - started;
  const allOk = results.every(Boolean);
  console.log(
    `\n${allOk ? "✓" : "✗"} done in ${secs(summary.totalMs)}${allOk ? "" : " — some checks FAILED, see above"}`,
  );
  Object.assign(summary, {
    phases: { a1: strip(a1), a2: strip(a2), baseline: strip(base) },
    oneTap: {
      shoppers: opts.shoppers,
      paid: b.paid,
      durationMs: b.durationMs,
      paidPerS,
      chatRps: bRps,
      outcomes: Object.fromEntries(oneTapOutcomes),
      steps: stepRowsB,
      webhookDrainMs: drainB,
    },
    noCard: cPhase
      ? {
          shoppers: opts.noCard,
          paid: cPhase.paid,
          durationMs: cPhase.durationMs,
          outcomes: Object.fromEntries(noCardOutcomes),
          steps: noCardStats.summary(),
          webhookToPaid: webhookServer,
          cardsSaved: savedAfter[0]?.n ?? 0,
          webhookDrainMs: drainC,
        }
      : null,
    ratios,
    checks: {
      doubleCharges,
      paidWithoutOne,
      chargedNotPaid,
      refundedLate,
      clientPaidNotInD1,
      multiPi,
      unknownPi,
      stockDrop,
      held: stockRow.held,
      s5xx: totals.s5xx + totalsC.s5xx,
      rateLimited: totals.rateLimited + totalsC.rateLimited,
      webhooksNeverOk: hooks.neverOk,
    },
    ordersByStatus: byStatus,
    paymentEvents: events,
    ok: allOk,
  });
  await cleanup();
  if (opts.json) console.log(`BENCH_JSON ${JSON.stringify(summary, round2)}`);
  // A failed correctness check is exit code 3 (figures were still printed).
  if (!allOk) process.exit(3);
}

runMain(main);
