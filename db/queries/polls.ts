/** Poll reads. Plain functions taking (db, …); no HTTP here. */
import { and, asc, desc, eq, getTableColumns, gte, inArray, isNotNull, or, sql, type SQL } from 'drizzle-orm';
import { compiledRead, eqUnlessNull, type Db } from '../client';
import { ballots, candidates, counties, finalLists, pollCandidates, polls, tallies, tracks } from '../schema';
import { currentRoundId, roundFilter, roundYearOf } from './rounds';

export type PollRow = typeof polls.$inferSelect;

/** A poll's columns and the year of its round, for the public reads. */
const pollWithYear = { ...getTableColumns(polls), roundYear: roundYearOf(polls.roundId).as('round_year') };

/**
 * Polls of one track or (`track: null`) of all, of one round's `year` or of every year, of the
 * current rounds only (`current: 1`) or of all; the most recently opened first. Compiled for `reads`.
 */
export const listPolls = compiledRead(['track', 'year', 'current'], (db, p) =>
  db
    .select(pollWithYear)
    .from(polls)
    .where(and(eqUnlessNull(polls.trackKey, p.track), roundFilter(polls.roundId, polls.trackKey, p)))
    .orderBy(desc(polls.opensAt))
    .prepare(),
);

export function findPoll(db: Db, slug: string): Promise<PollRow | undefined> {
  return db.select().from(polls).where(eq(polls.slug, slug)).get();
}

/**
 * The poll with this slug (zero or one row), compiled for `reads`: public reads gather their rows
 * in one batch (one D1 round trip), so lookups by slug do not wait for the poll's id.
 */
export const pollBySlug = compiledRead(['slug'], (db, p) =>
  db.select(pollWithYear).from(polls).where(eq(polls.slug, p.slug)).limit(1).prepare(),
);

/** The poll of the ballot with this receipt code, as a batchable query (zero or one row). */
export function pollOfReceipt(db: Db, receipt: string) {
  return db.select().from(polls).where(ofReceipt(db, receipt)).limit(1);
}

function ofReceipt(db: Db, receipt: string): SQL {
  return inArray(polls.id, db.select({ id: ballots.pollId }).from(ballots).where(eq(ballots.receipt, receipt)));
}

/** The title of the track of the poll with this slug (zero or one row), compiled for `reads`. */
export const trackTitleOfPoll = compiledRead(['slug'], (db, p) =>
  db
    .select({ title: tracks.title })
    .from(polls)
    .innerJoin(tracks, eq(tracks.key, polls.trackKey))
    .where(eq(polls.slug, p.slug))
    .limit(1)
    .prepare(),
);

/**
 * The final list that settled the poll with this slug (zero or one row), compiled for `reads`: the
 * first list of the poll's round published after the poll closed. It comes from the round's
 * decision, which weighs the votes with the county and expert scores, so it may rank and keep
 * other items than the vote did.
 */
export const finalListOfPoll = compiledRead(['slug'], (db, p) =>
  db
    .select({ slug: finalLists.slug, title: finalLists.title })
    .from(finalLists)
    .innerJoin(polls, eq(polls.roundId, finalLists.roundId))
    .where(and(eq(polls.slug, p.slug), isNotNull(finalLists.publishedAt), gte(finalLists.publishedAt, polls.closesAt)))
    .orderBy(asc(finalLists.publishedAt))
    .limit(1)
    .prepare(),
);

/**
 * The county's name under its own column name: D1 answers a batch as objects keyed by column name,
 * so two columns both called `name` (candidate and county) would collapse into one.
 */
const countyName = sql<string | null>`${counties.name}`.as('county_name');

function finalists(db: Db, poll: SQL) {
  return db
    .select({ id: candidates.id, name: candidates.name, county: countyName, summary: candidates.summary })
    .from(pollCandidates)
    .innerJoin(polls, eq(polls.id, pollCandidates.pollId))
    .innerJoin(candidates, eq(candidates.id, pollCandidates.candidateId))
    .leftJoin(counties, eq(counties.id, candidates.countyId))
    .where(poll)
    .orderBy(asc(pollCandidates.sort));
}

/** A poll's finalists in ballot order. */
export function pollFinalists(db: Db, pollId: number) {
  return finalists(db, eq(polls.id, pollId));
}

/** The finalists of the poll of the ballot with this receipt code, in ballot order, batchable. */
export function pollFinalistsOfReceipt(db: Db, receipt: string) {
  return finalists(db, ofReceipt(db, receipt));
}

/** The finalists of the poll with this slug in ballot order, compiled for `reads`. */
export const pollFinalistsBySlug = compiledRead(['slug'], (db, p) => finalists(db, eq(polls.slug, p.slug)).prepare());

function talliesOf(db: Db, poll: SQL) {
  return db
    .select({
      candidateId: candidates.id,
      name: candidates.name,
      county: countyName,
      votes: sql<number>`coalesce(${tallies.votes}, 0)`.as('votes'),
      /** The poll's quarantined ballots (the same on every row), so results need one query. */
      quarantined:
        sql<number>`(SELECT count(*) FROM ballots b WHERE b.poll_id = ${pollCandidates.pollId} AND b.status = 'quarantined')`.as(
          'quarantined',
        ),
    })
    .from(pollCandidates)
    .innerJoin(polls, eq(polls.id, pollCandidates.pollId))
    .innerJoin(candidates, eq(candidates.id, pollCandidates.candidateId))
    .leftJoin(counties, eq(counties.id, candidates.countyId))
    .leftJoin(
      tallies,
      and(eq(tallies.pollId, pollCandidates.pollId), eq(tallies.candidateId, pollCandidates.candidateId)),
    )
    .where(poll)
    .orderBy(asc(pollCandidates.sort));
}

/** Counted votes per finalist, in ballot order, each row with the poll's quarantined total. */
export function pollTallies(db: Db, pollId: number) {
  return talliesOf(db, eq(polls.id, pollId));
}

/**
 * Counted votes per finalist of the poll with this slug, only when its counts are visible (live
 * counts, or results published): the embargo holds in the SQL itself, so a read batched before
 * the poll row is known cannot leak a count. Compiled for `reads`.
 */
export const visibleTalliesBySlug = compiledRead(['slug'], (db, p) =>
  talliesOf(
    db,
    and(eq(polls.slug, p.slug), or(eq(polls.liveCounts, 1), isNotNull(polls.resultsPublishedAt)))!,
  ).prepare(),
);

/** The INSERTs that put a candidate on the poll `slug` (which the same batch may insert), with a zero tally. */
export function addPollCandidate(db: Db, slug: string, candidateId: number, sort: number) {
  const pollId = sql`(SELECT id FROM polls WHERE slug = ${slug})`;
  return [
    db.insert(pollCandidates).values({ pollId, candidateId, sort }),
    db.insert(tallies).values({ pollId, candidateId, votes: 0 }),
  ] as const;
}

/** The INSERT of a poll in the track's current round. */
export function insertPoll(db: Db, values: Omit<typeof polls.$inferInsert, 'roundId'>) {
  return db.insert(polls).values({ ...values, roundId: currentRoundId(values.trackKey) });
}

/** The UPDATE of poll `id` with `set`. */
export function updatePoll(db: Db, id: number, set: Partial<typeof polls.$inferInsert>) {
  return db.update(polls).set(set).where(eq(polls.id, id));
}
