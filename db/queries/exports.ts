/** Reads for the admin CSV exports: recommendations, candidates with their review figures. */
import type { TrackKey } from '../../contracts/enums';
import { asc, eq, sql } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from '../client';
import { accounts, candidates, counties, expertReviews, recommendations, rounds } from '../schema';
import { currentRoundId } from './rounds';

/** The year of the round a row belongs to, for the CSV column 年度. */
const yearOf = (roundId: AnySQLiteColumn) =>
  sql<number>`(SELECT ${rounds.year} FROM ${rounds} WHERE ${rounds.id} = ${roundId})`;

/** The recommendations of a track's current round, by county order and rank, with who submitted them. */
export function recommendationRows(db: Db, trackKey: TrackKey) {
  return db
    .select({
      year: yearOf(recommendations.roundId),
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
    .where(eq(recommendations.roundId, currentRoundId(trackKey)))
    .orderBy(asc(counties.sort), asc(recommendations.rank));
}

/**
 * The candidates of a track's current round with county, status, criteria, the counties that recommended them
 * ('尧都区(1)、侯马市(2)') and their expert review figures.
 */
export function candidateRows(db: Db, trackKey: TrackKey) {
  const recommendedBy = sql<string | null>`(
    SELECT group_concat(name || '(' || rank || ')', '、') FROM (
      SELECT c2.name AS name, r.rank AS rank FROM recommendations r JOIN counties c2 ON c2.id = r.county_id
      WHERE r.candidate_id = ${candidates.id} ORDER BY c2.sort))`;
  return db
    .select({
      year: yearOf(candidates.roundId),
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
    .where(eq(candidates.roundId, currentRoundId(trackKey)))
    .orderBy(asc(candidates.id));
}
