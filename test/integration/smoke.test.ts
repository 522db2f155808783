import { env } from "cloudflare:test";
import { expect, it } from "vitest";
it("has FTS", async () => {
  await env.DB.prepare("insert into products(id,title,category) values ('p1','Blue summer dresses','dresses')").run();
  const r = await env.DB.prepare("select p.id from product_search s join products p on p.rowid=s.rowid where product_search match 'dress' order by bm25(product_search)").all();
  expect(r.results).toEqual([{ id: "p1" }]);
});
