import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  BLUE_SHADES,
  buildCatalog,
  DAY_MS,
  MILK_TEA_SKU,
  seedSqlFile,
  seedStatements,
  SKU_PATTERN,
  type PriceHistoryRow,
  type SeedCatalog,
} from "./index.js";

const NOW = Date.UTC(2025, 5, 15, 12, 0, 0); // fixed clock: 2025-06-15T12:00:00Z
const catalog = buildCatalog({ now: NOW });

function historyBySku(c: SeedCatalog): Map<string, PriceHistoryRow[]> {
  const map = new Map<string, PriceHistoryRow[]>();
  for (const h of c.priceHistory) {
    const list = map.get(h.sku);
    if (list) list.push(h);
    else map.set(h.sku, [h]);
  }
  return map;
}

describe("buildCatalog", () => {
  it("is deterministic for the same arguments and differs for another seed", () => {
    expect(buildCatalog({ now: NOW })).toEqual(catalog);
    const other = buildCatalog({ now: NOW, seed: 7 });
    expect(other).not.toEqual(catalog);
    expect(other.products.length).toBe(catalog.products.length);
  });

  it("gives the same first products whatever the catalog size", () => {
    const bigger = buildCatalog({ now: NOW, productCount: 1_000 });
    expect(bigger.products.slice(0, 320)).toEqual(catalog.products);
    expect(bigger.variants.slice(0, catalog.variants.length)).toEqual(catalog.variants);
  });

  it("has at least 300 products across the expected categories", () => {
    expect(catalog.products.length).toBe(320);
    const ids = new Set(catalog.products.map((p) => p.id));
    expect(ids.size).toBe(320);
    expect(catalog.products[0]?.id).toBe("prd_0001");
    const categories = new Set(catalog.products.map((p) => p.category));
    for (const c of [
      "dresses",
      "tops",
      "jeans",
      "shoes",
      "jackets",
      "groceries",
      "beverages",
      "electronics",
      "home",
      "beauty",
    ]) {
      expect(categories, c).toContain(c);
    }
    for (const p of catalog.products) expect(p.category).toBe(p.category.toLowerCase());
  });

  it("has unique, well-formed SKUs on existing products, in USD minor units", () => {
    const productIds = new Set(catalog.products.map((p) => p.id));
    const skus = new Set<string>();
    for (const v of catalog.variants) {
      expect(v.sku).toMatch(SKU_PATTERN);
      expect(v.sku.length).toBeLessThanOrEqual(24);
      expect(v.sku).toBe(v.sku.toUpperCase());
      expect(skus.has(v.sku), v.sku).toBe(false);
      skus.add(v.sku);
      expect(productIds.has(v.productId)).toBe(true);
      expect(v.currency).toBe("USD");
      expect(Number.isSafeInteger(v.priceAmount) && v.priceAmount > 0).toBe(true);
      expect(Number.isSafeInteger(v.stock) && (v.stock ?? -1) >= 0).toBe(true);
      if (v.color !== null) expect(v.color).toBe(v.color?.toLowerCase());
      if (v.size !== null) expect(v.size).toBe(v.size?.toUpperCase());
    }
    expect(catalog.variants.some((v) => v.stock === 0)).toBe(true);
    expect(catalog.variants.some((v) => v.active === false)).toBe(true);
  });

  it("keeps every variant's price equal to its latest price-history entry", () => {
    const history = historyBySku(catalog);
    expect(history.size).toBe(catalog.variants.length);
    for (const v of catalog.variants) {
      const points = history.get(v.sku) ?? [];
      expect(points.length).toBeGreaterThanOrEqual(1);
      expect(points.length).toBeLessThanOrEqual(4);
      for (let i = 0; i < points.length; i++) {
        const p = points[i] as PriceHistoryRow;
        expect(Number.isSafeInteger(p.amount) && p.amount > 0, `${v.sku} amount ${p.amount}`).toBe(true);
        expect(Number.isSafeInteger(p.effectiveFrom)).toBe(true);
        expect(p.effectiveFrom).toBeGreaterThanOrEqual(NOW - 90 * DAY_MS);
        expect(p.effectiveFrom).toBeLessThanOrEqual(NOW);
        expect(p.currency).toBe(v.currency);
        if (i > 0) expect(p.effectiveFrom).toBeGreaterThan((points[i - 1] as PriceHistoryRow).effectiveFrom);
      }
      expect(points[points.length - 1]?.amount, v.sku).toBe(v.priceAmount);
    }
  });

  it("has about a third of variants that were cheaper at some point in the last 30 days", () => {
    const history = historyBySku(catalog);
    const windowStart = NOW - 30 * DAY_MS;
    const cheaper = catalog.variants.filter((v) => {
      const points = history.get(v.sku) ?? [];
      // An entry is in force until the next one starts.
      return points.some(
        (p, i) =>
          i < points.length - 1 && p.amount < v.priceAmount && (points[i + 1]?.effectiveFrom ?? NOW) > windowStart,
      );
    });
    const share = cheaper.length / catalog.variants.length;
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.45);
    // …and some variants were cheaper only longer ago, so "no" answers exist too.
    const olderOnly = catalog.variants.filter((v) => {
      const points = history.get(v.sku) ?? [];
      return !cheaper.includes(v) && points.some((p) => p.amount < v.priceAmount);
    });
    expect(olderOnly.length).toBeGreaterThan(0);
  });

  it("has at least 6 blue dresses with 3+ sizes, under and over $40", () => {
    const blue = new Set(BLUE_SHADES);
    const dresses = catalog.products.filter((p) => p.category === "dresses");
    const blueDresses = dresses.filter((p) => {
      const vs = catalog.variants.filter((v) => v.productId === p.id && v.color !== null && blue.has(v.color ?? ""));
      return new Set(vs.map((v) => v.size)).size >= 3;
    });
    expect(blueDresses.length).toBeGreaterThanOrEqual(6);
    const shades = new Set(
      catalog.variants
        .filter((v) => blueDresses.some((d) => d.id === v.productId) && blue.has(v.color ?? ""))
        .map((v) => v.color),
    );
    expect(shades.size).toBeGreaterThanOrEqual(5);
    const minPrice = (id: string) =>
      Math.min(...catalog.variants.filter((v) => v.productId === id).map((v) => v.priceAmount));
    expect(blueDresses.some((d) => minPrice(d.id) < 4000)).toBe(true);
    expect(blueDresses.some((d) => minPrice(d.id) > 4000)).toBe(true);
  });

  it("includes the near-duplicates, the teas and exactly one Classic Milk Tea", () => {
    const titles = catalog.products.map((p) => p.title);
    expect(titles).toContain("Linen Midi Dress");
    expect(titles).toContain("Linen Midi Dress - Petite");
    const earbuds = catalog.products.filter((p) => p.title === "Wireless Earbuds Pro");
    expect(new Set(earbuds.map((p) => p.brand)).size).toBeGreaterThanOrEqual(2);
    expect(titles).toContain("Jasmine Green Tea");
    expect(titles).toContain("Matcha Latte Powder");
    expect(catalog.products.some((p) => p.category === "groceries")).toBe(true);
    expect(catalog.products.some((p) => p.category === "electronics")).toBe(true);

    const milkTea = catalog.products.filter((p) => p.title === "Classic Milk Tea");
    expect(milkTea).toHaveLength(1);
    expect(milkTea[0]?.category).toBe("beverages");
    const teaVariants = catalog.variants.filter((v) => v.productId === milkTea[0]?.id);
    expect(teaVariants).toEqual([
      {
        sku: MILK_TEA_SKU,
        productId: milkTea[0]?.id,
        color: null,
        size: "500ML",
        priceAmount: 450,
        currency: "USD",
        stock: 100_000,
        active: true,
      },
    ]);
  });

  it("defines MILKTEA1C exactly and the other promotions relative to now", () => {
    const byCode = new Map(catalog.promotions.map((p) => [p.code, p]));
    expect(byCode.get("MILKTEA1C")).toEqual({
      code: "MILKTEA1C",
      name: "1-cent Classic Milk Tea",
      kind: "fixed_unit_price",
      value: 1,
      currency: "USD",
      scope: "skus",
      scopeIds: ["TEA-MILK-500"],
      minSubtotal: 0,
      maxUnits: 1,
      startsAt: NOW - DAY_MS,
      endsAt: NOW + 30 * DAY_MS,
      totalCap: 500,
      perUserCap: 1,
      stackable: false,
      active: true,
    });
    expect([...byCode.keys()].sort()).toEqual(
      ["BIGSPENDER", "DRESS15", "EXPIRED20", "MILKTEA1C", "RETIRED", "SAVE5", "SOON25", "WELCOME10"].sort(),
    );
    expect(byCode.get("WELCOME10")).toMatchObject({
      kind: "percent_off",
      value: 1000,
      scope: "all",
      minSubtotal: 2000,
      stackable: true,
      totalCap: null,
      perUserCap: null,
    });
    expect(byCode.get("SAVE5")).toMatchObject({
      kind: "amount_off",
      value: 500,
      currency: "USD",
      minSubtotal: 5000,
      stackable: true,
    });
    const dressIds = catalog.products.filter((p) => p.category === "dresses").map((p) => p.id);
    expect(byCode.get("DRESS15")).toMatchObject({
      kind: "percent_off",
      value: 1500,
      scope: "products",
      scopeIds: dressIds,
      stackable: false,
    });
    expect(byCode.get("EXPIRED20")).toMatchObject({ kind: "percent_off", value: 2000, endsAt: NOW - 10 * DAY_MS });
    expect(byCode.get("SOON25")?.startsAt).toBe(NOW + 7 * DAY_MS);
    expect(byCode.get("BIGSPENDER")).toMatchObject({
      kind: "amount_off",
      value: 3000,
      minSubtotal: 20000,
      stackable: false,
      totalCap: 100,
      perUserCap: 1,
    });
    expect(byCode.get("RETIRED")?.active).toBe(false);
    // Every column is set explicitly on every promotion.
    for (const p of catalog.promotions) expect(Object.keys(p)).toHaveLength(15);
  });
});

describe("seedStatements", () => {
  const statements = seedStatements(catalog);

  it("writes multi-row INSERT OR IGNORE statements under 90,000 characters, in FK order", () => {
    expect(statements.length).toBeGreaterThan(1);
    for (const s of statements) {
      expect(s.length).toBeLessThan(90_000);
      expect(s.startsWith("INSERT OR IGNORE INTO ")).toBe(true);
    }
    const tables = statements.map((s) => /^INSERT OR IGNORE INTO "(\w+)"/.exec(s)?.[1]);
    const order = ["products", "variants", "price_history", "promotions"];
    const firstSeen = order.map((t) => tables.indexOf(t));
    expect(firstSeen.every((i) => i >= 0)).toBe(true);
    expect([...firstSeen].sort((a, b) => a - b)).toEqual(firstSeen);
    expect(seedSqlFile(catalog)).toBe(`${statements.join(";\n")};\n`);
  });

  it("escapes apostrophes and writes booleans as 0/1 and JSON as text", () => {
    const levis = catalog.products.find((p) => p.title.includes("'"));
    expect(levis?.title).toBe("Levi's 501 Original Jeans");
    const sql = statements.join("\n");
    expect(sql).toContain(`'Levi''s 501 Original Jeans'`);
    expect(sql).not.toMatch(/[^']'s 501/);
    expect(sql).toContain(`'["TEA-MILK-500"]'`);
    expect(sql).not.toMatch(/\b(true|false)\b(?=[,)])/);
  });

  it("splits a scope list too long for one statement into guarded appends", () => {
    const small = seedStatements(catalog, { maxStatementChars: 700 });
    for (const s of small) expect(s.length).toBeLessThan(700);
    expect(small.some((s) => s.startsWith('UPDATE "promotions"'))).toBe(true);
  });
});

// ---------------------------------------------------------------------------
// Execute the SQL against the real migrations with node:sqlite (Node >= 22.5).

type SqliteModule = typeof import("node:sqlite");
let sqlite: SqliteModule | null = null;
let skipReason = "";
try {
  const specifier = "node:sqlite";
  sqlite = (await import(/* @vite-ignore */ specifier)) as SqliteModule;
} catch (error) {
  skipReason = `node:sqlite is not available in Node ${process.versions.node} (needs >= 22.5): ${String(error)}`;
  console.warn(`[db/seed] skipping the SQL execution tests: ${skipReason}`);
}

const MIGRATIONS_DIR = fileURLToPath(new URL("../migrations/", import.meta.url));

function migratedDatabase(mod: SqliteModule) {
  const db = new mod.DatabaseSync(":memory:");
  db.exec("PRAGMA foreign_keys = ON");
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((f) => f.endsWith(".sql"))
    .sort();
  for (const file of files) {
    for (const part of readFileSync(join(MIGRATIONS_DIR, file), "utf8").split("--> statement-breakpoint")) {
      if (part.trim() !== "") db.exec(part);
    }
  }
  return db;
}

describe.skipIf(sqlite === null)(`seed SQL in SQLite${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  type Db = ReturnType<typeof migratedDatabase>;
  const count = (db: Db, sql: string): number => Number((db.prepare(sql).get() as { n: number }).n);
  const counts = (db: Db) => ({
    products: count(db, "SELECT count(*) AS n FROM products"),
    variants: count(db, "SELECT count(*) AS n FROM variants"),
    priceHistory: count(db, "SELECT count(*) AS n FROM price_history"),
    promotions: count(db, "SELECT count(*) AS n FROM promotions"),
    dressMatches: count(db, "SELECT count(*) AS n FROM product_search WHERE product_search MATCH 'dress'"),
  });

  it("loads on top of the migrations, twice, without changing anything the second time", () => {
    const db = migratedDatabase(sqlite as SqliteModule);
    db.exec(seedSqlFile(catalog));
    const first = counts(db);
    expect(first).toMatchObject({
      products: catalog.products.length,
      variants: catalog.variants.length,
      priceHistory: catalog.priceHistory.length,
      promotions: catalog.promotions.length,
    });
    expect(first.dressMatches).toBeGreaterThan(0);

    for (const s of seedStatements(catalog)) db.exec(s);
    expect(counts(db)).toEqual(first);

    const levis = db.prepare("SELECT title, brand, active FROM products WHERE id = ?").get("prd_0014") as Record<
      string,
      unknown
    >;
    expect(levis).toEqual({ title: "Levi's 501 Original Jeans", brand: "Levi's", active: 1 });
    const tea = db.prepare("SELECT * FROM promotions WHERE code = 'MILKTEA1C'").get() as Record<string, unknown>;
    expect(tea).toMatchObject({ scope_ids: '["TEA-MILK-500"]', stackable: 0, active: 1, value: 1, max_units: 1 });
    expect(count(db, "SELECT count(*) AS n FROM product_search WHERE product_search MATCH 'milk AND tea'")).toBe(1);
    expect(db.prepare("PRAGMA foreign_key_check").all()).toEqual([]);
    db.close();
  });

  it("rebuilds a scope list split across statements exactly once", () => {
    const db = migratedDatabase(sqlite as SqliteModule);
    const small = seedStatements(catalog, { maxStatementChars: 700 });
    for (const s of small) db.exec(s);
    for (const s of small) db.exec(s);
    const row = db.prepare("SELECT scope_ids FROM promotions WHERE code = 'DRESS15'").get() as { scope_ids: string };
    expect(JSON.parse(row.scope_ids)).toEqual(catalog.promotions.find((p) => p.code === "DRESS15")?.scopeIds);
    expect(count(db, "SELECT count(*) AS n FROM variants")).toBe(catalog.variants.length);
    db.close();
  });
});
