-- What search filters need, one row per sellable variant (active variant of an
-- active product), keyed to the product's FTS rowid so a ranked full-text scan
-- can test "has a variant that is blue AND size M AND under the price" without
-- reading `products` or `variants` (docs/ARCHITECTURE.md invariant 3 needs the
-- filters exact, so this is the whole truth, not a sample). Triggers keep it in
-- step with both tables; stock moves (UPDATE OF stock) do not touch it.
-- `color_last` is the colour's last word, lower-cased: a filter "blue" matches
-- "blue", "royal blue" and the family ("navy", "royal navy") by equality on it,
-- which an index can serve (worker/catalog/colors.ts).
-- product_rowid follows products.rowid, as the FTS index already does (0001).
CREATE TABLE `variant_facets` (
	`sku` text PRIMARY KEY NOT NULL,
	`product_rowid` integer NOT NULL,
	`category` text NOT NULL,
	`size` text,
	`color` text,
	`color_last` text,
	`price_amount` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `variant_facets_product_idx` ON `variant_facets` (`product_rowid`, `size`, `color_last`, `price_amount`, `category`);
--> statement-breakpoint
CREATE INDEX `variant_facets_size_idx` ON `variant_facets` (`size`, `color_last`, `price_amount`, `category`, `product_rowid`);
--> statement-breakpoint
CREATE INDEX `variant_facets_color_idx` ON `variant_facets` (`color_last`, `price_amount`, `category`, `product_rowid`);
--> statement-breakpoint
CREATE INDEX `variant_facets_category_idx` ON `variant_facets` (`category`, `price_amount`, `product_rowid`);
--> statement-breakpoint
CREATE INDEX `variant_facets_price_idx` ON `variant_facets` (`price_amount`, `product_rowid`);
--> statement-breakpoint
-- Browsing without words lists by title: these let it read products in that order and stop at the limit.
CREATE INDEX `products_browse_idx` ON `products` (`category`, `active`, `title`, `id`);
--> statement-breakpoint
CREATE INDEX `products_title_idx` ON `products` (`active`, `title`, `id`);
--> statement-breakpoint
INSERT INTO `variant_facets` (sku, product_rowid, category, size, color, color_last, price_amount)
	SELECT v.sku, p.rowid, p.category, v.size, v.color,
		lower(replace(trim(v.color), rtrim(trim(v.color), replace(trim(v.color), ' ', '')), '')), v.price_amount
	FROM variants v JOIN products p ON p.id = v.product_id WHERE v.active = 1 AND p.active = 1;
--> statement-breakpoint
CREATE TRIGGER `variants_facets_ai` AFTER INSERT ON `variants` BEGIN
	INSERT OR REPLACE INTO variant_facets (sku, product_rowid, category, size, color, color_last, price_amount)
	SELECT new.sku, p.rowid, p.category, new.size, new.color,
		lower(replace(trim(new.color), rtrim(trim(new.color), replace(trim(new.color), ' ', '')), '')), new.price_amount
	FROM products p WHERE p.id = new.product_id AND p.active = 1 AND new.active = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `variants_facets_au` AFTER UPDATE OF sku, product_id, color, size, price_amount, active ON `variants` BEGIN
	DELETE FROM variant_facets WHERE sku = old.sku;
	INSERT OR REPLACE INTO variant_facets (sku, product_rowid, category, size, color, color_last, price_amount)
	SELECT new.sku, p.rowid, p.category, new.size, new.color,
		lower(replace(trim(new.color), rtrim(trim(new.color), replace(trim(new.color), ' ', '')), '')), new.price_amount
	FROM products p WHERE p.id = new.product_id AND p.active = 1 AND new.active = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `variants_facets_ad` AFTER DELETE ON `variants` BEGIN
	DELETE FROM variant_facets WHERE sku = old.sku;
END;
--> statement-breakpoint
CREATE TRIGGER `products_facets_ai` AFTER INSERT ON `products` BEGIN
	INSERT OR REPLACE INTO variant_facets (sku, product_rowid, category, size, color, color_last, price_amount)
	SELECT v.sku, new.rowid, new.category, v.size, v.color,
		lower(replace(trim(v.color), rtrim(trim(v.color), replace(trim(v.color), ' ', '')), '')), v.price_amount
	FROM variants v WHERE v.product_id = new.id AND v.active = 1 AND new.active = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `products_facets_au` AFTER UPDATE OF id, category, active ON `products` BEGIN
	DELETE FROM variant_facets WHERE product_rowid = old.rowid;
	INSERT OR REPLACE INTO variant_facets (sku, product_rowid, category, size, color, color_last, price_amount)
	SELECT v.sku, new.rowid, new.category, v.size, v.color,
		lower(replace(trim(v.color), rtrim(trim(v.color), replace(trim(v.color), ' ', '')), '')), v.price_amount
	FROM variants v WHERE v.product_id = new.id AND v.active = 1 AND new.active = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `products_facets_ad` AFTER DELETE ON `products` BEGIN
	DELETE FROM variant_facets WHERE product_rowid = old.rowid;
END;
