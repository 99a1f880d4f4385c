-- Workflow of the six tracks: stage runs, recommendations from several counties,
-- expert assignments, confirmed decisions, recruitment outcomes, and a guard for batches.
-- Hand-written; mirrored in db/schema.ts.

-- A stage run: who opened and closed it, the deadline for submissions, the count it aims at.
ALTER TABLE `track_stages` ADD `deadline_at` integer;
--> statement-breakpoint
ALTER TABLE `track_stages` ADD `target_count` integer CHECK (`target_count` IS NULL OR `target_count` BETWEEN 1 AND 100);
--> statement-breakpoint
ALTER TABLE `track_stages` ADD `opened_at` integer;
--> statement-breakpoint
ALTER TABLE `track_stages` ADD `opened_by` integer REFERENCES `accounts`(`id`);
--> statement-breakpoint
ALTER TABLE `track_stages` ADD `closed_at` integer;
--> statement-breakpoint
ALTER TABLE `track_stages` ADD `closed_by` integer REFERENCES `accounts`(`id`);
--> statement-breakpoint

-- Several counties may recommend the same trade: one recommendation per (candidate, county).
DROP INDEX `recommendations_candidate`;
--> statement-breakpoint
CREATE UNIQUE INDEX `recommendations_candidate_county` ON `recommendations` (`candidate_id`, `county_id`);
--> statement-breakpoint

-- Who assigned an expert to a candidate.
ALTER TABLE `expert_reviews` ADD `assigned_by` integer REFERENCES `accounts`(`id`);
--> statement-breakpoint

-- A confirmed decision of a track: the weights it used and, for an override, the written reason.
CREATE TABLE `decisions` (
  `id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
  `track_key` text NOT NULL REFERENCES `tracks`(`key`),
  `poll_id` integer REFERENCES `polls`(`id`),
  `weight_county` integer NOT NULL,
  `weight_expert` integer NOT NULL,
  `weight_vote` integer NOT NULL,
  `select_count` integer NOT NULL,
  `mode` text NOT NULL,
  `override_reason` text,
  `decided_by` integer REFERENCES `accounts`(`id`),
  `decided_at` integer NOT NULL,
  CONSTRAINT `decisions_weights` CHECK(`weight_county` >= 0 AND `weight_expert` >= 0 AND `weight_vote` >= 0 AND `weight_county` + `weight_expert` + `weight_vote` = 100),
  CONSTRAINT `decisions_mode` CHECK(`mode` IN ('top_n','override')),
  CONSTRAINT `decisions_override_reason` CHECK((`mode` = 'override') = (`override_reason` IS NOT NULL AND length(trim(`override_reason`)) > 0)),
  CONSTRAINT `decisions_select_count` CHECK(`select_count` >= 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `decisions_track` ON `decisions` (`track_key`);
--> statement-breakpoint
CREATE TABLE `decision_items` (
  `decision_id` integer NOT NULL REFERENCES `decisions`(`id`),
  `candidate_id` integer NOT NULL REFERENCES `candidates`(`id`),
  `rank` integer NOT NULL,
  `county_score` real NOT NULL,
  `expert_score` real,
  `vote_score` real NOT NULL,
  `votes` integer,
  `total` real NOT NULL,
  `tied` integer DEFAULT 0 NOT NULL,
  `selected` integer NOT NULL,
  PRIMARY KEY(`decision_id`, `candidate_id`),
  CONSTRAINT `decision_items_rank` CHECK(`rank` >= 1),
  CONSTRAINT `decision_items_flags` CHECK(`tied` IN (0,1) AND `selected` IN (0,1))
);
--> statement-breakpoint

-- Outcomes of a recruitment event (annex 6), recorded after it was held.
ALTER TABLE `recruitment_events` ADD `held_on` text;
--> statement-breakpoint
ALTER TABLE `recruitment_events` ADD `employers` integer CHECK (`employers` IS NULL OR `employers` >= 0);
--> statement-breakpoint
ALTER TABLE `recruitment_events` ADD `positions` integer CHECK (`positions` IS NULL OR `positions` >= 0);
--> statement-breakpoint
ALTER TABLE `recruitment_events` ADD `attendees` integer CHECK (`attendees` IS NULL OR `attendees` >= 0);
--> statement-breakpoint
ALTER TABLE `recruitment_events` ADD `agreements` integer CHECK (`agreements` IS NULL OR `agreements` >= 0);
--> statement-breakpoint
ALTER TABLE `recruitment_events` ADD `outcome` text;
--> statement-breakpoint
ALTER TABLE `recruitment_events` ADD `outcome_at` integer;
--> statement-breakpoint

-- A guard for D1 batches: `INSERT INTO workflow_guard (ok) SELECT <condition>` aborts the whole
-- batch (and so its audit entry) when the condition read inside the transaction is not 1, so a
-- precondition checked before the batch cannot have changed underneath it.
CREATE VIEW `workflow_guard` AS SELECT 1 AS `ok` WHERE 0;
--> statement-breakpoint
CREATE TRIGGER `workflow_guard_check` INSTEAD OF INSERT ON `workflow_guard`
WHEN NEW.`ok` IS NOT 1
BEGIN
  SELECT RAISE(ABORT, 'workflow_guard: the state changed; nothing was written');
END;
