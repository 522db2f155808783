import { ftsMatch } from "./fts-query.js";
import { and, filters, probe as probeFor } from "./search-filters.js";
import { searchInSteps } from "./search-steps.js";
import { textPage } from "./search-text.js";
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
 * Browsing without words: up to this many products matching the filters are
 * collected from the facet indexes and sorted by title; past it the filters
 * are common and the title index is walked with a probe of
 * variant_facets_product_idx per product instead.
 */
export const CANDIDATE_CAP = 2000;

/**
 * Full-text search ranked by bm25 (title weighs most), narrowed by variant
 * filters. Filters apply to variants, so "blue, size M, under $40" only keeps
 * products with ONE variant that is all three, and price_from is that
 * variant's price. Every product with such a variant is considered, whatever
 * its rank (no cap on the text matches). All values are bound parameters.
 *
 * One statement: pick the page of products (`h`), then aggregate only their
 * variants. Text: see textPage (search-text.ts). Browsing reads products in
 * title order (products_browse_idx / products_title_idx) and stops at the
 * limit, testing each row against the filters: in memory against the
 * candidate set `c` when it is small (rare filters), else by an index probe
 * (common filters, which the first rows satisfy). Either way a product is
 * kept iff it has a sellable variant meeting every filter.
 *
 * A price sort ("cheapest") cannot stop early in rank or title order: every
 * matching product is picked, and the page is cut after ordering by the
 * lowest matching price (fixed SQL fragments chosen by an enum).
 *
 * Which words are tried, in which order (every word, a colour named in them,
 * any word): searchInSteps (search-steps.ts); `knownColors` are the shop's
 * variant colours.
 */
export function searchProducts(
  db: D1Database,
  params: SearchParams,
  knownColors: () => Promise<readonly string[]>,
): Promise<ProductSummary[]> {
  return searchInSteps(params, (p, mode) => run(db, p, mode), knownColors);
}

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
  const probe = (row: string) => probeFor(fl, row);
  const ctes: string[] = [];
  const binds: unknown[] = [];
  let order: string;
  if (match) {
    const text = textPage(fl, match, byPrice ? null : p.limit);
    ctes.push(...text.ctes);
    binds.push(...text.binds);
    order = "h.rank, h.prow";
  } else {
    const where = [...(p.category ? ["p.category = ?"] : []), "p.active = 1"];
    const cat = p.category ? [p.category.toLowerCase()] : [];
    if (hasFilters) {
      ctes.push(
        `c AS MATERIALIZED (SELECT DISTINCT f.product_rowid AS r FROM ${fl.scan} WHERE ${fl.facet.join(" AND ")} LIMIT ${CANDIDATE_CAP + 1})`,
        `few AS MATERIALIZED (SELECT count(*) <= ${CANDIDATE_CAP} AS yes FROM c)`,
      );
      binds.push(...fl.facetBinds);
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
