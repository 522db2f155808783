-- Hand-written, like the indexes of 0005 (drizzle-kit does not know them).
-- The shop vocabulary (worker/catalog/d1-catalog.ts) lists the brands of active
-- products by walking this index from one brand to the next; without it every
-- product row was read, once per isolate a minute (150–190 ms on 100k products).
CREATE INDEX `products_brand_idx` ON `products` (`active`, `brand`);
