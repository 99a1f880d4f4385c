/**
 * Expert review: the city admin assigns experts (or the third-party reviewers of brands) to
 * candidates; only an assigned expert scores, 0-100, while the review stage is open. Then the
 * shortlist: the finalists that go to the public vote (trades: 15).
 */
import { rankCandidates, topN } from '../../../contracts/decision';
import type { CandidateStatus, TrackKey } from '../../../contracts/enums';
import { EXPERT_SCORE_RULE, isExpertScore, TRACK_RULES } from '../../../contracts/workflow';
import type { Db } from '../../../db/client';
import {
  accountsByIds,
  candidatesInStatus,
  findCandidate,
  findReview,
  recommendationRanks,
  reviewProgress,
  submittedScores,
  assignReviews,
  unassignReview,
  scoreReview,
  replaceShortlist,
} from '../../../db/queries/workflow';
import { ApiError } from '../../errors';
import { guard } from '../../../db/queries/guard';
import { fail, invalid, requireRole, commit } from './change';
import type { ChangeResult } from '../../../contracts/admin-workflow';
import type { StaffActor } from '../audit';
import { requireActiveStage, stageStillOpen } from './stages';

/** The statuses a candidate of each track is in while it is reviewed. */
export function reviewedStatuses(track: TrackKey): CandidateStatus[] {
  return track === 'institutions' ? ['applied'] : ['recommended', 'shortlisted'];
}

/** Assigns experts to candidates of one track (city admin); existing pairs are kept. */
export async function assignExperts(
  db: Db,
  actor: StaffActor,
  input: { trackKey: TrackKey; candidateIds: number[]; expertIds: number[] },
  now: number,
): Promise<ChangeResult> {
  requireRole(actor, 'city_admin');
  const candidateIds = [...new Set(input.candidateIds)];
  const expertIds = [...new Set(input.expertIds)];
  if (!candidateIds.length) invalid(['candidateIds'], '请选择候选项');
  if (!expertIds.length) invalid(['expertIds'], '请选择专家');
  const stage = await requireActiveStage(db, input.trackKey, 'review', now);
  const pool = await candidatesInStatus(db, input.trackKey, reviewedStatuses(input.trackKey));
  const poolIds = new Set(pool.map((c) => c.id));
  candidateIds.forEach((id, i) => {
    if (!poolIds.has(id)) invalid(['candidateIds', i], '该候选项不在评审范围内');
  });
  const experts = await accountsByIds(db, expertIds);
  expertIds.forEach((id, i) => {
    const a = experts.find((e) => e.id === id);
    if (!a || a.role !== 'expert' || a.disabledAt !== null) invalid(['expertIds', i], '不是有效的专家账号');
  });
  const pairs = candidateIds.flatMap((candidateId) =>
    expertIds.map((expertId) => ({ candidateId, expertId, assignedAt: now, assignedBy: actor.id })),
  );
  return commit(db, actor, now, {
    round: stage.roundId,
    statements: [
      stageStillOpen(db, stage, now),
      // One statement per pair: D1 binds at most 100 parameters per statement.
      ...assignReviews(db, pairs),
    ],
    audit: {
      action: 'review.assign',
      entityType: 'expert_review',
      entityId: input.trackKey,
      before: null,
      after: { candidateIds, expertIds },
    },
  });
}

/** Removes an assignment that has no score yet (city admin). */
export async function unassignExpert(
  db: Db,
  actor: StaffActor,
  input: { candidateId: number; expertId: number },
  now: number,
): Promise<ChangeResult> {
  requireRole(actor, 'city_admin');
  const candidate = await findCandidate(db, input.candidateId);
  if (!candidate) throw new ApiError('not_found');
  const stage = await requireActiveStage(db, candidate.trackKey, 'review', now, { roundId: candidate.roundId });
  const review = await findReview(db, input.candidateId, input.expertId);
  if (!review) throw new ApiError('not_found');
  if (review.score !== null) fail({ code: 'conflict', message: '专家已提交评分，不能取消分配。' });
  return commit(db, actor, now, {
    round: stage.roundId,
    statements: [stageStillOpen(db, stage, now), unassignReview(db, review.id), guard(db, 'SELECT changes() = 1')],
    audit: {
      action: 'review.unassign',
      entityType: 'expert_review',
      entityId: `${input.candidateId}:${input.expertId}`,
      before: { candidateId: input.candidateId, expertId: input.expertId },
      after: null,
    },
  });
}

/**
 * An expert's score for a candidate assigned to them, 0-100 with at most two decimals, while
 * the review stage is open (and before its deadline); a resubmission replaces the score.
 */
export async function recordScore(
  db: Db,
  actor: StaffActor,
  input: { candidateId: number; score: number; comment?: string | null },
  now: number,
): Promise<ChangeResult> {
  requireRole(actor, 'expert');
  const { score } = input;
  if (!isExpertScore(score)) invalid(['score'], EXPERT_SCORE_RULE);
  const candidate = await findCandidate(db, input.candidateId);
  if (!candidate) throw new ApiError('not_found');
  const review = await findReview(db, input.candidateId, actor.id);
  if (!review) throw new ApiError('forbidden', { message: '该候选项未分配给您评审。' });
  const stage = await requireActiveStage(db, candidate.trackKey, 'review', now, {
    checkDeadline: true,
    roundId: candidate.roundId,
  });
  return commit(db, actor, now, {
    round: stage.roundId,
    statements: [
      stageStillOpen(db, stage, now, true),
      scoreReview(db, review.id, { score, comment: input.comment ?? null, submittedAt: now }),
    ],
    audit: {
      action: 'review.score',
      entityType: 'expert_review',
      entityId: `${input.candidateId}:${actor.id}`,
      before: { score: review.score, comment: review.comment },
      after: { score, comment: input.comment ?? null },
    },
  });
}

/**
 * The candidates under review ranked by their mean expert score (ties broken by county
 * recommendation, as in docs/decision.md), for the admin choosing the shortlist.
 */
export async function reviewRanking(db: Db, trackKey: TrackKey) {
  const progress = await reviewProgress(db, trackKey, reviewedStatuses(trackKey));
  const ids = progress.map((p) => p.candidateId);
  if (!ids.length) return [];
  const [scores, ranks] = await Promise.all([submittedScores(db, ids), recommendationRanks(db, ids)]);
  const rows = rankCandidates(
    progress.map((p) => ({
      candidateId: p.candidateId,
      name: p.name,
      recommendationRanks: ranks.filter((r) => r.candidateId === p.candidateId).map((r) => r.rank),
      expertScores: scores.filter((s) => s.candidateId === p.candidateId).map((s) => s.score!),
      votes: null,
    })),
    { county: 0, expert: 100, vote: 0 },
  );
  return rows.map((r) => {
    const p = progress.find((x) => x.candidateId === r.candidateId)!;
    return { ...r, status: p.status, assigned: p.assigned, submitted: p.submitted };
  });
}

/**
 * Builds (or rebuilds, while the review stage is open) the shortlist of finalists: the given
 * candidates, or by default the top of the review ranking. Its size is the stage's target
 * (trades: 15) where there is one; a tie across the cut must be settled by naming the candidates.
 */
export async function buildShortlist(
  db: Db,
  actor: StaffActor,
  input: { trackKey: TrackKey; candidateIds?: number[] },
  now: number,
): Promise<ChangeResult> {
  requireRole(actor, 'city_admin');
  const track = input.trackKey;
  const stage = await requireActiveStage(db, track, 'shortlist', now);
  const target = stage.targetCount ?? TRACK_RULES[track].stages[stage.key]?.target ?? null;
  const ranking = await reviewRanking(db, track);
  let chosen: number[];
  if (input.candidateIds) {
    chosen = [...new Set(input.candidateIds)];
    chosen.forEach((id, i) => {
      const r = ranking.find((x) => x.candidateId === id);
      if (!r) invalid(['candidateIds', i], '该候选项不在评审范围内');
      if (r.expertScore === null) invalid(['candidateIds', i], `“${r.name}”尚无专家评分`);
    });
  } else {
    if (target === null) invalid(['candidateIds'], '请指定入围名单');
    const scored = ranking.filter((r) => r.expertScore !== null);
    const top = topN(scored, target);
    if ('tiedAtCut' in top)
      fail({
        code: 'conflict',
        message: `第${target}名处有并列，请直接指定入围名单：${scored
          .filter((r) => top.tiedAtCut.includes(r.candidateId))
          .map((r) => `“${r.name}”`)
          .join('、')}。`,
      });
    chosen = top.selected;
  }
  if (target !== null && chosen.length !== target)
    fail({ code: 'conflict', message: `入围名单应为${target}个，现为${chosen.length}个。` });
  if (!chosen.length) invalid(['candidateIds'], '入围名单不能为空');
  const before = ranking.filter((r) => r.status === 'shortlisted').map((r) => r.candidateId);
  return commit(db, actor, now, {
    round: stage.roundId,
    statements: [
      stageStillOpen(db, stage, now),
      ...replaceShortlist(db, track, chosen, reviewedStatuses(track)),
      guard(db, 'SELECT changes() = ?', chosen.length),
    ],
    audit: {
      action: 'shortlist.build',
      entityType: 'track',
      entityId: track,
      before: { shortlist: before },
      after: { shortlist: chosen },
    },
  });
}
