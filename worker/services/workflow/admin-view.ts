/**
 * What the admin pages read: one track with its stages, candidates, reviews and county progress,
 * filtered by role (a county officer sees its own county; an expert the candidates assigned to
 * them and only their own scores), and a track's decision, live or confirmed.
 */
import type { AdminTrackBody, DecisionBody } from '../../../contracts/admin-workflow';
import type { TrackKey } from '../../../contracts/enums';
import { endedNotice, finalListMessage, publicityVerdict, type PublicityFacts } from '../../../contracts/publicity';
import { TRACK_RULES } from '../../../contracts/workflow';
import { read, type Db } from '../../../db/client';
import {
  candidatesOfTrack,
  findTrack,
  recommendationsOfTrack,
  reviewsOfTrack,
} from '../../../db/queries/admin-workflow';
import { listPolls } from '../../../db/queries/polls';
import { ApiError } from '../../errors';
import { toPollSummary } from '../polls';
import type { StaffActor as Actor } from '../audit';
import { computeDecision, confirmedDecision } from './decision';
import { publicityFacts } from './publicity';
import { adminRounds } from '../rounds';
import { defaultStageDeadline, loadStages, recommendationProgress, stageCalendar } from './stages';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The admin view of one track for `viewer`; 404 for an unknown track. */
export async function adminTrackView(db: Db, trackKey: TrackKey, viewer: Actor, now: number): Promise<AdminTrackBody> {
  const track = await findTrack(db, trackKey);
  if (!track) throw new ApiError('not_found');
  const [stages, rows, recs, reviews, progress, trackPolls, publicity, rounds] = await Promise.all([
    loadStages(db, trackKey),
    candidatesOfTrack(db, trackKey),
    recommendationsOfTrack(db, trackKey),
    reviewsOfTrack(db, trackKey),
    recommendationProgress(db, trackKey),
    read(db, listPolls(db, { track: trackKey, year: null, current: 1 })),
    publicityFacts(db, trackKey, now),
    adminRounds(db, trackKey),
  ]);
  const cal = await stageCalendar(db, now, stages);
  const county = viewer.role === 'county_officer' ? viewer.countyId : null;
  const expert = viewer.role === 'expert' ? viewer.id : null;
  const sees = (c: (typeof rows)[number]) => {
    if (county !== null)
      return c.countyId === county || recs.some((r) => r.candidateId === c.id && r.countyId === county);
    if (expert !== null) return reviews.some((r) => r.candidateId === c.id && r.expertId === expert);
    return true;
  };
  const allScores = viewer.role === 'city_admin' || viewer.role === 'auditor';
  const candidates = rows.filter(sees).map((c) => {
    const mine = reviews.filter((r) => r.candidateId === c.id && (allScores || r.expertId === expert));
    const scores = mine.map((r) => r.score).filter((s): s is number => s !== null);
    return {
      id: c.id,
      name: c.name,
      countyId: c.countyId,
      county: c.county,
      status: c.status,
      summary: c.summary,
      isDemo: c.isDemo === 1,
      recommendations: recs
        .filter((r) => r.candidateId === c.id && (county === null || r.countyId === county))
        .map(({ id, countyId, rank }) => ({ id, countyId, rank })),
      reviews: mine.map((r) => ({
        expertId: r.expertId,
        expert: r.expert,
        score: r.score,
        comment: r.comment,
        submittedAt: iso(r.submittedAt),
      })),
      expertScore:
        allScores && scores.length ? Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 100) / 100 : null,
      validFrom: c.validFrom,
      validUntil: c.validUntil,
      revokedAt: iso(c.revokedAt),
      revokedReason: c.revokedReason,
    };
  });
  return {
    track,
    stages: stages.map((s) => ({
      key: s.key,
      seq: s.seq,
      title: s.title,
      rule: s.rule,
      status: s.status,
      deadlineAt: iso(s.deadlineAt),
      ...(s.status === 'pending' ? { defaultDeadlineAt: iso(defaultStageDeadline(s, now, cal)) } : {}),
      targetCount: s.targetCount,
      openedAt: iso(s.openedAt),
      closedAt: iso(s.closedAt),
    })),
    candidates,
    recommendationProgress: county === null ? progress : progress.filter((p) => p.countyId === county),
    polls: trackPolls.map((p) => ({ ...toPollSummary(p, now), windowChangeReason: p.windowChangeReason })),
    viewer: { role: viewer.role, countyId: viewer.countyId },
    publicity: publicityView(trackKey, publicity),
    ...rounds,
  };
}

/** What the final-list form mirrors: the notice the server would follow, or why it refuses now. */
function publicityView(trackKey: TrackKey, facts: PublicityFacts): AdminTrackBody['publicity'] {
  const rule = TRACK_RULES[trackKey].publicity ?? null;
  const verdict = publicityVerdict(rule, facts);
  const notice = verdict.block ? null : (verdict.notice ?? endedNotice(facts.notices, facts.today));
  return {
    required: rule !== null,
    workingDays: rule?.workingDays ?? null,
    notice: notice && { slug: notice.slug, title: notice.title, endsOn: notice.endsOn },
    blocked: verdict.block ? finalListMessage(verdict.block) : null,
  };
}

/**
 * A track's decision: the live ranking (refused while the poll is open or embargoed) and, once
 * confirmed, the stored decision with every candidate's breakdown as it stood.
 */
export async function decisionView(db: Db, trackKey: TrackKey, now: number): Promise<DecisionBody> {
  const [view, confirmed] = await Promise.all([computeDecision(db, trackKey, now), confirmedDecision(db, trackKey)]);
  return {
    ...view,
    confirmed: confirmed
      ? {
          mode: confirmed.decision.mode,
          overrideReason: confirmed.decision.overrideReason,
          selectCount: confirmed.decision.selectCount,
          decidedAt: new Date(confirmed.decision.decidedAt).toISOString(),
          weights: {
            county: confirmed.decision.weightCounty,
            expert: confirmed.decision.weightExpert,
            vote: confirmed.decision.weightVote,
          },
          items: confirmed.items.map((i) => ({ ...i, tied: i.tied === 1, selected: i.selected === 1 })),
        }
      : null,
  };
}
