import { Hono } from "hono";
import { z } from "zod";
import { D1Catalog } from "../catalog/d1-catalog.js";
import { productJson, summaryJson } from "../catalog/product-view.js";
import type { Env } from "../env.js";
import { ApiError } from "../http/errors.js";
import { edgeLimit, perClientIp } from "../http/edge-limit.js";
import { validate } from "../http/json-body.js";

export const SearchQuery = z
  .object({
    q: z.string().max(200).optional(),
    color: z.string().min(1).max(40).optional(),
    size: z.string().min(1).max(20).optional(),
    max_price: z.coerce.number().int().min(0).max(100_000_000).optional(),
    category: z.string().min(1).max(40).optional(),
    limit: z.coerce.number().int().min(1).max(50).default(20),
  })
  .strict();

export const ProductId = z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/);

export const products = new Hono<{ Bindings: Env }>();

// Catalog reads are unauthenticated: limited per client IP.
products.use("*", edgeLimit(perClientIp));

products.get("/", async (c) => {
  const q = validate(SearchQuery, c.req.query());
  const found = await new D1Catalog(c.env.DB).search({
    limit: q.limit,
    ...(q.q?.trim() ? { query: q.q } : {}),
    ...(q.color ? { color: q.color } : {}),
    ...(q.size ? { size: q.size } : {}),
    ...(q.max_price !== undefined ? { maxPrice: q.max_price } : {}),
    ...(q.category ? { category: q.category } : {}),
  });
  return c.json({ products: found.map(summaryJson) });
});

products.get("/:id", async (c) => {
  const id = c.req.param("id");
  if (!ProductId.safeParse(id).success) throw new ApiError(404, "product_not_found", "No product has that id.");
  const catalog = new D1Catalog(c.env.DB);
  const product = await catalog.product(id);
  if (!product) throw new ApiError(404, "product_not_found", "No product has that id.");
  const history = await catalog.priceHistory(product.variants.map((v) => v.sku));
  return c.json(productJson(product, history, Date.now()));
});
