/** Poll reads. Plain functions taking (db, …); no HTTP here. */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { TrackKey } from '../../contracts/enums';
import type { Db } from '../client';
import { candidates, counties, pollCandidates, polls, tallies } from '../schema';

export type PollRow = typeof polls.$inferSelect;

/** All polls, the most recently opened first. */
export function listPolls(db: Db): Promise<PollRow[]> {
  return db.select().from(polls).orderBy(desc(polls.opensAt));
}

/** Polls of one track, the most recently opened first. */
export function listPollsOfTrack(db: Db, trackKey: TrackKey): Promise<PollRow[]> {
  return db.select().from(polls).where(eq(polls.trackKey, trackKey)).orderBy(desc(polls.opensAt));
}

export function findPoll(db: Db, slug: string): Promise<PollRow | undefined> {
  return db.select().from(polls).where(eq(polls.slug, slug)).get();
}

/** A poll's finalists in ballot order. */
export function pollFinalists(db: Db, pollId: number) {
  return db
    .select({ id: candidates.id, name: candidates.name, county: counties.name, summary: candidates.summary })
    .from(pollCandidates)
    .innerJoin(candidates, eq(candidates.id, pollCandidates.candidateId))
    .leftJoin(counties, eq(counties.id, candidates.countyId))
    .where(eq(pollCandidates.pollId, pollId))
    .orderBy(asc(pollCandidates.sort));
}

/** Counted votes per finalist, in ballot order, each row with the poll's quarantined total. */
export function pollTallies(db: Db, pollId: number) {
  return db
    .select({
      candidateId: candidates.id,
      name: candidates.name,
      county: counties.name,
      votes: sql<number>`coalesce(${tallies.votes}, 0)`,
      /** The poll's quarantined ballots (the same on every row), so results need one query. */
      quarantined: sql<number>`(SELECT count(*) FROM ballots b WHERE b.poll_id = ${pollCandidates.pollId} AND b.status = 'quarantined')`,
    })
    .from(pollCandidates)
    .innerJoin(candidates, eq(candidates.id, pollCandidates.candidateId))
    .leftJoin(counties, eq(counties.id, candidates.countyId))
    .leftJoin(
      tallies,
      and(eq(tallies.pollId, pollCandidates.pollId), eq(tallies.candidateId, pollCandidates.candidateId)),
    )
    .where(eq(pollCandidates.pollId, pollId))
    .orderBy(asc(pollCandidates.sort));
}
