CREATE TABLE `acp_idempotency_keys` (
	`key` text PRIMARY KEY NOT NULL,
	`request_hash` text NOT NULL,
	`session_id` text NOT NULL,
	`state` text NOT NULL,
	`status_code` integer,
	`response` text,
	`created_at` integer NOT NULL,
	`locked_until` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `acp_idempotency_keys_created_idx` ON `acp_idempotency_keys` (`created_at`);