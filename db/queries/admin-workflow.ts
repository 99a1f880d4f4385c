/** Reads of the admin track view: a track's candidates, recommendations and expert reviews. */
import { asc, eq } from 'drizzle-orm';
import type { TrackKey } from '../../contracts/enums';
import type { Db } from '../client';
import { accounts, candidates, counties, expertReviews, recommendations, tracks } from '../schema';

export function findTrack(db: Db, key: TrackKey) {
  return db.select({ key: tracks.key, title: tracks.title }).from(tracks).where(eq(tracks.key, key)).get();
}

/** A track's candidates with their county's name, by id. */
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
    .where(eq(candidates.trackKey, trackKey))
    .orderBy(asc(candidates.id));
}

/** A track's recommendations (id for withdrawal), by county and rank. */
export function recommendationsOfTrack(db: Db, trackKey: TrackKey) {
  return db
    .select({
      id: recommendations.id,
      candidateId: recommendations.candidateId,
      countyId: recommendations.countyId,
      rank: recommendations.rank,
    })
    .from(recommendations)
    .where(eq(recommendations.trackKey, trackKey))
    .orderBy(asc(recommendations.countyId), asc(recommendations.rank));
}

/** Expert assignments and scores of a track's candidates, with the experts' names. */
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
    .where(eq(candidates.trackKey, trackKey))
    .orderBy(asc(expertReviews.candidateId), asc(expertReviews.expertId));
}
