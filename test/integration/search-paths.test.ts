import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { D1Catalog } from "../../worker/catalog/d1-catalog.js";
import { topK } from "../../worker/catalog/search-text.js";
import { BASE } from "./client.js";

// Text search picks its page by one of three paths (worker/catalog/search-text.ts):
// rare filters rank only the candidates, common or no filters rank the best topK
// matches then probe them, and when too few of those pass the page comes from
// every match that passes. Each must give the exact page: the best matches, by
// bm25 then rowid, that have a variant meeting every filter.
//
// Fixture: every "Zorvex Coat" has the same words in its title, so bm25 orders
// them by length alone (shorter first), then by rowid (insertion order).
// - A_i (i < 260): one red M variant, description 2 + (i % 7) words: they rank first.
// - B_j (j < 30): one navy XS variant, description 22 + j words: they rank after every A.
// - a bulk product without the word, with 700 red M and 700 navy XS variants at 9,000,
//   so "red M" and "navy XS" are common filters (more facet rows than twice the matches).
const A = 260;
const B = 30;
const aId = (i: number) => `fx_zv_a${String(i).padStart(3, "0")}`;
const bId = (j: number) => `fx_zv_b${String(j).padStart(2, "0")}`;

interface Listed {
  products: { id: string; price_from: number }[];
}

async function ids(query: string): Promise<string[]> {
  const res = await SELF.fetch(`${BASE}/v1/products?${query}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as Listed).products.map((p) => p.id);
}

beforeAll(async () => {
  const product = env.DB.prepare(
    "INSERT INTO products (id, title, description, category, brand) VALUES (?, 'Zorvex Coat', ?, 'fx_zv', 'Testwear')",
  );
  const variant = env.DB.prepare(
    "INSERT INTO variants (sku, product_id, color, size, price_amount, currency, stock) VALUES (?, ?, ?, ?, ?, 'USD', 5)",
  );
  const stmts: D1PreparedStatement[] = [];
  for (let i = 0; i < A; i++) {
    stmts.push(product.bind(aId(i), `zorvex coat${" plain".repeat(i % 7)}`));
    stmts.push(variant.bind(`ZV-A${i}`, aId(i), "red", "M", 5000));
  }
  for (let j = 0; j < B; j++) {
    stmts.push(product.bind(bId(j), `zorvex coat${" plain".repeat(20 + j)}`));
    stmts.push(variant.bind(`ZV-B${j}`, bId(j), "navy", "XS", 2000 + (B - j)));
  }
  stmts.push(
    env.DB.prepare(
      "INSERT INTO products (id, title, description, category, brand) VALUES ('fx_zv_bulk', 'Bulk Lot', 'many variants', 'fx_zv', 'Testwear')",
    ),
  );
  for (let k = 0; k < 700; k++) {
    stmts.push(variant.bind(`ZV-BULK-R${k}`, "fx_zv_bulk", "red", "M", 9000));
    stmts.push(variant.bind(`ZV-BULK-N${k}`, "fx_zv_bulk", "navy", "XS", 9000));
  }
  await env.DB.batch(stmts);
});

// The A's by rank: shortest description first (i % 7), ties by insertion order.
const bestA = Array.from({ length: A }, (_, i) => i)
  .sort((x, y) => (x % 7) - (y % 7) || x - y)
  .map(aId);
const bestB = Array.from({ length: B }, (_, j) => bId(j));

describe("text search paths give the exact page", () => {
  it("the fixture has more matches than topK, so the topK paths are reached", () => {
    expect(A + B).toBeGreaterThan(topK(20));
  });

  it("no filters: the best topK matches, probed", async () => {
    expect(await ids("q=zorvex")).toEqual(bestA.slice(0, 20));
    expect(await ids("q=zorvex&limit=50")).toEqual(bestA.slice(0, 50));
  });

  it("common filters met by the best matches: the best topK matches, probed", async () => {
    expect(await ids("q=zorvex&color=red&size=M")).toEqual(bestA.slice(0, 20));
  });

  it("common filters met only below the best topK matches: every match that passes, ranked", async () => {
    expect(await ids("q=zorvex&color=blue&size=XS")).toEqual(bestB.slice(0, 20));
    expect(await ids("q=zorvex&color=navy&limit=50")).toEqual(bestB);
  });

  it("rare filters: the candidates only, ranked", async () => {
    expect(await ids("q=zorvex&max_price=2100")).toEqual(bestB.slice(0, 20));
    expect(await ids("q=zorvex&max_price=2010&color=blue")).toEqual(bestB.slice(20));
    expect(await ids("q=zorvex&size=XL")).toEqual([]);
  });

  it("a price sort takes every passing match, cheapest first, on every path", async () => {
    const catalog = new D1Catalog(env.DB);
    const cheapest = await catalog.search({ query: "zorvex", color: "blue", size: "XS", sort: "price_asc", limit: 5 });
    expect(cheapest.map((p) => [p.id, p.priceFrom])).toEqual([29, 28, 27, 26, 25].map((j) => [bId(j), 2000 + (B - j)]));
    const rare = await catalog.search({ query: "zorvex", maxPrice: 2100, sort: "price_desc", limit: 3 });
    expect(rare.map((p) => p.id)).toEqual([bId(0), bId(1), bId(2)]);
    const all = await catalog.search({ query: "zorvex", sort: "price_desc", limit: 2 });
    expect(all.map((p) => [p.id, p.priceFrom])).toEqual([
      [bestA[0], 5000],
      [bestA[1], 5000],
    ]);
  });
});
