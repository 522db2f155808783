#!/usr/bin/env node
// `npm run dev`: migrate and seed the local D1 database, then serve the Worker
// (API, demo shop, ops console, docs) on http://127.0.0.1:8787 with wrangler.
// No Cloudflare account, no internet.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const major = Number(process.versions.node.split(".")[0]);
if (major < 22) {
  console.error(
    `wrangler needs Node.js 22 or newer; this is ${process.version}.\n` +
      "Run it through npm (npm run dev), which uses the Node 22 that `npm install` put in node_modules/.bin,\n" +
      "or install Node 22 yourself.",
  );
  process.exit(1);
}

const port = process.env.PORT ?? "8787";
// wrangler phones home unless told not to; local runs must work offline.
const env = {
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
};
const wrangler = path.join(root, "node_modules", "wrangler", "bin", "wrangler.js");
const tsx = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");

function run(args, { quiet = false, ci = false, bin = wrangler } = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    env: ci ? { ...env, CI: "true" } : env,
    encoding: "utf8",
    stdio: quiet ? "pipe" : "inherit",
  });
  if (r.status !== 0) {
    if (quiet) process.stderr.write(`${r.stdout ?? ""}${r.stderr ?? ""}`);
    console.error(`\n✗ ${path.basename(bin)} ${args.join(" ")} failed`);
    process.exit(r.status ?? 1);
  }
  return r.stdout ?? "";
}

console.log("• applying D1 migrations (local)…");
// CI=true answers wrangler's "apply migrations?" prompt, which only matters remotely.
run(["d1", "migrations", "apply", "DB", "--local"], { quiet: true, ci: true });

const count = JSON.parse(
  run(["d1", "execute", "DB", "--local", "--json", "--command", "SELECT count(*) AS n FROM products"], { quiet: true }),
);
const products = count?.[0]?.results?.[0]?.n ?? 0;
if (products === 0) {
  console.log("• seeding the catalog…");
  mkdirSync(path.join(root, ".wrangler"), { recursive: true });
  const file = path.join(root, ".wrangler", "seed.sql");
  run([path.join(root, "db", "seed", "write-sql.ts"), "--out", file], { bin: tsx, quiet: true });
  run(["d1", "execute", "DB", "--local", "--file", file], { quiet: true, ci: true });
} else {
  console.log(`• catalog already seeded (${products} products)`);
}

if (!existsSync(path.join(root, ".dev.vars"))) {
  console.log("• no .dev.vars: guests only (copy .dev.vars.example to enable signed-in shoppers)");
}

// Without a real Stripe key, payments go to the Stripe stand-in in this repo,
// which delivers signed webhooks back to this Worker.
const vars = [];
let standIn = null;
if (!process.env.STRIPE_SECRET_KEY && !hasDevVar("STRIPE_SECRET_KEY")) {
  const stripePort = process.env.STRIPE_STAND_IN_PORT ?? "12111";
  const secret = "whsec_local_stand_in";
  standIn = spawn(
    process.execPath,
    [
      tsx,
      path.join(root, "test", "stand-ins", "stripe", "cli.ts"),
      "--port",
      stripePort,
      "--webhook-url",
      `http://127.0.0.1:${port}/webhooks/stripe`,
      "--webhook-secret",
      secret,
      "--api-key",
      "sk_test_local",
    ],
    { cwd: root, env, stdio: ["ignore", "inherit", "inherit"] },
  );
  const base = `http://127.0.0.1:${stripePort}`;
  vars.push("STRIPE_SECRET_KEY:sk_test_local", `STRIPE_WEBHOOK_SECRET:${secret}`, `STRIPE_API_BASE:${base}`);
  console.log(`• payments: Stripe stand-in on ${base} (set STRIPE_SECRET_KEY in .dev.vars to use Stripe test mode)`);
}

// Stripe Checkout returns the shopper to this Worker's /pay/done and /pay/cancelled.
if (!process.env.SHOP_URL && !hasDevVar("SHOP_URL")) vars.push(`SHOP_URL:http://127.0.0.1:${port}`);

// A local-only admin token so `npm run ops` works out of the box (the server binds 127.0.0.1).
if (!process.env.ADMIN_TOKEN && !hasDevVar("ADMIN_TOKEN")) {
  vars.push("ADMIN_TOKEN:dev-admin-token");
  console.log(
    "• admin API: ADMIN_TOKEN=dev-admin-token (local only; try: ADMIN_TOKEN=dev-admin-token npm run ops -- promo list)",
  );
}

if (!process.env.ACP_API_KEY && !hasDevVar("ACP_API_KEY")) {
  vars.push("ACP_API_KEY:dev-acp-key");
  console.log("• ACP checkout API: Authorization: Bearer dev-acp-key (local only)");
}

const child = spawn(
  process.execPath,
  [
    wrangler,
    "dev",
    "--ip",
    "127.0.0.1",
    "--port",
    port,
    "--show-interactive-dev-session=false",
    ...vars.flatMap((v) => ["--var", v]),
  ],
  { cwd: root, env, stdio: ["inherit", "pipe", "inherit"] },
);
let announced = false;
child.stdout.on("data", (chunk) => {
  process.stdout.write(chunk);
  if (!announced && /Ready on/i.test(String(chunk))) {
    announced = true;
    const base = `http://127.0.0.1:${port}`;
    console.log(`
✓ The shop agent is running on ${base}

  Demo shop with the chat:  ${base}/
  Ops console:              ${base}/ops   (admin token: the ADMIN_TOKEN above)
  API docs:                 ${base}/docs  (${base}/openapi.json)

  Or from a terminal:

  curl -s ${base}/v1/chat -H 'content-type: application/json' \\
    -d '{"conversation_id":"demo-conversation-0001","message_id":"m1","text":"find a blue dress under $40 in size M"}'

  Then: "add 1 of the first one", "apply code WELCOME10", "what's in my cart?", "checkout", "pay"
  (use a new message_id for every message; replaying one returns the stored answer)
`);
  }
});
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    child.kill(sig);
    standIn?.kill(sig);
  });
}
child.on("exit", (code) => {
  standIn?.kill("SIGTERM");
  process.exit(code ?? 0);
});

function hasDevVar(name) {
  const file = path.join(root, ".dev.vars");
  return existsSync(file) && new RegExp(`^${name}=`, "m").test(readFileSync(file, "utf8"));
}
