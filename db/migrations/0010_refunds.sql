-- Cancel and refund offers made in the chat, and the refunds they made
-- (worker/commerce/refund-offer.ts decides them, worker/orders/refund-repo.ts
-- writes them). An offer is bound to its conversation and shopper and acts
-- once: open → accepted | declined | superseded | voided.
CREATE TABLE `refund_offers` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL REFERENCES `orders`(`id`),
	`conversation_id` text NOT NULL,
	`customer` text NOT NULL,
	`hash` text NOT NULL,
	`body` text NOT NULL,
	`state` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `refund_offers_conversation_idx` ON `refund_offers` (`conversation_id`,`state`,`created_at`);
--> statement-breakpoint
-- One row per refund (or paid cancellation) of an order. `seq` numbers an
-- order's refunds: claiming the next number is how two confirmations racing
-- for one order end with one refund. `pending` while Stripe is asked.
CREATE TABLE `refunds` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL REFERENCES `orders`(`id`),
	`seq` integer NOT NULL,
	`offer_id` text NOT NULL,
	`amount` integer NOT NULL,
	`currency` text NOT NULL,
	`stripe_refund_id` text,
	`state` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `refunds_order_seq_idx` ON `refunds` (`order_id`,`seq`);
--> statement-breakpoint
CREATE UNIQUE INDEX `refunds_offer_idx` ON `refunds` (`offer_id`);
--> statement-breakpoint
CREATE TABLE `refund_lines` (
	`refund_id` text NOT NULL REFERENCES `refunds`(`id`),
	`order_id` text NOT NULL,
	`position` integer NOT NULL,
	`quantity` integer NOT NULL,
	`amount` integer NOT NULL,
	`restocked` integer NOT NULL,
	PRIMARY KEY(`refund_id`, `position`)
);
--> statement-breakpoint
CREATE INDEX `refund_lines_order_idx` ON `refund_lines` (`order_id`);
