-- Two-person voiding of quarantined ballots: a city admin proposes, a different city
-- admin confirms. The proposal is kept after confirmation (who proposed, who confirmed, why).
CREATE TABLE `ballot_void_proposals` (
	`ballot_id` integer PRIMARY KEY NOT NULL,
	`proposed_by` integer NOT NULL,
	`reason` text NOT NULL,
	`proposed_at` integer NOT NULL,
	FOREIGN KEY (`ballot_id`) REFERENCES `ballots`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`proposed_by`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
