ALTER TABLE `orders` ADD `fulfillment_status` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `tracking` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `fulfillment_updated_at` integer;--> statement-breakpoint
CREATE INDEX `orders_customer_idx` ON `orders` (`customer`,`created_at`);