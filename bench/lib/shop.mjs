// Shop-level helpers for the checkout benchmarks: the Stripe stand-in as a
// child process, signed-in shoppers with saved cards (stand-in customers plus
// rows in the D1 `customers` table), storefront JWTs, a chat client that times
// every request by step, and the stand-in's control API.
import { createHmac, randomBytes } from "node:crypto";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import {
  d1File,
  d1Query,
  freePort,
  HOST,
  httpRequest,
  onCleanup,
  request,
  run,
  sleep,
  startService,
  TSX,
} from "./harness.mjs";
import { percentile } from "./stats.mjs";

export const SKU = "TEA-MILK-500";
export const STRIPE_KEY = "sk_test_bench";
/** A chat reply that reads like a rate limiter's (HTTP 200 with a "please wait"-style text). */
export const RATE_LIMIT_TEXT = /too many|\bwait\b/i;

export const randomSecret = (bytes = 32) => randomBytes(bytes).toString("hex");

/** HS256 storefront token, as the Worker verifies it (hono/jwt): `sub` = user id, `exp` honoured. */
export function signJwt(sub, secret, ttlS = 6 * 3600) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const head = b64({ alg: "HS256", typ: "JWT" });
  const payload = b64({ sub, exp: Math.floor(Date.now() / 1000) + ttlS });
  const sig = createHmac("sha256", secret).update(`${head}.${payload}`).digest("base64url");
  return `${head}.${payload}.${sig}`;
}

// ---------------------------------------------------------------- the Worker's variables

/** Secrets for one run, and the --var list for wrangler dev. */
export function shopSecrets() {
  return {
    jwtSecret: randomSecret(),
    webhookSecret: `whsec_${randomSecret(24)}`,
    adminToken: `adm_${randomSecret(24)}`,
  };
}

export function workerVars(secrets, stripe) {
  return [
    `STOREFRONT_JWT_SECRET:${secrets.jwtSecret}`,
    `STRIPE_SECRET_KEY:${STRIPE_KEY}`,
    `STRIPE_WEBHOOK_SECRET:${secrets.webhookSecret}`,
    `STRIPE_API_BASE:${stripe.url}`,
    `SHOP_URL:http://${HOST}:${stripe.workerPort}`,
    `ADMIN_TOKEN:${secrets.adminToken}`,
  ];
}

// ---------------------------------------------------------------- Stripe stand-in

/**
 * Starts test/stand-ins/stripe (from the snapshot) on a free port, webhooks to the Worker's port.
 * `webhooks`: the stand-in's delivery policy ({ concurrency, tries, initialDelayMs, maxDelayMs,
 * timeoutMs }, test/stand-ins/stripe/webhooks.ts); unset fields keep its defaults (one at a time, 3 × 5 s).
 */
export async function startStripe({ workerPort, webhookSecret, webhooks = {} }) {
  const port = await freePort();
  const kebab = (k) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const policy = Object.entries(webhooks).flatMap(([k, v]) => [`--webhook-${kebab(k)}`, String(v)]);
  const service = await startService(
    TSX,
    [
      "test/stand-ins/stripe/cli.ts",
      "--port",
      String(port),
      "--webhook-url",
      `http://${HOST}:${workerPort}/webhooks/stripe`,
      "--webhook-secret",
      webhookSecret,
      "--api-key",
      STRIPE_KEY,
      ...policy,
    ],
    { label: "Stripe stand-in", ready: /listening on http:\/\/127\.0\.0\.1:\d+/, timeoutMs: 60_000 },
  );
  const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });
  onCleanup(() => agent.destroy());
  return { ...service, port, url: `http://${HOST}:${port}`, agent, workerPort };
}

/** POST a Stripe API form (bracket notation flattened by the caller). */
export async function stripeForm(stripe, path, form, timeoutMs = 30_000) {
  const r = await httpRequest({
    port: stripe.port,
    method: "POST",
    path,
    agent: stripe.agent,
    timeoutMs,
    headers: { authorization: `Bearer ${STRIPE_KEY}`, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
  });
  let json = null;
  try {
    json = JSON.parse(r.body);
  } catch {}
  return { status: r.status, json, body: r.body };
}

/** GET or POST a /_control endpoint (JSON). */
export async function stripeControl(stripe, method, path, body = null, timeoutMs = 60_000) {
  const r = await httpRequest({
    port: stripe.port,
    method,
    path,
    body: body ?? (method === "POST" ? {} : null),
    agent: stripe.agent,
    timeoutMs,
  });
  if (r.status !== 200) throw new Error(`stand-in ${method} ${path} answered ${r.status}: ${r.body.slice(0, 300)}`);
  return JSON.parse(r.body);
}

/** Waits (bounded) until the stand-in has no webhook delivery queued. Returns ms taken. */
export async function drainWebhooks(stripe, timeoutMs = 300_000) {
  const t0 = performance.now();
  await stripeControl(stripe, "POST", "/_control/webhooks/idle", {}, timeoutMs);
  return performance.now() - t0;
}

// ---------------------------------------------------------------- shoppers with saved cards

/**
 * Creates a stand-in customer with pm_card_visa attached for each user,
 * `concurrency` at a time. Returns rows for the D1 `customers` table.
 */
export async function createSavedCards(stripe, users, concurrency) {
  const rows = new Array(users.length);
  let next = 0;
  async function worker() {
    while (!run.stopping) {
      const i = next++;
      if (i >= users.length) return;
      const user = users[i];
      const c = await stripeForm(stripe, "/v1/customers", { email: `${user}@bench.example` });
      if (c.status !== 200 || !c.json?.id)
        throw new Error(`stand-in POST /v1/customers answered ${c.status}: ${c.body.slice(0, 300)}`);
      const pm = await stripeForm(stripe, "/v1/payment_methods/pm_card_visa/attach", { customer: c.json.id });
      if (pm.status !== 200 || !pm.json?.id)
        throw new Error(`stand-in attach answered ${pm.status}: ${pm.body.slice(0, 300)}`);
      rows[i] = { principal: `user:${user}`, customer: c.json.id, paymentMethod: pm.json.id };
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, users.length) }, worker));
  if (run.stopping) throw new Error("stopped");
  return rows;
}

const sqlString = (s) => `'${String(s).replace(/'/g, "''")}'`;

/** Inserts the saved cards into D1 (batched multi-row INSERTs in one file) and checks the count. */
export async function insertCustomers(persistDir, rows, file) {
  const now = Date.now();
  const statements = [];
  for (let i = 0; i < rows.length; i += 500) {
    const values = rows
      .slice(i, i + 500)
      .map((r) => `(${sqlString(r.principal)}, ${sqlString(r.customer)}, ${sqlString(r.paymentMethod)}, ${now})`);
    statements.push(
      `INSERT INTO customers (principal, stripe_customer_id, default_payment_method, updated_at) VALUES\n${values.join(",\n")};`,
    );
  }
  writeFileSync(file, statements.join("\n"));
  await d1File(persistDir, file, `wrangler d1 execute --file (${rows.length} customers)`);
  const [{ n }] = await d1Query(persistDir, "SELECT count(*) AS n FROM customers");
  if (n < rows.length) throw new Error(`customers check failed: inserted ${rows.length}, D1 has ${n}`);
  return n;
}

// ---------------------------------------------------------------- chat client and step statistics

/** Per-step latencies and outcomes. A "step" is one kind of chat request (add, checkout, pay…). */
export class StepStats {
  constructor() {
    this.steps = new Map();
    this.rateLimitSamples = [];
    this.errorSamples = [];
  }

  step(name) {
    let s = this.steps.get(name);
    if (!s) {
      s = { name, latencies: [], statuses: new Map(), rateLimited: 0, network: 0, resent: 0, errors: new Map() };
      this.steps.set(name, s);
    }
    return s;
  }

  record(name, took, status) {
    const s = this.step(name);
    s.latencies.push(took);
    s.statuses.set(status, (s.statuses.get(status) ?? 0) + 1);
    if (typeof status !== "number") s.network++;
  }

  rateLimited(name, status, text) {
    this.step(name).rateLimited++;
    if (this.rateLimitSamples.length < 3) this.rateLimitSamples.push(`${name}: HTTP ${status} ${text.slice(0, 200)}`);
  }

  /** A request that got no answer was sent again with the same message id. */
  resent(name) {
    this.step(name).resent++;
  }

  /** A logical error of a step (wrong answer), by label. */
  error(name, label, sample) {
    const s = this.step(name);
    s.errors.set(label, (s.errors.get(label) ?? 0) + 1);
    if (sample && this.errorSamples.length < 5) this.errorSamples.push(`${name} ${label}: ${sample.slice(0, 400)}`);
  }

  /** A plain latency (e.g. a whole flow) with no HTTP status. */
  time(name, took) {
    this.step(name).latencies.push(took);
  }

  totals() {
    let requests = 0,
      s5xx = 0,
      s4xx = 0,
      s429 = 0,
      network = 0,
      rateLimited = 0,
      errors = 0;
    for (const s of this.steps.values()) {
      for (const [status, n] of s.statuses) {
        requests += n;
        if (typeof status === "number") {
          if (status >= 500) s5xx += n;
          else if (status === 429) s429 += n;
          else if (status >= 400) s4xx += n;
        }
      }
      network += s.network;
      rateLimited += s.rateLimited;
      for (const n of s.errors.values()) errors += n;
    }
    return { requests, s5xx, s4xx, s429, network, rateLimited, errors };
  }

  summary() {
    return [...this.steps.values()].map((s) => {
      const sorted = [...s.latencies].sort((a, b) => a - b);
      const statuses = Object.fromEntries([...s.statuses].map(([k, v]) => [String(k), v]));
      return {
        step: s.name,
        count: sorted.length,
        statuses,
        s5xx: [...s.statuses].filter(([k]) => typeof k === "number" && k >= 500).reduce((a, [, v]) => a + v, 0),
        rateLimited: s.rateLimited,
        resent: s.resent,
        errors: Object.fromEntries(s.errors),
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        p99: percentile(sorted, 99),
        max: sorted.at(-1) ?? NaN,
      };
    });
  }
}

/** Prints the per-step latency table. */
export function printSteps(stats, fmt) {
  const rows = stats.summary();
  const head = ["step", "count", "statuses", "limited", "errors", "p50 ms", "p95 ms", "p99 ms", "max ms"];
  const body = rows.map((r) => [
    r.step,
    String(r.count),
    Object.keys(r.statuses).length
      ? Object.entries(r.statuses)
          .map(([k, v]) => `${k}×${v}`)
          .join(" ")
      : "–",
    String(r.rateLimited),
    Object.keys(r.errors).length
      ? Object.entries(r.errors)
          .map(([k, v]) => `${k}×${v}`)
          .join(" ")
      : "0",
    fmt(r.p50),
    fmt(r.p95),
    fmt(r.p99),
    fmt(r.max),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) =>
    "  " +
    cells.map((c, i) => (i === 0 || i === 2 || i === 4 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  console.log(line(head));
  for (const b of body) console.log(line(b));
  for (const s of stats.errorSamples) console.log(`  ! e.g. ${s}`);
  for (const s of stats.rateLimitSamples) console.log(`  ~ rate-limited, e.g. ${s}`);
  return rows;
}

/**
 * One signed-in shopper in one conversation. send() retries (bounded) when
 * the answer is rate-limited (429, or a 200 whose reply asks to wait), after
 * Retry-After (at most 2 s), with a new message id. With `networkRetries`, a
 * request that got no answer (timeout, reset) is sent again with the SAME
 * message id, as a chat client does: the conversation answers a message it
 * already handled with the stored reply, so a retry never acts twice.
 */
export class Shopper {
  constructor(server, { user, token, stats, maxRetries = 2, networkRetries = 0 }) {
    this.server = server;
    this.user = user;
    this.conversation = `bench-${user}`;
    this.headers = token ? { authorization: `Bearer ${token}` } : {};
    this.stats = stats;
    this.maxRetries = maxRetries;
    this.networkRetries = networkRetries;
    this.n = 0;
  }

  /** Returns {status, json, raw, limited} or {status: "network …"} on a network error. */
  async send(step, message) {
    let last = null;
    for (let attempt = 0; attempt <= this.maxRetries; attempt++) {
      const body = { conversation_id: this.conversation, message_id: `m${++this.n}`, ...message };
      const t = performance.now();
      let r;
      for (let resend = 0; ; resend++) {
        try {
          r = await request(this.server, "POST", "/v1/chat", body, 30_000, this.headers);
          break;
        } catch (e) {
          const label = `network ${e.code ?? e.message}`;
          this.stats.record(step, performance.now() - t, label);
          if (resend >= this.networkRetries || run.stopping || this.server.exited)
            return { status: label, json: null, raw: "", limited: false };
          this.stats.resent(step);
        }
      }
      this.stats.record(step, performance.now() - t, r.status);
      let json = null;
      try {
        json = JSON.parse(r.body);
      } catch {}
      const limited = r.status === 429 || (r.status === 200 && RATE_LIMIT_TEXT.test(json?.reply?.text ?? ""));
      last = { status: r.status, json, raw: r.body, limited };
      if (!limited) return last;
      this.stats.rateLimited(step, r.status, json?.reply?.text ?? r.body);
      if (attempt < this.maxRetries) {
        const after = Number(r.headers["retry-after"]);
        await sleep(Math.min(2000, Number.isFinite(after) && after > 0 ? after * 1000 : 500) + Math.random() * 200);
      }
    }
    return last;
  }
}

/** Runs fn(i) for i in [0, count) with `concurrency` workers; stops early on a signal or a dead server. */
export async function pool(server, count, concurrency, fn) {
  let next = 0;
  async function worker() {
    while (true) {
      const i = next++;
      if (i >= count || run.stopping || server.exited) return;
      await fn(i);
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  if (run.stopping) throw new Error("stopped");
}

// ---------------------------------------------------------------- checks on the stand-in's records

/**
 * PaymentIntents per order (metadata.order_id), from the stand-in.
 * Returns Map(orderId -> {total, succeeded, amounts, succeededIds})
 */
export async function intentsByOrder(stripe) {
  const intents = await stripeControl(stripe, "GET", "/_control/payment_intents", null, 120_000);
  const list = Array.isArray(intents) ? intents : intents.data;
  const byOrder = new Map();
  for (const pi of list) {
    const id = pi.metadata?.order_id;
    if (!id) continue;
    const e = byOrder.get(id) ?? { total: 0, succeeded: 0, amounts: [], succeededIds: [] };
    e.total++;
    if (pi.status === "succeeded") {
      e.succeeded++;
      e.amounts.push(pi.amount);
      e.succeededIds.push(pi.id);
    }
    byOrder.set(id, e);
  }
  return { count: list.length, byOrder };
}

/**
 * Webhook deliveries: for payment_intent.succeeded events, when the Worker
 * first answered 2xx (Map pi id -> epoch ms), and how many events never got a 2xx.
 */
export async function webhookDeliveries(stripe) {
  const events = await stripeControl(stripe, "GET", "/_control/events", null, 120_000);
  const deliveries = await stripeControl(stripe, "GET", "/_control/deliveries", null, 120_000);
  const evList = Array.isArray(events) ? events : events.data;
  const eventPi = new Map(evList.map((e) => [e.id, { type: e.type, pi: e.data?.object?.id }]));
  const okAt = new Map();
  const statuses = new Map();
  const attempts = new Map();
  for (const d of deliveries) {
    attempts.set(d.eventId, (attempts.get(d.eventId) ?? 0) + 1);
    statuses.set(d.status, (statuses.get(d.status) ?? 0) + 1);
    if (d.ok && !okAt.has(d.eventId)) okAt.set(d.eventId, d.at);
  }
  const succeededAt = new Map();
  for (const [eventId, at] of okAt) {
    const e = eventPi.get(eventId);
    if (e?.type === "payment_intent.succeeded") succeededAt.set(e.pi, at);
  }
  // With the stand-in's default (one delivery at a time, bench:checkout), while the queue is
  // backed up the gap between two consecutive finished attempts is the Worker's time for one webhook.
  const finished = deliveries.map((d) => ({ at: d.at, pi: eventPi.get(d.eventId)?.pi })).sort((a, b) => a.at - b.at);
  const neverOk = evList.filter((e) => attempts.has(e.id) && !okAt.has(e.id)).length;
  // PaymentIntents whose charge was refunded (the PaymentIntent itself stays "succeeded").
  const refunded = new Set(
    evList
      .filter((e) => e.type === "charge.refunded")
      .map((e) => e.data?.object?.payment_intent)
      .filter(Boolean),
  );
  const retried = [...attempts.values()].filter((n) => n > 1).length;
  return {
    events: evList.length,
    deliveries: deliveries.length,
    statuses: Object.fromEntries([...statuses].map(([k, v]) => [String(k), v])),
    neverOk,
    retried,
    succeededAt,
    finished,
    refunded,
  };
}

// ---------------------------------------------------------------- Durable Object storage, after the run

/**
 * Reads one promotion's ledger (the Promo Durable Object's SQLite file under
 * the persist dir) once wrangler has stopped: config and every reservation,
 * keyed by reservation id (= order id). Read-only; null when unavailable.
 */
export async function readPromoLedger(persistDir, code) {
  const dir = path.join(persistDir, "v3", "do");
  if (!existsSync(dir)) return null;
  const promoDir = readdirSync(dir).find((d) => d.endsWith("-Promo"));
  if (!promoDir) return null;
  let DatabaseSync;
  const emit = process.emitWarning;
  try {
    // node:sqlite prints an ExperimentalWarning on Node 22; it is not ours to show.
    process.emitWarning = (w, ...rest) => (String(w).includes("SQLite") ? undefined : emit.call(process, w, ...rest));
    ({ DatabaseSync } = await import("node:sqlite"));
  } catch {
    return null;
  } finally {
    process.emitWarning = emit;
  }
  // A sharded promotion's units live in several objects (one per shard): merge them.
  let found = null;
  for (const f of readdirSync(path.join(dir, promoDir))) {
    if (!f.endsWith(".sqlite") || f === "metadata.sqlite") continue;
    let db;
    try {
      db = new DatabaseSync(path.join(dir, promoDir, f), { readOnly: true });
      const config = db.prepare("SELECT * FROM config WHERE id = 1").get();
      if (config?.code !== code) continue;
      found ??= { config: { ...config }, reservations: new Map(), objects: 0 };
      found.objects++;
      for (const r of db.prepare("SELECT * FROM reservations").all()) found.reservations.set(r.id, { ...r });
    } catch {
      // not a Promo ledger (or unreadable): skip
    } finally {
      db?.close();
    }
  }
  return found;
}
