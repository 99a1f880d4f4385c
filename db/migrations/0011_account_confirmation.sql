-- Two people means two people (docs/admin.md).
--
-- A city admin made or raised to that role in the admin area waits until a second city admin,
-- other than the one who made it (`granted_by`), confirms it: `confirmed_at` stays NULL until then.
-- Accounts of the other roles never wait; `confirmed_at` matters only while the role is city_admin.
-- Accounts that exist now, and those `npm run admin:create` makes, count as confirmed.
ALTER TABLE `accounts` ADD `granted_by` integer REFERENCES `accounts`(`id`);
--> statement-breakpoint
ALTER TABLE `accounts` ADD `confirmed_at` integer;
--> statement-breakpoint
ALTER TABLE `accounts` ADD `confirmed_by` integer REFERENCES `accounts`(`id`);
--> statement-breakpoint
UPDATE `accounts` SET `confirmed_at` = `created_at`;
--> statement-breakpoint
-- Releasing quarantined ballots back into the count takes two city admins, as voiding does: one
-- proposes, a different one confirms. The proposal is kept after confirmation.
CREATE TABLE `ballot_release_proposals` (
	`ballot_id` integer PRIMARY KEY NOT NULL,
	`proposed_by` integer NOT NULL,
	`reason` text NOT NULL,
	`proposed_at` integer NOT NULL,
	FOREIGN KEY (`ballot_id`) REFERENCES `ballots`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`proposed_by`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
-- One proposal per ballot, of either kind: a ballot proposed for release cannot also be proposed
-- for voiding, nor the reverse (the service says so first; these hold under concurrency).
CREATE TRIGGER `ballot_release_proposals_one_kind` BEFORE INSERT ON `ballot_release_proposals`
WHEN EXISTS (SELECT 1 FROM `ballot_void_proposals` WHERE `ballot_id` = NEW.`ballot_id`)
BEGIN
  SELECT RAISE(ABORT, 'one review proposal per ballot: constraint failed');
END;
--> statement-breakpoint
CREATE TRIGGER `ballot_void_proposals_one_kind` BEFORE INSERT ON `ballot_void_proposals`
WHEN EXISTS (SELECT 1 FROM `ballot_release_proposals` WHERE `ballot_id` = NEW.`ballot_id`)
BEGIN
  SELECT RAISE(ABORT, 'one review proposal per ballot: constraint failed');
END;
