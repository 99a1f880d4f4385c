-- 公示 end to end: drafts, the notice that replaces one after an upheld objection, and
-- the handling of objections by staff (assignee, decision time, when personal data was cleared), and
-- the rule for objections by letter each notice states.
ALTER TABLE `notices` ADD `is_draft` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `notices` ADD `replaced_by_id` integer REFERENCES `notices`(`id`);--> statement-breakpoint
ALTER TABLE `objections` ADD `assigned_to` integer REFERENCES `accounts`(`id`);--> statement-breakpoint
ALTER TABLE `objections` ADD `decided_at` integer;--> statement-breakpoint
ALTER TABLE `objections` ADD `personal_cleared_at` integer;--> statement-breakpoint
ALTER TABLE `notices` ADD `postmark_rule` text DEFAULT '以寄出邮戳日期为准，须在公示期内寄出' NOT NULL;
