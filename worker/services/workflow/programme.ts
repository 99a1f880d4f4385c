/**
 * Competitions (annex 5) and recruitment events (annex 6): edit the schedule (months may be 待定,
 * null), record each competition trade's winners under the prize rules (1 first, 2 second, 3
 * third), record a recruitment event's outcome.
 */
import { winnersIssues, type PlacedPrize } from '../../../contracts/workflow';
import type { Db } from '../../../db/client';
import {
  findCompetition,
  findCounty,
  findRecruitmentEvent,
  replaceWinners,
  updateCompetition,
  updateRecruitmentEvent,
  winnersOf,
} from '../../../db/queries/workflow';
import { ApiError } from '../../errors';
import { invalid, requireRole, commit, type Change } from './change';
import type { ChangeResult } from '../../../contracts/admin-workflow';
import type { StaffActor } from '../audit';
import { requireActiveStage, stageStillOpen } from './stages';

/** Months of a schedule: both null for 待定, or 1 <= from <= to <= 12. */
function checkMonths(from: number | null, to: number | null) {
  if (from === null && to === null) return;
  if (from === null || to === null) invalid(['monthFrom'], '起止月份须同时填写，或同时为待定');
  if (!Number.isInteger(from) || from < 1 || from > 12) invalid(['monthFrom'], '月份应为1-12');
  if (!Number.isInteger(to) || to < from || to > 12) invalid(['monthTo'], '结束月份应在开始月份与12之间');
}

export interface CompetitionSchedule {
  id: number;
  monthFrom: number | null;
  monthTo: number | null;
  name?: string;
  organisers?: string;
  venueCountyId?: string;
}

/** Edits a competition's schedule while the schedule or holding stage is open (city admin). */
export async function updateCompetitionSchedule(
  db: Db,
  actor: StaffActor,
  input: CompetitionSchedule,
  now: number,
): Promise<ChangeResult> {
  requireRole(actor, 'city_admin');
  const comp = await findCompetition(db, input.id);
  if (!comp) throw new ApiError('not_found');
  const stage = await requireActiveStage(db, 'competitions', 'schedule', now);
  checkMonths(input.monthFrom, input.monthTo);
  if (input.venueCountyId !== undefined && !(await findCounty(db, input.venueCountyId)))
    invalid(['venueCountyId'], '没有这个县（市、区）');
  const set = {
    monthFrom: input.monthFrom,
    monthTo: input.monthTo,
    ...(input.name !== undefined && { name: input.name.trim() }),
    ...(input.organisers !== undefined && { organisers: input.organisers.trim() }),
    ...(input.venueCountyId !== undefined && { venueCountyId: input.venueCountyId }),
  };
  return commit(db, actor, now, {
    round: stage.roundId,
    statements: [stageStillOpen(db, stage, now), updateCompetition(db, comp.id, set)],
    audit: {
      action: 'competition.schedule',
      entityType: 'competition',
      entityId: String(comp.id),
      before: {
        monthFrom: comp.monthFrom,
        monthTo: comp.monthTo,
        name: comp.name,
        organisers: comp.organisers,
        venueCountyId: comp.venueCountyId,
      },
      after: { ...set },
    },
  });
}

export interface WinnerInput {
  prize: PlacedPrize;
  place: number;
  winnerName: string;
  organisation?: string | null;
}

/**
 * Records (replaces) the winners of one trade of a competition while the award stage is open
 * (city admin): at most 1 first, 2 second and 3 third prizes, each place once.
 */
export async function recordWinners(
  db: Db,
  actor: StaffActor,
  input: { competitionId: number; trade: string; winners: WinnerInput[] },
  now: number,
): Promise<ChangeResult> {
  requireRole(actor, 'city_admin');
  const comp = await findCompetition(db, input.competitionId);
  if (!comp) throw new ApiError('not_found');
  const stage = await requireActiveStage(db, 'competitions', 'award', now);
  const trade = input.trade.trim();
  if (!trade) invalid(['trade'], '请填写竞赛工种');
  const issues = winnersIssues(input.winners);
  input.winners.forEach((w, i) => {
    if (!w.winnerName.trim()) issues.push({ path: ['winners', i, 'winnerName'], message: '请填写获奖选手姓名' });
  });
  if (issues.length) throw new ApiError('invalid_request', { issues });
  const before = (await winnersOf(db, comp.id)).filter((w) => w.trade === trade);
  const rows = input.winners.map((w) => ({
    competitionId: comp.id,
    trade,
    prize: w.prize,
    place: w.place,
    winnerName: w.winnerName.trim(),
    organisation: w.organisation?.trim() || null,
  }));
  const statements: Change['statements'] = [
    stageStillOpen(db, stage, now),
    ...replaceWinners(db, comp.id, trade, rows),
  ];
  return commit(db, actor, now, {
    round: stage.roundId,
    statements,
    audit: {
      action: 'competition.winners',
      entityType: 'competition',
      entityId: `${comp.id}:${trade}`,
      before: before.map(({ prize, place, winnerName, organisation }) => ({ prize, place, winnerName, organisation })),
      after: rows.map(({ prize, place, winnerName, organisation }) => ({ prize, place, winnerName, organisation })),
    },
  });
}

/** Edits a recruitment event's schedule while the schedule or holding stage is open (city admin). */
export async function updateRecruitmentSchedule(
  db: Db,
  actor: StaffActor,
  input: { id: number; period: string; monthFrom: number | null; monthTo: number | null },
  now: number,
): Promise<ChangeResult> {
  requireRole(actor, 'city_admin');
  const ev = await findRecruitmentEvent(db, input.id);
  if (!ev) throw new ApiError('not_found');
  const stage = await requireActiveStage(db, 'recruitment', 'schedule', now);
  checkMonths(input.monthFrom, input.monthTo);
  const period = input.period.trim() || '待定';
  const set = { period, monthFrom: input.monthFrom, monthTo: input.monthTo };
  return commit(db, actor, now, {
    round: stage.roundId,
    statements: [stageStillOpen(db, stage, now), updateRecruitmentEvent(db, ev.id, set)],
    audit: {
      action: 'recruitment.schedule',
      entityType: 'recruitment_event',
      entityId: String(ev.id),
      before: { period: ev.period, monthFrom: ev.monthFrom, monthTo: ev.monthTo },
      after: set,
    },
  });
}

export interface RecruitmentOutcome {
  id: number;
  /** China date the event was held (its first day). */
  heldOn: string;
  employers?: number | null;
  positions?: number | null;
  attendees?: number | null;
  /** People who reached an employment agreement (达成就业意向). */
  agreements?: number | null;
  outcome?: string | null;
}

/** Records what a held recruitment event achieved, while the holding stage is open (city admin). */
export async function recordRecruitmentOutcome(
  db: Db,
  actor: StaffActor,
  input: RecruitmentOutcome,
  now: number,
): Promise<ChangeResult> {
  requireRole(actor, 'city_admin');
  const ev = await findRecruitmentEvent(db, input.id);
  if (!ev) throw new ApiError('not_found');
  const stage = await requireActiveStage(db, 'recruitment', 'outcome', now);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.heldOn)) invalid(['heldOn'], '日期格式应为YYYY-MM-DD');
  for (const k of ['employers', 'positions', 'attendees', 'agreements'] as const) {
    const v = input[k];
    if (v != null && (!Number.isInteger(v) || v < 0)) invalid([k], '应为非负整数');
  }
  const set = {
    heldOn: input.heldOn,
    employers: input.employers ?? null,
    positions: input.positions ?? null,
    attendees: input.attendees ?? null,
    agreements: input.agreements ?? null,
    outcome: input.outcome?.trim() || null,
    outcomeAt: now,
  };
  return commit(db, actor, now, {
    round: stage.roundId,
    statements: [stageStillOpen(db, stage, now), updateRecruitmentEvent(db, ev.id, set)],
    audit: {
      action: 'recruitment.outcome',
      entityType: 'recruitment_event',
      entityId: String(ev.id),
      before: {
        heldOn: ev.heldOn,
        employers: ev.employers,
        positions: ev.positions,
        attendees: ev.attendees,
        agreements: ev.agreements,
        outcome: ev.outcome,
      },
      after: set,
    },
  });
}
