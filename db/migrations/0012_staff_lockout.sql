-- Sign-in lock-out per username and client network (docs/admin.md, "Lock-out"), replacing the
-- per-account count: wrong passwords from one network lock that name for that network only, and
-- the row with network '*' (every network) only delays. Keyed by the normalised username typed,
-- whether or not an account has it, so an unknown name answers like a real one. accounts.failed_sign_ins
-- and accounts.locked_until are no longer read; they stay until a later migration, so code still
-- running during a deploy (migrations first) keeps working.
CREATE TABLE `staff_sign_in_failures` (
	`username` text NOT NULL,
	`network` text NOT NULL,
	`failures` integer NOT NULL,
	`last_failure_at` integer NOT NULL,
	`locked_until` integer,
	PRIMARY KEY(`username`, `network`),
	CONSTRAINT "staff_sign_in_failures_count" CHECK("staff_sign_in_failures"."failures" >= 1)
);
--> statement-breakpoint
CREATE INDEX `staff_sign_in_failures_last` ON `staff_sign_in_failures` (`last_failure_at`);
