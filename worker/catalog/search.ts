import { colorCondition, lastWordSql } from "./colors.js";
import { ftsMatch, ftsTokens } from "./fts-query.js";
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

/** Matches FTS5 ranks by; title weighs most. */
const RANK = "bm25(10.0, 2.0, 4.0, 1.0)";
/**
 * Up to this many products matching the filters are collected from the facet
 * indexes and tested in memory; past it the filters are common and each
 * candidate is tested through variant_facets_product_idx instead.
 */
export const CANDIDATE_CAP = 2000;

/**
 * Full-text search ranked by bm25 (title weighs most), narrowed by variant
 * filters. Filters apply to variants, so "blue, size M, under $40" only keeps
 * products with ONE variant that is all three, and price_from is that
 * variant's price. Every product with such a variant is considered, whatever
 * its rank (no cap on the text matches). All values are bound parameters.
 */
export async function searchProducts(db: D1Database, params: SearchParams): Promise<ProductSummary[]> {
  const all = await run(db, params, "all");
  if (all.length > 0 || !params.query || ftsTokens(params.query).length < 2) return all;
  // Nothing has every word: fall back to any word, still ranked by bm25.
  return run(db, params, "any");
}

interface Filters {
  /** Conditions on variant_facets `f` and on variants `v`, with their binds. */
  facet: string[];
  facetBinds: unknown[];
  variant: string[];
  variantBinds: unknown[];
}

function filters(p: SearchParams): Filters {
  const out: Filters = { facet: [], facetBinds: [], variant: [], variantBinds: [] };
  const both = (facet: string, variant: string, binds: unknown[]) => {
    out.facet.push(facet);
    out.facetBinds.push(...binds);
    out.variant.push(variant);
    out.variantBinds.push(...binds);
  };
  if (p.color) {
    const f = colorCondition(p.color, { last: "f.color_last", whole: "lower(trim(f.color))" });
    const v = colorCondition(p.color, { last: lastWordSql("v.color"), whole: "lower(trim(v.color))" });
    both(f.sql, v.sql, f.binds);
  }
  if (p.size) both("f.size = ?", "v.size = ?", [p.size.toUpperCase()]);
  if (p.maxPrice !== undefined) both("f.price_amount <= ?", "v.price_amount <= ?", [p.maxPrice]);
  if (p.minPrice !== undefined) both("f.price_amount >= ?", "v.price_amount >= ?", [p.minPrice]);
  for (const c of p.excludeColors ?? []) {
    // A variant without a colour is not the excluded colour (NULL would drop it).
    const f = colorCondition(c, { last: "f.color_last", whole: "lower(trim(f.color))" });
    const v = colorCondition(c, { last: lastWordSql("v.color"), whole: "lower(trim(v.color))" });
    both(`coalesce(${f.sql}, 0) = 0`, `coalesce(${v.sql}, 0) = 0`, f.binds);
  }
  if (p.category) {
    out.facet.push("f.category = ?");
    out.facetBinds.push(p.category.toLowerCase());
  }
  return out;
}

const and = (conds: string[]) => conds.map((c) => ` AND ${c}`).join("");

/**
 * One statement: pick the page of products (`h`), then aggregate only their
 * variants. Picking reads the rows in output order (FTS5 sorted by rank, or
 * products_browse_idx / products_title_idx by title) and stops at the limit,
 * testing each row against the filters: in memory against the candidate set
 * `c` when it is small (rare filters), else by an index probe (common
 * filters, which the first rows satisfy). Either way a product is kept iff it
 * has a sellable variant meeting every filter.
 *
 * A price sort ("cheapest") cannot stop early in rank or title order: every
 * matching product is picked, and the page is cut after ordering by the
 * lowest matching price (fixed SQL fragments chosen by an enum).
 */
async function run(db: D1Database, p: SearchParams, mode: "all" | "any"): Promise<ProductSummary[]> {
  const match = p.query ? ftsMatch(p.query, mode) : null;
  if (p.query && match === null) return [];
  const fl = filters(p);
  const byPrice =
    p.sort === "price_asc" ? "MIN(v.price_amount), " : p.sort === "price_desc" ? "MIN(v.price_amount) DESC, " : "";
  // The page limit of the picking step; with a price sort the page is cut at the end instead.
  const page = byPrice ? "" : " LIMIT ?";
  const pageBind = byPrice ? [] : [p.limit];
  const hasFilters = fl.facet.length > 0;
  const probe = (row: string) =>
    `EXISTS (SELECT 1 FROM variant_facets f INDEXED BY variant_facets_product_idx WHERE f.product_rowid = ${row}${and(fl.facet)})`;
  const ctes: string[] = [];
  const binds: unknown[] = [];
  if (hasFilters) {
    ctes.push(
      `c AS MATERIALIZED (SELECT DISTINCT f.product_rowid AS r FROM variant_facets f WHERE ${fl.facet.join(" AND ")} LIMIT ${CANDIDATE_CAP + 1})`,
      `few AS MATERIALIZED (SELECT count(*) <= ${CANDIDATE_CAP} AS yes FROM c)`,
    );
    binds.push(...fl.facetBinds);
  }
  let order: string;
  if (match) {
    const keep = (row: string) =>
      hasFilters
        ? `CASE WHEN (SELECT yes FROM few) THEN +${row} IN (SELECT r FROM c) ELSE ${probe(row)} END`
        : probe(row);
    ctes.push(
      `h AS (SELECT s.rowid AS prow, s.rank AS rank FROM product_search s
             WHERE product_search MATCH ? AND rank MATCH '${RANK}' AND ${keep("s.rowid")} ORDER BY s.rank${page})`,
    );
    binds.push(match, ...fl.facetBinds, ...pageBind);
    order = "h.rank, h.prow";
  } else {
    const where = [...(p.category ? ["p.category = ?"] : []), "p.active = 1"];
    const cat = p.category ? [p.category.toLowerCase()] : [];
    if (hasFilters) {
      // Rare filters: start from the candidates and sort them; common ones: walk the title index.
      ctes.push(
        `h AS (SELECT * FROM (SELECT p.rowid AS prow, p.title AS title, p.id AS id FROM c JOIN products p ON p.rowid = c.r
                              WHERE (SELECT yes FROM few)${and(where)} ORDER BY p.title, p.id${page})
               UNION ALL
               SELECT * FROM (SELECT p.rowid AS prow, p.title AS title, p.id AS id FROM products p
                              WHERE NOT (SELECT yes FROM few)${and(where)} AND ${probe("p.rowid")} ORDER BY p.title, p.id${page}))`,
      );
      binds.push(...cat, ...pageBind, ...cat, ...fl.facetBinds, ...pageBind);
    } else {
      ctes.push(
        `h AS (SELECT p.rowid AS prow, p.title AS title, p.id AS id FROM products p WHERE ${where.join(" AND ")} AND ${probe("p.rowid")} ORDER BY p.title, p.id${page})`,
      );
      binds.push(...cat, ...pageBind);
    }
    order = "h.title, h.id";
  }
  const sql = `WITH ${ctes.join(",\n")}
    SELECT p.id, p.title, p.category, p.brand, MIN(v.price_amount) AS price_from, v.currency,
      group_concat(DISTINCT v.color) AS colors, group_concat(DISTINCT v.size) AS sizes, SUM(v.stock) AS stock
    FROM h CROSS JOIN products p ON p.rowid = h.prow CROSS JOIN variants v INDEXED BY variants_product_idx ON v.product_id = p.id
    WHERE v.active = 1${and(fl.variant)} GROUP BY h.prow ORDER BY ${byPrice}${order}${byPrice ? " LIMIT ?" : ""}`;
  const { results } = await db
    .prepare(sql)
    .bind(...binds, ...fl.variantBinds, ...(byPrice ? [p.limit] : []))
    .all<Row>();
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
