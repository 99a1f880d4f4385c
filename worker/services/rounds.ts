/**
 * Rounds (年度评选): the public reads of a track's rounds and of one round, the check that a write
 * lands in an open round, and the city admin's changes: start the next round (its stages from the
 * annex's template, deadlines in working days from the start date) and close a round early with a
 * public reason.
 */
import { CalendarMissingError } from '../../contracts/calendar';
import { chinaDate } from '../../contracts/china-time';
import type { TrackKey } from '../../contracts/enums';
import { roundTitle } from '../../contracts/labels';
import { scheduleStages, scheduleYears, type ScheduledStage } from '../../contracts/rounds';
import { reads, type Db } from '../../db/client';
import { loadCalendar } from '../../db/queries/calendar';
import * as content from '../../db/queries/content';
import { listNotices } from '../../db/queries/notices';
import { listPolls } from '../../db/queries/polls';
import {
  closeRoundEarly,
  currentRound,
  findRound,
  insertRound,
  insertRoundStage,
  candidateAppearances,
  publishedListsOfTrack,
  roundById,
  roundOpenGuard,
  roundsOfTrack,
  type RoundRow,
} from '../../db/queries/rounds';
import { ApiError } from '../errors';
import { auditedBatch, type StaffActor } from './audit';
import { toStage } from './content';
import { toNoticeSummary } from './notices';
import { toPollSummary } from './polls';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A round as the public API shows it in lists: year, title, status (and why it was closed). */
export function toRoundSummary(r: RoundRow) {
  return {
    year: r.year,
    title: r.title,
    status: r.status,
    ...(r.status === 'closed' ? { closedReason: r.closedReason } : {}),
  };
}

/** The 409 for a write into a round that is not open. */
export function roundClosedError(r: Pick<RoundRow, 'title' | 'status'>): ApiError {
  return new ApiError('round_closed', {
    message: `${r.title}${r.status === 'closed' ? '已提前结束' : '已结束'}，往年记录只读，不能修改。`,
  });
}

/**
 * The current round of a track, which a write is about to change: 404 when the track has none,
 * 409 `round_closed` when it is finished or closed. The batch re-asserts it (`roundOpenGuard`).
 */
export async function requireOpenRound(db: Db, track: TrackKey): Promise<RoundRow> {
  const round = await currentRound(db, track);
  if (!round) throw new ApiError('not_found');
  if (round.status !== 'open') throw roundClosedError(round);
  return round;
}

/** The 409 `round_closed` of a batch that a round guard or a round trigger stopped; undefined otherwise. */
export function roundBatchError(e: unknown): ApiError | undefined {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.includes('round_closed') ? new ApiError('round_closed') : undefined;
}

/** The round a row belongs to, which a write is about to change: 409 `round_closed` unless it is open. */
export async function requireRoundOpenById(db: Db, roundId: number | null): Promise<RoundRow | undefined> {
  if (roundId === null) return undefined;
  const round = await roundById(db, roundId);
  if (round && round.status !== 'open') throw roundClosedError(round);
  return round;
}

/** Rounds (newest first) each with its published final list, as GET /api/tracks/:track lists them. */
export function withFinalLists(rounds: RoundRow[], lists: { roundId: number | null; slug: string; title: string }[]) {
  return rounds.map((r) => {
    const list = lists.find((l) => l.roundId === r.id);
    return { ...toRoundSummary(r), finalList: list ? { slug: list.slug, title: list.title } : null };
  });
}
export type RoundListItem = ReturnType<typeof withFinalLists>[number];

/**
 * One round of a track with its stages, polls, notices and final list, and each of its candidates'
 * appearances in the track's other rounds (GET /api/tracks/:track/rounds/:year, the round page).
 * Undefined when the track has no round that year. One D1 round trip for the round's content.
 */
export async function roundDetail(db: Db, track: TrackKey, year: number, now: number) {
  const round = await findRound(db, track, year);
  if (!round) return undefined;
  const [[head], stages, polls, notices, lists, appearances] = await reads(db, [
    content.trackByKey(db, { key: track }),
    content.listStages(db, { track, year }),
    listPolls(db, { track, year, current: null }),
    listNotices(db, { track, year, current: null }),
    content.listFinalLists(db, { track, year, current: null }),
    candidateAppearances(db, round.id),
  ]);
  const list = lists[0];
  const listItems = list ? await content.finalListItemsOf(db, list.id) : [];
  const byCandidate = new Map<
    number,
    { name: string; county: string | null; status: string; elsewhere: Set<number> }
  >();
  for (const a of appearances) {
    const c = byCandidate.get(a.candidateId) ?? {
      name: a.name,
      county: a.county,
      status: a.status,
      elsewhere: new Set<number>(),
    };
    if (a.otherYear !== null) c.elsewhere.add(a.otherYear);
    byCandidate.set(a.candidateId, c);
  }
  return {
    track: { key: track, title: head?.title ?? track },
    round: {
      ...toRoundSummary(round),
      startsOn: round.startsOn,
      finishedAt: iso(round.finishedAt),
      closedAt: iso(round.closedAt),
      closedReason: round.closedReason,
    },
    stages: stages.map(toStage),
    polls: polls.map((p) => toPollSummary(p, now)),
    notices: notices.map((n) => toNoticeSummary(n, now)),
    finalList: list
      ? {
          slug: list.slug,
          title: list.title,
          publishedAt: iso(list.publishedAt)!,
          items: listItems,
        }
      : null,
    candidates: [...byCandidate.entries()].map(([id, c]) => ({
      id,
      name: c.name,
      county: c.county,
      status: c.status,
      otherYears: [...c.elsewhere].sort((a, b) => b - a),
    })),
  };
}
export type RoundDetail = NonNullable<Awaited<ReturnType<typeof roundDetail>>>;

/** What the admin asks for when starting the next round. */
export interface StartRoundInput {
  track: TrackKey;
  year: number;
  title?: string | null;
  /** The China date the first stage starts; default: today. */
  startsOn?: string | null;
}

/**
 * The next round as it would be started: its title and stages with their computed dates. Refuses
 * (409 `round_open`) while the current round is open, and a year not later than every earlier
 * round (409 `conflict`); 409 `calendar_missing` when a working-day stage reaches a year without
 * a holiday schedule.
 */
export async function previewRound(db: Db, input: StartRoundInput, now: number) {
  const plan = await planRound(db, input, now);
  return { ...plan, stages: plan.stages.map((s) => ({ ...s, deadlineAt: iso(s.deadlineAt) })) };
}
export type RoundPreview = Awaited<ReturnType<typeof previewRound>>;

/** The next round's title, start date and scheduled stages (deadlines as instants), or the refusal. */
async function planRound(db: Db, input: StartRoundInput, now: number) {
  const [[track], rounds] = await Promise.all([
    reads(db, [content.trackByKey(db, { key: input.track })]).then(([rows]) => rows),
    roundsOfTrack(db, input.track),
  ]);
  if (!track) throw new ApiError('not_found');
  const open = rounds.find((r) => r.status === 'open');
  if (open)
    throw new ApiError('round_open', {
      message: `${open.title}尚未结束：发布最终名单后，或由市级管理员提前结束后，才能开始新的年度评选。`,
    });
  const latest = rounds.reduce((y, r) => Math.max(y, r.year), 0);
  if (input.year <= latest)
    throw new ApiError('conflict', {
      message: `新的年度应晚于已有的${latest}年度。`,
      issues: [{ path: ['year'], message: `应晚于${latest}年` }],
    });
  const startsOn = input.startsOn ?? chinaDate(now);
  let stages: ScheduledStage[];
  try {
    stages = scheduleStages(input.track, startsOn, await loadCalendar(db, scheduleYears(startsOn)));
  } catch (e) {
    if (e instanceof CalendarMissingError)
      throw new ApiError('calendar_missing', { message: `${e.year}年的节假日安排尚未录入，请先录入或确认。` });
    throw e;
  }
  const title = input.title?.trim() || roundTitle(input.track, input.year);
  return { year: input.year, title, startsOn, stages };
}

/** The staff view of a round. */
export function toAdminRound(r: RoundRow) {
  return {
    year: r.year,
    title: r.title,
    status: r.status,
    startsOn: r.startsOn,
    finishedAt: iso(r.finishedAt),
    closedAt: iso(r.closedAt),
    closedReason: r.closedReason,
  };
}
export type AdminRound = ReturnType<typeof toAdminRound>;

/**
 * Starts the next round of a track (city admin): the round and its stages, all pending, with the
 * deadlines computed from the start date. One audited batch; the unique open-round index stops a
 * second round started at the same time.
 */
export async function startRound(db: Db, actor: StaffActor, input: StartRoundInput, now: number) {
  const preview = await planRound(db, input, now);
  const statements = [
    insertRound(db, {
      trackKey: input.track,
      year: preview.year,
      title: preview.title,
      status: 'open',
      startsOn: preview.startsOn,
      createdAt: now,
    }),
    ...preview.stages.map((s) =>
      insertRoundStage(db, input.track, preview.year, {
        seq: s.seq,
        key: s.key,
        title: s.title,
        rule: s.rule,
        status: 'pending',
        startsOn: s.startsOn,
        endsOn: s.endsOn,
        deadlineAt: s.deadlineAt,
      }),
    ),
  ] as const;
  try {
    await auditedBatch(db, actor, now, [...statements], {
      action: 'round.start',
      entityType: 'round',
      entityId: `${input.track}:${preview.year}`,
      before: null,
      after: preview,
    });
  } catch (e) {
    if (e instanceof Error && /UNIQUE constraint failed: rounds/.test(e.message))
      throw new ApiError('round_open', { message: '本赛道已有进行中的年度评选或该年度已存在，请刷新后重试。' });
    throw e;
  }
  return toAdminRound((await findRound(db, input.track, preview.year))!);
}

/**
 * Closes an open round early with a public reason (city admin). Everything it had stays, read-only.
 * Refused while one of its polls is open or has yet to open (it would take ballots into a closed
 * round): close that poll early first.
 */
export async function closeRound(
  db: Db,
  actor: StaffActor,
  input: { track: TrackKey; year: number; reason: string },
  now: number,
) {
  const round = await findRound(db, input.track, input.year);
  if (!round) throw new ApiError('not_found');
  if (round.status !== 'open') throw roundClosedError(round);
  const reason = input.reason.trim();
  const polls = await listPollsOfRound(db, input.track, input.year);
  const unfinished = polls.find((p) => now < p.closesAt && p.resultsPublishedAt === null);
  if (unfinished)
    throw new ApiError('conflict', {
      message: `投票“${unfinished.title}”${unfinished.opensAt <= now ? '正在进行' : '尚未开始'}，请先在本赛道的“投票”中提前截止该投票，再结束本年度评选。`,
    });
  try {
    await auditedBatch(
      db,
      actor,
      now,
      [roundOpenGuard(db, round.id), closeRoundEarly(db, round.id, actor.id, reason, now)],
      {
        action: 'round.close',
        entityType: 'round',
        entityId: `${input.track}:${input.year}`,
        before: toAdminRound(round),
        after: { status: 'closed', closedAt: new Date(now).toISOString(), closedReason: reason },
        reason,
      },
    );
  } catch (e) {
    throw roundBatchError(e) ?? e;
  }
  return toAdminRound((await findRound(db, input.track, input.year))!);
}

async function listPollsOfRound(db: Db, track: TrackKey, year: number) {
  const [polls] = await reads(db, [listPolls(db, { track, year, current: null })]);
  return polls;
}

/** A track's current round and every round (newest first), for the admin track view. */
export async function adminRounds(db: Db, track: TrackKey) {
  const [rounds, lists] = await db.batch([roundsOfTrack(db, track), publishedListsOfTrack(db, track)]);
  const current = rounds.find((r) => r.status === 'open') ?? rounds[0];
  return {
    round: current ? toAdminRound(current) : null,
    rounds: rounds.map((r) => {
      const list = lists.find((l) => l.roundId === r.id);
      return { ...toAdminRound(r), finalList: list ? { slug: list.slug, title: list.title } : null };
    }),
  };
}
