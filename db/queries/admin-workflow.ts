/** Reads of the admin track view: a track's candidates, recommendations and expert reviews. */
import { and, asc, eq, or } from 'drizzle-orm';
import type { TrackKey } from '../../contracts/enums';
import type { Db } from '../client';
import { accounts, candidates, counties, expertReviews, recommendations, tracks } from '../schema';
import { currentRoundId } from './rounds';

export function findTrack(db: Db, key: TrackKey) {
  return db.select({ key: tracks.key, title: tracks.title }).from(tracks).where(eq(tracks.key, key)).get();
}

/**
 * The candidates of a track's current round with their county's name, by id; for institutions
 * also the directory's entries of earlier rounds, since the directory spans rounds (renewal and
 * revocation stay possible).
 */
export function candidatesOfTrack(db: Db, trackKey: TrackKey) {
  return db
    .select({
      id: candidates.id,
      name: candidates.name,
      countyId: candidates.countyId,
      county: counties.name,
      status: candidates.status,
      summary: candidates.summary,
      isDemo: candidates.isDemo,
      validFrom: candidates.validFrom,
      validUntil: candidates.validUntil,
      revokedAt: candidates.revokedAt,
      revokedReason: candidates.revokedReason,
    })
    .from(candidates)
    .leftJoin(counties, eq(counties.id, candidates.countyId))
    .where(
      or(
        eq(candidates.roundId, currentRoundId(trackKey)),
        trackKey === 'institutions'
          ? and(eq(candidates.trackKey, 'institutions'), eq(candidates.status, 'selected'))
          : undefined,
      ),
    )
    .orderBy(asc(candidates.id));
}

/** The recommendations of a track's current round (id for withdrawal), by county and rank. */
export function recommendationsOfTrack(db: Db, trackKey: TrackKey) {
  return db
    .select({
      id: recommendations.id,
      candidateId: recommendations.candidateId,
      countyId: recommendations.countyId,
      rank: recommendations.rank,
    })
    .from(recommendations)
    .where(eq(recommendations.roundId, currentRoundId(trackKey)))
    .orderBy(asc(recommendations.countyId), asc(recommendations.rank));
}

/** Expert assignments and scores of the candidates of a track's current round, with the experts' names. */
export function reviewsOfTrack(db: Db, trackKey: TrackKey) {
  return db
    .select({
      candidateId: expertReviews.candidateId,
      expertId: expertReviews.expertId,
      expert: accounts.displayName,
      score: expertReviews.score,
      comment: expertReviews.comment,
      submittedAt: expertReviews.submittedAt,
    })
    .from(expertReviews)
    .innerJoin(candidates, eq(candidates.id, expertReviews.candidateId))
    .innerJoin(accounts, eq(accounts.id, expertReviews.expertId))
    .where(eq(candidates.roundId, currentRoundId(trackKey)))
    .orderBy(asc(expertReviews.candidateId), asc(expertReviews.expertId));
}
