import { colorFilterTerms } from "./colors.js";
import { ftsMatch } from "./fts-query.js";
import { compareSizes } from "./sizes.js";
import type { ProductSummary, SearchParams } from "./types.js";

interface Row {
  id: string;
  title: string;
  category: string;
  brand: string;
  price_from: number;
  currency: string;
  colors: string | null;
  sizes: string | null;
  stock: number;
}

/**
 * Full-text search ranked by bm25 (title weighs most), narrowed by variant
 * filters. Filters apply to variants, so "blue, size M, under $40" only keeps
 * products with ONE variant that is all three, and price_from is that
 * variant's price. All values are bound parameters.
 */
export async function searchProducts(db: D1Database, params: SearchParams): Promise<ProductSummary[]> {
  const all = await run(db, params, "all");
  if (all.length > 0 || !params.query) return all;
  // Nothing has every word: fall back to any word, still ranked by bm25.
  return run(db, params, "any");
}

async function run(db: D1Database, p: SearchParams, mode: "all" | "any"): Promise<ProductSummary[]> {
  const where: string[] = ["p.active = 1", "v.active = 1"];
  const binds: unknown[] = [];
  const match = p.query ? ftsMatch(p.query, mode) : null;
  if (p.query && match === null) return [];
  if (p.color) {
    const { exact, suffix } = colorFilterTerms(p.color);
    where.push(`(v.color IN (${exact.map(() => "?").join(",")}) OR v.color LIKE ?)`);
    binds.push(...exact, suffix);
  }
  if (p.size) {
    where.push("v.size = ?");
    binds.push(p.size.toUpperCase());
  }
  if (p.maxPrice !== undefined) {
    where.push("v.price_amount <= ?");
    binds.push(p.maxPrice);
  }
  if (p.minPrice !== undefined) {
    where.push("v.price_amount >= ?");
    binds.push(p.minPrice);
  }
  for (const c of p.excludeColors ?? []) {
    const { exact, suffix } = colorFilterTerms(c);
    where.push(`NOT (coalesce(v.color, '') IN (${exact.map(() => "?").join(",")}) OR coalesce(v.color, '') LIKE ?)`);
    binds.push(...exact, suffix);
  }
  if (p.category) {
    where.push("p.category = ?");
    binds.push(p.category.toLowerCase());
  }
  const select = `SELECT p.id, p.title, p.category, p.brand, MIN(v.price_amount) AS price_from, v.currency,
      group_concat(DISTINCT v.color) AS colors, group_concat(DISTINCT v.size) AS sizes, SUM(v.stock) AS stock`;
  // Without filters the best-ranked few thousand matches always contain the
  // answer, so the cap bounds the work. With filters it could drop the only
  // matching products (a rare size in a common word), so every match is kept.
  const filtered = where.length > 2 || p.sort === "price_asc" || p.sort === "price_desc";
  // Fixed SQL fragments chosen by an enum, never shopper text.
  const byPrice = p.sort === "price_asc" ? "MIN(v.price_amount), " : p.sort === "price_desc" ? "MIN(v.price_amount) DESC, " : "";
  const sql = match
    ? `WITH m AS (SELECT rowid, bm25(product_search, 10.0, 2.0, 4.0, 1.0) AS rank
                  FROM product_search WHERE product_search MATCH ? ORDER BY rank ${filtered ? "" : "LIMIT 2000"})
       ${select} FROM m JOIN products p ON p.rowid = m.rowid JOIN variants v ON v.product_id = p.id
       WHERE ${where.join(" AND ")} GROUP BY p.id ORDER BY ${byPrice}MIN(m.rank), p.id LIMIT ?`
    : `${select} FROM products p JOIN variants v ON v.product_id = p.id
       WHERE ${where.join(" AND ")} GROUP BY p.id ORDER BY ${byPrice}p.title, p.id LIMIT ?`;
  const all = match ? [match, ...binds, p.limit] : [...binds, p.limit];
  const { results } = await db.prepare(sql).bind(...all).all<Row>();
  return results.map((r) => ({
    id: r.id,
    title: r.title,
    category: r.category,
    brand: r.brand,
    priceFrom: r.price_from,
    currency: r.currency,
    colors: splitList(r.colors),
    sizes: splitList(r.sizes, compareSizes),
    inStock: r.stock > 0,
  }));
}

function splitList(s: string | null, sort: (a: string, b: string) => number = (a, b) => a.localeCompare(b)): string[] {
  return s ? s.split(",").sort(sort) : [];
}
