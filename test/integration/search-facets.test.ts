import { env, SELF } from "cloudflare:test";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { colorCondition, colorMatches, lastWordSql } from "../../worker/catalog/colors.js";
import { CANDIDATE_CAP } from "../../worker/catalog/search.js";
import { BASE } from "./client.js";
import { insertProduct } from "./fixtures.js";

interface Listed {
  products: { id: string; title: string; price_from: number; colors: string[]; sizes: string[] }[];
}

async function search(query: string): Promise<Listed["products"]> {
  const res = await SELF.fetch(`${BASE}/v1/products?${query}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as Listed).products;
}
const ids = async (query: string) => (await search(query)).map((p) => p.id);

describe("colour filter in SQL", () => {
  it("agrees with colorMatches for any colour and filter", async () => {
    const word = fc.constantFrom(
      "blue",
      "Blue",
      "navy",
      "NAVY",
      "sky",
      "royal",
      "teal",
      "red",
      "grey",
      "gray",
      "off-white",
      "blueberry",
      "wine",
    );
    const colour = fc.array(word, { minLength: 1, maxLength: 3 }).map((w) => w.join(" "));
    const filter = fc.constantFrom(
      "blue",
      "Blue ",
      "sky blue",
      "grey",
      "red",
      "navy",
      "white",
      "royal blue",
      "navy blue",
      "wine red",
      " ",
    );
    await fc.assert(
      fc.asyncProperty(colour, filter, async (c, f) => {
        const cond = colorCondition(f, { last: lastWordSql("color"), whole: "lower(trim(color))" });
        const row = await env.DB.prepare(`SELECT ${cond.sql} AS m FROM (SELECT ? AS color)`)
          .bind(...cond.binds, c)
          .first<{ m: number }>();
        expect({ c, f, m: row?.m === 1 }).toEqual({ c, f, m: colorMatches(f, c) });
      }),
      { numRuns: 150 },
    );
  });

  it("finds a family colour at the end of a longer name (royal navy is blue)", async () => {
    await insertProduct({
      id: "fx_rn",
      title: "Vexolot Shirt",
      category: "tops",
      variants: [{ sku: "VX-RN-M", color: "royal navy", size: "M", price: 3000 }],
    });
    expect(await ids("q=vexolot&color=blue")).toEqual(["fx_rn"]);
    expect(await ids("color=blue&size=M&category=tops&q=vexolot")).toEqual(["fx_rn"]);
    expect(await ids("q=vexolot&color=red")).toEqual([]);
  });
});

describe("the filter table follows catalog changes", () => {
  beforeAll(async () => {
    await insertProduct({
      id: "fx_fol",
      title: "Plimsor Wrap Dress",
      category: "dresses",
      variants: [
        { sku: "PL-TEAL-XS", color: "teal", size: "XS", price: 5000 },
        { sku: "PL-RED-M", color: "red", size: "M", price: 3000 },
      ],
    });
  });

  it("a variant deactivated, repriced or recoloured is filtered by its new values", async () => {
    expect(await ids("q=plimsor&color=blue&size=XS")).toEqual(["fx_fol"]);
    await env.DB.prepare("UPDATE variants SET active = 0 WHERE sku = 'PL-TEAL-XS'").run();
    expect(await ids("q=plimsor&color=blue")).toEqual([]);
    expect(await ids("category=dresses&color=teal&size=XS&max_price=5000")).not.toContain("fx_fol");
    await env.DB.prepare("UPDATE variants SET active = 1, price_amount = 2500 WHERE sku = 'PL-TEAL-XS'").run();
    expect((await search("q=plimsor&color=blue&max_price=2500"))[0]).toMatchObject({
      id: "fx_fol",
      price_from: 2500,
      colors: ["teal"],
    });
    await env.DB.prepare("UPDATE variants SET color = 'burgundy' WHERE sku = 'PL-TEAL-XS'").run();
    expect(await ids("q=plimsor&color=blue")).toEqual([]);
    expect((await search("q=plimsor&color=red"))[0]?.colors).toEqual(["burgundy", "red"]);
  });

  it("stock moves do not hide a product, a deactivated or recategorised product leaves its old filters", async () => {
    await env.DB.prepare("UPDATE variants SET stock = 0 WHERE sku = 'PL-RED-M'").run();
    expect(await ids("q=plimsor&size=M")).toEqual(["fx_fol"]);
    await env.DB.prepare("UPDATE products SET category = 'tops' WHERE id = 'fx_fol'").run();
    expect(await ids("q=plimsor&category=dresses")).toEqual([]);
    expect(await ids("q=plimsor&category=tops&size=M")).toEqual(["fx_fol"]);
    await env.DB.prepare("UPDATE products SET active = 0 WHERE id = 'fx_fol'").run();
    expect(await ids("q=plimsor")).toEqual([]);
    expect(await ids("category=tops&size=M&color=red&q=plimsor")).toEqual([]);
    await env.DB.prepare("UPDATE products SET active = 1 WHERE id = 'fx_fol'").run();
    expect(await ids("q=plimsor&size=M")).toEqual(["fx_fol"]);
    await env.DB.batch([
      env.DB.prepare("DELETE FROM price_history WHERE sku = 'PL-RED-M'"),
      env.DB.prepare("DELETE FROM variants WHERE sku = 'PL-RED-M'"),
    ]);
    expect(await ids("q=plimsor&size=M")).toEqual([]);
  });
});

describe("rare and common filters on a result set past the candidate cap", () => {
  const N = CANDIDATE_CAP + 100;
  beforeAll(async () => {
    const stmts: D1PreparedStatement[] = [];
    for (let i = 0; i < N; i++) {
      const id = `fx_qx_${String(i).padStart(5, "0")}`;
      stmts.push(
        env.DB.prepare("INSERT INTO products (id, title, category) VALUES (?, ?, 'fx_quux')").bind(
          id,
          `Quuxle Tunic ${String(N - i).padStart(5, "0")}`,
        ),
      );
      stmts.push(
        env.DB.prepare(
          "INSERT INTO variants (sku, product_id, color, size, price_amount, currency, stock) VALUES (?, ?, 'red', 'M', ?, 'USD', 5)",
        ).bind(`QX-${i}`, id, 1000 + i),
      );
    }
    await env.DB.batch(stmts);
    await insertProduct({
      id: "fx_qx_rare",
      title: "Quuxle Tunic in an odd shade with enough extra words to rank it last",
      category: "fx_quux",
      variants: [{ sku: "QX-RARE", color: "navy", size: "XS", price: 999 }],
    });
  });

  it("common filters (more than the cap match) still return a full page in rank or title order", async () => {
    const byText = await search("q=quuxle&size=M&color=red");
    expect(byText).toHaveLength(20);
    expect(byText.map((p) => p.id)).not.toContain("fx_qx_rare");
    const browsed = await search("category=fx_quux&size=M&max_price=100000");
    expect(browsed).toHaveLength(20);
    const titles = browsed.map((p) => p.title);
    expect(titles).toEqual([...titles].sort());
    expect(titles[0]).toBe("Quuxle Tunic 00001");
    const all = await search("category=fx_quux&limit=50");
    expect(all[0]?.title).toBe("Quuxle Tunic 00001");
    expect(all).toHaveLength(50);
  });

  it("a rare filter finds the one match, by text, by category and with no words at all", async () => {
    expect(await ids("q=quuxle&color=navy&size=XS")).toEqual(["fx_qx_rare"]);
    expect(await ids("category=fx_quux&color=blue&size=XS")).toEqual(["fx_qx_rare"]);
    expect(await ids("category=fx_quux&max_price=999")).toEqual(["fx_qx_rare"]);
    // By title: "Quuxle Tunic 02100" sorts before "Quuxle Tunic in an odd shade…".
    expect(await ids("category=fx_quux&max_price=1000")).toEqual(["fx_qx_00000", "fx_qx_rare"]);
  });

  it("price_from, colours and sizes describe only the variants that matched", async () => {
    const rows = await search("q=quuxle&max_price=1000&limit=50");
    expect(rows.map((r) => [r.id, r.price_from, r.colors, r.sizes]).sort()).toEqual([
      ["fx_qx_00000", 1000, ["red"], ["M"]],
      ["fx_qx_rare", 999, ["navy"], ["XS"]],
    ]);
  });
});
