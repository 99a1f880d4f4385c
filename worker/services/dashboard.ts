/**
 * The dashboard (工作台) by role, from one D1 round trip: each track's current round and running
 * stage with its deadline and the working days left; for city admins and auditors what waits for
 * staff (each with the page where it is handled) and the running polls' ballots, turnout charts and
 * quarantine rate; a county officer's open tasks; an expert's assignments and missing scores.
 */
import type { Dashboard } from '../../contracts/admin-api';
import { CalendarMissingError, workingDaysLeft, yearsNear, type CalendarData } from '../../contracts/calendar';
import { addDays, chinaDate } from '../../contracts/china-time';
import { nextStep } from '../../contracts/guidance';
import { quotaFor, TRACK_RULES, type Activity } from '../../contracts/workflow';
import { reads, type Db } from '../../db/client';
import { calendarDaysIn, calendarYearsIn, toCalendarData } from '../../db/queries/calendar';
import { listStages, listTracks } from '../../db/queries/content';
import {
  assignmentsInCurrentRounds,
  ballotsPerDay,
  ballotsPerHour,
  countiesInOrder,
  currentRounds,
  heldByRules,
  pendingObjectionsByNotice,
  quarantineByPoll,
  recommendationsByCounty,
  runningPolls,
  scoringByTrack,
} from '../../db/queries/dashboard';
import type { StaffActor } from './audit';
import { barChartSvg } from './charts';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** The hourly chart covers the last three days. */
export const HOURLY_HOURS = 72;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const enc = encodeURIComponent;

/** The working days left before `deadlineAt` (null without a deadline or with its holidays not entered). */
function daysLeft(today: string, deadlineAt: number | null, cal: CalendarData): number | null {
  if (deadlineAt === null) return null;
  try {
    return workingDaysLeft(today, deadlineAt, cal);
  } catch (e) {
    if (e instanceof CalendarMissingError) return null;
    throw e;
  }
}

const two = (n: number) => String(n).padStart(2, '0');

/** The dashboard `viewer` sees at `now`. */
export async function dashboardFor(db: Db, viewer: StaffActor, now: number, sms: Dashboard['sms']): Promise<Dashboard> {
  const today = chinaDate(now);
  const years = yearsNear(today);
  const since = Math.floor(now / HOUR_MS) * HOUR_MS - (HOURLY_HOURS - 1) * HOUR_MS;
  const [
    tracks,
    stages,
    rounds,
    objections,
    quarantine,
    scoring,
    recs,
    counties,
    polls,
    held,
    hourly,
    daily,
    calDays,
    calYears,
    assignments,
  ] = await reads(db, [
    listTracks(db, {}),
    listStages(db, { track: null, year: null }),
    currentRounds(db),
    pendingObjectionsByNotice(db),
    quarantineByPoll(db),
    scoringByTrack(db),
    recommendationsByCounty(db),
    countiesInOrder(db),
    runningPolls(db, now),
    heldByRules(db, now),
    ballotsPerHour(db, now, since),
    ballotsPerDay(db, now),
    calendarDaysIn(db, years),
    calendarYearsIn(db, years),
    assignmentsInCurrentRounds(db, viewer.role === 'expert' ? viewer.id : -1),
  ]);
  const cal = toCalendarData(calDays, calYears);
  const city = viewer.role === 'city_admin' || viewer.role === 'auditor';
  const recommended = (track: string, county: string) =>
    recs.find((r) => r.trackKey === track && r.countyId === county)?.recommended ?? 0;
  const activeStage = (track: string) => stages.find((s) => s.trackKey === track && s.status === 'active');
  const allows = (track: string, stageKey: string | undefined, activity: Activity) =>
    stageKey !== undefined &&
    (TRACK_RULES[track as keyof typeof TRACK_RULES].stages[stageKey]?.activities.includes(activity) ?? false);

  const body: Dashboard['tracks'] = tracks.map((t) => {
    const own = stages.filter((s) => s.trackKey === t.key);
    const round = rounds.find((r) => r.trackKey === t.key);
    const active = activeStage(t.key);
    const trackHref = `/admin/tracks/?track=${enc(t.key)}`;
    const todo: Dashboard['tracks'][number]['todo'] = [];
    let poll: Dashboard['tracks'][number]['poll'] = null;
    if (city) {
      const waiting = objections.filter((o) => o.trackKey === t.key);
      const pending = waiting.reduce((n, o) => n + o.pending, 0);
      if (pending)
        todo.push({
          kind: 'objections',
          label: `待处理异议 ${pending} 件`,
          count: pending,
          href: `/admin/notices/?notice=${enc(waiting[0].slug)}`,
        });
      for (const q of quarantine.filter((x) => x.trackKey === t.key)) {
        const href = `/admin/ballots/?poll=${enc(q.slug)}`;
        if (q.waiting)
          todo.push({ kind: 'quarantine', label: `《${q.title}》待复核选票 ${q.waiting} 张`, count: q.waiting, href });
        if (q.voidProposed)
          todo.push({
            kind: 'void_proposals',
            label: `《${q.title}》作废提议 ${q.voidProposed} 张，待另一位市级管理员确认`,
            count: q.voidProposed,
            href,
          });
        if (q.releaseProposed)
          todo.push({
            kind: 'release_proposals',
            label: `《${q.title}》恢复计入提议 ${q.releaseProposed} 张，待另一位市级管理员确认`,
            count: q.releaseProposed,
            href,
          });
      }
      const s = scoring.find((x) => x.trackKey === t.key);
      if (s && (s.scored < s.assigned || allows(t.key, active?.key, 'review')))
        todo.push({
          kind: 'scoring',
          label: `专家评分 ${s.scored} / ${s.assigned}`,
          count: s.scored,
          total: s.assigned,
          href: `${trackHref}#score-title`,
        });
      if (allows(t.key, active?.key, 'recommend')) {
        const due = counties.filter((c) => {
          const quota = quotaFor(t.key, c.kind);
          const direct = c.kind === 'city' && TRACK_RULES[t.key].cityAppliesDirectly;
          return quota !== null && !direct && recommended(t.key, c.id) < quota.min;
        });
        const total = counties.filter((c) => quotaFor(t.key, c.kind) !== null).length;
        if (due.length)
          todo.push({
            kind: 'recommendations',
            label: `尚未推荐的县（市、区）${due.length} 个：${due.map((c) => c.name).join('、')}`,
            count: due.length,
            total,
            href: `${trackHref}#progress`,
          });
      }
      const p = polls.find((x) => x.trackKey === t.key);
      if (p) poll = pollView(p, held, hourly, daily, since, now);
    }
    return {
      key: t.key,
      title: t.title,
      round: round ? { year: round.year, title: round.title, status: round.status } : null,
      stages: own.map((s) => ({ key: s.key, title: s.title, status: s.status, deadlineAt: iso(s.deadlineAt) })),
      stage: active
        ? {
            key: active.key,
            title: active.title,
            deadlineAt: iso(active.deadlineAt),
            workingDaysLeft: daysLeft(today, active.deadlineAt, cal),
          }
        : null,
      next: nextStep(t.key, own, round ?? null),
      todo,
      poll,
    };
  });

  let county: Dashboard['county'] = null;
  if (viewer.role === 'county_officer' && viewer.countyId) {
    const c = counties.find((x) => x.id === viewer.countyId);
    const tasks: NonNullable<Dashboard['county']>['tasks'] = [];
    for (const t of tracks) {
      const active = activeStage(t.key);
      const quota = c ? quotaFor(t.key, c.kind) : null;
      if (!active || !quota || !(allows(t.key, active.key, 'recommend') || allows(t.key, active.key, 'apply')))
        continue;
      tasks.push({
        track: t.key,
        trackTitle: t.title,
        stage: active.key,
        stageTitle: active.title,
        deadlineAt: iso(active.deadlineAt),
        workingDaysLeft: daysLeft(today, active.deadlineAt, cal),
        recommended: recommended(t.key, viewer.countyId),
        quota,
        href: `/admin/tracks/?track=${enc(t.key)}#rec-title`,
      });
    }
    county = { id: viewer.countyId, name: c?.name ?? viewer.countyId, tasks };
  }

  let expert: Dashboard['expert'] = null;
  if (viewer.role === 'expert') {
    const list = assignments.map((a) => {
      const active = activeStage(a.trackKey);
      const deadline = active && allows(a.trackKey, active.key, 'review') ? active.deadlineAt : null;
      return {
        track: a.trackKey,
        trackTitle: tracks.find((t) => t.key === a.trackKey)?.title ?? a.trackKey,
        candidateId: a.candidateId,
        name: a.name,
        county: a.county,
        score: a.score,
        deadlineAt: iso(deadline),
        workingDaysLeft: daysLeft(today, deadline, cal),
        href: `/admin/tracks/?track=${enc(a.trackKey)}#score-title`,
      };
    });
    expert = { assignments: list, missing: list.filter((a) => a.score === null).length };
  }

  return { tracks: body, county, expert, sms };
}

type PollRow = Awaited<ReturnType<ReturnType<typeof runningPolls>['all']>>[number];

/** A running poll's numbers and its two turnout charts. */
function pollView(
  p: PollRow,
  held: { pollId: number; held: number }[],
  hourly: { pollId: number; hour: number; cast: number }[],
  daily: { pollId: number; day: number; cast: number }[],
  since: number,
  now: number,
): NonNullable<Dashboard['tracks'][number]['poll']> {
  const heldCount = held.find((h) => h.pollId === p.id)?.held ?? 0;
  const perHour = new Map(hourly.filter((h) => h.pollId === p.id).map((h) => [h.hour, h.cast]));
  const hourBars = [];
  const firstHour = Math.max(since, Math.floor(p.opensAt / HOUR_MS) * HOUR_MS);
  for (let at = firstHour; at <= now; at += HOUR_MS) {
    const china = new Date(at + 8 * HOUR_MS);
    hourBars.push({
      label: `${two(china.getUTCMonth() + 1)}-${two(china.getUTCDate())} ${two(china.getUTCHours())}时`,
      value: perHour.get(at / HOUR_MS) ?? 0,
    });
  }
  const perDay = new Map(daily.filter((d) => d.pollId === p.id).map((d) => [d.day, d.cast]));
  const dayBars = [];
  // Every China day of the window, the days still to come at zero.
  const last = chinaDate(p.closesAt - 1);
  for (let d = chinaDate(p.opensAt); d <= last; d = addDays(d, 1)) {
    const day = Date.parse(`${d}T00:00:00Z`) / DAY_MS;
    dayBars.push({ label: d.slice(5), value: perDay.get(day) ?? 0 });
  }
  return {
    slug: p.slug,
    title: p.title,
    opensAt: iso(p.opensAt)!,
    closesAt: iso(p.closesAt)!,
    ballots: p.cast,
    counted: p.counted,
    quarantined: p.quarantined,
    voided: p.voided,
    held: heldCount,
    quarantineRate: p.cast ? Math.round((heldCount / p.cast) * 10_000) / 10_000 : 0,
    hourly: {
      bars: hourBars,
      svg: barChartSvg(hourBars, { title: `《${p.title}》每小时投票数（最近三天）`, unit: '张', labelEvery: 12 }),
    },
    daily: {
      bars: dayBars,
      svg: barChartSvg(dayBars, { title: `《${p.title}》每日投票数（投票期内）`, unit: '张' }),
    },
  };
}
