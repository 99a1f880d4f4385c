-- Rounds (年度评选): a track runs again every year, and every earlier year stays public.
-- A round owns its stages, candidates, recommendations, polls, notices, decision and final list;
-- the child tables (notice_items, objections, poll_candidates, ballots, expert_reviews,
-- decision_items, final_list_items) reach their round through their parent.
-- Existing data becomes round one of each track. No table is rebuilt (D1 always enforces
-- foreign keys, so a rebuild of a parent table is painful): round_id is added as a nullable
-- column, filled here, and required for new rows by BEFORE INSERT/UPDATE triggers.
-- Hand-written; mirrored in db/schema.ts.

CREATE TABLE `rounds` (
  `id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
  `track_key` text NOT NULL REFERENCES `tracks`(`key`),
  `year` integer NOT NULL,
  `title` text NOT NULL,
  `status` text DEFAULT 'open' NOT NULL,
  `starts_on` text,
  `finished_at` integer,
  `closed_at` integer,
  `closed_by` integer REFERENCES `accounts`(`id`),
  `closed_reason` text,
  `created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
  `is_demo` integer DEFAULT 0 NOT NULL,
  CONSTRAINT `rounds_year` CHECK(`year` BETWEEN 2000 AND 2100),
  CONSTRAINT `rounds_status` CHECK(`status` IN ('open','finished','closed')),
  CONSTRAINT `rounds_closed_reason` CHECK((`status` = 'closed') = (`closed_reason` IS NOT NULL AND length(trim(`closed_reason`)) > 0))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rounds_track_year` ON `rounds` (`track_key`, `year`);
--> statement-breakpoint
-- At most one open round per track: the current one.
CREATE UNIQUE INDEX `rounds_one_open` ON `rounds` (`track_key`) WHERE `status` = 'open';
--> statement-breakpoint

ALTER TABLE `track_stages` ADD `round_id` integer REFERENCES `rounds`(`id`);
--> statement-breakpoint
ALTER TABLE `candidates` ADD `round_id` integer REFERENCES `rounds`(`id`);
--> statement-breakpoint
ALTER TABLE `recommendations` ADD `round_id` integer REFERENCES `rounds`(`id`);
--> statement-breakpoint
ALTER TABLE `polls` ADD `round_id` integer REFERENCES `rounds`(`id`);
--> statement-breakpoint
ALTER TABLE `notices` ADD `round_id` integer REFERENCES `rounds`(`id`);
--> statement-breakpoint
ALTER TABLE `final_lists` ADD `round_id` integer REFERENCES `rounds`(`id`);
--> statement-breakpoint
ALTER TABLE `decisions` ADD `round_id` integer REFERENCES `rounds`(`id`);
--> statement-breakpoint

-- Round one of every track. Its year is the China year of the track's first dated activity: a
-- stage's start (starts_on, opened_at), else its first poll's opening, notice's publication or
-- final list's publication, else the programme's year (临政办发〔2020〕40号). Its title is
-- "<year>年度<track title>评选". It is finished when the track's work is done: for the tracks whose
-- annex ends in a named list (trades, brands, bases) a published final list, for the others
-- (institutions, competitions, recruitment) every stage closed.
INSERT INTO `rounds` (`track_key`, `year`, `title`, `status`, `starts_on`, `finished_at`)
SELECT `key`, `year`, `year` || '年度' || `title` || '评选',
  CASE WHEN `finished` THEN 'finished' ELSE 'open' END,
  `first_day`,
  CASE WHEN `finished` THEN coalesce(`finished_at`, cast(unixepoch('subsec') * 1000 as integer)) END
FROM (
  SELECT `key`, `title`, `first_day`,
    CAST(substr(coalesce(`first_day`, '2020'), 1, 4) AS integer) AS `year`,
    CASE WHEN `key` IN ('trades', 'brands', 'bases') THEN `list_at` IS NOT NULL
      ELSE `stages` > 0 AND `open_stages` = 0 END AS `finished`,
    CASE WHEN `key` IN ('trades', 'brands', 'bases') THEN `list_at` ELSE `stage_closed_at` END AS `finished_at`
  FROM (
    SELECT t.`key`, t.`title`,
      coalesce(
        min(coalesce(s.`starts_on`, s.`opened_on`), coalesce(s.`opened_on`, s.`starts_on`)),
        (SELECT date(min(p.`opens_at`) / 1000 + 28800, 'unixepoch') FROM `polls` p WHERE p.`track_key` = t.`key`),
        (SELECT min(n.`published_on`) FROM `notices` n WHERE n.`track_key` = t.`key`),
        (SELECT date(min(f.`published_at`) / 1000 + 28800, 'unixepoch') FROM `final_lists` f
          WHERE f.`track_key` = t.`key` AND f.`published_at` IS NOT NULL)
      ) AS `first_day`,
      (SELECT max(f.`published_at`) FROM `final_lists` f WHERE f.`track_key` = t.`key` AND f.`published_at` IS NOT NULL) AS `list_at`,
      (SELECT count(*) FROM `track_stages` x WHERE x.`track_key` = t.`key`) AS `stages`,
      (SELECT count(*) FROM `track_stages` x WHERE x.`track_key` = t.`key` AND x.`status` NOT IN ('done', 'skipped')) AS `open_stages`,
      (SELECT max(x.`closed_at`) FROM `track_stages` x WHERE x.`track_key` = t.`key`) AS `stage_closed_at`
    FROM `tracks` t
    LEFT JOIN (
      SELECT `track_key`, min(`starts_on`) AS `starts_on`,
        date(min(`opened_at`) / 1000 + 28800, 'unixepoch') AS `opened_on`
      FROM `track_stages` GROUP BY `track_key`
    ) s ON s.`track_key` = t.`key`
  )
);
--> statement-breakpoint
UPDATE `track_stages` SET `round_id` = (SELECT r.`id` FROM `rounds` r WHERE r.`track_key` = `track_stages`.`track_key`);
--> statement-breakpoint
UPDATE `candidates` SET `round_id` = (SELECT r.`id` FROM `rounds` r WHERE r.`track_key` = `candidates`.`track_key`);
--> statement-breakpoint
UPDATE `recommendations` SET `round_id` = (SELECT r.`id` FROM `rounds` r WHERE r.`track_key` = `recommendations`.`track_key`);
--> statement-breakpoint
UPDATE `polls` SET `round_id` = (SELECT r.`id` FROM `rounds` r WHERE r.`track_key` = `polls`.`track_key`);
--> statement-breakpoint
UPDATE `notices` SET `round_id` = (SELECT r.`id` FROM `rounds` r WHERE r.`track_key` = `notices`.`track_key`);
--> statement-breakpoint
UPDATE `final_lists` SET `round_id` = (SELECT r.`id` FROM `rounds` r WHERE r.`track_key` = `final_lists`.`track_key`);
--> statement-breakpoint
UPDATE `decisions` SET `round_id` = (SELECT r.`id` FROM `rounds` r WHERE r.`track_key` = `decisions`.`track_key`);
--> statement-breakpoint

-- Uniqueness moves from the track to the round: the same name may come back in a later round,
-- and each round has its own stages, county ranks and decision.
DROP INDEX `candidates_track_name`;
--> statement-breakpoint
CREATE UNIQUE INDEX `candidates_round_name` ON `candidates` (`round_id`, `name`);
--> statement-breakpoint
DROP INDEX `track_stages_track_seq`;
--> statement-breakpoint
DROP INDEX `track_stages_track_key`;
--> statement-breakpoint
CREATE UNIQUE INDEX `track_stages_round_seq` ON `track_stages` (`round_id`, `seq`);
--> statement-breakpoint
CREATE UNIQUE INDEX `track_stages_round_key` ON `track_stages` (`round_id`, `key`);
--> statement-breakpoint
DROP INDEX `recommendations_county_rank`;
--> statement-breakpoint
CREATE UNIQUE INDEX `recommendations_round_county_rank` ON `recommendations` (`round_id`, `county_id`, `rank`);
--> statement-breakpoint
DROP INDEX `decisions_track`;
--> statement-breakpoint
CREATE UNIQUE INDEX `decisions_round` ON `decisions` (`round_id`);
--> statement-breakpoint
CREATE INDEX `polls_round` ON `polls` (`round_id`);
--> statement-breakpoint
CREATE INDEX `notices_round` ON `notices` (`round_id`);
--> statement-breakpoint
CREATE INDEX `final_lists_round` ON `final_lists` (`round_id`);
--> statement-breakpoint

-- New rows name a round of their own track, and nothing new lands in a round that is not open
-- (the services answer 409 round_closed before; this holds against a race). Updates may not clear
-- or move round_id.
CREATE TRIGGER `track_stages_round` BEFORE INSERT ON `track_stages`
BEGIN
  SELECT RAISE(ABORT, 'round_required: a new row needs a round of its track')
  WHERE NEW.`round_id` IS NULL OR (SELECT `track_key` FROM `rounds` WHERE `id` = NEW.`round_id`) IS NOT NEW.`track_key`;
  SELECT RAISE(ABORT, 'round_closed: the round is not open')
  WHERE (SELECT `status` FROM `rounds` WHERE `id` = NEW.`round_id`) IS NOT 'open';
END;
--> statement-breakpoint
CREATE TRIGGER `candidates_round` BEFORE INSERT ON `candidates`
BEGIN
  SELECT RAISE(ABORT, 'round_required: a new row needs a round of its track')
  WHERE NEW.`round_id` IS NULL OR (SELECT `track_key` FROM `rounds` WHERE `id` = NEW.`round_id`) IS NOT NEW.`track_key`;
  SELECT RAISE(ABORT, 'round_closed: the round is not open')
  WHERE (SELECT `status` FROM `rounds` WHERE `id` = NEW.`round_id`) IS NOT 'open';
END;
--> statement-breakpoint
CREATE TRIGGER `recommendations_round` BEFORE INSERT ON `recommendations`
BEGIN
  SELECT RAISE(ABORT, 'round_required: a new row needs a round of its track')
  WHERE NEW.`round_id` IS NULL OR (SELECT `track_key` FROM `rounds` WHERE `id` = NEW.`round_id`) IS NOT NEW.`track_key`
    OR (SELECT `round_id` FROM `candidates` WHERE `id` = NEW.`candidate_id`) IS NOT NEW.`round_id`;
  SELECT RAISE(ABORT, 'round_closed: the round is not open')
  WHERE (SELECT `status` FROM `rounds` WHERE `id` = NEW.`round_id`) IS NOT 'open';
END;
--> statement-breakpoint
CREATE TRIGGER `polls_round` BEFORE INSERT ON `polls`
BEGIN
  SELECT RAISE(ABORT, 'round_required: a new row needs a round of its track')
  WHERE NEW.`round_id` IS NULL OR (SELECT `track_key` FROM `rounds` WHERE `id` = NEW.`round_id`) IS NOT NEW.`track_key`;
  SELECT RAISE(ABORT, 'round_closed: the round is not open')
  WHERE (SELECT `status` FROM `rounds` WHERE `id` = NEW.`round_id`) IS NOT 'open';
END;
--> statement-breakpoint
CREATE TRIGGER `notices_round` BEFORE INSERT ON `notices`
BEGIN
  SELECT RAISE(ABORT, 'round_required: a new row needs a round of its track')
  WHERE NEW.`round_id` IS NULL OR (SELECT `track_key` FROM `rounds` WHERE `id` = NEW.`round_id`) IS NOT NEW.`track_key`;
  SELECT RAISE(ABORT, 'round_closed: the round is not open')
  WHERE (SELECT `status` FROM `rounds` WHERE `id` = NEW.`round_id`) IS NOT 'open';
END;
--> statement-breakpoint
CREATE TRIGGER `final_lists_round` BEFORE INSERT ON `final_lists`
BEGIN
  SELECT RAISE(ABORT, 'round_required: a new row needs a round of its track')
  WHERE NEW.`round_id` IS NULL OR (SELECT `track_key` FROM `rounds` WHERE `id` = NEW.`round_id`) IS NOT NEW.`track_key`;
  SELECT RAISE(ABORT, 'round_closed: the round is not open')
  WHERE (SELECT `status` FROM `rounds` WHERE `id` = NEW.`round_id`) IS NOT 'open';
END;
--> statement-breakpoint
CREATE TRIGGER `decisions_round` BEFORE INSERT ON `decisions`
BEGIN
  SELECT RAISE(ABORT, 'round_required: a new row needs a round of its track')
  WHERE NEW.`round_id` IS NULL OR (SELECT `track_key` FROM `rounds` WHERE `id` = NEW.`round_id`) IS NOT NEW.`track_key`;
  SELECT RAISE(ABORT, 'round_closed: the round is not open')
  WHERE (SELECT `status` FROM `rounds` WHERE `id` = NEW.`round_id`) IS NOT 'open';
END;
--> statement-breakpoint
CREATE TRIGGER `track_stages_round_fixed` BEFORE UPDATE OF `round_id`, `track_key` ON `track_stages`
WHEN NEW.`round_id` IS NOT OLD.`round_id` OR NEW.`track_key` IS NOT OLD.`track_key`
BEGIN
  SELECT RAISE(ABORT, 'round_fixed: a row stays in its round');
END;
--> statement-breakpoint
CREATE TRIGGER `candidates_round_fixed` BEFORE UPDATE OF `round_id`, `track_key` ON `candidates`
WHEN NEW.`round_id` IS NOT OLD.`round_id` OR NEW.`track_key` IS NOT OLD.`track_key`
BEGIN
  SELECT RAISE(ABORT, 'round_fixed: a row stays in its round');
END;
--> statement-breakpoint
CREATE TRIGGER `recommendations_round_fixed` BEFORE UPDATE OF `round_id`, `track_key` ON `recommendations`
WHEN NEW.`round_id` IS NOT OLD.`round_id` OR NEW.`track_key` IS NOT OLD.`track_key`
BEGIN
  SELECT RAISE(ABORT, 'round_fixed: a row stays in its round');
END;
--> statement-breakpoint
CREATE TRIGGER `polls_round_fixed` BEFORE UPDATE OF `round_id`, `track_key` ON `polls`
WHEN NEW.`round_id` IS NOT OLD.`round_id` OR NEW.`track_key` IS NOT OLD.`track_key`
BEGIN
  SELECT RAISE(ABORT, 'round_fixed: a row stays in its round');
END;
--> statement-breakpoint
CREATE TRIGGER `notices_round_fixed` BEFORE UPDATE OF `round_id`, `track_key` ON `notices`
WHEN NEW.`round_id` IS NOT OLD.`round_id` OR NEW.`track_key` IS NOT OLD.`track_key`
BEGIN
  SELECT RAISE(ABORT, 'round_fixed: a row stays in its round');
END;
--> statement-breakpoint
CREATE TRIGGER `final_lists_round_fixed` BEFORE UPDATE OF `round_id`, `track_key` ON `final_lists`
WHEN NEW.`round_id` IS NOT OLD.`round_id` OR NEW.`track_key` IS NOT OLD.`track_key`
BEGIN
  SELECT RAISE(ABORT, 'round_fixed: a row stays in its round');
END;
--> statement-breakpoint
CREATE TRIGGER `decisions_round_fixed` BEFORE UPDATE OF `round_id`, `track_key` ON `decisions`
WHEN NEW.`round_id` IS NOT OLD.`round_id` OR NEW.`track_key` IS NOT OLD.`track_key`
BEGIN
  SELECT RAISE(ABORT, 'round_fixed: a row stays in its round');
END;
--> statement-breakpoint

-- The round guard: `INSERT INTO round_guard (ok) SELECT <the round is open>` aborts the whole
-- batch (and its audit entry) when the track's current round was finished or closed meanwhile,
-- so a change checked against an open round cannot land in a finished one. Its own message lets
-- the services answer 409 round_closed rather than a generic conflict.
CREATE VIEW `round_guard` AS SELECT 1 AS `ok` WHERE 0;
--> statement-breakpoint
CREATE TRIGGER `round_guard_check` INSTEAD OF INSERT ON `round_guard`
WHEN NEW.`ok` IS NOT 1
BEGIN
  SELECT RAISE(ABORT, 'round_closed: the round is not open; nothing was written');
END;
