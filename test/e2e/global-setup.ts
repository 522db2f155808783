import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { startStripeStandIn } from "../stand-ins/stripe/index.js";
import { CHROMIUM } from "./browser.js";

export const E2E_ADMIN_TOKEN = "e2e-admin-token-0123456789";
const STRIPE_KEY = "sk_test_e2e";
const WEBHOOK_SECRET = "whsec_e2e_secret";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    e2eStripeUrl: string;
  }
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const wrangler = path.join(root, "node_modules", "wrangler", "bin", "wrangler.js");
const tsx = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");
// wrangler needs Node 22; npm scripts run on the one in node_modules (see scripts/dev.mjs).
const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", CI: "true" };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function run(bin: string, args: string[]): void {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, env, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${path.basename(bin)} ${args.join(" ")} failed:\n${r.stdout}\n${r.stderr}`);
}

function waitForReady(child: ChildProcess, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(
      () => reject(new Error(`wrangler dev did not start within 120 s:\n${out.slice(-3000)}`)),
      120_000,
    );
    const onData = (chunk: Buffer) => {
      out += String(chunk);
      if (out.includes(`Ready on http://127.0.0.1:${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`wrangler dev exited (${code}):\n${out.slice(-3000)}`));
    });
  });
}

/**
 * One real dev server for the whole e2e run: a fresh local D1 (migrated and
 * seeded) in a temporary folder, `wrangler dev` on a free port, and the Stripe
 * stand-in delivering signed webhooks to it, as `npm run dev` does.
 */
export default async function setup(project: TestProject) {
  // In CI a missing browser is a failure (.ci/run installs it), never a skip.
  if (!existsSync(CHROMIUM))
    throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH).`);
  const state = mkdtempSync(path.join(tmpdir(), "e2e-worker-"));
  const port = await freePort();
  const stripe = await startStripeStandIn({
    port: 0,
    apiKey: STRIPE_KEY,
    webhook: { url: `http://127.0.0.1:${port}/webhooks/stripe`, secret: WEBHOOK_SECRET },
  });
  run(wrangler, ["d1", "migrations", "apply", "DB", "--local", "--persist-to", state]);
  const seed = path.join(state, "seed.sql");
  run(tsx, [path.join(root, "db", "seed", "write-sql.ts"), "--out", seed]);
  run(wrangler, ["d1", "execute", "DB", "--local", "--persist-to", state, "--file", seed]);

  const vars = {
    STRIPE_SECRET_KEY: STRIPE_KEY,
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_API_BASE: stripe.url,
    SHOP_URL: `http://127.0.0.1:${port}`,
    ADMIN_TOKEN: E2E_ADMIN_TOKEN,
    // Every browser of the run shares one address; the limits have their own tests.
    LIMIT_IP: "1000000/60s",
    LIMIT_CHAT_PER_USER: "1000000/60s",
  };
  const child = spawn(
    process.execPath,
    [
      wrangler,
      "dev",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--persist-to",
      state,
      "--show-interactive-dev-session=false",
      "--inspector-port",
      String(await freePort()),
      ...Object.entries(vars).flatMap(([k, v]) => ["--var", `${k}:${v}`]),
    ],
    { cwd: root, env, stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      const exited = new Promise((r) => child.once("exit", r));
      process.kill(-child.pid, "SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) process.kill(-child.pid, "SIGKILL");
    }
    await stripe.close();
    rmSync(state, { recursive: true, force: true });
  };
  try {
    await waitForReady(child, port);
  } catch (e) {
    await stop();
    throw e;
  }
  project.provide("baseUrl", `http://127.0.0.1:${port}`);
  project.provide("e2eStripeUrl", stripe.url);
  return stop;
}
