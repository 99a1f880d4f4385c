/** Reads for the anti-brushing rules and the events that quarantine ballots. */
import type { RuleHit } from '../../contracts/detection-rules';
import type { BallotStatus } from '../../contracts/enums';
import type { Db } from '../client';

/** Polls that took ballots since `since`: open now, or closed after `since`. */
export async function pollsToScan(db: Db, since: number, now: number): Promise<{ id: number; opensAt: number }[]> {
  const { results } = await db.$client
    .prepare('SELECT id, opens_at AS opensAt FROM polls WHERE opens_at <= ? AND closes_at > ? ORDER BY id')
    .bind(now, since)
    .all<{ id: number; opensAt: number }>();
  return results;
}

/** A recent ballot with what every rule reads. `untouched`: counted and never changed by an event. */
export interface ScanBallotRow {
  id: number;
  network: string | null;
  castAt: number;
  codeSentAt: number | null;
  phoneMasked: string;
  choices: string;
  status: BallotStatus;
  untouched: 0 | 1;
}

/** A poll's ballots cast in [from, to), whatever their status (bursts count quarantined ones too). */
export async function ballotsCastBetween(db: Db, pollId: number, from: number, to: number): Promise<ScanBallotRow[]> {
  const { results } = await db.$client
    .prepare(
      `SELECT b.id, b.network, b.cast_at AS castAt, b.code_sent_at AS codeSentAt, b.phone_masked AS phoneMasked,
              (SELECT group_concat(candidate_id, ';') FROM ballot_choices WHERE ballot_id = b.id) AS choices,
              b.status,
              (b.status = 'counted' AND NOT EXISTS (SELECT 1 FROM ballot_events e WHERE e.ballot_id = b.id)) AS untouched
       FROM ballots b WHERE b.poll_id = ? AND b.cast_at >= ? AND b.cast_at < ?`,
    )
    .bind(pollId, from, to)
    .all<ScanBallotRow>();
  return results;
}

/** A poll's ballots per network cast in [from, to). */
export async function networkCounts(db: Db, pollId: number, from: number, to: number): Promise<Map<string, number>> {
  const { results } = await db.$client
    .prepare(
      `SELECT network, count(*) AS n FROM ballots
       WHERE poll_id = ? AND cast_at >= ? AND cast_at < ? AND network IS NOT NULL GROUP BY network`,
    )
    .bind(pollId, from, to)
    .all<{ network: string; n: number }>();
  return new Map(results.map((r) => [r.network, r.n]));
}

/**
 * Quarantines ballots found by the scheduled scan, as events (the trigger takes them out of the
 * tallies). Each insert re-checks that the ballot is still counted and untouched, so a ballot staff
 * released meanwhile is not caught again and a concurrent change never fails the batch.
 */
export async function quarantineBallots(
  db: Db,
  hits: { ballotId: number; hit: RuleHit }[],
  at: number,
): Promise<number> {
  const d1 = db.$client;
  const stmt = d1.prepare(
    `INSERT INTO ballot_events (ballot_id, from_status, to_status, rule_id, reason, at)
     SELECT id, 'counted', 'quarantined', ?2, ?3, ?4 FROM ballots
     WHERE id = ?1 AND status = 'counted' AND NOT EXISTS (SELECT 1 FROM ballot_events WHERE ballot_id = ?1)`,
  );
  let changed = 0;
  // D1 caps the statements of one batch; 100 a batch stays far below it.
  for (let i = 0; i < hits.length; i += 100) {
    const results = await d1.batch(
      hits.slice(i, i + 100).map((h) => stmt.bind(h.ballotId, h.hit.ruleId, h.hit.reason, at)),
    );
    changed += results.reduce((n, r) => n + r.meta.changes, 0);
  }
  return changed;
}

/**
 * The statement that quarantines a ballot in the same batch that inserts it (the per-ballot rules):
 * append it to the insert's batch when `checkBallot` hits. It finds the ballot by its receipt, so it
 * changes nothing when the insert inserted nothing.
 */
export function quarantineOnInsert(db: Db, receipt: string, hit: RuleHit, at: number): D1PreparedStatement {
  return db.$client
    .prepare(
      `INSERT INTO ballot_events (ballot_id, from_status, to_status, rule_id, reason, at)
       SELECT id, 'counted', 'quarantined', ?, ?, ? FROM ballots WHERE receipt = ?`,
    )
    .bind(hit.ruleId, hit.reason, at, receipt);
}
