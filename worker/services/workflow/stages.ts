/** The stage machine: open and close a track's stages in order, deadlines, county progress. */
import { addDays, chinaDate, chinaMidnight } from '../../../contracts/china-time';
import type { TrackKey } from '../../../contracts/enums';
import {
  activeStageFor,
  closeStageProblem,
  openStageProblem,
  quotaFor,
  STAGE_MAX_DEADLINE_DAYS,
  TRACK_RULES,
  finishesWithLastStage,
  type Activity,
  type StageState,
} from '../../../contracts/workflow';
import type { Db } from '../../../db/client';
import { loadCalendar } from '../../../db/queries/calendar';
import type { StageRow } from '../../../db/queries/content';
import {
  candidatesInStatus,
  findDecision,
  hasPublishedFinalList,
  latestPollOfTrack,
  recommendationCounts,
  stagesOfTrack,
  updateStage,
} from '../../../db/queries/workflow';
import { ApiError } from '../../errors';
import { CalendarMissingError, workingPeriod, yearsNear, type CalendarData } from '../../../contracts/calendar';
import { stageDefaultDeadline } from '../../../contracts/rounds';
import { guard } from '../../../db/queries/guard';
import { fail, invalid, requireRole, commit } from './change';
import type { ChangeResult } from '../../../contracts/admin-workflow';
import type { StaffActor } from '../audit';
import { publicityFacts, publicityStillClear } from './publicity';
import { finishCurrentRound } from '../../../db/queries/rounds';
import { requireOpenRound, requireRoundOpenById } from '../rounds';

const toState = (s: StageRow): StageState => ({
  key: s.key,
  seq: s.seq,
  title: s.title,
  status: s.status,
  deadlineAt: s.deadlineAt,
  targetCount: s.targetCount,
});

const stageView = (s: StageRow) => ({
  status: s.status,
  deadlineAt: s.deadlineAt,
  targetCount: s.targetCount,
  openedAt: s.openedAt,
  closedAt: s.closedAt,
});

/** The stages of a track's current round, or 404 for an unknown track. */
export async function loadStages(db: Db, trackKey: TrackKey): Promise<StageRow[]> {
  const rows = await stagesOfTrack(db, trackKey);
  if (!rows.length) throw new ApiError('not_found');
  return rows;
}

/** The stages of a track's current round for a change: 409 `round_closed` unless that round is open. */
async function loadStagesToChange(db: Db, trackKey: TrackKey): Promise<StageRow[]> {
  await requireOpenRound(db, trackKey);
  return loadStages(db, trackKey);
}

/**
 * The active stage of the track's current round that allows `activity`, or the refusal: 409
 * `round_closed` when that round (or the round of the row acted on, `roundId`) is finished or
 * closed, `stage_not_open`, or `deadline_passed` with `checkDeadline`.
 */
export async function requireActiveStage(
  db: Db,
  trackKey: TrackKey,
  activity: Activity,
  now: number,
  opts: { checkDeadline?: boolean; roundId?: number | null } = {},
): Promise<StageRow> {
  if (opts.roundId !== undefined) await requireRoundOpenById(db, opts.roundId);
  const rows = await loadStagesToChange(db, trackKey);
  const found = activeStageFor(trackKey, activity, rows.map(toState), now, opts);
  if (found.problem) fail(found.problem);
  return rows.find((r) => r.key === found.stage.key)!;
}

/** A guard: the stage is still active (and, with a deadline check, before its deadline). */
export function stageStillOpen(db: Db, stage: StageRow, now: number, checkDeadline = false) {
  return checkDeadline
    ? guard(
        db,
        "SELECT status = 'active' AND (deadline_at IS NULL OR deadline_at > ?) FROM track_stages WHERE id = ?",
        now,
        stage.id,
      )
    : guard(db, "SELECT status = 'active' FROM track_stages WHERE id = ?", stage.id);
}

/** The deadline instant: 24:00 China time at the end of the last of `n` working days from today. */
export async function workingDaysDeadline(db: Db, now: number, n: number): Promise<number> {
  const today = chinaDate(now);
  try {
    const period = workingPeriod(today, n, await loadCalendar(db, yearsNear(today)));
    return chinaMidnight(addDays(period.endsOn, 1));
  } catch (e) {
    if (e instanceof CalendarMissingError)
      throw new ApiError('calendar_missing', { message: `${e.year}年的节假日安排尚未录入，请先录入或确认。` });
    throw e;
  }
}

/**
 * The deadline a stage gets when it opens without one: its annex's length (`stageDefaultDeadline`:
 * trades' review, 5 working days) counted from today, or from the day its round planned it to
 * start when that is later (a stage opened ahead of its plan keeps the planned deadline); where the
 * annex gives no length, or those holidays are not entered yet, the one its round planned if still
 * ahead; else none. The open-stage form shows the same date, pre-filled.
 */
export function defaultStageDeadline(
  stage: Pick<StageRow, 'trackKey' | 'key' | 'deadlineAt' | 'startsOn'>,
  now: number,
  cal: CalendarData,
): number | null {
  const today = chinaDate(now);
  const from = stage.startsOn !== null && stage.startsOn > today ? stage.startsOn : today;
  try {
    const computed = stageDefaultDeadline(stage.trackKey, stage.key, from, cal);
    if (computed !== null) return computed;
  } catch (e) {
    if (!(e instanceof CalendarMissingError)) throw e;
  }
  return stage.deadlineAt !== null && stage.deadlineAt > now ? stage.deadlineAt : null;
}

/** The calendar that the default deadlines of `stages` opened now may reach (defaultStageDeadline). */
export function stageCalendar(db: Db, now: number, stages: Pick<StageRow, 'startsOn'>[]) {
  const years = new Set(yearsNear(chinaDate(now)));
  for (const s of stages) if (s.startsOn) for (const y of yearsNear(s.startsOn)) years.add(y);
  return loadCalendar(db, [...years]);
}

export interface OpenStageInput {
  trackKey: TrackKey;
  stageKey: string;
  /**
   * Deadline for submissions in the stage: an instant (null: none), or a number of working days from
   * today; absent, the default (`defaultStageDeadline`: the annex's length from today).
   */
  deadlineAt?: number | null;
  deadlineWorkingDays?: number | null;
  /** The count the stage aims at (finalists, selected); defaults to the track's rule. */
  targetCount?: number | null;
}

/** A stage deadline is after now and at most STAGE_MAX_DEADLINE_DAYS ahead (none: no deadline). */
function checkDeadline(deadlineAt: number | null, now: number) {
  if (deadlineAt === null) return;
  if (deadlineAt <= now) invalid(['deadlineAt'], '截止时间应晚于当前时间');
  if (deadlineAt > now + STAGE_MAX_DEADLINE_DAYS * 86_400_000)
    invalid(['deadlineAt'], `截止时间不能晚于${STAGE_MAX_DEADLINE_DAYS}天之后`);
}

/** Opens a pending stage once every earlier stage is closed (city admin). */
export async function openStage(db: Db, actor: StaffActor, input: OpenStageInput, now: number): Promise<ChangeResult> {
  requireRole(actor, 'city_admin');
  const rows = await loadStagesToChange(db, input.trackKey);
  const problem = openStageProblem(rows.map(toState), input.stageKey);
  if (problem) fail(problem);
  const stage = rows.find((r) => r.key === input.stageKey)!;
  let deadlineAt =
    input.deadlineAt === undefined
      ? defaultStageDeadline(stage, now, await stageCalendar(db, now, [stage]))
      : input.deadlineAt;
  if (input.deadlineWorkingDays) deadlineAt = await workingDaysDeadline(db, now, input.deadlineWorkingDays);
  checkDeadline(deadlineAt, now);
  const targetCount = input.targetCount ?? TRACK_RULES[input.trackKey].stages[stage.key]?.target ?? null;
  const after = { ...stageView(stage), status: 'active', deadlineAt, targetCount, openedAt: now };
  return commit(db, actor, now, {
    round: stage.roundId,
    statements: [
      guard(
        db,
        `SELECT (SELECT status FROM track_stages WHERE id = ?) = 'pending'
           AND NOT EXISTS (SELECT 1 FROM track_stages WHERE round_id = ? AND seq < ? AND status NOT IN ('done','skipped'))`,
        stage.id,
        stage.roundId,
        stage.seq,
      ),
      updateStage(db, stage.id, {
        status: 'active',
        deadlineAt,
        targetCount,
        openedAt: now,
        openedBy: actor.id,
        startsOn: chinaDate(now),
      }),
    ],
    audit: {
      action: 'stage.open',
      entityType: 'track_stage',
      entityId: `${stage.trackKey}:${stage.key}`,
      before: stageView(stage),
      after,
    },
  });
}

/**
 * Closes an active stage once its requirements are met (city admin); a 公示 stage (bases
 * `publicity`, brands `vote`) not before its notice has ended with nothing pending.
 */
export async function closeStage(
  db: Db,
  actor: StaffActor,
  input: { trackKey: TrackKey; stageKey: string },
  now: number,
): Promise<ChangeResult> {
  requireRole(actor, 'city_admin');
  const rows = await loadStagesToChange(db, input.trackKey);
  const stage = rows.find((r) => r.key === input.stageKey);
  if (!stage) invalid(['stage'], '没有这个环节');
  const needsPublicity = TRACK_RULES[input.trackKey].stages[stage.key]?.requires?.includes('publicity') ?? false;
  const [progress, shortlisted, poll, decision, finalList, publicity] = await Promise.all([
    recommendationProgress(db, input.trackKey),
    candidatesInStatus(db, input.trackKey, ['shortlisted']),
    latestPollOfTrack(db, input.trackKey),
    findDecision(db, input.trackKey),
    hasPublishedFinalList(db, input.trackKey),
    needsPublicity ? publicityFacts(db, input.trackKey, now) : undefined,
  ]);
  const problem = closeStageProblem(input.trackKey, toState(stage), {
    now,
    countiesBelowMinimum: progress.filter((c) => c.state === 'missing').map((c) => c.name),
    shortlistCount: shortlisted.length,
    poll: poll
      ? { closesAt: poll.closesAt, embargoed: poll.liveCounts === 0, published: poll.resultsPublishedAt !== null }
      : null,
    decisionConfirmed: decision !== undefined,
    finalListPublished: finalList,
    publicity,
  });
  if (problem) fail(problem);
  return commit(db, actor, now, {
    round: stage.roundId,
    statements: [
      stageStillOpen(db, stage, now),
      // A notice published or objected to meanwhile keeps the 公示 stage open.
      ...(needsPublicity ? [publicityStillClear(db, input.trackKey, now, null)] : []),
      updateStage(db, stage.id, { status: 'done', closedAt: now, closedBy: actor.id, endsOn: chinaDate(now) }, true),
      // A track whose annex ends without a final list finishes its round with its last stage.
      ...(finishesWithLastStage(input.trackKey) && stage.seq === Math.max(...rows.map((r) => r.seq))
        ? [finishCurrentRound(db, input.trackKey, now)]
        : []),
    ],
    audit: {
      action: 'stage.close',
      entityType: 'track_stage',
      entityId: `${stage.trackKey}:${stage.key}`,
      before: stageView(stage),
      after: { ...stageView(stage), status: 'done', closedAt: now },
    },
  });
}

/** Moves an active stage's deadline (city admin), with a written reason. */
export async function setStageDeadline(
  db: Db,
  actor: StaffActor,
  input: { trackKey: TrackKey; stageKey: string; deadlineAt: number | null; reason: string },
  now: number,
): Promise<ChangeResult> {
  requireRole(actor, 'city_admin');
  const rows = await loadStagesToChange(db, input.trackKey);
  const stage = rows.find((r) => r.key === input.stageKey);
  if (!stage) invalid(['stage'], '没有这个环节');
  if (stage.status !== 'active') fail({ code: 'stage_not_open', message: `“${stage.title}”环节不在进行中。` });
  if (!input.reason.trim()) invalid(['reason'], '请填写调整截止时间的理由');
  checkDeadline(input.deadlineAt, now);
  return commit(db, actor, now, {
    round: stage.roundId,
    statements: [stageStillOpen(db, stage, now), updateStage(db, stage.id, { deadlineAt: input.deadlineAt })],
    audit: {
      action: 'stage.deadline',
      entityType: 'track_stage',
      entityId: `${stage.trackKey}:${stage.key}`,
      before: { deadlineAt: stage.deadlineAt },
      after: { deadlineAt: input.deadlineAt },
      reason: input.reason.trim(),
    },
  });
}

export type CountyProgressState = 'missing' | 'below_aim' | 'ok' | 'full' | 'direct' | 'not_applicable';

/**
 * Each county's recommendations on a track against its quota: `missing` below the minimum,
 * `below_aim` at the minimum but below what the document asks counties to aim for, `ok`, `full` at
 * the maximum, `direct` for 市直 where it applies directly, `not_applicable` where the county
 * has no quota on the track.
 */
export async function recommendationProgress(db: Db, trackKey: TrackKey) {
  const rule = TRACK_RULES[trackKey];
  const rows = await recommendationCounts(db, trackKey);
  return rows.map((r) => {
    const kind = r.kind;
    const quota = quotaFor(trackKey, kind);
    let state: CountyProgressState;
    if (kind === 'city' && rule.cityAppliesDirectly) state = 'direct';
    else if (!quota) state = 'not_applicable';
    else if (r.count < quota.min) state = 'missing';
    else if (r.count >= quota.max) state = 'full';
    else if (quota.aim !== undefined && r.count < quota.aim) state = 'below_aim';
    else state = 'ok';
    return { countyId: r.countyId, name: r.name, kind, count: r.count, quota, state };
  });
}
