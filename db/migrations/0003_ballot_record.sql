-- The public ballot record: ballots become append-only, status changes are separate
-- events, and checkpoints seal the record in a hash chain. Hand-written: drizzle-kit cannot express
-- triggers or a table rebuild that keeps the rows.
--
-- ballots is rebuilt because SQLite cannot drop NOT NULL in place: phone_hash must become nullable
-- so retention (PIPL) can clear it. NULLs are distinct in SQLite UNIQUE indexes, so cleared rows never
-- collide in ballots_one_per_phone or ballots_idempotency. D1 always enforces foreign keys, and
-- dropping a parent that still has child rows fails at commit even with deferred keys, so the child
-- ballot_choices is rebuilt too: the copies reference ballots_new, and renaming ballots_new to ballots
-- carries that reference along (SQLite >= 3.26).
CREATE TABLE `ballots_new` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`poll_id` integer NOT NULL,
	`receipt` text NOT NULL,
	`phone_hash` text,
	`phone_masked` text NOT NULL,
	`voting_day` text DEFAULT '' NOT NULL,
	`idempotency_key` text,
	`status` text DEFAULT 'counted' NOT NULL,
	`status_reason` text,
	`network` text,
	`cast_at` integer NOT NULL,
	`code_sent_at` integer,
	FOREIGN KEY (`poll_id`) REFERENCES `polls`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "ballots_status" CHECK("status" in ('counted','quarantined','void'))
);
--> statement-breakpoint
INSERT INTO `ballots_new` (`id`, `poll_id`, `receipt`, `phone_hash`, `phone_masked`, `voting_day`, `idempotency_key`, `status`, `status_reason`, `network`, `cast_at`)
SELECT `id`, `poll_id`, `receipt`, `phone_hash`, `phone_masked`, `voting_day`, `idempotency_key`, `status`, `status_reason`, `network`, `cast_at` FROM `ballots`;
--> statement-breakpoint
CREATE TABLE `ballot_choices_new` (
	`ballot_id` integer NOT NULL,
	`poll_id` integer NOT NULL,
	`candidate_id` integer NOT NULL,
	PRIMARY KEY(`ballot_id`, `candidate_id`),
	FOREIGN KEY (`ballot_id`) REFERENCES `ballots_new`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`poll_id`,`candidate_id`) REFERENCES `poll_candidates`(`poll_id`,`candidate_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `ballot_choices_new` (`ballot_id`, `poll_id`, `candidate_id`)
SELECT `ballot_id`, `poll_id`, `candidate_id` FROM `ballot_choices`;
--> statement-breakpoint
DROP TABLE `ballot_choices`;
--> statement-breakpoint
DROP TABLE `ballots`;
--> statement-breakpoint
ALTER TABLE `ballots_new` RENAME TO `ballots`;
--> statement-breakpoint
ALTER TABLE `ballot_choices_new` RENAME TO `ballot_choices`;
--> statement-breakpoint
CREATE UNIQUE INDEX `ballots_receipt_unique` ON `ballots` (`receipt`);
--> statement-breakpoint
CREATE UNIQUE INDEX `ballots_one_per_phone` ON `ballots` (`poll_id`,`phone_hash`,`voting_day`);
--> statement-breakpoint
CREATE UNIQUE INDEX `ballots_idempotency` ON `ballots` (`poll_id`,`phone_hash`,`idempotency_key`);
--> statement-breakpoint
CREATE INDEX `ballots_poll_status` ON `ballots` (`poll_id`,`status`);
--> statement-breakpoint
CREATE INDEX `ballots_poll_cast` ON `ballots` (`poll_id`,`cast_at`);
--> statement-breakpoint
-- Sealing reads a poll's ballots after the last sealed id.
CREATE INDEX `ballots_poll_id` ON `ballots` (`poll_id`,`id`);
--> statement-breakpoint
-- A status change of a ballot: by a detection rule (rule_id) or by staff (actor_id), never both.
CREATE TABLE `ballot_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ballot_id` integer NOT NULL,
	`from_status` text NOT NULL,
	`to_status` text NOT NULL,
	`rule_id` text,
	`actor_id` integer,
	`reason` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`ballot_id`) REFERENCES `ballots`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "ballot_events_from" CHECK("ballot_events"."from_status" in ('counted','quarantined','void')),
	CONSTRAINT "ballot_events_to" CHECK("ballot_events"."to_status" in ('counted','quarantined','void')),
	CONSTRAINT "ballot_events_change" CHECK("ballot_events"."from_status" <> "ballot_events"."to_status"),
	CONSTRAINT "ballot_events_cause" CHECK(("ballot_events"."rule_id" is null) <> ("ballot_events"."actor_id" is null))
);
--> statement-breakpoint
CREATE INDEX `ballot_events_ballot` ON `ballot_events` (`ballot_id`);
--> statement-breakpoint
-- A seal of a poll's ballot record; ballot_count and event_count are cumulative, last_ballot_id and
-- last_event_id are where the next checkpoint starts.
CREATE TABLE `checkpoints` (
	`poll_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`ballot_count` integer NOT NULL,
	`event_count` integer NOT NULL,
	`last_ballot_id` integer NOT NULL,
	`last_event_id` integer NOT NULL,
	`hash` text NOT NULL,
	`prev_hash` text NOT NULL,
	`sealed_at` integer NOT NULL,
	PRIMARY KEY(`poll_id`, `seq`),
	FOREIGN KEY (`poll_id`) REFERENCES `polls`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "checkpoints_seq" CHECK("checkpoints"."seq" >= 1),
	CONSTRAINT "checkpoints_counts" CHECK("checkpoints"."ballot_count" >= 0 and "checkpoints"."event_count" >= 0)
);
--> statement-breakpoint
-- A ballot is born counted; every other status is reached through an event, so replaying the events
-- from 'counted' gives each ballot's status.
CREATE TRIGGER `ballots_born_counted` BEFORE INSERT ON `ballots` WHEN NEW.`status` <> 'counted'
BEGIN
  SELECT RAISE(ABORT, 'a ballot is inserted counted; other statuses come from ballot_events');
END;
--> statement-breakpoint
-- Append-only: only the status (and only to the latest event's to_status) and the retention clearing
-- of phone_hash, phone_masked and network may change. Add any new ballots column here.
CREATE TRIGGER `ballots_append_only` BEFORE UPDATE ON `ballots`
WHEN NEW.`id` IS NOT OLD.`id` OR NEW.`poll_id` IS NOT OLD.`poll_id` OR NEW.`receipt` IS NOT OLD.`receipt`
  OR NEW.`voting_day` IS NOT OLD.`voting_day` OR NEW.`idempotency_key` IS NOT OLD.`idempotency_key`
  OR NEW.`status_reason` IS NOT OLD.`status_reason` OR NEW.`cast_at` IS NOT OLD.`cast_at`
  OR NEW.`code_sent_at` IS NOT OLD.`code_sent_at`
  OR (NEW.`phone_hash` IS NOT OLD.`phone_hash` AND NEW.`phone_hash` IS NOT NULL)
  OR (NEW.`phone_masked` IS NOT OLD.`phone_masked` AND NEW.`phone_masked` <> '')
  OR (NEW.`network` IS NOT OLD.`network` AND NEW.`network` IS NOT NULL)
  OR (NEW.`status` IS NOT OLD.`status` AND NEW.`status` IS NOT
      (SELECT `to_status` FROM `ballot_events` WHERE `ballot_id` = NEW.`id` ORDER BY `id` DESC LIMIT 1))
BEGIN
  SELECT RAISE(ABORT, 'ballots are append-only: status changes go through ballot_events');
END;
--> statement-breakpoint
CREATE TRIGGER `ballots_no_delete` BEFORE DELETE ON `ballots`
BEGIN
  SELECT RAISE(ABORT, 'ballots are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `ballot_choices_no_update` BEFORE UPDATE ON `ballot_choices`
BEGIN
  SELECT RAISE(ABORT, 'ballot_choices are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `ballot_choices_no_delete` BEFORE DELETE ON `ballot_choices`
BEGIN
  SELECT RAISE(ABORT, 'ballot_choices are append-only');
END;
--> statement-breakpoint
-- An event must start from the ballot's current status: of two concurrent reviews of one ballot the
-- second fails, so a release adds the ballot back exactly once.
CREATE TRIGGER `ballot_events_from_current` BEFORE INSERT ON `ballot_events`
WHEN NEW.`from_status` IS NOT (SELECT `status` FROM `ballots` WHERE `id` = NEW.`ballot_id`)
BEGIN
  SELECT RAISE(ABORT, 'ballot event does not start from the ballot''s current status');
END;
--> statement-breakpoint
-- Applies an event: the ballot's status, and the tallies and counted total when the ballot leaves or
-- re-enters 'counted', so tallies always equal the counted ballots' choice rows.
CREATE TRIGGER `ballot_events_apply` AFTER INSERT ON `ballot_events`
BEGIN
  UPDATE `ballots` SET `status` = NEW.`to_status` WHERE `id` = NEW.`ballot_id`;
  UPDATE `tallies` SET `votes` = `votes` + (CASE WHEN NEW.`to_status` = 'counted' THEN 1 ELSE -1 END)
  WHERE (NEW.`from_status` = 'counted') <> (NEW.`to_status` = 'counted')
    AND (`poll_id`, `candidate_id`) IN (SELECT `poll_id`, `candidate_id` FROM `ballot_choices` WHERE `ballot_id` = NEW.`ballot_id`);
  UPDATE `polls` SET `counted_ballots` = `counted_ballots` + (CASE WHEN NEW.`to_status` = 'counted' THEN 1 ELSE -1 END)
  WHERE (NEW.`from_status` = 'counted') <> (NEW.`to_status` = 'counted')
    AND `id` = (SELECT `poll_id` FROM `ballots` WHERE `id` = NEW.`ballot_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `ballot_events_no_update` BEFORE UPDATE ON `ballot_events`
BEGIN
  SELECT RAISE(ABORT, 'ballot_events are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `ballot_events_no_delete` BEFORE DELETE ON `ballot_events`
BEGIN
  SELECT RAISE(ABORT, 'ballot_events are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `checkpoints_no_update` BEFORE UPDATE ON `checkpoints`
BEGIN
  SELECT RAISE(ABORT, 'checkpoints are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `checkpoints_no_delete` BEFORE DELETE ON `checkpoints`
BEGIN
  SELECT RAISE(ABORT, 'checkpoints are append-only');
END;
