ALTER TABLE `orders` ADD `telegram_payment_charge_id` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `provider_payment_charge_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `orders_telegram_charge_idx` ON `orders` (`telegram_payment_charge_id`);