/**
 * Rounds (年度评选) of the tracks: which round is current, the rounds of a track, and the statements
 * that start, finish and close one. A track's current round is its open round, else its newest;
 * every admin write on a track acts on it, and `roundGuard` aborts the write's batch unless it is
 * still open (migration 0013's `round_guard` view).
 */
import { and, asc, desc, eq, inArray, isNotNull, isNull, or, sql, type Placeholder, type SQL } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { TrackKey } from '../../contracts/enums';
import type { Db } from '../client';
import { guardStatement } from './guard';
import { candidates, counties, finalLists, rounds, trackStages } from '../schema';
import { alias } from 'drizzle-orm/sqlite-core';

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

/** The year of the round a row belongs to (by its `round_id` column), as SQL. */
export function roundYearOf(roundId: AnySQLiteColumn): SQL<number | null> {
  return sql<number | null>`(SELECT r.year FROM rounds r WHERE r.id = ${roundId})`;
}

/**
 * The optional round filters of a compiled public read: `year` (the rows of that year's round;
 * NULL: every year) and `current` (1: only the rows of the current round of their track; NULL:
 * every round).
 */
export function roundFilter(
  roundId: AnySQLiteColumn,
  track: AnySQLiteColumn,
  p: { year: Placeholder; current: Placeholder },
): SQL {
  return and(
    or(isNull(p.year), eq(roundYearOf(roundId), p.year)),
    or(isNull(p.current), eq(roundId, currentRoundId(track))),
  )!;
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

/** The round with this id. */
export function roundById(db: Db, id: number): Promise<RoundRow | undefined> {
  return db.select().from(rounds).where(eq(rounds.id, id)).get();
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

/**
 * A statement that aborts its batch (with the `round_closed` message) unless the round with this
 * id is open inside the transaction.
 */
export function roundOpenGuard(db: Db, roundId: number) {
  return guardStatement(db, 'round_guard', "SELECT status = 'open' FROM rounds WHERE id = ?", roundId);
}

const other = alias(candidates, 'other');
const otherRound = alias(rounds, 'other_round');

/**
 * The public candidates of a round (recommended, shortlisted, finalist or selected), each with the
 * years of the track's other rounds in which a candidate of the same name appears (one row per
 * other appearance, `otherYear` null when there is none), batchable.
 */
export function candidateAppearances(db: Db, roundId: number) {
  return db
    .select({
      candidateId: candidates.id,
      name: candidates.name,
      county: sql<string | null>`${counties.name}`.as('county_name'),
      status: candidates.status,
      otherYear: sql<number | null>`${otherRound.year}`.as('other_year'),
    })
    .from(candidates)
    .leftJoin(counties, eq(counties.id, candidates.countyId))
    .leftJoin(
      other,
      and(
        eq(other.trackKey, candidates.trackKey),
        eq(other.name, candidates.name),
        sql`${other.roundId} <> ${candidates.roundId}`,
        inArray(other.status, PUBLIC_CANDIDATE_STATUSES),
      ),
    )
    .leftJoin(otherRound, eq(otherRound.id, other.roundId))
    .where(and(eq(candidates.roundId, roundId), inArray(candidates.status, PUBLIC_CANDIDATE_STATUSES)))
    .orderBy(asc(candidates.id), desc(otherRound.year));
}

/** The candidate statuses the public round page shows (not applications, withdrawals or rejections). */
export const PUBLIC_CANDIDATE_STATUSES = ['recommended', 'shortlisted', 'finalist', 'selected'] as const;

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
