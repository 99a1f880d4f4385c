/** Reads of the tracks' workflow: stages, recommendations, reviews, shortlists, decisions. */
import type { CandidateStatus, TrackKey } from '../../contracts/enums';
import { and, asc, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client';
import type { StageRow } from './content';
import {
  accounts,
  candidates,
  competitionWinners,
  competitions,
  counties,
  decisionItems,
  decisions,
  expertReviews,
  finalListItems,
  finalLists,
  pollCandidates,
  polls,
  recommendations,
  recruitmentEvents,
  tallies,
  trackStages,
} from '../schema';

export type CandidateRow = typeof candidates.$inferSelect;
export type CountyRow = typeof counties.$inferSelect;
export type DecisionRowStored = typeof decisions.$inferSelect;

/** A track's stages in order. */
export function stagesOfTrack(db: Db, trackKey: TrackKey): Promise<StageRow[]> {
  return db.select().from(trackStages).where(eq(trackStages.trackKey, trackKey)).orderBy(asc(trackStages.seq));
}

export function findCounty(db: Db, id: string): Promise<CountyRow | undefined> {
  return db.select().from(counties).where(eq(counties.id, id)).get();
}

export function allCounties(db: Db): Promise<CountyRow[]> {
  return db.select().from(counties).orderBy(asc(counties.sort));
}

export function findCandidate(db: Db, id: number): Promise<CandidateRow | undefined> {
  return db.select().from(candidates).where(eq(candidates.id, id)).get();
}

export function findCandidateByName(db: Db, trackKey: TrackKey, name: string): Promise<CandidateRow | undefined> {
  return db
    .select()
    .from(candidates)
    .where(and(eq(candidates.trackKey, trackKey), eq(candidates.name, name)))
    .get();
}

export function findAccount(db: Db, id: number) {
  return db.select().from(accounts).where(eq(accounts.id, id)).get();
}

export function accountsByIds(db: Db, ids: number[]) {
  return db.select().from(accounts).where(inArray(accounts.id, ids));
}

/** One county's recommendations on a track, by rank. */
export function recommendationsOfCounty(db: Db, trackKey: TrackKey, countyId: string) {
  return db
    .select({
      id: recommendations.id,
      candidateId: recommendations.candidateId,
      rank: recommendations.rank,
      name: candidates.name,
    })
    .from(recommendations)
    .innerJoin(candidates, eq(candidates.id, recommendations.candidateId))
    .where(and(eq(recommendations.trackKey, trackKey), eq(recommendations.countyId, countyId)))
    .orderBy(asc(recommendations.rank));
}

export function findRecommendation(db: Db, id: number) {
  return db.select().from(recommendations).where(eq(recommendations.id, id)).get();
}

/** Recommendations of one candidate (several counties may recommend the same trade). */
export function recommendationsOfCandidate(db: Db, candidateId: number) {
  return db.select().from(recommendations).where(eq(recommendations.candidateId, candidateId));
}

/** Every county with the number of recommendations it has made on a track. */
export function recommendationCounts(db: Db, trackKey: TrackKey) {
  return db
    .select({
      countyId: counties.id,
      name: counties.name,
      kind: counties.kind,
      count: sql<number>`count(${recommendations.id})`,
    })
    .from(counties)
    .leftJoin(recommendations, and(eq(recommendations.countyId, counties.id), eq(recommendations.trackKey, trackKey)))
    .groupBy(counties.id)
    .orderBy(asc(counties.sort));
}

export function findReview(db: Db, candidateId: number, expertId: number) {
  return db
    .select()
    .from(expertReviews)
    .where(and(eq(expertReviews.candidateId, candidateId), eq(expertReviews.expertId, expertId)))
    .get();
}

/** Candidates assigned to an expert, with the expert's score if submitted. */
export function assignmentsOfExpert(db: Db, expertId: number) {
  return db
    .select({
      candidateId: candidates.id,
      trackKey: candidates.trackKey,
      name: candidates.name,
      county: counties.name,
      score: expertReviews.score,
      comment: expertReviews.comment,
      assignedAt: expertReviews.assignedAt,
      submittedAt: expertReviews.submittedAt,
    })
    .from(expertReviews)
    .innerJoin(candidates, eq(candidates.id, expertReviews.candidateId))
    .leftJoin(counties, eq(counties.id, candidates.countyId))
    .where(eq(expertReviews.expertId, expertId))
    .orderBy(asc(candidates.trackKey), asc(candidates.id));
}

/**
 * A track's candidates in the given statuses with their review progress: assigned experts,
 * submitted scores and the mean (null before any score).
 */
export function reviewProgress(db: Db, trackKey: TrackKey, statuses: readonly CandidateStatus[]) {
  return db
    .select({
      candidateId: candidates.id,
      name: candidates.name,
      countyId: candidates.countyId,
      status: candidates.status,
      assigned: sql<number>`count(${expertReviews.id})`,
      submitted: sql<number>`count(${expertReviews.score})`,
      mean: sql<number | null>`avg(${expertReviews.score})`,
    })
    .from(candidates)
    .leftJoin(expertReviews, eq(expertReviews.candidateId, candidates.id))
    .where(and(eq(candidates.trackKey, trackKey), inArray(candidates.status, statuses)))
    .groupBy(candidates.id)
    .orderBy(asc(candidates.id));
}

/** The submitted scores of candidates, for the decision. */
export function submittedScores(db: Db, candidateIds: number[]) {
  return db
    .select({ candidateId: expertReviews.candidateId, score: expertReviews.score })
    .from(expertReviews)
    .where(and(inArray(expertReviews.candidateId, candidateIds), isNotNull(expertReviews.score)));
}

/** The recommendation ranks of candidates, for the decision. */
export function recommendationRanks(db: Db, candidateIds: number[]) {
  return db
    .select({ candidateId: recommendations.candidateId, rank: recommendations.rank })
    .from(recommendations)
    .where(inArray(recommendations.candidateId, candidateIds));
}

/** A track's candidates in one status, by id. */
export function candidatesInStatus(
  db: Db,
  trackKey: TrackKey,
  statuses: readonly CandidateStatus[],
): Promise<CandidateRow[]> {
  return db
    .select()
    .from(candidates)
    .where(and(eq(candidates.trackKey, trackKey), inArray(candidates.status, statuses)))
    .orderBy(asc(candidates.id));
}

/** The track's most recently created poll. */
export function latestPollOfTrack(db: Db, trackKey: TrackKey) {
  return db.select().from(polls).where(eq(polls.trackKey, trackKey)).orderBy(desc(polls.id)).get();
}

/** A poll's finalists with their counted votes, in ballot order. */
export function pollVotes(db: Db, pollId: number) {
  return db
    .select({
      candidateId: candidates.id,
      name: candidates.name,
      votes: sql<number>`coalesce(${tallies.votes}, 0)`,
    })
    .from(pollCandidates)
    .innerJoin(candidates, eq(candidates.id, pollCandidates.candidateId))
    .leftJoin(
      tallies,
      and(eq(tallies.pollId, pollCandidates.pollId), eq(tallies.candidateId, pollCandidates.candidateId)),
    )
    .where(eq(pollCandidates.pollId, pollId))
    .orderBy(asc(pollCandidates.sort));
}

export function findDecision(db: Db, trackKey: TrackKey): Promise<DecisionRowStored | undefined> {
  return db.select().from(decisions).where(eq(decisions.trackKey, trackKey)).get();
}

/** A confirmed decision's items with names and counties, by rank. */
export function decisionItemsOf(db: Db, decisionId: number) {
  return db
    .select({
      candidateId: decisionItems.candidateId,
      name: candidates.name,
      countyId: candidates.countyId,
      county: counties.name,
      rank: decisionItems.rank,
      countyScore: decisionItems.countyScore,
      expertScore: decisionItems.expertScore,
      voteScore: decisionItems.voteScore,
      votes: decisionItems.votes,
      total: decisionItems.total,
      tied: decisionItems.tied,
      selected: decisionItems.selected,
    })
    .from(decisionItems)
    .innerJoin(candidates, eq(candidates.id, decisionItems.candidateId))
    .leftJoin(counties, eq(counties.id, candidates.countyId))
    .where(eq(decisionItems.decisionId, decisionId))
    .orderBy(asc(decisionItems.rank), asc(decisionItems.candidateId));
}

/** Whether the track has a published final list. */
export async function hasPublishedFinalList(db: Db, trackKey: TrackKey): Promise<boolean> {
  const row = await db
    .select({ id: finalLists.id })
    .from(finalLists)
    .where(and(eq(finalLists.trackKey, trackKey), isNotNull(finalLists.publishedAt)))
    .get();
  return row !== undefined;
}

export function findCompetition(db: Db, id: number) {
  return db.select().from(competitions).where(eq(competitions.id, id)).get();
}

/** Winners of one competition, by trade, prize order and place. */
export function winnersOf(db: Db, competitionId: number) {
  return db
    .select()
    .from(competitionWinners)
    .where(eq(competitionWinners.competitionId, competitionId))
    .orderBy(asc(competitionWinners.trade), asc(competitionWinners.prize), asc(competitionWinners.place));
}

export function findRecruitmentEvent(db: Db, id: number) {
  return db.select().from(recruitmentEvents).where(eq(recruitmentEvents.id, id)).get();
}

/** The INSERT of one row of the decision of `trackKey` (which the same batch inserts). */
export function insertDecisionItem(
  db: Db,
  trackKey: TrackKey,
  item: Omit<typeof decisionItems.$inferInsert, 'decisionId'>,
) {
  return db
    .insert(decisionItems)
    .values({ ...item, decisionId: sql`(SELECT id FROM decisions WHERE track_key = ${trackKey})` });
}

/** The INSERT of one entry of the final list `slug` (which the same batch inserts). */
export function insertFinalListItem(
  db: Db,
  slug: string,
  item: Omit<typeof finalListItems.$inferInsert, 'id' | 'listId'>,
) {
  return db.insert(finalListItems).values({ ...item, listId: sql`(SELECT id FROM final_lists WHERE slug = ${slug})` });
}

/** The UPDATE of the candidates `ids` with `set` (their status as the workflow moves them on). */
export function updateCandidates(db: Db, ids: number[], set: Partial<typeof candidates.$inferInsert>) {
  return db.update(candidates).set(set).where(inArray(candidates.id, ids));
}

/** The UPDATE of stage `id` with `set`; with `onlyIfActive`, only while the stage is still active. */
export function updateStage(db: Db, id: number, set: Partial<typeof trackStages.$inferInsert>, onlyIfActive = false) {
  return db
    .update(trackStages)
    .set(set)
    .where(and(eq(trackStages.id, id), onlyIfActive ? eq(trackStages.status, 'active') : undefined));
}

/** The INSERT of a track's decision (its rows follow with insertDecisionItem). */
export function insertDecision(db: Db, values: typeof decisions.$inferInsert) {
  return db.insert(decisions).values(values);
}

/** The INSERT of a final list (its entries follow with insertFinalListItem). */
export function insertFinalList(db: Db, values: typeof finalLists.$inferInsert) {
  return db.insert(finalLists).values(values);
}

/** The INSERT of a candidate (a county's recommendation or an application). */
export function insertCandidate(db: Db, values: typeof candidates.$inferInsert) {
  return db.insert(candidates).values(values);
}

/**
 * The INSERT of a recommendation of `candidate`: its id, or the name of a candidate of the same
 * track that the same batch inserts.
 */
export function insertRecommendation(
  db: Db,
  values: Omit<typeof recommendations.$inferInsert, 'candidateId'>,
  candidate: number | string,
) {
  const candidateId =
    typeof candidate === 'number'
      ? candidate
      : sql`(SELECT id FROM candidates WHERE track_key = ${values.trackKey} AND name = ${candidate})`;
  return db.insert(recommendations).values({ ...values, candidateId });
}

/** The DELETE of a recommendation (withdrawn by its county). */
export function deleteRecommendation(db: Db, id: number) {
  return db.delete(recommendations).where(eq(recommendations.id, id));
}

/** The INSERTs assigning experts to candidates; a pair already assigned is kept as it is. */
export function assignReviews(db: Db, pairs: (typeof expertReviews.$inferInsert)[]) {
  return pairs.map((p) => db.insert(expertReviews).values(p).onConflictDoNothing());
}

/** The DELETE of an assignment, only while it has no score. */
export function unassignReview(db: Db, id: number) {
  return db.delete(expertReviews).where(and(eq(expertReviews.id, id), isNull(expertReviews.score)));
}

/** The UPDATE recording an expert's score for an assignment. */
export function scoreReview(db: Db, id: number, set: { score: number; comment: string | null; submittedAt: number }) {
  return db.update(expertReviews).set(set).where(eq(expertReviews.id, id));
}

/**
 * The UPDATEs that replace a track's shortlist with `chosen`: the shortlisted go back to
 * recommended, then those of `chosen` still in one of `from` are shortlisted.
 */
export function replaceShortlist(db: Db, track: TrackKey, chosen: number[], from: readonly CandidateStatus[]) {
  return [
    db
      .update(candidates)
      .set({ status: 'recommended' })
      .where(and(eq(candidates.trackKey, track), eq(candidates.status, 'shortlisted'))),
    db
      .update(candidates)
      .set({ status: 'shortlisted' })
      .where(
        and(eq(candidates.trackKey, track), inArray(candidates.id, chosen), inArray(candidates.status, [...from])),
      ),
  ] as const;
}

/** The UPDATE of competition `id` (its schedule) with `set`. */
export function updateCompetition(db: Db, id: number, set: Partial<typeof competitions.$inferInsert>) {
  return db.update(competitions).set(set).where(eq(competitions.id, id));
}

/** The statements that replace the winners of one trade of a competition with `rows`. */
export function replaceWinners(
  db: Db,
  competitionId: number,
  trade: string,
  rows: (typeof competitionWinners.$inferInsert)[],
) {
  const del = db
    .delete(competitionWinners)
    .where(and(eq(competitionWinners.competitionId, competitionId), eq(competitionWinners.trade, trade)));
  return rows.length ? [del, db.insert(competitionWinners).values(rows)] : [del];
}

/** The UPDATE of recruitment event `id` (its schedule or outcome) with `set`. */
export function updateRecruitmentEvent(db: Db, id: number, set: Partial<typeof recruitmentEvents.$inferInsert>) {
  return db.update(recruitmentEvents).set(set).where(eq(recruitmentEvents.id, id));
}
