import { type Filters, probe } from "./search-filters.js";

/** FTS5's bm25 with the weights products are ranked by; title weighs most. */
const BM25 = "bm25(s.product_search, 10.0, 2.0, 4.0, 1.0)";
/**
 * Filters that match at most this many facet rows (variants) are collected
 * once and every text match is tested against them in memory; bm25 is then
 * computed for the matches that pass only. Collecting 10,000 rows costs about
 * as much as ranking 1,000 matches.
 */
export const TEXT_CANDIDATE_ROWS = 10_000;
/** Without filters, or with common ones: the best this many matches are ranked first, then filtered. */
export const topK = (limit: number) => Math.max(200, limit * 10);

/**
 * The page of a text search, as CTEs ending in `h (prow, rank)` with their
 * binds in text order. Ranked by bm25 then rowid, computed by SQLite's sorter
 * (a top-N sort, cheaper than FTS5's `ORDER BY rank`, which sorts every match).
 * Exact whatever the path: a product is on the page iff it is among the best
 * `limit` matches that have a sellable variant meeting every filter.
 *
 * - Rare filters (`few`): every match whose rowid is a candidate, then bm25 on
 *   those only.
 * - Common or no filters: the best topK matches by bm25 (`t`), each probed. If
 *   fewer than `limit` pass although `t` was full, the page is instead taken
 *   from every match that passes the probe (`w`), ranked.
 *
 * - `limit` null (price sort): every match that passes, with its bm25; the
 *   caller orders and cuts.
 *
 * Each branch is guarded by a condition on an earlier CTE, tested once: a
 * branch that is off scans nothing, so only one path does the work.
 */
export function textPage(fl: Filters, match: string, limit: number | null): { ctes: string[]; binds: unknown[] } {
  const hasFilters = fl.facet.length > 0;
  // A branch that is off matches '""' (nothing): a guard in WHERE would be tested on every row of the scan.
  const matching = (cond: string) =>
    cond === "1" ? "product_search MATCH ?" : `product_search MATCH (CASE WHEN ${cond} THEN ? ELSE '""' END)`;
  const ranked = (cond: string) =>
    `SELECT s.rowid AS prow, ${BM25} AS rank FROM product_search s WHERE ${matching(cond)}`;
  const ctes: string[] = [];
  const binds: unknown[] = [];
  const where = fl.facet.join(" AND ");
  // The candidates: products with a sellable variant meeting every filter (SQLite builds this set once).
  const candidate = `+s.rowid IN (SELECT f.product_rowid FROM ${fl.scan} WHERE ${where})`;
  if (hasFilters) {
    // Counting is ~20× cheaper than ranking, per row, for matches and facet rows alike; past twice as many
    // candidates as matches, collecting them would cost more than ranking the matches.
    ctes.push(
      `n AS MATERIALIZED (SELECT min(count(*) * 2, ${TEXT_CANDIDATE_ROWS}) AS cap FROM product_search WHERE ${matching("1")})`,
      `few AS MATERIALIZED (SELECT count(*) <= (SELECT cap FROM n) AS yes
                            FROM (SELECT 1 FROM ${fl.scan} WHERE ${where} LIMIT (SELECT cap + 1 FROM n)))`,
    );
    binds.push(match, ...fl.facetBinds);
  }
  if (limit === null) {
    // No page cut (a price sort orders the whole set afterwards): every match that passes.
    const keep = hasFilters
      ? `CASE WHEN (SELECT yes FROM few) THEN ${candidate} ELSE ${probe(fl, "s.rowid")} END`
      : probe(fl, "s.rowid");
    ctes.push(`h AS MATERIALIZED (${ranked("1")} AND ${keep})`);
    binds.push(match, ...(hasFilters ? [...fl.facetBinds, ...fl.facetBinds] : fl.facetBinds));
    return { ctes, binds };
  }
  const k = topK(limit);
  let common = "1";
  if (hasFilters) {
    ctes.push(`hf AS MATERIALIZED (${ranked(`(SELECT yes FROM few)`)} AND ${candidate} ORDER BY rank, prow LIMIT ?)`);
    binds.push(match, ...fl.facetBinds, limit);
    common = `NOT (SELECT yes FROM few)`;
  }
  ctes.push(
    `t AS MATERIALIZED (${ranked(common)} ORDER BY rank, prow LIMIT ${k})`,
    `tk AS MATERIALIZED (SELECT prow, rank FROM t t WHERE ${probe(fl, "t.prow")} ORDER BY rank, prow LIMIT ?)`,
    `short AS MATERIALIZED (SELECT (SELECT count(*) FROM t) >= ${k} AND (SELECT count(*) FROM tk) < ? AS yes)`,
    `w AS MATERIALIZED (${ranked(`(SELECT yes FROM short)`)} AND ${probe(fl, "s.rowid")} ORDER BY rank, prow LIMIT ?)`,
    `h AS MATERIALIZED (${hasFilters ? `SELECT prow, rank FROM hf UNION ALL ` : ""}SELECT prow, rank FROM tk
           WHERE NOT (SELECT yes FROM short) UNION ALL SELECT prow, rank FROM w)`,
  );
  binds.push(match, ...fl.facetBinds, limit, limit, match, ...fl.facetBinds, limit);
  return { ctes, binds };
}
