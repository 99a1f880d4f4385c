/** Quarantined ballots for staff review, and the statements of release and two-person voiding. */
import type { Db } from '../client';
import { ballotEvents, ballotReleaseProposals, ballotVoidProposals } from '../schema';

/** A quarantined ballot as review sees it: the pattern, never the phone. */
export interface QuarantinedRow {
  id: number;
  network: string | null;
  castAt: number;
  /** Candidate ids joined by ';' in no set order. */
  choices: string;
  ruleId: string | null;
  reason: string;
  proposedBy: number | null;
  /** The proposer's display name, so staff read who proposed, not an account number. */
  proposedByName: string | null;
  proposalReason: string | null;
  releaseProposedBy: number | null;
  releaseProposedByName: string | null;
  releaseReason: string | null;
}

/** A poll's quarantined ballots with the event that quarantined them and any void or release proposal. */
export async function quarantinedBallots(db: Db, pollId: number): Promise<QuarantinedRow[]> {
  const { results } = await db.$client
    .prepare(
      `SELECT b.id, b.network, b.cast_at AS castAt,
              (SELECT group_concat(candidate_id, ';') FROM ballot_choices WHERE ballot_id = b.id) AS choices,
              e.rule_id AS ruleId, e.reason, p.proposed_by AS proposedBy, pa.display_name AS proposedByName,
              p.reason AS proposalReason, r.proposed_by AS releaseProposedBy,
              ra.display_name AS releaseProposedByName, r.reason AS releaseReason
       FROM ballots b
       JOIN ballot_events e ON e.id = (SELECT max(id) FROM ballot_events WHERE ballot_id = b.id)
       LEFT JOIN ballot_void_proposals p ON p.ballot_id = b.id
       LEFT JOIN accounts pa ON pa.id = p.proposed_by
       LEFT JOIN ballot_release_proposals r ON r.ballot_id = b.id
       LEFT JOIN accounts ra ON ra.id = r.proposed_by
       WHERE b.poll_id = ? AND b.status = 'quarantined' ORDER BY b.id`,
    )
    .bind(pollId)
    .all<QuarantinedRow>();
  return results;
}

/**
 * Status events by a staff member. Each must start from the ballot's current status (a trigger
 * aborts the whole batch otherwise), so a concurrent review of the same ballot fails as a whole.
 */
export function staffEvents(
  db: Db,
  ids: number[],
  change: { from: 'quarantined'; to: 'counted' | 'void' },
  actorId: number,
  reason: string,
  at: number,
) {
  return db
    .insert(ballotEvents)
    .values(ids.map((ballotId) => ({ ballotId, fromStatus: change.from, toStatus: change.to, actorId, reason, at })));
}

/** Void proposals for quarantined ballots; the primary key refuses a second proposal. */
export function voidProposals(db: Db, ids: number[], proposedBy: number, reason: string, at: number) {
  return db
    .insert(ballotVoidProposals)
    .values(ids.map((ballotId) => ({ ballotId, proposedBy, reason, proposedAt: at })));
}

/** Release proposals for quarantined ballots; the primary key (and a trigger) refuse a second proposal. */
export function releaseProposals(db: Db, ids: number[], proposedBy: number, reason: string, at: number) {
  return db
    .insert(ballotReleaseProposals)
    .values(ids.map((ballotId) => ({ ballotId, proposedBy, reason, proposedAt: at })));
}
