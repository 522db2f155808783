import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { buildCatalog } from "../../db/seed/index.js";
import { D1Catalog } from "../../worker/catalog/d1-catalog.js";
import { MemoryCatalog } from "../../worker/catalog/memory-catalog.js";
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
});
