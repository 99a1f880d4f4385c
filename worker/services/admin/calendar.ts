/**
 * The yearly holiday calendar by staff: enter a year's State Council schedule, or confirm a year
 * without one as plain weeks. Each change is committed with its audit entry (auditedBatch).
 */
import type { CalendarChange, CalendarEntry, CalendarYearBody } from '../../../contracts/admin-calendar';
import { expandEntry } from '../../../contracts/calendar';
import { weekday } from '../../../contracts/china-time';
import type { Db } from '../../../db/client';
import { calendarYear, replaceYearDays, setYearStatus } from '../../../db/queries/calendar';
import { ApiError } from '../../errors';
import { auditedBatch, type Actor } from '../audit';

/** A year as staff see it: its status and the days that differ from plain weeks. */
export async function readYear(db: Db, year: number): Promise<CalendarYearBody> {
  const [known, days] = await calendarYear(db, year);
  const plain = (d: string) => weekday(d) !== 0 && weekday(d) !== 6;
  const changes: CalendarChange[] = days
    .filter((d) => (d.kind === 'holiday') === plain(d.date))
    .map((d) => ({ date: d.date, kind: d.kind, name: d.name, plainWorking: plain(d.date) }));
  return { year, status: known?.status ?? null, source: known?.source ?? null, changes };
}

/** Enters a year's State Council schedule (replacing an earlier entry); answers the year. */
export async function enterYear(db: Db, actor: Actor, year: number, entry: CalendarEntry, now: number) {
  const expanded = expandEntry(year, entry);
  if ('problems' in expanded)
    throw new ApiError('invalid_request', { issues: expanded.problems.map((message) => ({ path: [], message })) });
  const source = `国务院办公厅 ${entry.noticeNo}（${entry.noticeDate}）`;
  const before = await readYear(db, year);
  await auditedBatch(
    db,
    actor,
    now,
    [
      ...replaceYearDays(
        db,
        year,
        expanded.changes.map((d) => ({ date: d.date, kind: d.kind, name: d.name })),
        source,
      ),
      setYearStatus(db, year, 'entered', source, now),
    ],
    {
      action: 'calendar.enter',
      entityType: 'calendar_year',
      entityId: year,
      before: { status: before.status, source: before.source, changes: before.changes.length },
      after: { status: 'entered', source, changes: expanded.changes },
    },
  );
  return readYear(db, year);
}

/** Confirms a year without a State Council schedule as plain weeks; answers the year. */
export async function confirmPlainYear(db: Db, actor: Actor, year: number, reason: string, now: number) {
  const before = await readYear(db, year);
  if (before.status === 'entered' || before.changes.length)
    throw new ApiError('conflict', { message: `${year}年已录入节假日安排，不能按普通周确认。` });
  const source = '按普通周（周一至周五）确认，未录入国务院节假日安排';
  await auditedBatch(db, actor, now, [setYearStatus(db, year, 'confirmed', source, now)], {
    action: 'calendar.confirm_plain',
    entityType: 'calendar_year',
    entityId: year,
    before: { status: before.status },
    after: { status: 'confirmed', source },
    reason,
  });
  return readYear(db, year);
}
