/**
 * The 公示 rule against D1 (contracts/publicity.ts): the facts of a track's notices, the verdict
 * for a final list or a stage close, and the batch guard that re-asserts it inside the transaction.
 */
import { chinaDate } from '../../../contracts/china-time';
import type { TrackKey } from '../../../contracts/enums';
import { publicityVerdict, type PublicityFacts, type PublicityVerdict } from '../../../contracts/publicity';
import { TRACK_RULES } from '../../../contracts/workflow';
import type { Db } from '../../../db/client';
import {
  pendingObjectionsOfTrack,
  PUBLICITY_CLEAR_SQL,
  noticesOfTrack,
  type NoticeRow,
} from '../../../db/queries/notices';
import { guard } from '../../../db/queries/guard';

const toFact = (n: NoticeRow) => ({
  id: n.id,
  slug: n.slug,
  title: n.title,
  isDraft: n.isDraft === 1,
  withdrawn: n.withdrawnAt !== null,
  replacedById: n.replacedById,
  publishedOn: n.publishedOn,
  endsOn: n.endsOn,
  workingDays: n.workingDays,
});

/** The notices of the track (drafts included) and its pending objections, as of `now`. */
export async function publicityFacts(db: Db, trackKey: TrackKey, now: number): Promise<PublicityFacts> {
  const [rows, pendingObjections] = await Promise.all([
    noticesOfTrack(db, trackKey),
    pendingObjectionsOfTrack(db, trackKey),
  ]);
  return { today: chinaDate(now), notices: rows.map(toFact), pendingObjections };
}

/** Whether the track's final list may go out now, and which notice it follows (`namedId`: the admin's choice). */
export async function trackPublicity(
  db: Db,
  trackKey: TrackKey,
  now: number,
  namedId: number | null = null,
): Promise<PublicityVerdict> {
  const facts = await publicityFacts(db, trackKey, now);
  return publicityVerdict(TRACK_RULES[trackKey].publicity ?? null, facts, namedId);
}

/** A guard: still no running notice or pending objection on the track, and `noticeId` still current. */
export function publicityStillClear(db: Db, trackKey: TrackKey, now: number, noticeId: number | null) {
  return guard(db, PUBLICITY_CLEAR_SQL, trackKey, chinaDate(now), noticeId);
}
