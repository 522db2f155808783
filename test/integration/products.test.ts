import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { BASE } from "./client.js";
import { insertProduct } from "./fixtures.js";

beforeAll(async () => {
  await insertProduct({
    id: "fx_prod",
    title: "Marmalux Linen Dress",
    category: "dresses",
    brand: "Marmalux",
    variants: [
      {
        sku: "MMX-TEAL-S",
        color: "teal",
        size: "S",
        price: 4500,
        history: [
          [45, 3000],
          [25, 4000],
        ],
      },
      { sku: "MMX-RED-S", color: "red", size: "S", price: 4200 },
      { sku: "MMX-GONE", color: "black", size: "S", price: 100, active: false },
    ],
  });
});

interface Listed {
  products: { id: string; price_from: number; colors: string[]; sizes: string[]; in_stock: boolean }[];
}

async function search(query: string): Promise<Listed> {
  const res = await SELF.fetch(`${BASE}/v1/products?${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Listed;
}

describe("GET /v1/products", () => {
  it("ranks full-text matches and narrows by colour family, size and price", async () => {
    expect((await search("q=marmalux")).products.map((p) => p.id)).toEqual(["fx_prod"]);
    expect((await search("q=marmalux&color=blue")).products[0]).toMatchObject({
      id: "fx_prod",
      price_from: 4500,
      colors: ["teal"],
    });
    expect((await search("q=marmalux&color=red&max_price=4200")).products[0]?.price_from).toBe(4200);
    expect((await search("q=marmalux&max_price=4199")).products).toEqual([]);
    expect((await search("q=marmalux&size=XL")).products).toEqual([]);
    expect((await search("q=marmalux&category=shoes")).products).toEqual([]);
  });

  it("never lists an inactive variant or its price", async () => {
    const p = (await search("q=marmalux")).products[0]!;
    expect(p.price_from).toBe(4200);
    expect(p.colors).not.toContain("black");
  });

  it("searches the seeded catalog: blue dresses in M under $40", async () => {
    const { products } = await search("q=dress&color=blue&size=M&max_price=4000&limit=50");
    expect(products.length).toBeGreaterThan(0);
    for (const p of products) expect(p.price_from).toBeLessThanOrEqual(4000);
  });
});

describe("GET /v1/products/:id", () => {
  it("returns variants and the lowest price of the last 30 days", async () => {
    const res = await SELF.fetch(`${BASE}/v1/products/fx_prod`);
    expect(res.status).toBe(200);
    const p = (await res.json()) as {
      lowest_price_30d: number;
      variants: { sku: string; unit_amount: number; lowest_price_30d: number }[];
    };
    // 3000 ran from 45 to 25 days ago, so it was still in force when the 30-day window opened.
    const teal = p.variants.find((v) => v.sku === "MMX-TEAL-S")!;
    expect(teal.unit_amount).toBe(4500);
    expect(teal.lowest_price_30d).toBe(3000);
    expect(p.variants.map((v) => v.sku)).not.toContain("MMX-GONE");
    expect(p.lowest_price_30d).toBe(3000);
  });
});

describe("search on a large result set", () => {
  it("finds a filtered match ranked below the first 2,000 text matches", async () => {
    const stmts: D1PreparedStatement[] = [];
    for (let i = 0; i < 2100; i++) {
      stmts.push(
        env.DB.prepare("INSERT INTO products (id, title, category) VALUES (?, ?, 'dresses')").bind(
          `fx_zb_${i}`,
          `Zorbly Dress ${i}`,
        ),
      );
      stmts.push(
        env.DB.prepare(
          "INSERT INTO variants (sku, product_id, color, size, price_amount, currency, stock) VALUES (?, ?, 'red', 'M', 2000, 'USD', 5)",
        ).bind(`ZB-${i}`, `fx_zb_${i}`),
      );
    }
    await env.DB.batch(stmts);
    await insertProduct({
      id: "fx_zb_rare",
      title: "Zorbly dress in a rather unusual cut with many extra words that push its rank far down the list",
      category: "dresses",
      variants: [{ sku: "ZB-RARE", color: "navy", size: "XS", price: 1900 }],
    });
    const { products } = await search("q=zorbly&color=navy&size=XS");
    expect(products.map((p) => p.id)).toEqual(["fx_zb_rare"]);
    // 4,200 inserts, each also filling variant_facets: slow on a loaded machine.
  }, 30_000);
});
