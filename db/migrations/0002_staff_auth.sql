-- Staff sign-in: password (self-describing PBKDF2 string in the existing password_hash), TOTP second
-- factor (secret AES-GCM encrypted at rest), lock-out counters, server-side sessions, one-time
-- recovery codes. Written by hand; mirrored in db/schema.ts.
ALTER TABLE `accounts` ADD `password_changed_at` integer;
--> statement-breakpoint
ALTER TABLE `accounts` ADD `totp_secret` text;
--> statement-breakpoint
ALTER TABLE `accounts` ADD `totp_enrolled_at` integer;
--> statement-breakpoint
ALTER TABLE `accounts` ADD `totp_last_step` integer;
--> statement-breakpoint
ALTER TABLE `accounts` ADD `failed_sign_ins` integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
ALTER TABLE `accounts` ADD `locked_until` integer;
--> statement-breakpoint
ALTER TABLE `audit_log` ADD `actor_role` text;
--> statement-breakpoint
ALTER TABLE `audit_log` ADD `network` text;
--> statement-breakpoint
CREATE TABLE `staff_sessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`token_hash` text NOT NULL,
	`account_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`second_factor_at` integer,
	`revoked_at` integer,
	`revoked_reason` text,
	`network` text,
	`user_agent` text,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "staff_sessions_window" CHECK("staff_sessions"."expires_at" > "staff_sessions"."created_at"),
	CONSTRAINT "staff_sessions_revoked_reason" CHECK("staff_sessions"."revoked_reason" is null or "staff_sessions"."revoked_reason" in ('sign_out','password_changed','disabled','revoked'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_sessions_token_hash_unique` ON `staff_sessions` (`token_hash`);
--> statement-breakpoint
CREATE INDEX `staff_sessions_account` ON `staff_sessions` (`account_id`,`revoked_at`);
--> statement-breakpoint
CREATE TABLE `staff_recovery_codes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` integer NOT NULL,
	`code_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_recovery_codes_account_code` ON `staff_recovery_codes` (`account_id`,`code_hash`);
