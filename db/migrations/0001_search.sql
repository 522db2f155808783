-- Full-text product search. drizzle-kit cannot describe FTS5 tables, so this
-- migration is hand-written. External content: the index reads titles from
-- `products` and triggers keep it in step, so nothing else has to remember to.
CREATE VIRTUAL TABLE `product_search` USING fts5(
	title,
	brand,
	category,
	description,
	content='products',
	content_rowid='rowid',
	tokenize='porter unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER `products_search_ai` AFTER INSERT ON `products` BEGIN
	INSERT INTO product_search(rowid, title, brand, category, description)
	VALUES (new.rowid, new.title, new.brand, new.category, new.description);
END;
--> statement-breakpoint
CREATE TRIGGER `products_search_ad` AFTER DELETE ON `products` BEGIN
	INSERT INTO product_search(product_search, rowid, title, brand, category, description)
	VALUES ('delete', old.rowid, old.title, old.brand, old.category, old.description);
END;
--> statement-breakpoint
CREATE TRIGGER `products_search_au` AFTER UPDATE OF title, brand, category, description ON `products` BEGIN
	INSERT INTO product_search(product_search, rowid, title, brand, category, description)
	VALUES ('delete', old.rowid, old.title, old.brand, old.category, old.description);
	INSERT INTO product_search(rowid, title, brand, category, description)
	VALUES (new.rowid, new.title, new.brand, new.category, new.description);
END;
