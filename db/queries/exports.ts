/** Reads for the admin CSV exports: recommendations, candidates with their review figures. */
import type { TrackKey } from '../../contracts/enums';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { accounts, candidates, counties, expertReviews, recommendations } from '../schema';

/** A track's recommendations, by county order and rank, with who submitted them. */
export function recommendationRows(db: Db, trackKey: TrackKey) {
  return db
    .select({
      county: counties.name,
      countyKind: counties.kind,
      rank: recommendations.rank,
      candidateId: candidates.id,
      candidate: candidates.name,
      candidateStatus: candidates.status,
      note: recommendations.note,
      submittedAt: recommendations.submittedAt,
      submittedBy: accounts.displayName,
    })
    .from(recommendations)
    .innerJoin(counties, eq(counties.id, recommendations.countyId))
    .innerJoin(candidates, eq(candidates.id, recommendations.candidateId))
    .leftJoin(accounts, eq(accounts.id, recommendations.submittedBy))
    .where(eq(recommendations.trackKey, trackKey))
    .orderBy(asc(counties.sort), asc(recommendations.rank));
}

/**
 * A track's candidates with county, status, criteria, the counties that recommended them
 * ('尧都区(1)、侯马市(2)') and their expert review figures.
 */
export function candidateRows(db: Db, trackKey: TrackKey) {
  const recommendedBy = sql<string | null>`(
    SELECT group_concat(name || '(' || rank || ')', '、') FROM (
      SELECT c2.name AS name, r.rank AS rank FROM recommendations r JOIN counties c2 ON c2.id = r.county_id
      WHERE r.candidate_id = ${candidates.id} ORDER BY c2.sort))`;
  return db
    .select({
      id: candidates.id,
      name: candidates.name,
      county: counties.name,
      status: candidates.status,
      applicant: candidates.applicant,
      trainedCount: candidates.trainedCount,
      employmentRatePct: candidates.employmentRatePct,
      cultivatedSince: candidates.cultivatedSince,
      trainingSharePct: candidates.trainingSharePct,
      fullTimeTeacherPct: candidates.fullTimeTeacherPct,
      institutionType: candidates.institutionType,
      validUntil: candidates.validUntil,
      recommendedBy,
      assigned: sql<number>`(SELECT count(*) FROM ${expertReviews} WHERE ${expertReviews.candidateId} = ${candidates.id})`,
      scores: sql<
        string | null
      >`(SELECT group_concat(printf('%g', ${expertReviews.score}), '、') FROM ${expertReviews} WHERE ${expertReviews.candidateId} = ${candidates.id} AND ${expertReviews.score} IS NOT NULL)`,
      isDemo: candidates.isDemo,
    })
    .from(candidates)
    .leftJoin(counties, eq(counties.id, candidates.countyId))
    .where(and(eq(candidates.trackKey, trackKey)))
    .orderBy(asc(candidates.id));
}
