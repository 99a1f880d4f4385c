/**
 * The reads of the staff dashboard (工作台), each batchable, so the service runs them all in one D1
 * round trip: each track's current round, what waits for staff (objections, quarantined ballots,
 * void and release proposals, expert scores, county recommendations), the running polls' ballots
 * and turnout, and an expert's assignments.
 */
import { and, asc, count, countDistinct, eq, gt, gte, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../client';
import {
  ballotEvents,
  ballotReleaseProposals,
  ballots,
  ballotVoidProposals,
  candidates,
  counties,
  expertReviews,
  notices,
  objections,
  polls,
  recommendations,
  rounds,
} from '../schema';
import { PENDING_OBJECTION } from './objections';
import { currentRoundId } from './rounds';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** China time is UTC+8: a China day starts 8 hours before the UTC one. */
const CHINA_OFFSET_MS = 8 * HOUR_MS;

/** The current round of every track (its open round, else its newest). */
export function currentRounds(db: Db) {
  return db
    .select({
      trackKey: rounds.trackKey,
      id: rounds.id,
      year: rounds.year,
      title: rounds.title,
      status: rounds.status,
    })
    .from(rounds)
    .where(eq(rounds.id, currentRoundId(rounds.trackKey)));
}

/** Notices with objections still waiting for a decision: per notice, how many and since when. */
export function pendingObjectionsByNotice(db: Db) {
  return db
    .select({
      trackKey: notices.trackKey,
      slug: notices.slug,
      pending: count(objections.id).as('pending'),
      oldest: sql<number>`min(${objections.createdAt})`.as('oldest'),
    })
    .from(objections)
    .innerJoin(notices, eq(notices.id, objections.noticeId))
    .where(inArray(objections.status, [...PENDING_OBJECTION]))
    .groupBy(notices.id)
    .orderBy(asc(sql`oldest`));
}

/**
 * Polls with quarantined ballots: per poll, the ballots waiting for a proposal, and those whose
 * void or release proposal waits for a second city admin.
 */
export function quarantineByPoll(db: Db) {
  return db
    .select({
      trackKey: polls.trackKey,
      slug: polls.slug,
      title: polls.title,
      waiting:
        sql<number>`sum(${ballotVoidProposals.ballotId} IS NULL AND ${ballotReleaseProposals.ballotId} IS NULL)`.as(
          'waiting',
        ),
      voidProposed: count(ballotVoidProposals.ballotId).as('void_proposed'),
      releaseProposed: count(ballotReleaseProposals.ballotId).as('release_proposed'),
    })
    .from(polls)
    .innerJoin(ballots, and(eq(ballots.pollId, polls.id), eq(ballots.status, 'quarantined')))
    .leftJoin(ballotVoidProposals, eq(ballotVoidProposals.ballotId, ballots.id))
    .leftJoin(ballotReleaseProposals, eq(ballotReleaseProposals.ballotId, ballots.id))
    .groupBy(polls.id)
    .orderBy(asc(polls.id));
}

/** Expert assignments of each track's current round: how many, and how many scored. */
export function scoringByTrack(db: Db) {
  return db
    .select({
      trackKey: candidates.trackKey,
      assigned: count(expertReviews.id).as('assigned'),
      scored: count(expertReviews.score).as('scored'),
    })
    .from(expertReviews)
    .innerJoin(candidates, eq(candidates.id, expertReviews.candidateId))
    .where(eq(candidates.roundId, currentRoundId(candidates.trackKey)))
    .groupBy(candidates.trackKey);
}

/** Recommendations of each track's current round, per county. */
export function recommendationsByCounty(db: Db) {
  return db
    .select({
      trackKey: recommendations.trackKey,
      countyId: recommendations.countyId,
      recommended: count(recommendations.id).as('recommended'),
    })
    .from(recommendations)
    .where(eq(recommendations.roundId, currentRoundId(recommendations.trackKey)))
    .groupBy(recommendations.trackKey, recommendations.countyId);
}

/** The counties in their order. */
export function countiesInOrder(db: Db) {
  return db
    .select({ id: counties.id, name: counties.name, kind: counties.kind })
    .from(counties)
    .orderBy(asc(counties.sort));
}

/** The ids of the polls of current rounds open at `now`, as a subquery. */
function runningPollIds(db: Db, now: number) {
  return db
    .select({ id: polls.id })
    .from(polls)
    .where(and(eq(polls.roundId, currentRoundId(polls.trackKey)), lte(polls.opensAt, now), gt(polls.closesAt, now)));
}

/** The polls of current rounds open at `now`, with their ballots so far by status. */
export function runningPolls(db: Db, now: number) {
  return db
    .select({
      id: polls.id,
      trackKey: polls.trackKey,
      slug: polls.slug,
      title: polls.title,
      opensAt: polls.opensAt,
      closesAt: polls.closesAt,
      cast: count(ballots.id).as('cast'),
      counted: sql<number>`coalesce(sum(${ballots.status} = 'counted'), 0)`.as('counted'),
      quarantined: sql<number>`coalesce(sum(${ballots.status} = 'quarantined'), 0)`.as('quarantined'),
      voided: sql<number>`coalesce(sum(${ballots.status} = 'void'), 0)`.as('voided'),
    })
    .from(polls)
    .leftJoin(ballots, eq(ballots.pollId, polls.id))
    .where(inArray(polls.id, runningPollIds(db, now)))
    .groupBy(polls.id)
    .orderBy(asc(polls.id));
}

/** Per running poll, its ballots the detection rules ever held (quarantined), released or not. */
export function heldByRules(db: Db, now: number) {
  return db
    .select({ pollId: ballots.pollId, held: countDistinct(ballotEvents.ballotId).as('held') })
    .from(ballotEvents)
    .innerJoin(ballots, eq(ballots.id, ballotEvents.ballotId))
    .where(
      and(
        isNotNull(ballotEvents.ruleId),
        eq(ballotEvents.toStatus, 'quarantined'),
        inArray(ballots.pollId, runningPollIds(db, now)),
      ),
    )
    .groupBy(ballots.pollId);
}

/** Ballots cast in running polls per hour since `since` (`hour`: epoch ms / 3600000). */
export function ballotsPerHour(db: Db, now: number, since: number) {
  // Literals, not bound values: integer division needs integer operands.
  const hour = sql<number>`${ballots.castAt} / ${sql.raw(String(HOUR_MS))}`;
  return db
    .select({ pollId: ballots.pollId, hour: hour.as('hour'), cast: count().as('cast') })
    .from(ballots)
    .where(and(inArray(ballots.pollId, runningPollIds(db, now)), gte(ballots.castAt, since)))
    .groupBy(ballots.pollId, sql`hour`);
}

/** Ballots cast in running polls per China day (`day`: days since 1970-01-01 in China time). */
export function ballotsPerDay(db: Db, now: number) {
  const day = sql<number>`(${ballots.castAt} + ${sql.raw(String(CHINA_OFFSET_MS))}) / ${sql.raw(String(DAY_MS))}`;
  return db
    .select({ pollId: ballots.pollId, day: day.as('day'), cast: count().as('cast') })
    .from(ballots)
    .where(inArray(ballots.pollId, runningPollIds(db, now)))
    .groupBy(ballots.pollId, sql`day`);
}

/** An expert's assignments in the tracks' current rounds, with the score when given. */
export function assignmentsInCurrentRounds(db: Db, expertId: number) {
  return db
    .select({
      candidateId: candidates.id,
      trackKey: candidates.trackKey,
      name: candidates.name,
      county: sql<string | null>`${counties.name}`.as('county_name'),
      score: expertReviews.score,
      submittedAt: expertReviews.submittedAt,
    })
    .from(expertReviews)
    .innerJoin(candidates, eq(candidates.id, expertReviews.candidateId))
    .leftJoin(counties, eq(counties.id, candidates.countyId))
    .where(and(eq(expertReviews.expertId, expertId), eq(candidates.roundId, currentRoundId(candidates.trackKey))))
    .orderBy(asc(candidates.trackKey), asc(candidates.id));
}
