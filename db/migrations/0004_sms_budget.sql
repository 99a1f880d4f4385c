-- A city admin may set the global SMS budget of one China day without a deploy.
-- Read by the OTP limit; absent for a day, SMS_DAILY_BUDGET applies. Each change is also written to
-- audit_log in the same batch.
CREATE TABLE `sms_budget_overrides` (
	`day` text PRIMARY KEY NOT NULL,
	`budget` integer NOT NULL,
	`set_by` text NOT NULL,
	`reason` text NOT NULL,
	`set_at` integer NOT NULL,
	CONSTRAINT "sms_budget_overrides_budget" CHECK("sms_budget_overrides"."budget" > 0)
);
