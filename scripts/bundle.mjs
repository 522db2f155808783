#!/usr/bin/env node
// `npm run bundle`: bundle the Worker exactly as `wrangler deploy` would
// (`wrangler deploy --dry-run`: no account, no network) and print its size,
// raw and gzip. Workers reject scripts over their size limit at deploy time;
// this makes the figure visible on every CI run instead.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const outIndex = args.indexOf("--outdir");
const keep = outIndex >= 0;
const outdir = keep ? path.resolve(args[outIndex + 1] ?? "") : mkdtempSync(path.join(tmpdir(), "worker-bundle-"));

const r = spawnSync(
  process.execPath,
  [path.join(root, "node_modules", "wrangler", "bin", "wrangler.js"), "deploy", "--dry-run", "--outdir", outdir],
  {
    cwd: root,
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
    encoding: "utf8",
  },
);
if (r.status !== 0) {
  process.stderr.write(`${r.stdout ?? ""}${r.stderr ?? ""}`);
  console.error("✗ wrangler deploy --dry-run failed");
  process.exit(r.status ?? 1);
}

const files = readdirSync(outdir, { recursive: true })
  .map(String)
  .filter((f) => /\.(m?js|wasm)$/.test(f) && statSync(path.join(outdir, f)).isFile());
let raw = 0;
let gzip = 0;
for (const f of files) {
  const bytes = readFileSync(path.join(outdir, f));
  raw += bytes.length;
  gzip += gzipSync(bytes, { level: 9 }).length;
}
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
// Workers' limits on the compressed script: 3 MiB (Free), 10 MiB (Paid).
console.log(
  `Worker bundle (wrangler deploy --dry-run): ${files.length} file(s), ${kib(raw)} raw, ${kib(gzip)} gzip (limit 3 MiB gzip on Free, 10 MiB on Paid)`,
);
if (!keep) rmSync(outdir, { recursive: true, force: true });
