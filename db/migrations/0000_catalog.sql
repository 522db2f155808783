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
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "variants_stock_non_negative" CHECK("variants"."stock" >= 0)
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
--> statement-breakpoint
CREATE TABLE `customers` (
	`principal` text PRIMARY KEY NOT NULL,
	`stripe_customer_id` text NOT NULL,
	`default_payment_method` text,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `order_lines` (
	`order_id` text NOT NULL,
	`position` integer NOT NULL,
	`sku` text NOT NULL,
	`product_id` text NOT NULL,
	`title` text NOT NULL,
	`color` text,
	`size` text,
	`quantity` integer NOT NULL,
	`unit_amount` integer NOT NULL,
	`line_total` integer NOT NULL,
	`discount` integer NOT NULL,
	PRIMARY KEY(`order_id`, `position`),
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `orders` (
	`id` text PRIMARY KEY NOT NULL,
	`conversation_id` text NOT NULL,
	`customer` text NOT NULL,
	`quote_id` text NOT NULL,
	`quote_hash` text NOT NULL,
	`status` text NOT NULL,
	`currency` text NOT NULL,
	`subtotal` integer NOT NULL,
	`discount_total` integer NOT NULL,
	`fee_total` integer DEFAULT 0 NOT NULL,
	`total` integer NOT NULL,
	`promo_codes` text DEFAULT '[]' NOT NULL,
	`payment_intent_id` text,
	`payment_url` text,
	`failure_reason` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `orders_quote_id_unique` ON `orders` (`quote_id`);--> statement-breakpoint
CREATE INDEX `orders_status_expiry_idx` ON `orders` (`status`,`expires_at`);--> statement-breakpoint
CREATE INDEX `orders_pi_idx` ON `orders` (`payment_intent_id`);--> statement-breakpoint
CREATE TABLE `payment_events` (
	`event_id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`order_id` text,
	`payment_intent_id` text,
	`outcome` text NOT NULL,
	`received_at` integer NOT NULL
);
