CREATE TABLE `accounts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`username` text NOT NULL,
	`display_name` text NOT NULL,
	`role` text NOT NULL,
	`county_id` text,
	`password_hash` text,
	`disabled_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`county_id`) REFERENCES `counties`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "accounts_role" CHECK("accounts"."role" in ('city_admin','county_officer','expert','auditor')),
	CONSTRAINT "accounts_county_officer_has_county" CHECK(("accounts"."role" = 'county_officer') = ("accounts"."county_id" is not null))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_username_unique` ON `accounts` (`username`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor_id` integer,
	`actor_label` text NOT NULL,
	`action` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text NOT NULL,
	`before` text,
	`after` text,
	`reason` text,
	FOREIGN KEY (`actor_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_log_entity` ON `audit_log` (`entity_type`,`entity_id`);--> statement-breakpoint
CREATE INDEX `audit_log_at` ON `audit_log` (`at`);--> statement-breakpoint
CREATE TABLE `award_rules` (
	`prize` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`places_per_trade` integer,
	`amount_yuan` integer,
	`benefit` text NOT NULL,
	`sort` integer NOT NULL,
	CONSTRAINT "award_rules_prize" CHECK("award_rules"."prize" in ('first','second','third','organisation'))
);
--> statement-breakpoint
CREATE TABLE `ballot_choices` (
	`ballot_id` integer NOT NULL,
	`poll_id` integer NOT NULL,
	`candidate_id` integer NOT NULL,
	PRIMARY KEY(`ballot_id`, `candidate_id`),
	FOREIGN KEY (`ballot_id`) REFERENCES `ballots`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`poll_id`,`candidate_id`) REFERENCES `poll_candidates`(`poll_id`,`candidate_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `ballots` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`poll_id` integer NOT NULL,
	`receipt` text NOT NULL,
	`phone_hash` text NOT NULL,
	`phone_masked` text NOT NULL,
	`voting_day` text DEFAULT '' NOT NULL,
	`idempotency_key` text,
	`status` text DEFAULT 'counted' NOT NULL,
	`status_reason` text,
	`network` text,
	`cast_at` integer NOT NULL,
	FOREIGN KEY (`poll_id`) REFERENCES `polls`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "ballots_status" CHECK("ballots"."status" in ('counted','quarantined','void'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ballots_receipt_unique` ON `ballots` (`receipt`);--> statement-breakpoint
CREATE UNIQUE INDEX `ballots_one_per_phone` ON `ballots` (`poll_id`,`phone_hash`,`voting_day`);--> statement-breakpoint
CREATE UNIQUE INDEX `ballots_idempotency` ON `ballots` (`poll_id`,`phone_hash`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `ballots_poll_status` ON `ballots` (`poll_id`,`status`);--> statement-breakpoint
CREATE INDEX `ballots_poll_cast` ON `ballots` (`poll_id`,`cast_at`);--> statement-breakpoint
CREATE TABLE `calendar_days` (
	`date` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`source` text NOT NULL,
	CONSTRAINT "calendar_days_kind" CHECK("calendar_days"."kind" in ('holiday','workday')),
	CONSTRAINT "calendar_days_date" CHECK("calendar_days"."date" glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')
);
--> statement-breakpoint
CREATE TABLE `calendar_years` (
	`year` integer PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`source` text NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "calendar_years_status" CHECK("calendar_years"."status" in ('entered','confirmed'))
);
--> statement-breakpoint
CREATE TABLE `candidates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`track_key` text NOT NULL,
	`name` text NOT NULL,
	`county_id` text,
	`applicant` text,
	`summary` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'applied' NOT NULL,
	`brand_level` text,
	`trained_count` integer,
	`employment_rate_pct` real,
	`cultivated_since` text,
	`training_share_pct` real,
	`institution_type` text,
	`occupations` text,
	`valid_from` text,
	`valid_until` text,
	`revoked_at` integer,
	`revoked_reason` text,
	`facilities` text,
	`full_time_teacher_pct` real,
	`is_demo` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`track_key`) REFERENCES `tracks`(`key`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`county_id`) REFERENCES `counties`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "candidates_status" CHECK("candidates"."status" in ('applied','recommended','shortlisted','finalist','selected','rejected','withdrawn')),
	CONSTRAINT "candidates_brand_level" CHECK("candidates"."brand_level" is null or "candidates"."brand_level" in ('provincial','city','creating')),
	CONSTRAINT "candidates_institution_type" CHECK("candidates"."institution_type" is null or "candidates"."institution_type" in ('technical_school','enterprise','social_organisation')),
	CONSTRAINT "candidates_occupations_json" CHECK("candidates"."occupations" is null or json_valid("candidates"."occupations")),
	CONSTRAINT "candidates_social_org_max_5" CHECK("candidates"."institution_type" is not 'social_organisation' or "candidates"."occupations" is null or json_array_length("candidates"."occupations") <= 5),
	CONSTRAINT "candidates_pct_range" CHECK(coalesce("candidates"."employment_rate_pct", 0) between 0 and 100 and coalesce("candidates"."training_share_pct", 0) between 0 and 100 and coalesce("candidates"."full_time_teacher_pct", 0) between 0 and 100)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `candidates_track_name` ON `candidates` (`track_key`,`name`);--> statement-breakpoint
CREATE INDEX `candidates_track_status` ON `candidates` (`track_key`,`status`);--> statement-breakpoint
CREATE TABLE `competition_winners` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`competition_id` integer NOT NULL,
	`trade` text NOT NULL,
	`prize` text NOT NULL,
	`winner_name` text NOT NULL,
	`organisation` text,
	`place` integer NOT NULL,
	FOREIGN KEY (`competition_id`) REFERENCES `competitions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`prize`) REFERENCES `award_rules`(`prize`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "competition_winners_place" CHECK("competition_winners"."place" between 1 and 3)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `competition_winners_place` ON `competition_winners` (`competition_id`,`trade`,`prize`,`place`);--> statement-breakpoint
CREATE TABLE `competitions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`year` integer NOT NULL,
	`seq` integer NOT NULL,
	`name` text NOT NULL,
	`board` text NOT NULL,
	`month_from` integer,
	`month_to` integer,
	`organisers` text NOT NULL,
	`venue_county_id` text NOT NULL,
	FOREIGN KEY (`venue_county_id`) REFERENCES `counties`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "competitions_board" CHECK("competitions"."board" in ('poverty','brand','high_skill','general')),
	CONSTRAINT "competitions_months" CHECK(("competitions"."month_from" is null and "competitions"."month_to" is null) or ("competitions"."month_from" between 1 and 12 and "competitions"."month_to" between "competitions"."month_from" and 12))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `competitions_year_seq` ON `competitions` (`year`,`seq`);--> statement-breakpoint
CREATE TABLE `counties` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`sort` integer NOT NULL,
	CONSTRAINT "counties_kind" CHECK("counties"."kind" in ('plain','mountain','city'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `counties_name_unique` ON `counties` (`name`);--> statement-breakpoint
CREATE TABLE `dev_sms_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`phone_hash` text NOT NULL,
	`code` text NOT NULL,
	`sent_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `dev_sms_outbox_phone` ON `dev_sms_outbox` (`phone_hash`,`sent_at`);--> statement-breakpoint
CREATE TABLE `expert_reviews` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`candidate_id` integer NOT NULL,
	`expert_id` integer NOT NULL,
	`score` real,
	`comment` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`submitted_at` integer,
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`expert_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "expert_reviews_score" CHECK("expert_reviews"."score" is null or "expert_reviews"."score" between 0 and 100)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `expert_reviews_candidate_expert` ON `expert_reviews` (`candidate_id`,`expert_id`);--> statement-breakpoint
CREATE TABLE `final_list_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`list_id` integer NOT NULL,
	`rank` integer NOT NULL,
	`candidate_id` integer,
	`name` text NOT NULL,
	`county_id` text,
	`note` text,
	FOREIGN KEY (`list_id`) REFERENCES `final_lists`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`county_id`) REFERENCES `counties`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "fli_rank" CHECK("final_list_items"."rank" >= 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `final_list_items_rank` ON `final_list_items` (`list_id`,`rank`);--> statement-breakpoint
CREATE TABLE `final_lists` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`track_key` text NOT NULL,
	`title` text NOT NULL,
	`body` text DEFAULT '' NOT NULL,
	`notice_id` integer,
	`published_at` integer,
	`is_demo` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`track_key`) REFERENCES `tracks`(`key`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`notice_id`) REFERENCES `notices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `final_lists_slug_unique` ON `final_lists` (`slug`);--> statement-breakpoint
CREATE TABLE `notice_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`notice_id` integer NOT NULL,
	`candidate_id` integer,
	`name` text NOT NULL,
	`county_id` text,
	`score` real,
	`note` text,
	`sort` integer NOT NULL,
	`removed_at` integer,
	`removed_reason` text,
	FOREIGN KEY (`notice_id`) REFERENCES `notices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`county_id`) REFERENCES `counties`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notice_items_sort` ON `notice_items` (`notice_id`,`sort`);--> statement-breakpoint
CREATE TABLE `notices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`track_key` text NOT NULL,
	`title` text NOT NULL,
	`body` text DEFAULT '' NOT NULL,
	`published_on` text NOT NULL,
	`starts_on` text NOT NULL,
	`ends_on` text NOT NULL,
	`working_days` integer DEFAULT 5 NOT NULL,
	`withdrawn_at` integer,
	`withdrawn_reason` text,
	`supersedes_id` integer,
	`contact_name` text NOT NULL,
	`contact_phone` text NOT NULL,
	`contact_address` text NOT NULL,
	`is_demo` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`track_key`) REFERENCES `tracks`(`key`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`supersedes_id`) REFERENCES `notices`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "notices_working_days" CHECK("notices"."working_days" between 1 and 30),
	CONSTRAINT "notices_period" CHECK("notices"."starts_on" >= "notices"."published_on" and "notices"."ends_on" >= "notices"."starts_on")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notices_slug_unique` ON `notices` (`slug`);--> statement-breakpoint
CREATE TABLE `objections` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tracking_no` text NOT NULL,
	`notice_id` integer NOT NULL,
	`item_id` integer,
	`name` text NOT NULL,
	`phone_hash` text NOT NULL,
	`phone_masked` text NOT NULL,
	`contact` text,
	`content` text NOT NULL,
	`attachment_url` text,
	`status` text DEFAULT 'received' NOT NULL,
	`response` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`notice_id`) REFERENCES `notices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`item_id`) REFERENCES `notice_items`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "objections_status" CHECK("objections"."status" in ('received','under_review','upheld','dismissed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `objections_tracking_no_unique` ON `objections` (`tracking_no`);--> statement-breakpoint
CREATE INDEX `objections_notice` ON `objections` (`notice_id`,`status`);--> statement-breakpoint
CREATE TABLE `otp_challenges` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`phone_hash` text NOT NULL,
	`code_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`closed_at` integer,
	`closed_reason` text,
	`network` text,
	CONSTRAINT "otp_attempts" CHECK("otp_challenges"."attempts" between 0 and 5),
	CONSTRAINT "otp_closed_reason" CHECK("otp_challenges"."closed_reason" is null or "otp_challenges"."closed_reason" in ('used','superseded','attempts'))
);
--> statement-breakpoint
CREATE INDEX `otp_challenges_phone_created` ON `otp_challenges` (`phone_hash`,`created_at`);--> statement-breakpoint
CREATE TABLE `poll_candidates` (
	`poll_id` integer NOT NULL,
	`candidate_id` integer NOT NULL,
	`sort` integer NOT NULL,
	PRIMARY KEY(`poll_id`, `candidate_id`),
	FOREIGN KEY (`poll_id`) REFERENCES `polls`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `polls` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`track_key` text NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`opens_at` integer NOT NULL,
	`closes_at` integer NOT NULL,
	`window_change_reason` text,
	`max_choices` integer NOT NULL,
	`ballot_mode` text DEFAULT 'once' NOT NULL,
	`live_counts` integer DEFAULT 1 NOT NULL,
	`results_published_at` integer,
	`weight_county` integer DEFAULT 20 NOT NULL,
	`weight_expert` integer DEFAULT 50 NOT NULL,
	`weight_vote` integer DEFAULT 30 NOT NULL,
	`counted_ballots` integer DEFAULT 0 NOT NULL,
	`is_demo` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`track_key`) REFERENCES `tracks`(`key`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "polls_slug" CHECK("polls"."slug" glob '[a-z0-9]*' and "polls"."slug" not glob '*[^a-z0-9-]*'),
	CONSTRAINT "polls_window" CHECK("polls"."closes_at" > "polls"."opens_at"),
	CONSTRAINT "polls_max_choices" CHECK("polls"."max_choices" between 1 and 100),
	CONSTRAINT "polls_ballot_mode" CHECK("polls"."ballot_mode" in ('once','daily')),
	CONSTRAINT "polls_live_counts" CHECK("polls"."live_counts" in (0,1)),
	CONSTRAINT "polls_weights" CHECK("polls"."weight_county" >= 0 and "polls"."weight_expert" >= 0 and "polls"."weight_vote" >= 0 and "polls"."weight_county" + "polls"."weight_expert" + "polls"."weight_vote" = 100),
	CONSTRAINT "polls_counted" CHECK("polls"."counted_ballots" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `polls_slug_unique` ON `polls` (`slug`);--> statement-breakpoint
CREATE TABLE `rate_counters` (
	`key` text NOT NULL,
	`window_start` integer NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	`expires_at` integer NOT NULL,
	PRIMARY KEY(`key`, `window_start`)
);
--> statement-breakpoint
CREATE INDEX `rate_counters_expires` ON `rate_counters` (`expires_at`);--> statement-breakpoint
CREATE TABLE `recommendations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`track_key` text NOT NULL,
	`county_id` text NOT NULL,
	`candidate_id` integer NOT NULL,
	`rank` integer DEFAULT 1 NOT NULL,
	`note` text,
	`submitted_by` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`track_key`) REFERENCES `tracks`(`key`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`county_id`) REFERENCES `counties`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`submitted_by`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "recommendations_rank" CHECK("recommendations"."rank" between 1 and 5)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `recommendations_candidate` ON `recommendations` (`candidate_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `recommendations_county_rank` ON `recommendations` (`track_key`,`county_id`,`rank`);--> statement-breakpoint
CREATE TABLE `recruitment_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`year` integer NOT NULL,
	`seq` integer NOT NULL,
	`name` text NOT NULL,
	`period` text NOT NULL,
	`month_from` integer,
	`month_to` integer,
	`audience` text NOT NULL,
	`description` text NOT NULL,
	CONSTRAINT "recruitment_months" CHECK(("recruitment_events"."month_from" is null and "recruitment_events"."month_to" is null) or ("recruitment_events"."month_from" between 1 and 12 and "recruitment_events"."month_to" between "recruitment_events"."month_from" and 12))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `recruitment_events_year_seq` ON `recruitment_events` (`year`,`seq`);--> statement-breakpoint
CREATE TABLE `tallies` (
	`poll_id` integer NOT NULL,
	`candidate_id` integer NOT NULL,
	`votes` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`poll_id`, `candidate_id`),
	FOREIGN KEY (`poll_id`,`candidate_id`) REFERENCES `poll_candidates`(`poll_id`,`candidate_id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "tallies_votes" CHECK("tallies"."votes" >= 0)
);
--> statement-breakpoint
CREATE TABLE `track_stages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`track_key` text NOT NULL,
	`seq` integer NOT NULL,
	`key` text NOT NULL,
	`title` text NOT NULL,
	`rule` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`starts_on` text,
	`ends_on` text,
	FOREIGN KEY (`track_key`) REFERENCES `tracks`(`key`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "track_stages_status" CHECK("track_stages"."status" in ('pending','active','done','skipped'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `track_stages_track_seq` ON `track_stages` (`track_key`,`seq`);--> statement-breakpoint
CREATE UNIQUE INDEX `track_stages_track_key` ON `track_stages` (`track_key`,`key`);--> statement-breakpoint
CREATE TABLE `tracks` (
	`key` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`goal` text NOT NULL,
	`summary` text NOT NULL,
	`annex` integer NOT NULL,
	`target_count` integer DEFAULT 10 NOT NULL,
	`sort` integer NOT NULL,
	CONSTRAINT "tracks_key_known" CHECK("tracks"."key" in ('trades','brands','institutions','competitions','recruitment','bases'))
);
