#!/usr/bin/env node
// Size of the chat widget as a browser downloads it: raw, minified (esbuild,
// which wrangler already brings) and minified + gzip. Baseline in the same
// run: the page-kit helpers the shop's own pages load.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { transform } from "esbuild";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
for (const file of ["public/widget/chat-widget.js", "public/lib/page-kit.js"]) {
  const source = readFileSync(path.join(root, file), "utf8");
  const { code } = await transform(source, { minify: true, target: "es2022" });
  console.log(
    `${file}: ${kb(source.length)} raw, ${kb(code.length)} min, ${kb(gzipSync(code, { level: 9 }).length)} min+gzip (${kb(gzipSync(source, { level: 9 }).length)} gzip unminified)`,
  );
}
