import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { buildCatalog } from "../../db/seed/index.js";
import { D1Catalog } from "../../worker/catalog/d1-catalog.js";
import { MemoryCatalog } from "../../worker/catalog/memory-catalog.js";
import { titleWords } from "../../worker/catalog/title-words.js";
import { insertProduct } from "./fixtures.js";

// The vocabulary is cached per isolate for a minute: each read here is "later" than the last.
let clock = Date.now() + 3_600_000;
const fresh = () => new D1Catalog(env.DB, () => (clock += 120_000));

describe("shop vocabulary from D1", () => {
  it("holds the title and brand words of active products, for the planner's typo correction", async () => {
    await insertProduct({
      id: "fx_vq",
      title: "Zorbled Quixite Parka",
      brand: "Vantelle",
      category: "jackets",
      variants: [{ sku: "VQ-1", color: "teal", size: "M", price: 9000 }],
    });
    await insertProduct({
      id: "fx_vx",
      title: "Glimmerous Parka",
      category: "jackets",
      variants: [{ sku: "VX-1", price: 9000 }],
    });
    await env.DB.prepare("UPDATE products SET active = 0 WHERE id = 'fx_vx'").run();
    const words = (await fresh().vocabulary()).words ?? [];
    expect(words).toEqual(expect.arrayContaining(["zorbled", "quixite", "parka", "vantelle"]));
    expect(words).not.toContain("glimmerous");
  });

  it("has every word the in-memory catalog finds in the same seed", async () => {
    const memory = (await new MemoryCatalog(buildCatalog({ now: Date.now() })).vocabulary()).words ?? [];
    const d1 = new Set((await fresh().vocabulary()).words ?? []);
    expect(memory.length).toBeGreaterThan(100);
    expect(memory.filter((w) => !d1.has(w))).toEqual([]);
  });

  it("colours, sizes, categories and title words are exactly what reading every active row gives (the index walks skip no value)", async () => {
    await insertProduct({
      id: "fx_vc_on",
      title: "Quendle Scarf",
      category: "zz-vocab-live",
      variants: [
        { sku: "VC-ON-1", color: "zz-amberglow", size: "ZZ1", price: 1000 },
        { sku: "VC-ON-2", color: "zz-ghostly", size: "ZZ2", price: 1000, active: false },
      ],
    });
    await insertProduct({
      id: "fx_vc_off",
      title: "Quendle Hat",
      category: "zz-vocab-gone",
      variants: [{ sku: "VC-OFF-1", price: 1000 }],
    });
    await env.DB.prepare("UPDATE products SET active = 0 WHERE id = 'fx_vc_off'").run();
    const plain = async (sql: string) =>
      ((await env.DB.prepare(sql).all<{ v: string }>()).results ?? []).map((r) => r.v);
    const v = await fresh().vocabulary();
    const sorted = (xs: readonly string[]) => [...xs].sort();
    expect(sorted(v.colors)).toEqual(
      sorted(await plain("SELECT DISTINCT color AS v FROM variants WHERE color IS NOT NULL AND active = 1")),
    );
    expect(sorted(v.sizes)).toEqual(
      sorted(await plain("SELECT DISTINCT size AS v FROM variants WHERE size IS NOT NULL AND active = 1")),
    );
    expect(sorted(v.categories)).toEqual(
      sorted(await plain("SELECT DISTINCT category AS v FROM products WHERE active = 1")),
    );
    const titles = await plain("SELECT title || ' ' || brand AS v FROM products WHERE active = 1");
    expect(sorted(v.words ?? [])).toEqual(sorted(titleWords(titles)));
    expect(v.colors).toContain("zz-amberglow");
    expect(v.colors).not.toContain("zz-ghostly");
    expect(v.sizes).toEqual(expect.arrayContaining(["ZZ1"]));
    expect(v.sizes).not.toContain("ZZ2");
    expect(v.categories).toContain("zz-vocab-live");
    expect(v.categories).not.toContain("zz-vocab-gone");
  });
});
