import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { colorMatches } from "../../worker/catalog/colors.js";
import { BASE } from "./client.js";
import { insertProduct } from "./fixtures.js";

// A colour named in q (worker/catalog/search-steps.ts) over the seeded catalog:
// when nothing has every word, it becomes the colour filter; the in-memory twin
// is worker/catalog/search-steps.test.ts.
beforeAll(async () => {
  await insertProduct({
    id: "fx_cw_coffee",
    title: "Blue Zorvane Coffee",
    category: "groceries",
    variants: [{ sku: "CW-COFFEE", price: 1500 }],
  });
});

interface Listed {
  products: { id: string; title: string; colors: string[] }[];
}

async function search(query: string): Promise<Listed["products"]> {
  const res = await SELF.fetch(`${BASE}/v1/products?${query}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as Listed).products;
}

const hasColor = (color: string) => (p: { colors: string[] }) => p.colors.some((c) => colorMatches(color, c));

describe("GET /v1/products: a colour in the words", () => {
  it("q=blue dress returns only products with a blue-family variant: the page of q=dress&color=blue", async () => {
    const found = await search("q=blue%20dress");
    expect(found.length).toBeGreaterThan(0);
    expect(found.filter((p) => !hasColor("blue")(p))).toEqual([]);
    expect(found).toEqual(await search("q=dress&color=blue"));
  });

  it("a colour of two words is read whole: sky blue dress is dress & color=sky blue", async () => {
    const found = await search("q=sky%20blue%20dress");
    expect(found.length).toBeGreaterThan(0);
    expect(found).toEqual(await search("q=dress&color=sky%20blue"));
  });

  it("a shade said with its family is the shade, and framing words are not searched for", async () => {
    const navy = await search("q=dress&color=navy");
    expect(navy.length).toBeGreaterThan(0);
    expect(await search("q=navy%20blue%20dress")).toEqual(navy);
    expect(await search("q=dress%20in%20the%20colour%20navy")).toEqual(navy);
  });

  it("color=navy blue (what the chat's planner passes for 'navy blue dress') finds the shop's navy", async () => {
    const navy = await search("q=dress&color=navy");
    expect(navy.length).toBeGreaterThan(0);
    expect(await search("q=dress&color=navy%20blue")).toEqual(navy);
  });

  it("a colour word in a title still matches by its words first", async () => {
    expect((await search("q=blue%20zorvane%20coffee")).map((p) => p.id)).toEqual(["fx_cw_coffee"]);
  });

  it("an explicit color= is used as given, whatever colour the words name", async () => {
    const found = await search("q=red%20dress&color=blue");
    expect(found.length).toBeGreaterThan(0);
    expect(found.filter((p) => !hasColor("blue")(p))).toEqual([]);
  });

  it("two colours: not guessed, any word as before (dresses of other colours too)", async () => {
    const found = await search("q=blue%20red%20dress&limit=50");
    expect(found.some((p) => !hasColor("blue")(p) && !hasColor("red")(p))).toBe(true);
  });

  it("q=blue alone is the word search it was (Bluetooth, by prefix)", async () => {
    const found = await search("q=blue");
    expect(found.some((p) => p.title.startsWith("Bluetooth"))).toBe(true);
    expect(found.some((p) => !hasColor("blue")(p))).toBe(true);
  });

  it.each([
    "blue, red!! navy... sky-blue?",
    "blue blue blue",
    '"sky blue" OR navy*',
    `${"blue ".repeat(40)}`.slice(0, 200),
    `${"sky blue, ".repeat(20)}`.slice(0, 200),
    "bleu 蓝色 синий blue ✨",
  ])("q made of colour words and punctuation gives a list, never a 5xx: %j", async (q) => {
    expect(Array.isArray(await search(`q=${encodeURIComponent(q)}`))).toBe(true);
  });
});
