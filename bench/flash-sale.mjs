#!/usr/bin/env node
// Benchmark: a flash sale through the chat. Thousands of distinct signed-in
// shoppers with saved cards storm the 1-cent Classic Milk Tea (MILKTEA1C:
// 500 in total, one per shopper), paying in one tap through the Stripe
// stand-in; then a fresh promotion (FLASHKILL) is stormed and switched off
// mid-storm with the admin kill switch; then a sharded promotion (FLASHSHARD:
// --shard-cap units over --shards shard objects) is stormed. It PRINTS figures (latency per step,
// throughput, the same run's /healthz baseline) and the correctness counts:
// paid orders with the code (exactly the cap), oversold units, double
// charges, 5xx, rate-limited answers, and redemptions after the kill.
// Run it with `npm run bench:flash-sale`.
//
//   npm run bench:flash-sale -- [--shoppers 5000] [--concurrency 64] [--kill-shoppers 500] [--shard-cap 5000 --shards 4] [--json]
//
// Everything is local (127.0.0.1): `wrangler dev` with a private --persist-to
// directory under bench/.data/ and the Stripe stand-in, all removed at the end.
// The machinery is in bench/lib/ (shared with bench/turn.mjs and bench/checkout.mjs).
import os from "node:os";
import path from "node:path";
import {
  assertServerAlive,
  checkToolchain,
  cleanup,
  d1QueryAll,
  freePort,
  gitInfo,
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
  readPromoLedger,
  Shopper,
  shopSecrets,
  signJwt,
  SKU,
  StepStats,
  startStripe,
  webhookDeliveries,
  workerVars,
} from "./lib/shop.mjs";
import { mean, ms, printTable, ratio, round2, secs, strip, x } from "./lib/stats.mjs";

const SALE_CODE = "MILKTEA1C";
const SALE_CAP = 500; // the seed's total_cap for MILKTEA1C
const KILL_CODE = "FLASHKILL";
const SHARD_CODE = "FLASHSHARD";
// Webhooks as Stripe sends them: many at once, not one after another (a slow answer under load
// held every later event back), retried with backoff for minutes (Stripe retries for days;
// the stand-in's default of 3 tries × 5 s within 0.3 s is for tests).
const WEBHOOKS = { concurrency: 16, tries: 8, initialDelayMs: 1000, maxDelayMs: 30_000, timeoutMs: 10_000 };

const USAGE = `usage: node bench/flash-sale.mjs [options]
  --shoppers N          distinct shoppers storming MILKTEA1C (default 5000; 0 skips phase 1)
  --concurrency N       shoppers in flight at once (default 64)
  --kill-shoppers N     shoppers storming FLASHKILL in the kill-switch phase (default 500; 0 skips it)
  --kill-after-s S      kill FLASHKILL this many seconds into its storm… (default 30)
  --kill-after-redemptions K   …or after K paid FLASHKILL orders, whichever comes first (default 100)
  --shard-cap N         units of the sharded FLASHSHARD promotion in phase 3 (default 5000; 0 skips it)
  --shards N            its shard objects (default 4)
  --shard-shoppers N    shoppers storming it (default shard-cap + 10 %)
  --settle-timeout S    how long a shopper told "being processed" polls for the outcome (default 420)
  --healthz N           requests in each /healthz baseline phase (default 2000)
  --warmup N            warm-up shoppers (full price, not counted) and 10× as many healthz (default 16)
  --setup-concurrency N stand-in customers created at once during setup (default 64)
  --timeout S           global timeout in seconds (default 3600)
  --keep                keep bench/.data/flash-sale-<pid> (debugging)
  --json                also print one machine-readable summary line (BENCH_JSON {...})`;

const opts = parseFlags(process.argv.slice(2), {
  defaults: {
    shoppers: 5000,
    concurrency: 64,
    killShoppers: 500,
    killAfterS: 30,
    killAfterRedemptions: 100,
    healthz: 2000,
    warmup: 16,
    setupConcurrency: 64,
    timeout: 3600,
    keep: false,
    json: false,
    shardCap: 5000,
    shards: 4,
    shardShoppers: 0,
    // A timed-out charge is looked at 30 s on, then (while Stripe cannot be asked) after waits
    // that grow with the order's age (worker/orders/recheck-backoff.ts): 420 s covers two failed looks.
    settleTimeout: 420,
  },
  ints: {
    "--shoppers": ["shoppers", 0],
    "--concurrency": ["concurrency", 1],
    "--kill-shoppers": ["killShoppers", 0],
    "--kill-after-s": ["killAfterS", 0],
    "--kill-after-redemptions": ["killAfterRedemptions", 1],
    "--healthz": ["healthz", 1],
    "--warmup": ["warmup", 0],
    "--setup-concurrency": ["setupConcurrency", 1],
    "--timeout": ["timeout", 1],
    "--shard-cap": ["shardCap", 0],
    "--shards": ["shards", 1],
    "--shard-shoppers": ["shardShoppers", 0],
    "--settle-timeout": ["settleTimeout", 1],
  },
  bools: { "--json": ["json", true], "--keep": ["keep", true] },
  usage: USAGE,
});
if (opts.shardCap > 0 && opts.shardShoppers === 0) opts.shardShoppers = Math.ceil(opts.shardCap * 1.1);
checkToolchain("bench:flash-sale");
initRun({ name: "flash-sale", keep: opts.keep, timeoutS: opts.timeout });

// User ids "<phase letter>-<run id>-<n>": substr(customer, 6, 1) of "user:<id>" splits D1 rows
// by phase: w = warm-up, f = MILKTEA1C storm, k = FLASHKILL storm, s = FLASHSHARD storm.
const userId = (phase, i) => `${phase}-${run.runId}-${String(i).padStart(5, "0")}`;
const PHASE = { w: "warm-up", f: "1 MILKTEA1C", k: "2 FLASHKILL", s: "3 FLASHSHARD" };

function bump(map, key) {
  map.set(key, (map.get(key) ?? 0) + 1);
}

// ---------------------------------------------------------------- one shopper

/**
 * add → "apply code <code>" → "checkout" → pay:<quote> if the quote carries
 * the code, else cancel:<quote>. A shopper who loses the race at confirmation
 * gets a full-price requote and cancels it. Returns the paid order or null.
 */
async function attempt(server, secrets, stats, user, code, outcomes, onPaid) {
  // A request with no answer (timeout) is sent again with the same message id, as a chat client would.
  const s = new Shopper(server, { user, token: signJwt(user, secrets.jwtSecret), stats, networkRetries: 1 });
  const t0 = performance.now();
  const done = (outcome) => {
    stats.time("whole flow", performance.now() - t0);
    bump(outcomes, outcome);
    return null;
  };
  const added = await s.send("add", { button: `add:${SKU}` });
  if (added.status !== 200 || !added.json?.cart?.lines?.some((l) => l.sku === SKU)) {
    stats.error("add", added.status === 200 ? "cart line missing" : `HTTP ${added.status}`, added.raw);
    return done(`add failed (${added.status})`);
  }
  const applied = await s.send("apply", { text: `apply code ${code}` });
  if (applied.status !== 200) stats.error("apply", `HTTP ${applied.status}`, applied.raw);
  else {
    const rejected = applied.json?.cart?.rejected_codes?.find((r) => r.code === code);
    bump(
      outcomes.apply,
      rejected
        ? `rejected: ${rejected.reason}`
        : applied.json?.cart?.promo_codes?.includes(code)
          ? "accepted"
          : "not applied",
    );
  }
  const quoted = await s.send("checkout", { text: "checkout" });
  const quote = quoted.json?.quote;
  if (quoted.status !== 200 || !quote?.id) {
    stats.error("checkout", quoted.status === 200 ? "no quote" : `HTTP ${quoted.status}`, quoted.raw);
    return done("no quote");
  }
  if (!quote.discounts?.some((d) => d.code === code)) {
    const c = await s.send("cancel", { button: `cancel:${quote.id}` });
    if (c.status !== 200) stats.error("cancel", `HTTP ${c.status}`, c.raw);
    return done("full price at quote → canceled");
  }
  const payStartEpoch = Date.now();
  const tPay = performance.now();
  let paid = await s.send("pay", { button: `pay:${quote.id}` });
  const payMs = performance.now() - tPay;
  let payEndEpoch = Date.now();
  let order = paid.json?.order;
  let late = false;
  if (paid.status === 200 && order?.status === "pending_payment" && !order.payment_url) {
    // "Being processed": Stripe did not answer within PAYMENT_TIMEOUT_MS (an overloaded
    // machine), so the order is settled later (webhook, or the conversation's recheck).
    // A shopper waits for that answer; the order must not be left pending.
    stats.time("pay → processing", payMs);
    const settled = await awaitSettlement(s, stats, quote, order.id);
    paid = settled ?? paid;
    order = settled?.json?.order ?? order;
    payEndEpoch = Date.now();
    late = true;
  }
  if (paid.status === 200 && order?.status === "paid") {
    stats.time(late ? "pay → processing → paid" : "pay → paid", performance.now() - tPay);
    stats.time("whole flow", performance.now() - t0);
    bump(outcomes, late ? "paid with the code (after processing)" : "paid with the code");
    const won = { id: order.id, total: order.total, user, payStartEpoch, payEndEpoch, late };
    onPaid?.(won);
    return won;
  }
  if (paid.status === 200 && paid.json?.quote && paid.json.quote.id !== quote.id) {
    // Lost at confirmation: the engine re-priced at full price. Decline it.
    stats.time("pay → requote", payMs);
    const still = paid.json.quote.discounts?.some((d) => d.code === code);
    const c = await s.send("cancel", { button: `cancel:${paid.json.quote.id}` });
    if (c.status !== 200) stats.error("cancel", `HTTP ${c.status}`, c.raw);
    return done(still ? "requote still discounted → canceled" : "requote at full price → canceled");
  }
  if (paid.status !== 200) {
    stats.error("pay", `HTTP ${paid.status}`, paid.raw);
    return done(`pay HTTP ${paid.status}`);
  }
  if (order) {
    stats.error("pay", `order ${order.status}`, paid.raw);
    return done(`order ${order.status}`);
  }
  // Refused without an order or a new quote (e.g. "no longer available"): nothing charged.
  bump(outcomes.refusals, (paid.json?.reply?.text ?? "").split("\n")[0].slice(0, 90));
  return done("refused at confirmation");
}

/**
 * Polls the chat ("what's in my cart?": every reply carries the latest order)
 * until the order is no longer pending, for at most --settle-timeout. When the
 * conversation says the charge never reached the payment service, the shopper
 * presses Pay again, as told (the same order is charged with the same
 * idempotency key). Returns the reply that showed the final status, or null.
 */
async function awaitSettlement(s, stats, quote, orderId) {
  const deadline = performance.now() + opts.settleTimeout * 1000;
  // As a person checks back, not every half second: each look is a whole chat turn, and a
  // storm's worth of fast pollers was half the Worker's load (1,619 polls for 330 shoppers).
  let delay = 2000;
  while (performance.now() < deadline && !run.stopping && !s.server.exited) {
    await sleep(delay);
    delay = Math.min(15_000, delay * 1.5);
    const r = await s.send("poll", { text: "what's in my cart?" });
    if (r.status !== 200) continue;
    const o = r.json?.order;
    if (o?.id === orderId && o.status !== "pending_payment") return r;
    if (/never reached the payment service/.test(r.json?.reply?.text ?? "")) {
      const again = await s.send("pay again", { button: `pay:${quote.id}` });
      if (again.status === 200 && again.json?.order?.id === orderId && again.json.order.status !== "pending_payment")
        return again;
    }
  }
  stats.error("poll", "still pending after --settle-timeout", "");
  return null;
}

/** Runs `count` shoppers of `phase` against `code`; returns figures. */
async function storm(server, secrets, phase, count, code, onPaid) {
  const stats = new StepStats();
  const outcomes = new Map();
  outcomes.apply = new Map();
  outcomes.refusals = new Map();
  const winners = [];
  const t0 = performance.now();
  await pool(server, count, opts.concurrency, async (i) => {
    const won = await attempt(server, secrets, stats, userId(phase, i), code, outcomes, onPaid);
    if (won) winners.push(won);
  });
  assertServerAlive(server, `storm ${code}`);
  const durationMs = performance.now() - t0;
  return { stats, outcomes, winners, durationMs, totals: stats.totals() };
}

async function stockNow(server, productId) {
  const r = await request(server, "GET", `/v1/products/${productId}`);
  if (r.status !== 200) throw new Error(`GET /v1/products/${productId} answered ${r.status}: ${r.body.slice(0, 300)}`);
  return JSON.parse(r.body).variants.find((v) => v.sku === SKU).stock;
}

async function admin(server, secrets, method, p, body = null) {
  const r = await request(server, method, p, body, 30_000, {
    authorization: `Bearer ${secrets.adminToken}`,
    "x-admin-actor": "bench:flash-sale",
  });
  let json = null;
  try {
    json = JSON.parse(r.body);
  } catch {}
  if (r.status >= 300) throw new Error(`${method} ${p} answered ${r.status}: ${r.body.slice(0, 400)}`);
  return json;
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
    `bench:flash-sale — commit ${commit}${dirty}, node ${process.version}, wrangler ${wranglerVersion}, ${machineLine()}`,
  );
  console.log(
    `  ${opts.shoppers} shoppers storm ${SALE_CODE} (cap ${SALE_CAP}), then ${opts.killShoppers} storm ${KILL_CODE}, killed after ` +
      `${opts.killAfterS} s or ${opts.killAfterRedemptions} redemptions; concurrency ${opts.concurrency}, healthz ${opts.healthz}/phase, run id ${run.runId}`,
  );
  const entries = snapshotSources([...SNAPSHOT, "test/stand-ins/stripe"]);
  console.log(`  serving a copy of ${entries.join(", ")} taken now (${rel(run.srcDir)})`);

  // ------------------------------------------------------------ setup (timed separately)
  const persist = path.join(run.workDir, "d1");
  console.log(`\n• Setup (${rel(persist)})`);
  const prep = await prepareDatabase(persist, 320, path.join(run.workDir, "seed-320.sql"));
  console.log(
    `  migrations ${secs(prep.migrateMs)}, write-sql ${secs(prep.writeSqlMs)}, d1 execute ${secs(prep.executeMs)} (${prep.counts.products} products)`,
  );
  const secrets = shopSecrets();
  const workerPort = await freePort();
  const stripe = await startStripe({ workerPort, webhookSecret: secrets.webhookSecret, webhooks: WEBHOOKS });
  console.log(`  Stripe stand-in on ${stripe.url}, webhooks → 127.0.0.1:${workerPort}/webhooks/stripe`);
  const users = [
    ...Array.from({ length: opts.warmup }, (_, i) => userId("w", i)),
    ...Array.from({ length: opts.shoppers }, (_, i) => userId("f", i)),
    ...Array.from({ length: opts.killShoppers }, (_, i) => userId("k", i)),
    ...Array.from({ length: opts.shardCap > 0 ? opts.shardShoppers : 0 }, (_, i) => userId("s", i)),
  ];
  const tCards = performance.now();
  const cards = await createSavedCards(stripe, users, opts.setupConcurrency);
  const cardsMs = performance.now() - tCards;
  const tInsert = performance.now();
  await insertCustomers(persist, cards, path.join(run.workDir, "customers.sql"));
  const insertMs = performance.now() - tInsert;
  console.log(
    `  ${cards.length} stand-in customers with pm_card_visa in ${secs(cardsMs)} (${(cards.length / (cardsMs / 1000)).toFixed(0)}/s, ` +
      `${opts.setupConcurrency} at a time; 2 stand-in requests each); D1 customers rows in ${secs(insertMs)}`,
  );
  const server = await startServer(persist, "flash-sale", { port: workerPort, vars: workerVars(secrets, stripe) });
  console.log(`  wrangler dev ready on 127.0.0.1:${server.port} in ${secs(server.startMs)}`);
  const setupMs = performance.now() - started;

  const c = opts.concurrency;
  const summary = {
    runId: run.runId,
    commit: commit + (dirty ? "+dirty" : ""),
    node: process.version,
    wrangler: wranglerVersion,
    cpus: os.cpus().length,
    options: opts,
    setupMs: {
      total: setupMs,
      migrate: prep.migrateMs,
      writeSql: prep.writeSqlMs,
      execute: prep.executeMs,
      customers: cardsMs,
      customersInsert: insertMs,
      wranglerStart: server.startMs,
    },
  };

  // Product id of the tea, for reading its stock through the API.
  const probe = new Shopper(server, {
    user: userId("w", 99999),
    token: signJwt(userId("w", 99999), secrets.jwtSecret),
    stats: new StepStats(),
  });
  const probed = await probe.send("add", { button: `add:${SKU}` });
  const productId = probed.json?.cart?.lines?.find((l) => l.sku === SKU)?.product_id;
  if (!productId) throw new Error(`could not add ${SKU}: ${probed.status} ${probed.raw.slice(0, 300)}`);
  const stockInit = await stockNow(server, productId);

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
    await pool(server, opts.warmup, Math.min(c, opts.warmup), async (i) => {
      const sh = new Shopper(server, {
        user: userId("w", i),
        token: signJwt(userId("w", i), secrets.jwtSecret),
        stats: ws,
      });
      await sh.send("add", { button: `add:${SKU}` });
      const q = (await sh.send("checkout", { text: "checkout" })).json?.quote;
      const r = q ? await sh.send("pay", { button: `pay:${q.id}` }) : null;
      bump(wo, r?.json?.order?.status ?? "no order");
    });
    assertServerAlive(server, "warm-up");
    await drainWebhooks(stripe);
    console.log(
      `  warm-up: ${opts.warmup * 10} healthz, ${opts.warmup} full-price one-tap flows (${[...wo].map(([k, v]) => `${k} ${v}`).join(", ")})`,
    );
  }

  // ------------------------------------------------------------ A1, phase 1, A2
  console.log(
    `\n• A1 healthz, phase 1: ${opts.shoppers ? `${opts.shoppers} shoppers storm ${SALE_CODE}` : "skipped (--shoppers 0)"}, A2 healthz`,
  );
  const a1 = await runPhase(server, {
    name: "A1 healthz",
    count: opts.healthz,
    concurrency: c,
    makeRequest: healthz,
    check: healthzCheck,
  });
  const stock0 = await stockNow(server, productId);
  const p1 = opts.shoppers > 0 ? await storm(server, secrets, "f", opts.shoppers, SALE_CODE) : null;
  const stock1 = await stockNow(server, productId);
  const saleUsage = p1 ? await admin(server, secrets, "GET", `/admin/promos/${SALE_CODE}`) : null;
  const drain1 = await drainWebhooks(stripe);
  const a2 = await runPhase(server, {
    name: "A2 healthz",
    count: opts.healthz,
    concurrency: c,
    makeRequest: healthz,
    check: healthzCheck,
  });

  // ------------------------------------------------------------ phase 2: kill switch mid-storm
  let p2 = null;
  let a3 = null;
  let drain2 = 0;
  const kill = {};
  let killUsage = null;
  let stock2 = stock1;
  if (opts.killShoppers > 0) {
    if (p1) console.log(`  phase 1 done in ${secs(p1.durationMs)}; webhook queue drained in ${secs(drain1)}`);
    console.log(
      `\n• Phase 2: ${opts.killShoppers} shoppers storm ${KILL_CODE}; kill switch after ${opts.killAfterS} s or ${opts.killAfterRedemptions} redemptions; A3 healthz`,
    );
    const now = Date.now();
    await admin(server, secrets, "POST", "/admin/promos", {
      code: KILL_CODE,
      name: "Bench flash kill",
      kind: "fixed_unit_price",
      value: 1,
      currency: "USD",
      scope: "skus",
      scope_ids: [SKU],
      max_units: 1,
      starts_at: now - 60_000,
      ends_at: now + 86_400_000,
      total_cap: 100_000,
      per_user_cap: 1,
      stackable: false,
      active: true,
    });
    let paidSoFar = 0;
    let stormDone = false;
    const t0 = performance.now();
    const controller = (async () => {
      while (!stormDone && !run.stopping) {
        if (performance.now() - t0 >= opts.killAfterS * 1000) {
          kill.trigger = `${opts.killAfterS} s elapsed (${paidSoFar} redemptions seen)`;
          break;
        }
        if (paidSoFar >= opts.killAfterRedemptions) {
          kill.trigger = `${paidSoFar} redemptions seen (${secs(performance.now() - t0)} in)`;
          break;
        }
        await sleep(20);
      }
      if (run.stopping) return;
      kill.trigger ??= `storm over before the trigger (${paidSoFar} redemptions)`;
      kill.atMs = performance.now() - t0;
      kill.sentAt = Date.now();
      const tk = performance.now();
      const r = await admin(server, secrets, "PUT", `/admin/promos/${KILL_CODE}/kill-switch`, {
        killed: true,
        reason: "bench",
        honor_reserved: false,
      });
      kill.respAt = Date.now();
      kill.ms = performance.now() - tk;
      kill.response = {
        killed: r.killed,
        reserved: r.reserved,
        redeemed: r.redeemed,
        released: r.released,
        orders_canceled: r.orders_canceled,
      };
    })();
    p2 = await storm(server, secrets, "k", opts.killShoppers, KILL_CODE, () => paidSoFar++);
    stormDone = true;
    await controller;
    stock2 = await stockNow(server, productId);
    killUsage = await admin(server, secrets, "GET", `/admin/promos/${KILL_CODE}`);
    drain2 = await drainWebhooks(stripe);
    a3 = await runPhase(server, {
      name: "A3 healthz",
      count: opts.healthz,
      concurrency: c,
      makeRequest: healthz,
      check: healthzCheck,
    });
  }

  // ------------------------------------------------------------ phase 3: a sharded promotion
  let p3 = null;
  let a4 = null;
  let shardUsage = null;
  if (opts.shardCap > 0) {
    console.log(
      `\n• Phase 3: ${opts.shardShoppers} shoppers storm ${SHARD_CODE} (cap ${opts.shardCap} over ${opts.shards} shards); A4 healthz`,
    );
    const now = Date.now();
    await admin(server, secrets, "POST", "/admin/promos", {
      code: SHARD_CODE,
      name: "Bench sharded sale",
      kind: "fixed_unit_price",
      value: 1,
      currency: "USD",
      scope: "skus",
      scope_ids: [SKU],
      max_units: 1,
      starts_at: now - 60_000,
      ends_at: now + 86_400_000,
      total_cap: opts.shardCap,
      per_user_cap: 1,
      stackable: false,
      active: true,
      shards: opts.shards,
    });
    p3 = await storm(server, secrets, "s", opts.shardShoppers, SHARD_CODE);
    await drainWebhooks(stripe);
    // A shopper who stopped polling may leave an order that reconciliation settles later:
    // read the shards once no unit is held any more (bounded by --settle-timeout).
    const settleBy = performance.now() + opts.settleTimeout * 1000;
    for (;;) {
      shardUsage = await admin(server, secrets, "GET", `/admin/promos/${SHARD_CODE}`);
      if (shardUsage.reserved === 0 || performance.now() > settleBy || run.stopping) break;
      await sleep(2000);
    }
    a4 = await runPhase(server, {
      name: "A4 healthz",
      count: opts.healthz,
      concurrency: c,
      makeRequest: healthz,
      check: healthzCheck,
    });
  }

  // ------------------------------------------------------------ records: stand-in, then D1 after the Worker stopped
  const pis = await intentsByOrder(stripe);
  const hooks = await webhookDeliveries(stripe);
  const serverLog = plain(server.log());
  await stopServer(server);
  await stopService(stripe);
  const hasCode = (code) => `EXISTS (SELECT 1 FROM json_each(orders.promo_codes) WHERE value = '${code}')`;
  const [byStatus, orderRows, perUser, [stockRow], killRows, events, saleRows, shardRows, shardPerUser] =
    await d1QueryAll(persist, [
      `SELECT substr(customer, 6, 1) AS phase, status, promo_codes AS codes, count(*) AS n, sum(total) AS total
       FROM orders GROUP BY phase, status, codes ORDER BY phase, status, codes`,
      "SELECT id, status, substr(customer, 6, 1) AS phase, total FROM orders",
      `SELECT count(*) AS n FROM (SELECT customer FROM orders WHERE status = 'paid' AND ${hasCode(SALE_CODE)} GROUP BY customer HAVING count(*) > 1)`,
      `SELECT (SELECT stock FROM variants WHERE sku = '${SKU}') AS stock,
            (SELECT coalesce(sum(l.quantity), 0) FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE l.sku = '${SKU}' AND o.status = 'paid') AS paid_units,
            (SELECT coalesce(sum(l.quantity), 0) FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE l.sku = '${SKU}' AND o.status = 'pending_payment') AS pending_units,
            (SELECT coalesce(sum(l.quantity), 0) FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE l.sku = '${SKU}' AND o.status IN ('paid', 'pending_payment') AND substr(o.customer, 6, 1) = 'f') AS held_units_p1,
            (SELECT coalesce(sum(l.quantity), 0) FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE l.sku = '${SKU}' AND o.status IN ('paid', 'pending_payment') AND substr(o.customer, 6, 1) = 'k') AS held_units_p2`,
      `SELECT id, status, created_at, updated_at FROM orders WHERE ${hasCode(KILL_CODE)}`,
      "SELECT type, outcome, count(*) AS n FROM payment_events GROUP BY type, outcome ORDER BY n DESC",
      `SELECT id, status FROM orders WHERE ${hasCode(SALE_CODE)}`,
      `SELECT id, status FROM orders WHERE ${hasCode(SHARD_CODE)}`,
      `SELECT count(*) AS n FROM (SELECT customer FROM orders WHERE status = 'paid' AND ${hasCode(SHARD_CODE)} GROUP BY customer HAVING count(*) > 1)`,
    ]);
  // The Promo objects' own ledgers (their SQLite files; read-only, the Worker has stopped):
  // each reservation id is an order id, so each paid order can be matched with its unit.
  const saleLedger = p1 ? await readPromoLedger(persist, SALE_CODE) : null;
  const killLedger = p2 ? await readPromoLedger(persist, KILL_CODE) : null;
  const shardLedger = p3 ? await readPromoLedger(persist, SHARD_CODE) : null;
  const unitOf = (ledger, id) => ledger?.reservations.get(id) ?? null;
  const paidWithCode = (code, phase) =>
    byStatus
      .filter((r) => r.phase === phase && r.status === "paid" && JSON.parse(r.codes).includes(code))
      .reduce((n, r) => n + r.n, 0);

  // ------------------------------------------------------------ report
  const base1 = mean([a1, a2], "A  baseline A1+A2");
  const phases = [a1, a2, ...(a3 ? [a3] : []), ...(a4 ? [a4] : [])];
  const base2 = a3 ? mean([a2, a3], "A  baseline A2+A3") : null;
  const base3 = a4 ? mean([a3 ?? a2, a4], `A  baseline ${a3 ? "A3" : "A2"}+A4`) : null;
  console.log("");
  printTable([...phases, base1, ...(base2 ? [base2] : []), ...(base3 ? [base3] : [])]);
  console.log(
    `  baseline drift A2/A1: req/s ${x(ratio(a2.rps, a1.rps))}${a3 ? `, A3/A1: ${x(ratio(a3.rps, a1.rps))}` : ""}`,
  );

  const report = (label, p, base) => {
    const rps = p.totals.requests / (p.durationMs / 1000);
    const shoppersPerS =
      (p.outcomes.size ? [...p.outcomes.values()].reduce((a, b) => a + b, 0) : 0) / (p.durationMs / 1000);
    console.log(
      `\n  ${label}: ${secs(p.durationMs)}, ${p.totals.requests} chat requests = ${rps.toFixed(1)} req/s, ${shoppersPerS.toFixed(1)} shoppers/s ` +
        `at ${c} in flight; ${p.winners.length} paid with the code (${(p.winners.length / (p.durationMs / 1000)).toFixed(1)} paid/s)`,
    );
    console.log(`  outcomes: ${[...p.outcomes].map(([k, v]) => `${k} ${v}`).join(", ")}`);
    console.log(`  "apply code" answers: ${[...p.outcomes.apply].map(([k, v]) => `${k} ${v}`).join(", ") || "–"}`);
    if (p.outcomes.refusals.size)
      console.log(`  refusals at confirmation: ${[...p.outcomes.refusals].map(([k, v]) => `"${k}" ×${v}`).join(", ")}`);
    const steps = printSteps(p.stats, ms);
    const flow = steps.find((r) => r.step === "whole flow");
    const r = {
      rps: ratio(rps, base.rps),
      flowP50: ratio(flow?.p50, base.p50),
      flowP99: ratio(flow?.p99, base.p99),
      ...Object.fromEntries(
        steps.filter((s) => Object.keys(s.statuses).length).map((s) => [`${s.step}P50`, ratio(s.p50, base.p50)]),
      ),
    };
    console.log(
      `  vs /healthz baseline (${base.name.trim()}): chat req/s ${x(r.rps)} (${rps.toFixed(1)} vs ${base.rps.toFixed(0)}); ` +
        steps
          .filter((s) => Object.keys(s.statuses).length)
          .map((s) => `${s.step} p50 ${x(ratio(s.p50, base.p50))} p99 ${x(ratio(s.p99, base.p99))}`)
          .join(", ") +
        `; whole flow p50 ${x(r.flowP50)}, p99 ${x(r.flowP99)}`,
    );
    return { rps, shoppersPerS, steps, ratios: r };
  };
  const r1 = p1 ? report(`Phase 1 ${SALE_CODE}`, p1, base1) : null;
  const r2 = p2 ? report(`Phase 2 ${KILL_CODE}`, p2, base2) : null;
  const r3 = p3 ? report(`Phase 3 ${SHARD_CODE} (${opts.shards} shards)`, p3, base3) : null;

  // ------------------------------------------------------------ checks
  const check = (label, value, ok) => {
    console.log(`  ${ok === null ? "·" : ok ? "✓" : "✗"} ${label}: ${value}`);
    return ok !== false;
  };
  const statusOf = new Map(orderRows.map((o) => [o.id, o]));
  let doubleCharges = 0,
    paidWithoutOne = 0,
    chargedNotPaid = 0,
    multiPi = 0,
    refundedLate = 0;
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
  const clientPaidNotInD1 = [...(p1?.winners ?? []), ...(p2?.winners ?? []), ...(p3?.winners ?? [])].filter(
    (w) => statusOf.get(w.id)?.status !== "paid",
  ).length;
  const paid1 = paidWithCode(SALE_CODE, "f");
  const s5xx = (p1?.totals.s5xx ?? 0) + (p2?.totals.s5xx ?? 0) + (p3?.totals.s5xx ?? 0);
  const hz5xx = [a1, a2, a3, a4].filter(Boolean).reduce(
    (n, a) =>
      n +
      Object.entries(a.errorsBy)
        .filter(([k]) => /^HTTP 5/.test(k))
        .reduce((m, [, v]) => m + v, 0),
    0,
  );
  const limited = (p1?.totals.rateLimited ?? 0) + (p2?.totals.rateLimited ?? 0) + (p3?.totals.rateLimited ?? 0);
  const s429 = (p1?.totals.s429 ?? 0) + (p2?.totals.s429 ?? 0) + (p3?.totals.s429 ?? 0);
  const drop1 = stock0 - stock1;
  const oversold = Math.max(0, paid1 - SALE_CAP);
  const results = [];
  if (p1) {
    console.log(`\n• Checks, phase 1 (${SALE_CODE}, cap ${SALE_CAP})`);
    results.push(
      check(
        `paid orders with ${SALE_CODE} in D1 (must be exactly ${SALE_CAP})`,
        `${paid1} (chat answered paid: ${p1.winners.length}; Promo object: redeemed ${saleUsage.redeemed}, reserved ${saleUsage.reserved}, remaining ${saleUsage.remaining})`,
        paid1 === SALE_CAP && p1.winners.length === SALE_CAP && saleUsage.redeemed === SALE_CAP,
      ),
      check("oversold (promo units paid beyond the cap)", oversold, oversold === 0),
      check(
        "stock drop during phase 1 vs units in paid + pending phase-1 orders",
        `${drop1} vs ${stockRow.held_units_p1}`,
        drop1 === stockRow.held_units_p1,
      ),
      check(`shoppers with more than one paid ${SALE_CODE} order`, perUser[0].n, perUser[0].n === 0),
    );
  }
  if (saleLedger) {
    const paidIds = saleRows.filter((o) => o.status === "paid").map((o) => o.id);
    const notRedeemed = paidIds.filter((id) => unitOf(saleLedger, id)?.state !== "redeemed").length;
    const redeemedNotPaid = [...saleLedger.reservations.values()].filter(
      (r) => r.state === "redeemed" && !paidIds.includes(r.id),
    ).length;
    results.push(
      check(
        `paid ${SALE_CODE} orders without a redeemed unit in the Promo object's ledger`,
        notRedeemed,
        notRedeemed === 0,
      ),
      check(`redeemed ${SALE_CODE} units without a paid order`, redeemedNotPaid, redeemedNotPaid === 0),
    );
  }
  console.log(
    `\n• Checks, whole run (stand-in: ${pis.count} PaymentIntents, ${hooks.events} events, ${hooks.deliveries} webhook deliveries ${JSON.stringify(hooks.statuses)})`,
  );
  results.push(
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
      "stock drop over the run vs units in paid + pending orders",
      `${stockInit - stockRow.stock} vs ${stockRow.paid_units + stockRow.pending_units}`,
      stockInit - stockRow.stock === stockRow.paid_units + stockRow.pending_units,
    ),
    check("5xx answers (chat)", `${s5xx}${hz5xx ? ` (+ ${hz5xx} on /healthz)` : ""}`, s5xx + hz5xx === 0),
    check(
      "rate-limited answers (HTTP 429 or a reply asking to wait; retried ≤ 2×)",
      `${limited} (HTTP 429: ${s429})`,
      null,
    ),
    check("webhook events never answered 2xx", hooks.neverOk, hooks.neverOk === 0),
  );
  console.log(`    orders with more than one PaymentIntent: ${multiPi}; webhook events retried: ${hooks.retried}`);

  let killFigures = null;
  if (p2) {
    const paidK = killRows.filter((o) => o.status === "paid");
    const createdAfterResp = paidK.filter((o) => o.created_at > kill.respAt).length;
    const createdAfterSent = paidK.filter((o) => o.created_at > kill.sentAt).length;
    const paidAfterResp = paidK.filter((o) => o.updated_at > kill.respAt).length;
    const clientPaidAfter = p2.winners.filter((w) => w.payStartEpoch > kill.respAt).length;
    const canceledK = killRows.filter((o) => o.status === "canceled").length;
    const paidDuringKill = paidK.filter((o) => o.updated_at >= kill.sentAt && o.updated_at <= kill.respAt).length;
    // Paid orders whose unit the Promo object does not hold as redeemed (released by the kill, typically),
    // with times relative to the moment the kill request was sent (ms).
    const rel0 = (t) => (t == null ? null : t - kill.sentAt);
    const unredeemed = killLedger
      ? paidK
          .filter((o) => unitOf(killLedger, o.id)?.state !== "redeemed")
          .sort((a, b) => a.updated_at - b.updated_at)
          .map((o) => {
            const u = unitOf(killLedger, o.id);
            return {
              id: o.id,
              created: rel0(o.created_at),
              paid: rel0(o.updated_at),
              unit: u ? `${u.state}${u.released_reason ? ` (${u.released_reason})` : ""}` : "none",
              reserved: rel0(u?.created_at),
            };
          })
      : null;
    const releasedByKill = killLedger
      ? [...killLedger.reservations.values()].filter((r) => r.released_reason === "killed")
      : [];
    const releasedFate = new Map();
    for (const r of releasedByKill) bump(releasedFate, killRows.find((o) => o.id === r.id)?.status ?? "no order");
    const nearKill = unredeemed ?? [];
    killFigures = {
      trigger: kill.trigger,
      atMs: kill.atMs,
      requestMs: kill.ms,
      response: kill.response,
      paid: paidK.length,
      createdAfterResp,
      createdAfterSent,
      paidAfterResp,
      paidDuringKill,
      clientPaidAfter,
      canceled: canceledK,
      releasedByKill: releasedByKill.length,
      releasedFate: Object.fromEntries(releasedFate),
      unredeemedPaid: unredeemed,
      promo: { redeemed: killUsage.redeemed, reserved: killUsage.reserved, killed: killUsage.killed },
      stockDrop: stock1 - stock2,
      heldUnits: stockRow.held_units_p2,
    };
    console.log(`\n• Checks, phase 2 (${KILL_CODE} killed mid-storm)`);
    console.log(
      `    kill: ${kill.trigger}; sent ${secs(kill.atMs)} into the storm, answered in ${ms(kill.ms)} ms: ` +
        `${JSON.stringify(kill.response)}`,
    );
    results.push(
      check(
        `redemptions after the kill (paid ${KILL_CODE} orders created after the kill answered)`,
        createdAfterResp,
        createdAfterResp === 0,
      ),
      check(
        `paid ${KILL_CODE} orders whose pay started after the kill answered (chat)`,
        clientPaidAfter,
        clientPaidAfter === 0,
      ),
      check(
        `paid ${KILL_CODE} orders in D1 vs Promo object redeemed (a paid order whose unit the kill released is not counted there)`,
        `${paidK.length} vs ${killUsage.redeemed}`,
        paidK.length === killUsage.redeemed,
      ),
      ...(unredeemed
        ? [
            check(
              `paid ${KILL_CODE} orders whose unit the Promo object's ledger does not hold as redeemed`,
              unredeemed.length,
              unredeemed.length === 0,
            ),
          ]
        : []),
      check(
        `paid ${KILL_CODE} orders that became paid after the kill answered (in flight at the kill)`,
        paidAfterResp,
        null,
      ),
      check(
        `paid ${KILL_CODE} orders created between the kill request and its answer`,
        createdAfterSent - createdAfterResp,
        null,
      ),
      check(
        `paid ${KILL_CODE} orders that became paid while the kill request was being answered`,
        paidDuringKill,
        null,
      ),
      check(
        `stock drop during phase 2 vs units in paid + pending phase-2 orders`,
        `${stock1 - stock2} vs ${stockRow.held_units_p2}`,
        stock1 - stock2 === stockRow.held_units_p2,
      ),
    );
    console.log(
      `    ${KILL_CODE}: ${paidK.length} paid, ${canceledK} canceled, ${killRows.length} orders in all; Promo object after: redeemed ${killUsage.redeemed}, reserved ${killUsage.reserved}, killed ${killUsage.killed}`,
    );
    if (killLedger) {
      console.log(
        `    units the kill released: ${releasedByKill.length}; their orders now: ${[...releasedFate].map(([k, v]) => `${k} ${v}`).join(", ") || "–"}`,
      );
    } else console.log("    (the Promo object's ledger could not be read: node:sqlite unavailable?)");
    const sign = (n) => (n == null ? "–" : `${n >= 0 ? "+" : ""}${n}`);
    if (nearKill.length) {
      console.log(
        `    paid ${KILL_CODE} orders without a redeemed unit (ms relative to the kill request, answered at ${sign(kill.respAt - kill.sentAt)}):`,
      );
      for (const o of nearKill.slice(0, 20)) {
        console.log(
          `      ${o.id}  unit reserved ${sign(o.reserved)}, order created ${sign(o.created)}, paid ${sign(o.paid)}; unit now ${o.unit}`,
        );
      }
      if (nearKill.length > 20) console.log(`      … ${nearKill.length - 20} more`);
    }
  }

  let shardFigures = null;
  if (p3) {
    const paid3 = paidWithCode(SHARD_CODE, "s");
    // A shopper whose request got no HTTP answer (even after the resend) was not answered.
    const answered = [...p3.outcomes].filter(([k]) => !/network/.test(k)).reduce((a, [, b]) => a + b, 0);
    const pending3 = shardRows.filter((o) => o.status === "pending_payment").length;
    const paidIds = new Set(shardRows.filter((o) => o.status === "paid").map((o) => o.id));
    const notRedeemed = shardLedger
      ? [...paidIds].filter((id) => shardLedger.reservations.get(id)?.state !== "redeemed").length
      : null;
    const redeemedNotPaid = shardLedger
      ? [...shardLedger.reservations.values()].filter((r) => r.state === "redeemed" && !paidIds.has(r.id)).length
      : null;
    const perShard = shardUsage.shard_usage ?? [];
    console.log(`\n• Checks, phase 3 (${SHARD_CODE}, cap ${opts.shardCap} over ${opts.shards} shards)`);
    console.log(
      `    per shard (allotment / reserved / redeemed): ${perShard.map((s) => `#${s.shard} ${s.allotment}/${s.reserved}/${s.redeemed}`).join(", ")}`,
    );
    results.push(
      check(
        `paid orders with ${SHARD_CODE} in D1 (must be exactly ${opts.shardCap})`,
        `${paid3} (chat answered paid: ${p3.winners.length}; shards: redeemed ${shardUsage.redeemed}, reserved ${shardUsage.reserved}, remaining ${shardUsage.remaining})`,
        paid3 === opts.shardCap && p3.winners.length === opts.shardCap && shardUsage.redeemed === opts.shardCap,
      ),
      check(
        "oversold (sharded promo units paid beyond the cap)",
        Math.max(0, paid3 - opts.shardCap),
        paid3 <= opts.shardCap,
      ),
      check(`shoppers with more than one paid ${SHARD_CODE} order`, shardPerUser[0].n, shardPerUser[0].n === 0),
      check(
        "shoppers answered (every refused shopper got an answer, none lost)",
        `${answered} of ${opts.shardShoppers}`,
        answered === opts.shardShoppers,
      ),
      check("5xx answers (phase 3 chat)", p3.totals.s5xx, p3.totals.s5xx === 0),
      check(
        `${SHARD_CODE} orders still pending_payment at the end (each one holds a unit nobody can buy)`,
        `${pending3} (paid after "being processed": ${p3.winners.filter((w) => w.late).length})`,
        pending3 === 0,
      ),
      ...(shardLedger
        ? [
            check(
              `paid ${SHARD_CODE} orders without a redeemed unit in the shards' ledgers (${shardLedger.objects} objects)`,
              notRedeemed,
              notRedeemed === 0,
            ),
            check(`redeemed ${SHARD_CODE} units without a paid order`, redeemedNotPaid, redeemedNotPaid === 0),
          ]
        : []),
    );
    shardFigures = {
      paid: paid3,
      answered,
      pending: pending3,
      paidAfterProcessing: p3.winners.filter((w) => w.late).length,
      perShard,
      notRedeemed,
      redeemedNotPaid,
      promo: { redeemed: shardUsage.redeemed, reserved: shardUsage.reserved, remaining: shardUsage.remaining },
    };
  }

  console.log(`\n  orders in D1 by phase, status and codes:`);
  for (const r of byStatus) {
    console.log(
      `    ${(PHASE[r.phase] ?? r.phase).padEnd(12)} ${r.status.padEnd(16)} ${r.codes.padEnd(16)} ${String(r.n).padStart(6)}   total ${(r.total / 100).toFixed(2)} USD`,
    );
  }
  console.log(
    `  payment_events (webhooks processed): ${events.map((e) => `${e.type} → ${e.outcome} ×${e.n}`).join(", ") || "none"}`,
  );
  if (/\berror\b|exception/i.test(serverLog))
    console.log(`  wrangler printed (last lines):\n${serverLog.slice(-1500).replace(/^/gm, "    | ")}`);

  summary.totalMs = performance.now() - started;
  const allOk = results.every(Boolean);
  console.log(
    `\n${allOk ? "✓" : "✗"} done in ${secs(summary.totalMs)} (setup ${secs(setupMs)}: ${cards.length} Stripe customers ${secs(cardsMs)})` +
      `${allOk ? "" : " — some checks FAILED, see above"}`,
  );
  Object.assign(summary, {
    phases: {
      a1: strip(a1),
      a2: strip(a2),
      ...(a3 ? { a3: strip(a3) } : {}),
      baseline1: strip(base1),
      ...(base2 ? { baseline2: strip(base2) } : {}),
    },
    sale: p1
      ? {
          shoppers: opts.shoppers,
          durationMs: p1.durationMs,
          chatRps: r1.rps,
          shoppersPerS: r1.shoppersPerS,
          outcomes: Object.fromEntries(p1.outcomes),
          apply: Object.fromEntries(p1.outcomes.apply),
          steps: r1.steps,
          ratios: r1.ratios,
          paidWithCode: paid1,
          chatPaid: p1.winners.length,
          promo: { redeemed: saleUsage.redeemed, reserved: saleUsage.reserved, remaining: saleUsage.remaining },
          stockDrop: drop1,
          heldUnits: stockRow.held_units_p1,
          webhookDrainMs: drain1,
        }
      : null,
    sharded: p3
      ? {
          shoppers: opts.shardShoppers,
          cap: opts.shardCap,
          shards: opts.shards,
          durationMs: p3.durationMs,
          chatRps: r3.rps,
          outcomes: Object.fromEntries(p3.outcomes),
          steps: r3.steps,
          ratios: r3.ratios,
          ...shardFigures,
        }
      : null,
    kill: p2
      ? {
          shoppers: opts.killShoppers,
          durationMs: p2.durationMs,
          chatRps: r2.rps,
          outcomes: Object.fromEntries(p2.outcomes),
          steps: r2.steps,
          ratios: r2.ratios,
          ...killFigures,
          webhookDrainMs: drain2,
        }
      : null,
    checks: {
      paidWithCode: paid1,
      oversold,
      doubleCharges,
      paidWithoutOne,
      chargedNotPaid,
      refundedLate,
      clientPaidNotInD1,
      multiPi,
      s5xx,
      healthz5xx: hz5xx,
      rateLimited: limited,
      http429: s429,
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
