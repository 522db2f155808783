CREATE TABLE `refund_lines` (
	`refund_id` text NOT NULL,
	`order_id` text NOT NULL,
	`position` integer NOT NULL,
	`quantity` integer NOT NULL,
	`amount` integer NOT NULL,
	`restocked` integer NOT NULL,
	PRIMARY KEY(`refund_id`, `position`),
	FOREIGN KEY (`refund_id`) REFERENCES `refunds`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `refund_lines_order_idx` ON `refund_lines` (`order_id`);--> statement-breakpoint
CREATE TABLE `refund_offers` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`conversation_id` text NOT NULL,
	`customer` text NOT NULL,
	`hash` text NOT NULL,
	`body` text NOT NULL,
	`state` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `refund_offers_conversation_idx` ON `refund_offers` (`conversation_id`,`state`,`created_at`);--> statement-breakpoint
CREATE TABLE `refunds` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`seq` integer NOT NULL,
	`offer_id` text NOT NULL,
	`amount` integer NOT NULL,
	`currency` text NOT NULL,
	`stripe_refund_id` text,
	`state` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `refunds_order_seq_idx` ON `refunds` (`order_id`,`seq`);--> statement-breakpoint
CREATE UNIQUE INDEX `refunds_offer_idx` ON `refunds` (`offer_id`);