/** The sealed ballot record: checkpoints, the rows and events they seal, the export pages. */
import { and, asc, desc, eq, getTableColumns, gte } from 'drizzle-orm';
import type { BallotStatus } from '../../contracts/enums';
import { compiledRead, type Db } from '../client';
import { ballots, checkpoints, polls } from '../schema';

export type CheckpointRow = typeof checkpoints.$inferSelect;

/** A poll's newest checkpoint, if any. */
export async function latestCheckpoint(db: Db, pollId: number): Promise<CheckpointRow | undefined> {
  return db.select().from(checkpoints).where(eq(checkpoints.pollId, pollId)).orderBy(desc(checkpoints.seq)).get();
}

/** The newest checkpoint of the poll with this slug, compiled for `reads` with the poll page's other reads. */
export const latestCheckpointBySlug = compiledRead(['slug'], (db, p) =>
  db
    .select({
      seq: checkpoints.seq,
      ballotCount: checkpoints.ballotCount,
      hash: checkpoints.hash,
      sealedAt: checkpoints.sealedAt,
    })
    .from(checkpoints)
    .innerJoin(polls, eq(polls.id, checkpoints.pollId))
    .where(eq(polls.slug, p.slug))
    .orderBy(desc(checkpoints.seq))
    .limit(1)
    .prepare(),
);

/** A poll's checkpoints, oldest first. */
export async function listCheckpoints(db: Db, pollId: number): Promise<CheckpointRow[]> {
  return db.select().from(checkpoints).where(eq(checkpoints.pollId, pollId)).orderBy(asc(checkpoints.seq));
}

/**
 * Appends a checkpoint. Returns false when another sealer took this sequence number first (the
 * primary key on (poll_id, seq) makes concurrent seals safe).
 */
export async function insertCheckpoint(db: Db, row: CheckpointRow): Promise<boolean> {
  try {
    await db.insert(checkpoints).values(row);
    return true;
  } catch (e) {
    if (/UNIQUE constraint failed/.test(`${(e as Error).message} ${String((e as Error).cause ?? '')}`)) return false;
    throw e;
  }
}

/** The checkpoint that sealed a ballot (the receipt page shows it), or undefined while unsealed. */
export async function sealingCheckpoint(db: Db, pollId: number, ballotId: number): Promise<CheckpointRow | undefined> {
  return db
    .select()
    .from(checkpoints)
    .where(and(eq(checkpoints.pollId, pollId), gte(checkpoints.lastBallotId, ballotId)))
    .orderBy(asc(checkpoints.seq))
    .get();
}

/** The first checkpoint that sealed the ballot with this receipt code (zero or one row), batchable. */
export function checkpointByReceipt(db: Db, receipt: string) {
  return db
    .select(getTableColumns(checkpoints))
    .from(ballots)
    .innerJoin(checkpoints, and(eq(checkpoints.pollId, ballots.pollId), gte(checkpoints.lastBallotId, ballots.id)))
    .where(eq(ballots.receipt, receipt))
    .orderBy(asc(checkpoints.seq))
    .limit(1);
}

/** Polls with ballots or events not yet sealed by a checkpoint. */
export async function pollsToSeal(db: Db): Promise<number[]> {
  const { results } = await db.$client
    .prepare(
      `SELECT p.id FROM polls p
       LEFT JOIN checkpoints c ON c.poll_id = p.id AND c.seq = (SELECT max(seq) FROM checkpoints WHERE poll_id = p.id)
       WHERE EXISTS (SELECT 1 FROM ballots b WHERE b.poll_id = p.id AND b.id > coalesce(c.last_ballot_id, 0))
          OR EXISTS (SELECT 1 FROM ballot_events e JOIN ballots b ON b.id = e.ballot_id
                     WHERE b.poll_id = p.id AND e.id > coalesce(c.last_event_id, 0))
       ORDER BY p.id`,
    )
    .all<{ id: number }>();
  return results.map((r) => r.id);
}

/** A ballot as the record needs it; `choices` are candidate ids joined by ';' in no set order. */
export interface RecordBallotRow {
  id: number;
  receipt: string;
  castAt: number;
  choices: string;
}

const choicesOf = `(SELECT group_concat(candidate_id, ';') FROM ballot_choices WHERE ballot_id = b.id)`;

/** A poll's ballots with id > afterId, in id (record) order, at most `limit`. */
export async function ballotsAfter(db: Db, pollId: number, afterId: number, limit: number): Promise<RecordBallotRow[]> {
  const { results } = await db.$client
    .prepare(
      `SELECT b.id, b.receipt, b.cast_at AS castAt, ${choicesOf} AS choices
       FROM ballots b WHERE b.poll_id = ? AND b.id > ? ORDER BY b.id LIMIT ?`,
    )
    .bind(pollId, afterId, limit)
    .all<RecordBallotRow>();
  return results;
}

export interface RecordEventRow {
  id: number;
  ballotId: number;
  receipt: string;
  fromStatus: BallotStatus;
  toStatus: BallotStatus;
  ruleId: string | null;
  at: number;
}

/** A poll's status events with afterId < id <= upToId, in id (record) order, at most `limit`. */
export async function eventsBetween(
  db: Db,
  pollId: number,
  afterId: number,
  upToId: number,
  limit: number,
): Promise<RecordEventRow[]> {
  const { results } = await db.$client
    .prepare(
      `SELECT e.id, e.ballot_id AS ballotId, b.receipt, e.from_status AS fromStatus, e.to_status AS toStatus,
              e.rule_id AS ruleId, e.at
       FROM ballot_events e JOIN ballots b ON b.id = e.ballot_id
       WHERE e.id > ? AND e.id <= ? AND b.poll_id = ? ORDER BY e.id LIMIT ?`,
    )
    .bind(afterId, upToId, pollId, limit)
    .all<RecordEventRow>();
  return results;
}

/** An export row before its receipt is hashed: status as of the checkpoint's last event. */
export interface ExportBallotRow extends RecordBallotRow {
  status: BallotStatus;
}

/**
 * One page of the export: a poll's ballots with afterId < id <= lastBallotId, each with its status as
 * of event lastEventId (so the export is exactly the record the checkpoint sealed).
 */
export async function exportPage(
  db: Db,
  pollId: number,
  afterId: number,
  lastBallotId: number,
  lastEventId: number,
  limit: number,
): Promise<ExportBallotRow[]> {
  const { results } = await db.$client
    .prepare(
      `SELECT b.id, b.receipt, b.cast_at AS castAt, ${choicesOf} AS choices,
              coalesce((SELECT e.to_status FROM ballot_events e WHERE e.ballot_id = b.id AND e.id <= ?
                        ORDER BY e.id DESC LIMIT 1), 'counted') AS status
       FROM ballots b WHERE b.poll_id = ? AND b.id > ? AND b.id <= ? ORDER BY b.id LIMIT ?`,
    )
    .bind(lastEventId, pollId, afterId, lastBallotId, limit)
    .all<ExportBallotRow>();
  return results;
}
