/**
 * Poll management: a poll from the shortlist (window by the time rules, choices, live counts or
 * embargo, weights fixed once voting opens), closing early or extending with a reason that the
 * public poll page shows, and publishing results (ends the embargo).
 */
import { addDays, chinaMidnight, votingWindowClose } from '../../../contracts/china-time';
import { weightsIssues, type Weights } from '../../../contracts/decision';
import type { TrackKey } from '../../../contracts/enums';
import { POLL_MAX_DAYS, POLL_MAX_LEAD_DAYS, pollLastDayLimit, TRACK_RULES } from '../../../contracts/workflow';
import type { Db } from '../../../db/client';
import { addPollCandidate, findPoll, insertPoll, updatePoll, type PollRow } from '../../../db/queries/polls';
import { candidatesInStatus, latestPollOfTrack, updateCandidates } from '../../../db/queries/workflow';
import { ApiError } from '../../errors';
import { pollStatus } from '../polls';
import { guard } from '../../../db/queries/guard';
import { fail, invalid, requireRole, commit, type Change } from './change';
import type { ChangeResult } from '../../../contracts/admin-workflow';
import type { StaffActor } from '../audit';
import { requireActiveStage, stageStillOpen } from './stages';
import { requireRoundOpenById } from '../rounds';

const SLUG = /^[a-z0-9][a-z0-9-]{0,79}$/;

function checkWeights(w: Weights) {
  const issues = weightsIssues(w);
  if (issues.length)
    throw new ApiError('invalid_request', { issues: issues.map((message) => ({ path: ['weights'], message })) });
}

const pollView = (p: PollRow) => ({
  opensAt: p.opensAt,
  closesAt: p.closesAt,
  maxChoices: p.maxChoices,
  liveCounts: p.liveCounts === 1,
  weights: { county: p.weightCounty, expert: p.weightExpert, vote: p.weightVote },
  windowChangeReason: p.windowChangeReason,
  resultsPublishedAt: p.resultsPublishedAt,
});

/** The poll a write changes: 404 when there is none, 409 `round_closed` when its round is past. */
async function requirePoll(db: Db, slug: string): Promise<PollRow> {
  const poll = await findPoll(db, slug);
  if (!poll) throw new ApiError('not_found');
  await requireRoundOpenById(db, poll.roundId);
  return poll;
}

export interface CreatePollInput {
  trackKey: TrackKey;
  slug: string;
  title: string;
  description?: string;
  /** The opening instant; day 1 of the window is its China date. */
  opensAt: number;
  /** Calendar days of the window (default: the track's rule, 15); closes 24:00 China time of the last day. */
  days?: number;
  /** Choices per ballot (default: trades 10; otherwise required). */
  maxChoices?: number;
  liveCounts: boolean;
  /** Published with the poll before voting opens; sum to 100. */
  weights: Weights;
}

/** Creates the public vote on the track's shortlist while the vote stage is open (city admin). */
export async function createPollFromShortlist(
  db: Db,
  actor: StaffActor,
  input: CreatePollInput,
  now: number,
): Promise<ChangeResult> {
  requireRole(actor, 'city_admin');
  const track = input.trackKey;
  const rule = TRACK_RULES[track].poll;
  if (!rule) fail({ code: 'conflict', message: '该赛道不进行公众投票。' });
  const stage = await requireActiveStage(db, track, 'poll', now);
  if (!SLUG.test(input.slug)) invalid(['slug'], '地址只能使用小写字母、数字和连字符');
  if (!input.title.trim()) invalid(['title'], '请填写标题');
  checkWeights(input.weights);
  if (input.opensAt < now - 60_000) invalid(['opensAt'], '开始时间不能早于当前时间');
  if (input.opensAt > now + POLL_MAX_LEAD_DAYS * 86_400_000)
    invalid(['opensAt'], `开始时间不能晚于${POLL_MAX_LEAD_DAYS}天之后`);
  const days = input.days ?? rule.days;
  if (!Number.isInteger(days) || days < 1 || days > POLL_MAX_DAYS)
    invalid(['days'], `投票天数应为1-${POLL_MAX_DAYS}天`);
  const last = await latestPollOfTrack(db, track);
  if (last && pollStatus(last, now) !== 'closed' && pollStatus(last, now) !== 'published')
    fail({ code: 'conflict', message: `本赛道已有未结束的投票“${last.title}”。` });
  const finalists = await candidatesInStatus(db, track, ['shortlisted']);
  if (!finalists.length) fail({ code: 'conflict', message: '入围名单尚未确定。' });
  const maxChoices = input.maxChoices ?? rule.maxChoices;
  if (maxChoices === undefined) invalid(['maxChoices'], '请填写每票最多可选数量');
  if (!Number.isInteger(maxChoices) || maxChoices < 1 || maxChoices > finalists.length)
    invalid(['maxChoices'], `每票最多可选数量应为1-${finalists.length}`);
  if (await findPoll(db, input.slug)) fail({ code: 'conflict', message: '该地址已被使用。' });

  const closesAt = votingWindowClose(input.opensAt, days);
  const values = {
    slug: input.slug,
    trackKey: track,
    title: input.title.trim(),
    description: input.description ?? '',
    opensAt: input.opensAt,
    closesAt,
    maxChoices,
    liveCounts: input.liveCounts ? 1 : 0,
    weightCounty: input.weights.county,
    weightExpert: input.weights.expert,
    weightVote: input.weights.vote,
  };
  const statements: Change['statements'] = [stageStillOpen(db, stage, now), insertPoll(db, values)];
  finalists.forEach((c, i) => statements.push(...addPollCandidate(db, input.slug, c.id, i + 1)));
  statements.push(
    updateCandidates(
      db,
      finalists.map((c) => c.id),
      { status: 'finalist' },
    ),
  );
  return commit(db, actor, now, {
    round: stage.roundId,
    statements,
    audit: {
      action: 'poll.create',
      entityType: 'poll',
      entityId: input.slug,
      before: null,
      after: { ...values, finalists: finalists.map((c) => c.id) },
    },
  });
}

/** Changes a poll's weights; only before voting opens (they are published and then fixed). */
export async function setPollWeights(
  db: Db,
  actor: StaffActor,
  input: { slug: string; weights: Weights },
  now: number,
): Promise<ChangeResult> {
  requireRole(actor, 'city_admin');
  const poll = await requirePoll(db, input.slug);
  checkWeights(input.weights);
  if (now >= poll.opensAt) fail({ code: 'conflict', message: '投票开始后，权重不可更改。' });
  return commit(db, actor, now, {
    round: poll.roundId,
    statements: [
      guard(db, 'SELECT opens_at > ? FROM polls WHERE id = ?', now, poll.id),
      updatePoll(db, poll.id, {
        weightCounty: input.weights.county,
        weightExpert: input.weights.expert,
        weightVote: input.weights.vote,
      }),
    ],
    audit: {
      action: 'poll.weights',
      entityType: 'poll',
      entityId: poll.slug,
      before: pollView(poll).weights,
      after: input.weights,
    },
  });
}

export type WindowChange = { action: 'close'; reason: string } | { action: 'extend'; lastDay: string; reason: string };

/**
 * Closes an open poll now, or extends it to 24:00 China time of `lastDay`, with a written reason
 * that the public poll page shows (city admin). A poll that has closed is not reopened.
 */
export async function changePollWindow(
  db: Db,
  actor: StaffActor,
  input: { slug: string } & WindowChange,
  now: number,
): Promise<ChangeResult> {
  requireRole(actor, 'city_admin');
  const poll = await requirePoll(db, input.slug);
  const reason = input.reason.trim();
  if (!reason) invalid(['reason'], '请填写理由，理由将在投票页面公开');
  if (reason.length > 500) invalid(['reason'], '理由不超过500字');
  const status = pollStatus(poll, now);
  let closesAt: number;
  // A poll that has not opened yet ends before it opens: its window becomes the instant just past.
  let opensAt = poll.opensAt;
  if (input.action === 'close') {
    if (status !== 'open' && status !== 'scheduled')
      fail({ code: 'poll_not_open', message: '投票已经结束，不能再提前截止。' });
    closesAt = now;
    if (status === 'scheduled') opensAt = now - 1;
  } else {
    if (status !== 'open' && status !== 'scheduled') fail({ code: 'poll_not_open', message: '投票已结束，不能延长。' });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(input.lastDay)) invalid(['lastDay'], '日期格式应为YYYY-MM-DD');
    // Compared as text before any date arithmetic: a far date (9999-12-31) never reaches it.
    const limit = pollLastDayLimit(poll.opensAt);
    if (input.lastDay > limit)
      invalid(['lastDay'], `投票期最长${POLL_MAX_DAYS}天（自开始之日起），最晚可延长至${limit}`);
    closesAt = chinaMidnight(addDays(input.lastDay, 1));
    if (closesAt <= poll.closesAt) invalid(['lastDay'], '延长后的截止日期应晚于原截止时间');
  }
  return commit(db, actor, now, {
    round: poll.roundId,
    statements: [
      guard(
        db,
        'SELECT closes_at > ? AND results_published_at IS NULL AND closes_at = ? FROM polls WHERE id = ?',
        now,
        poll.closesAt,
        poll.id,
      ),
      updatePoll(db, poll.id, { opensAt, closesAt, windowChangeReason: reason }),
    ],
    audit: {
      action: input.action === 'close' ? 'poll.close_early' : 'poll.extend',
      entityType: 'poll',
      entityId: poll.slug,
      before: {
        ...(opensAt !== poll.opensAt ? { opensAt: poll.opensAt } : {}),
        closesAt: poll.closesAt,
        windowChangeReason: poll.windowChangeReason,
      },
      after: { ...(opensAt !== poll.opensAt ? { opensAt } : {}), closesAt, windowChangeReason: reason },
      reason,
    },
  });
}

/** Publishes a closed poll's results, which ends its embargo (city admin). */
export async function publishResults(
  db: Db,
  actor: StaffActor,
  input: { slug: string },
  now: number,
): Promise<ChangeResult> {
  requireRole(actor, 'city_admin');
  const poll = await requirePoll(db, input.slug);
  const status = pollStatus(poll, now);
  if (status === 'published') fail({ code: 'conflict', message: '投票结果已经公布。' });
  if (status !== 'closed') fail({ code: 'poll_not_open', message: '投票结束后才能公布结果。' });
  return commit(db, actor, now, {
    round: poll.roundId,
    statements: [
      guard(db, 'SELECT closes_at <= ? AND results_published_at IS NULL FROM polls WHERE id = ?', now, poll.id),
      updatePoll(db, poll.id, { resultsPublishedAt: now }),
    ],
    audit: {
      action: 'poll.publish_results',
      entityType: 'poll',
      entityId: poll.slug,
      before: { resultsPublishedAt: null },
      after: { resultsPublishedAt: now },
    },
  });
}
