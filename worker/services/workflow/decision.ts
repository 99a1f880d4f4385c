/**
 * The decision: county recommendation, expert score and public vote combined with the weights
 * published before voting (contracts/decision.ts, docs/decision.md); the city admin confirms the
 * top N or overrides with a written reason. Then the final list the public site reads.
 */
import { rankCandidates, topN, type DecisionRow, type Weights } from '../../../contracts/decision';
import type { TrackKey } from '../../../contracts/enums';
import { finalListMessage } from '../../../contracts/publicity';
import { TRACK_RULES } from '../../../contracts/workflow';
import type { Db } from '../../../db/client';
import {
  candidatesInStatus,
  decisionItemsOf,
  findDecision,
  hasPublishedFinalList,
  insertDecision,
  insertDecisionItem,
  insertFinalList,
  updateCandidates,
  updateStage,
  insertFinalListItem,
  latestPollOfTrack,
  pollVotes,
  recommendationRanks,
  submittedScores,
} from '../../../db/queries/workflow';
import { findNotice, noticeById, removedItemsOfTrack } from '../../../db/queries/notices';
import { ApiError } from '../../errors';
import { countsVisible, pollStatus } from '../polls';
import { fail, invalid, requireRole, commit, type Change } from './change';
import type { ChangeResult } from '../../../contracts/admin-workflow';
import type { StaffActor } from '../audit';
import { publicityStillClear, trackPublicity } from './publicity';
import { requireActiveStage, stageStillOpen } from './stages';
import { chinaDate } from '../../../contracts/china-time';
import { finishCurrentRound } from '../../../db/queries/rounds';

export interface DecisionView {
  trackKey: TrackKey;
  /** The poll whose votes and weights count; null for tracks without a vote (bases). */
  pollSlug: string | null;
  weights: Weights;
  /** How many the track selects by default (trades 10, bases 10); null: the admin says. */
  selectCount: number | null;
  rows: DecisionRow[];
  /** Candidates without any submitted expert score while the expert weight is above 0. */
  missingExpert: number[];
}

/**
 * The live ranking of a track's candidates (read-only; auditors may see it). Refused while the
 * track's poll is still open (409 `conflict`) or its counts are under embargo (409 `embargoed`).
 */
export async function computeDecision(db: Db, trackKey: TrackKey, now: number): Promise<DecisionView> {
  const rule = TRACK_RULES[trackKey];
  let pollSlug: string | null = null;
  let weights: Weights;
  let pool: { candidateId: number; name: string; votes: number | null }[];
  if (rule.poll) {
    const poll = await latestPollOfTrack(db, trackKey);
    if (!poll) fail({ code: 'conflict', message: '本赛道尚未进行公众投票。' });
    const status = pollStatus(poll, now);
    if (status === 'scheduled' || status === 'open') fail({ code: 'conflict', message: '投票尚未结束。' });
    if (!countsVisible(poll)) throw new ApiError('embargoed');
    pollSlug = poll.slug;
    weights = { county: poll.weightCounty, expert: poll.weightExpert, vote: poll.weightVote };
    pool = await pollVotes(db, poll.id);
  } else if (rule.fixedWeights) {
    weights = rule.fixedWeights;
    pool = (await candidatesInStatus(db, trackKey, ['recommended', 'shortlisted'])).map((c) => ({
      candidateId: c.id,
      name: c.name,
      votes: null,
    }));
  } else {
    fail({ code: 'conflict', message: '该赛道不进行综合评定。' });
  }
  const ids = pool.map((p) => p.candidateId);
  const [scores, ranks] = ids.length
    ? await Promise.all([submittedScores(db, ids), recommendationRanks(db, ids)])
    : [[], []];
  const rows = rankCandidates(
    pool.map((p) => ({
      ...p,
      recommendationRanks: ranks.filter((r) => r.candidateId === p.candidateId).map((r) => r.rank),
      expertScores: scores.filter((s) => s.candidateId === p.candidateId).map((s) => s.score!),
    })),
    weights,
  );
  const decideStage = Object.values(rule.stages).find((s) => s.activities.includes('decide'));
  return {
    trackKey,
    pollSlug,
    weights,
    selectCount: decideStage?.target ?? null,
    rows,
    missingExpert: weights.expert > 0 ? rows.filter((r) => r.expertScore === null).map((r) => r.candidateId) : [],
  };
}

export type ConfirmInput =
  | { trackKey: TrackKey; mode: 'top_n'; /** required where the track has no default (brands) */ selectCount?: number }
  | { trackKey: TrackKey; mode: 'override'; selected: number[]; reason: string };

/**
 * Confirms the decision while the decision stage is open (city admin): the top N of the ranking,
 * or an override naming the selected candidates with a written reason (needed when a tie straddles
 * the cut). Stores the weights and every candidate's breakdown as they stood. Once per track.
 */
export async function confirmDecision(
  db: Db,
  actor: StaffActor,
  input: ConfirmInput,
  now: number,
): Promise<ChangeResult> {
  requireRole(actor, 'city_admin');
  const stage = await requireActiveStage(db, input.trackKey, 'decide', now);
  if (await findDecision(db, input.trackKey)) fail({ code: 'conflict', message: '本年度的评选结果已经确认。' });
  const view = await computeDecision(db, input.trackKey, now);
  if (!view.rows.length) fail({ code: 'conflict', message: '没有可评定的候选项。' });
  if (view.missingExpert.length)
    fail({
      code: 'conflict',
      message: `以下候选项尚无专家评分，不能确认：${view.rows
        .filter((r) => view.missingExpert.includes(r.candidateId))
        .map((r) => `“${r.name}”`)
        .join('、')}。`,
    });
  let selected: number[];
  let selectCount: number;
  let reason: string | null = null;
  if (input.mode === 'top_n') {
    selectCount = stage.targetCount ?? view.selectCount ?? input.selectCount ?? 0;
    if (!Number.isInteger(selectCount) || selectCount < 1) invalid(['selectCount'], '请填写确定数量');
    if (selectCount > view.rows.length)
      fail({ code: 'conflict', message: `候选项只有${view.rows.length}个，不足${selectCount}个。` });
    const top = topN(view.rows, selectCount);
    if ('tiedAtCut' in top)
      fail({
        code: 'conflict',
        message: `第${selectCount}名处并列且无法按规则区分：${view.rows
          .filter((r) => top.tiedAtCut.includes(r.candidateId))
          .map((r) => `“${r.name}”`)
          .join('、')}。请调整名单并填写书面理由。`,
      });
    selected = top.selected;
  } else {
    reason = input.reason.trim();
    if (!reason) invalid(['reason'], '调整名单须填写书面理由');
    selected = [...new Set(input.selected)];
    if (!selected.length) invalid(['selected'], '请选择确定的候选项');
    selected.forEach((id, i) => {
      if (!view.rows.some((r) => r.candidateId === id)) invalid(['selected', i], '该候选项不在评定范围内');
    });
    selectCount = selected.length;
  }
  const chosen = new Set(selected);
  const statements: Change['statements'] = [
    stageStillOpen(db, stage, now),
    insertDecision(db, {
      trackKey: input.trackKey,
      pollId: view.pollSlug ? (await latestPollOfTrack(db, input.trackKey))!.id : null,
      weightCounty: view.weights.county,
      weightExpert: view.weights.expert,
      weightVote: view.weights.vote,
      selectCount,
      mode: input.mode,
      overrideReason: reason,
      decidedBy: actor.id,
      decidedAt: now,
    }),
    ...view.rows.map((r) =>
      insertDecisionItem(db, input.trackKey, {
        candidateId: r.candidateId,
        rank: r.rank,
        countyScore: r.countyScore,
        expertScore: r.expertScore,
        voteScore: r.voteScore,
        votes: r.votes,
        total: r.total,
        tied: r.tied ? 1 : 0,
        selected: chosen.has(r.candidateId) ? 1 : 0,
      }),
    ),
  ];
  return commit(db, actor, now, {
    round: stage.roundId,
    statements,
    audit: {
      action: input.mode === 'top_n' ? 'decision.confirm' : 'decision.override',
      entityType: 'decision',
      entityId: input.trackKey,
      before: null,
      after: { weights: view.weights, pollSlug: view.pollSlug, selectCount, selected, rows: view.rows },
      reason,
    },
  });
}

/** The confirmed decision of a track with its items, or undefined. */
export async function confirmedDecision(db: Db, trackKey: TrackKey) {
  const decision = await findDecision(db, trackKey);
  if (!decision) return undefined;
  return { decision, items: await decisionItemsOf(db, decision.id) };
}

export interface FinalListInput {
  trackKey: TrackKey;
  slug: string;
  title: string;
  body?: string;
  /**
   * The 公示 notice the list follows (docs/notices.md): it must have ended, neither withdrawn nor
   * replaced. None named: the server finds it where the track requires 公示.
   */
  noticeId?: number | null;
  /** The same notice by slug (what the admin pages know). */
  noticeSlug?: string | null;
}

/**
 * Publishes the track's final list from its confirmed decision (city admin), at once visible on
 * the public site: the selected candidates in rank order, marked selected (brands are named
 * 临汾市劳务品牌, brand level 'city'), leaving out what an upheld objection removed. Refused (409)
 * while the track's 公示 runs or has a pending objection, and where the track requires 公示 until
 * a notice of it has ended (contracts/publicity.ts).
 */
export async function publishFinalList(
  db: Db,
  actor: StaffActor,
  input: FinalListInput,
  now: number,
): Promise<ChangeResult> {
  requireRole(actor, 'city_admin');
  const track = input.trackKey;
  const stage = await requireActiveStage(db, track, 'final_list', now);
  if (!/^[a-z0-9][a-z0-9-]{0,79}$/.test(input.slug)) invalid(['slug'], '地址只能使用小写字母、数字和连字符');
  if (!input.title.trim()) invalid(['title'], '请填写标题');
  const confirmed = await confirmedDecision(db, track);
  if (!confirmed) fail({ code: 'conflict', message: '评选结果尚未确认。' });
  if (await hasPublishedFinalList(db, track)) fail({ code: 'conflict', message: '本年度的最终名单已经发布。' });
  let named = input.noticeId ?? null;
  if (input.noticeSlug != null) {
    const bySlug = await findNotice(db, input.noticeSlug);
    if (!bySlug || bySlug.roundId !== stage.roundId || (named !== null && named !== bySlug.id))
      invalid(['noticeSlug'], '没有本赛道的这份公示');
    named = bySlug.id;
  } else if (named !== null) {
    const byId = await noticeById(db, named);
    if (!byId || byId.roundId !== stage.roundId) invalid(['noticeId'], '没有本赛道的这份公示');
  }
  // The server picks the notice where none is named; 公示 required or not, nothing may be running or pending.
  const verdict = await trackPublicity(db, track, now, named);
  if (verdict.block) fail({ code: 'conflict', message: finalListMessage(verdict.block) });
  const noticeId = verdict.notice?.id ?? null;
  // Whatever notice the list follows, nothing an upheld objection removed from the track's 公示 comes back.
  const removed = await removedItemsOfTrack(db, track);
  const isRemoved = (i: { candidateId: number; name: string; countyId: string | null }) =>
    removed.some((r) =>
      r.candidateId !== null
        ? r.candidateId === i.candidateId
        : r.name === i.name && (r.countyId === null || r.countyId === i.countyId),
    );
  const items = confirmed.items.filter((i) => i.selected === 1 && !isRemoved(i));
  if (!items.length) fail({ code: 'conflict', message: '最终名单为空。' });
  const values = {
    slug: input.slug,
    trackKey: track,
    title: input.title.trim(),
    body: input.body ?? '',
    noticeId,
    publishedAt: now,
  };
  const ids = items.map((i) => i.candidateId);
  const statements: Change['statements'] = [
    stageStillOpen(db, stage, now),
    // A notice published, replaced or objected to between the check above and this batch still stops it.
    publicityStillClear(db, track, now, noticeId),
    insertFinalList(db, values),
    ...items.map((item, i) =>
      insertFinalListItem(db, input.slug, {
        rank: i + 1,
        candidateId: item.candidateId,
        name: item.name,
        countyId: item.countyId,
        note: `综合得分 ${item.total.toFixed(2)}`,
      }),
    ),
    updateCandidates(db, ids, track === 'brands' ? { status: 'selected', brandLevel: 'city' } : { status: 'selected' }),
    // The list ends the round: its stage closes and the round is finished, last, since nothing
    // may be added to a finished round.
    updateStage(db, stage.id, { status: 'done', closedAt: now, closedBy: actor.id, endsOn: chinaDate(now) }, true),
    finishCurrentRound(db, track, now),
  ];
  return commit(db, actor, now, {
    round: stage.roundId,
    statements,
    audit: {
      action: 'final_list.publish',
      entityType: 'final_list',
      entityId: input.slug,
      before: null,
      after: { ...values, items: items.map((i) => ({ candidateId: i.candidateId, name: i.name })) },
    },
  });
}
