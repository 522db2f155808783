ALTER TABLE `orders` ADD `checkout_session_id` text;--> statement-breakpoint
CREATE INDEX `orders_checkout_session_idx` ON `orders` (`checkout_session_id`);