/**
 * Rounds (年度评选) of the tracks: which round is current, the rounds of a track, and the statements
 * that start, finish and close one. A track's current round is its open round, else its newest;
 * every admin write on a track acts on it, and `roundGuard` aborts the write's batch unless it is
 * still open (migration 0013's `round_guard` view).
 */
import { and, asc, desc, eq, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { TrackKey } from '../../contracts/enums';
import type { Db } from '../client';
import { guardStatement } from './guard';
import { finalLists, rounds, trackStages } from '../schema';

export type RoundRow = typeof rounds.$inferSelect;

/**
 * The id of the current round of `track` (a key, or a column such as `polls.track_key` for a
 * correlated subquery), as SQL: the open round, else the newest. NULL when the track has none.
 */
export function currentRoundId(track: TrackKey | AnySQLiteColumn | SQL): SQL<number | null> {
  return sql<
    number | null
  >`(SELECT r.id FROM rounds r WHERE r.track_key = ${track} ORDER BY r.status = 'open' DESC, r.year DESC LIMIT 1)`;
}

/** The id of the round of `track` in `year`, as SQL (for a round the same batch inserts). */
export function roundIdOf(track: TrackKey, year: number): SQL<number | null> {
  return sql<number | null>`(SELECT r.id FROM rounds r WHERE r.track_key = ${track} AND r.year = ${year})`;
}

/** Whether a row with this `round_id` column is in the current round of its track. */
export function inCurrentRound(roundId: AnySQLiteColumn, track: AnySQLiteColumn): SQL {
  return sql`${roundId} = ${currentRoundId(track)}`;
}

/** The current round of a track (its open round, else its newest), or undefined when it has none. */
export function currentRound(db: Db, track: TrackKey): Promise<RoundRow | undefined> {
  return db
    .select()
    .from(rounds)
    .where(eq(rounds.trackKey, track))
    .orderBy(desc(sql`${rounds.status} = 'open'`), desc(rounds.year))
    .get();
}

/** The round of a track in a year. */
export function findRound(db: Db, track: TrackKey, year: number): Promise<RoundRow | undefined> {
  return db
    .select()
    .from(rounds)
    .where(and(eq(rounds.trackKey, track), eq(rounds.year, year)))
    .get();
}

/** Every round of a track (or of every track), newest year first, batchable. */
export function roundsOfTrack(db: Db, track: TrackKey | null) {
  return db
    .select()
    .from(rounds)
    .where(track === null ? undefined : eq(rounds.trackKey, track))
    .orderBy(asc(rounds.trackKey), desc(rounds.year));
}

/** The published final lists of a track's rounds (slug, title, round), newest first, batchable. */
export function publishedListsOfTrack(db: Db, track: TrackKey) {
  return db
    .select({ roundId: finalLists.roundId, slug: finalLists.slug, title: finalLists.title })
    .from(finalLists)
    .where(and(eq(finalLists.trackKey, track), isNotNull(finalLists.publishedAt)))
    .orderBy(desc(finalLists.publishedAt), desc(finalLists.id));
}

/** A round's stages in order. */
export function stagesOfRound(db: Db, roundId: number) {
  return db.select().from(trackStages).where(eq(trackStages.roundId, roundId)).orderBy(asc(trackStages.seq));
}

/**
 * A statement that aborts its batch (with the `round_closed` message of migration 0013) unless
 * the current round of `track` is open inside the transaction.
 */
export function roundGuard(db: Db, track: TrackKey) {
  return guardStatement(
    db,
    'round_guard',
    "EXISTS (SELECT 1 FROM rounds r WHERE r.track_key = ? AND r.status = 'open')",
    track,
  );
}

/** The INSERT of a new round (its stages follow with insertRoundStage). */
export function insertRound(db: Db, values: typeof rounds.$inferInsert) {
  return db.insert(rounds).values(values);
}

/** The INSERT of one stage of the round of `track` in `year` (which the same batch inserts). */
export function insertRoundStage(
  db: Db,
  track: TrackKey,
  year: number,
  stage: Omit<typeof trackStages.$inferInsert, 'id' | 'trackKey' | 'roundId'>,
) {
  return db.insert(trackStages).values({ ...stage, trackKey: track, roundId: roundIdOf(track, year) });
}

/**
 * The UPDATE that finishes the current round of `track` (its final list published, or its last
 * stage closed). Put it last in its batch: nothing may be added to a finished round.
 */
export function finishCurrentRound(db: Db, track: TrackKey, now: number) {
  return db
    .update(rounds)
    .set({ status: 'finished', finishedAt: now })
    .where(and(eq(rounds.id, currentRoundId(track)), eq(rounds.status, 'open')));
}

/** The UPDATE that closes an open round early, with its public reason. */
export function closeRoundEarly(db: Db, id: number, by: number | null, reason: string, now: number) {
  return db
    .update(rounds)
    .set({ status: 'closed', closedAt: now, closedBy: by, closedReason: reason })
    .where(and(eq(rounds.id, id), eq(rounds.status, 'open')));
}
