/**
 * Writes the seed as a SQL file for `wrangler d1 execute <db> --file <file>`.
 *
 *   npx tsx db/seed/write-sql.ts --out seed.sql [--products 320] [--now <epoch ms>] [--seed 42]
 *
 * The clock is read here, at the edge, and only when --now is not given.
 */
import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { buildCatalog } from "./catalog.js";
import { seedStatements } from "./sql.js";

function integerOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got "${value}"`);
  return n;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      out: { type: "string", short: "o" },
      products: { type: "string", short: "n" },
      now: { type: "string" },
      seed: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help || values.out === undefined) {
    console.error("usage: tsx db/seed/write-sql.ts --out <file> [--products N] [--now <epoch ms>] [--seed N]");
    process.exit(values.help ? 0 : 2);
  }
  const productCount = integerOption(values.products, "products", 320);
  const now = integerOption(values.now, "now", Date.now());
  const seed = integerOption(values.seed, "seed", 42);

  const started = performance.now();
  const catalog = buildCatalog({ productCount, now, seed });
  const built = performance.now();
  const statements = seedStatements(catalog);
  const rendered = performance.now();
  const out = resolve(values.out);
  mkdirSync(dirname(out), { recursive: true });
  // Same text as seedSqlFile(), written statement by statement: a 100,000-product
  // seed is ~100 MB and need not exist as one string.
  const fd = openSync(out, "w");
  try {
    for (const statement of statements) writeSync(fd, `${statement};\n`);
  } finally {
    closeSync(fd);
  }
  const ms = (from: number, to: number) => Math.round(to - from);
  const done = performance.now();
  console.error(
    `wrote ${out}: ${catalog.products.length} products, ${catalog.variants.length} variants, ` +
      `${catalog.priceHistory.length} price points, ${catalog.promotions.length} promotions, ` +
      `${statements.length} statements (now=${now}, seed=${seed}; ` +
      `build ${ms(started, built)} ms, sql ${ms(built, rendered)} ms, write ${ms(rendered, done)} ms)`,
  );
}

main();
