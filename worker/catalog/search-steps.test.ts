import { describe, expect, it } from "vitest";
import { buildCatalog } from "../../db/seed/index.js";
import { colorMatches } from "./colors.js";
import { MemoryCatalog } from "./memory-catalog.js";
import type { SearchParams } from "./types.js";

// The in-memory catalog runs the same steps as D1 (search-steps.ts); the workerd
// side is test/integration/search-colour-words.test.ts.
const seed = buildCatalog({ now: Date.UTC(2026, 0, 1) });
seed.products.push(
  { id: "fx_bmc", title: "Blue Mountain Coffee", description: "whole beans", category: "groceries", brand: "Testwear" },
  { id: "fx_smd", title: "Saffron Mist Dress", description: "a long dress", category: "dresses", brand: "Testwear" },
);
seed.variants.push(
  { sku: "BMC-1", productId: "fx_bmc", priceAmount: 1500, currency: "USD", stock: 5 },
  { sku: "SMD-1", productId: "fx_smd", color: "saffron mist", priceAmount: 4000, currency: "USD", stock: 5 },
);
const catalog = new MemoryCatalog(seed);
const search = (p: Omit<SearchParams, "limit">) => catalog.search({ limit: 20, ...p });

describe("search steps in memory: a colour named in the words", () => {
  it("blue dress: only products with a blue-family variant, the page of q=dress&color=blue", async () => {
    const found = await search({ query: "blue dress" });
    expect(found.length).toBeGreaterThan(0);
    for (const p of found) expect(p.colors.some((c) => colorMatches("blue", c))).toBe(true);
    expect(found).toEqual(await search({ query: "dress", color: "blue" }));
  });

  it("a catalog colour of two words is read whole (saffron mist dress)", async () => {
    expect((await search({ query: "saffron mist dress" })).map((p) => p.id)).toEqual(["fx_smd"]);
    expect(await search({ query: "dress saffron mist" })).toEqual(
      await search({ query: "dress", color: "saffron mist" }),
    );
  });

  it("a colour word in a title matches by text first", async () => {
    expect((await search({ query: "blue mountain coffee" })).map((p) => p.id)).toEqual(["fx_bmc"]);
  });

  it("an explicit colour filter is kept as given", async () => {
    const withColor = await search({ query: "red dress", color: "blue" });
    for (const p of withColor) expect(p.colors.some((c) => colorMatches("blue", c))).toBe(true);
  });

  it("two colours, one colour alone, or a colour with nothing found: today's steps", async () => {
    const neither = (await search({ query: "blue red dress" })).filter(
      (p) => !p.colors.some((c) => colorMatches("blue", c) || colorMatches("red", c)),
    );
    expect(neither.length).toBeGreaterThan(0);
    expect((await search({ query: "blue" })).map((p) => p.title)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Bluetooth/)]),
    );
    // No blue zorblat: the colour step finds nothing, so any word, which here is "blue" (a prefix, as the last word).
    const ids = async (query: string) => (await search({ query })).map((p) => p.id);
    expect(await ids("zorblat blue")).toEqual(await ids("blue"));
  });
});
