CREATE TABLE `price_history` (
	`sku` text NOT NULL,
	`effective_from` integer NOT NULL,
	`amount` integer NOT NULL,
	`currency` text NOT NULL,
	PRIMARY KEY(`sku`, `effective_from`),
	FOREIGN KEY (`sku`) REFERENCES `variants`(`sku`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `products` (
	`id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`category` text NOT NULL,
	`brand` text DEFAULT '' NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `products_category_idx` ON `products` (`category`,`active`);--> statement-breakpoint
CREATE TABLE `variants` (
	`sku` text PRIMARY KEY NOT NULL,
	`product_id` text NOT NULL,
	`color` text,
	`size` text,
	`price_amount` integer NOT NULL,
	`currency` text NOT NULL,
	`stock` integer DEFAULT 0 NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `variants_product_idx` ON `variants` (`product_id`);--> statement-breakpoint
CREATE INDEX `variants_color_idx` ON `variants` (`color`,`product_id`);--> statement-breakpoint
CREATE INDEX `variants_size_idx` ON `variants` (`size`,`product_id`);--> statement-breakpoint
CREATE INDEX `variants_price_idx` ON `variants` (`price_amount`,`product_id`);--> statement-breakpoint
CREATE TABLE `promotions` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`value` integer NOT NULL,
	`currency` text,
	`scope` text DEFAULT 'all' NOT NULL,
	`scope_ids` text DEFAULT '[]' NOT NULL,
	`min_subtotal` integer DEFAULT 0 NOT NULL,
	`max_units` integer,
	`starts_at` integer,
	`ends_at` integer,
	`total_cap` integer,
	`per_user_cap` integer,
	`stackable` integer DEFAULT true NOT NULL,
	`active` integer DEFAULT true NOT NULL
);
