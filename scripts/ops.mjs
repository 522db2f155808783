#!/usr/bin/env node
// Ops CLI for the admin API. Usage: npm run ops -- <command> [args]
//   promo list
//   promo show CODE
//   promo kill CODE --reason "why" [--honor-reserved]
//   promo revive CODE --reason "why"
//   orders [--limit N]
//   order fulfillment ORDER_ID processing|shipped|delivered [--tracking "1Z…"]
//   audit [--limit N]
// Reads OPS_URL (default http://127.0.0.1:8787) and ADMIN_TOKEN from the environment.
import { parseArgs } from "node:util";

const base = (process.env.OPS_URL ?? "http://127.0.0.1:8787").replace(/\/$/, "");
const token = process.env.ADMIN_TOKEN;
const actor = process.env.OPS_ACTOR ?? process.env.USER ?? "ops";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    reason: { type: "string" },
    "honor-reserved": { type: "boolean", default: false },
    limit: { type: "string" },
    tracking: { type: "string" },
    json: { type: "boolean", default: false },
  },
});

function fail(message, code = 2) {
  console.error(`✗ ${message}`);
  process.exit(code);
}

async function call(method, path, body) {
  if (!token) fail("ADMIN_TOKEN is not set (the same value as the Worker's ADMIN_TOKEN secret).");
  let res;
  try {
    res = await fetch(`${base}/admin${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "x-admin-actor": actor },
      ...(body ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (err) {
    fail(`cannot reach ${base}: ${err.message}`, 3);
  }
  const text = await res.text();
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    fail(`${method} ${path} answered ${res.status} with non-JSON`, 3);
  }
  if (!res.ok)
    fail(`${res.status} ${data?.error?.code ?? ""}: ${data?.error?.message ?? text}`, res.status === 404 ? 4 : 3);
  return data;
}

const money = (amount, currency = "USD") =>
  amount === null || amount === undefined
    ? "—"
    : new Intl.NumberFormat("en-US", { style: "currency", currency }).format(amount / 100);

function table(rows, columns) {
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? "").length)));
  const line = (cells) => cells.map((v, i) => String(v ?? "").padEnd(widths[i])).join("  ");
  console.log(line(columns));
  console.log(widths.map((w) => "─".repeat(w)).join("  "));
  for (const r of rows) console.log(line(columns.map((c) => r[c])));
}

function describePromo(p) {
  const terms =
    p.kind === "percent_off"
      ? `${p.value / 100}% off`
      : p.kind === "amount_off"
        ? `${money(p.value, p.currency)} off`
        : `unit price ${money(p.value, p.currency)}`;
  return {
    code: p.code,
    terms,
    state: p.killed ? "KILLED" : p.active ? "on" : "off",
    cap: p.cap ?? "∞",
    reserved: p.reserved,
    redeemed: p.redeemed,
    remaining: p.remaining ?? "∞",
  };
}

const [area, verb, code] = positionals;
const out = (data, render) => (values.json ? console.log(JSON.stringify(data, null, 2)) : render(data));

if (area === "promo" && verb === "list") {
  const data = await call("GET", "/promos");
  out(data, (d) =>
    table(d.promotions.map(describePromo), ["code", "terms", "state", "cap", "reserved", "redeemed", "remaining"]),
  );
} else if (area === "promo" && verb === "show" && code) {
  const p = await call("GET", `/promos/${encodeURIComponent(code)}`);
  out(p, (d) => {
    const x = describePromo(d);
    console.log(
      `${d.code} — ${d.name}\n  ${x.terms}, ${x.state}\n  cap ${x.cap}, reserved ${d.reserved}, redeemed ${d.redeemed}, remaining ${x.remaining}\n  redemptions in the last minute: ${d.redemptions_per_minute}`,
    );
  });
} else if (area === "promo" && (verb === "kill" || verb === "revive") && code) {
  if (!values.reason) fail(`--reason "…" is required: it goes into the audit log.`);
  const killed = verb === "kill";
  const d = await call("PUT", `/promos/${encodeURIComponent(code)}/kill-switch`, {
    killed,
    reason: values.reason,
    honor_reserved: values["honor-reserved"],
  });
  out(d, (x) => {
    console.log(`✓ ${x.code} ${killed ? "killed" : "revived"} (effective on the next redemption everywhere)`);
    if (killed)
      console.log(
        `  reservations released: ${x.released}, unpaid orders canceled: ${x.orders_canceled}${values["honor-reserved"] ? " (held reservations honoured)" : ""}`,
      );
    console.log(`  reserved ${x.reserved}, redeemed ${x.redeemed}, remaining ${x.remaining ?? "∞"}`);
  });
} else if (area === "orders") {
  const d = await call("GET", `/orders?limit=${Number(values.limit ?? 20)}`);
  out(d, (x) =>
    table(
      x.orders.map((o) => ({
        id: o.id,
        status: o.status,
        total: money(o.total, o.currency),
        codes: o.promo_codes.join(","),
        created: new Date(o.created_at).toISOString(),
      })),
      ["id", "status", "total", "codes", "created"],
    ),
  );
} else if (area === "order" && verb === "fulfillment") {
  const [, , id, status] = positionals;
  if (!id || !["processing", "shipped", "delivered"].includes(status))
    fail('usage: order fulfillment ORDER_ID processing|shipped|delivered [--tracking "…"]');
  const d = await call("PUT", `/orders/${encodeURIComponent(id)}/fulfillment`, {
    status,
    ...(values.tracking !== undefined ? { tracking: values.tracking } : {}),
  });
  out(d, (x) =>
    console.log(
      `${x.changed ? "✓" : "="} ${x.order.id}: ${x.order.fulfillment_status}${x.order.tracking ? ` (tracking ${x.order.tracking})` : ""}${x.changed ? "; the shopper is told" : " already; nothing changed"}`,
    ),
  );
} else if (area === "audit") {
  const d = await call("GET", `/audit?limit=${Number(values.limit ?? 20)}`);
  out(d, (x) =>
    table(
      x.entries.map((e) => ({
        at: new Date(e.at).toISOString(),
        actor: e.actor,
        action: e.action,
        target: e.target,
        reason: e.reason ?? "",
      })),
      ["at", "actor", "action", "target", "reason"],
    ),
  );
} else {
  console.log(`usage: npm run ops -- promo list | promo show CODE | promo kill CODE --reason "…" [--honor-reserved] | promo revive CODE --reason "…" | orders [--limit N] | order fulfillment ORDER_ID processing|shipped|delivered [--tracking "…"] | audit [--limit N]
env: OPS_URL (default http://127.0.0.1:8787), ADMIN_TOKEN, OPS_ACTOR (name in the audit log)`);
  process.exit(area ? 2 : 0);
}
