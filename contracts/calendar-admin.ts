/**
 * Entering a year's State Council holiday schedule (staff): the request, the pure expansion into
 * dated exceptions, and the preview of the working days it changes against plain weeks.
 */
import { z } from 'zod';
import { ChinaDate } from './api';
import { addDays, weekday } from './china-time';

export const CalendarYearParam = z.object({ year: z.coerce.number().int().min(2000).max(2100) });

export const CalendarEntry = z
  .object({
    holidays: z.array(z.object({ start: ChinaDate, end: ChinaDate, name: z.string().trim().min(1).max(20) })).max(20),
    workdays: z.array(ChinaDate).max(20),
    noticeNo: z.string().trim().min(1, '请填写国务院办公厅通知文号').max(60),
    noticeDate: ChinaDate,
  })
  .meta({ id: 'CalendarEntry' });
export type CalendarEntry = z.infer<typeof CalendarEntry>;

export const PlainYearConfirmation = z.object({ reason: z.string().trim().min(1, '请填写原因').max(500) });

export const CalendarChange = z.object({
  date: ChinaDate,
  kind: z.enum(['holiday', 'workday']),
  name: z.string(),
  /** Whether the date is a working day in a plain Monday-Friday week. */
  plainWorking: z.boolean(),
});
export type CalendarChange = z.infer<typeof CalendarChange>;

export const CalendarYearBody = z
  .object({
    year: z.number().int(),
    status: z.enum(['entered', 'confirmed']).nullable(),
    source: z.string().nullable(),
    changes: z.array(CalendarChange).meta({ description: 'dates whose working status differs from plain weeks' }),
  })
  .meta({ id: 'CalendarYear' });
export type CalendarYearBody = z.infer<typeof CalendarYearBody>;

const plainWorking = (date: string) => weekday(date) !== 0 && weekday(date) !== 6;

/**
 * The dated exceptions of an entry, only where they change a plain week (a holiday on a Saturday is
 * not a change), or a list of problems (dates outside the year, reversed ranges, a date both a
 * holiday and a make-up day).
 */
export function expandEntry(
  year: number,
  entry: CalendarEntry,
): { changes: CalendarChange[] } | { problems: string[] } {
  const problems: string[] = [];
  const byDate = new Map<string, CalendarChange>();
  const inYear = (d: string) => d.startsWith(`${year}-`);
  for (const h of entry.holidays) {
    if (h.end < h.start) problems.push(`${h.name}：结束日期早于开始日期`);
    else if (!inYear(h.start) || !inYear(h.end)) problems.push(`${h.name}：日期不在${year}年内`);
    else
      for (let d = h.start; d <= h.end; d = addDays(d, 1))
        if (plainWorking(d)) byDate.set(d, { date: d, kind: 'holiday', name: h.name, plainWorking: true });
  }
  for (const d of entry.workdays) {
    if (!inYear(d)) problems.push(`${d}：不在${year}年内`);
    else if (plainWorking(d)) problems.push(`${d}：本来就是工作日，不是调休上班日`);
    else if (entry.holidays.some((h) => h.start <= d && d <= h.end)) problems.push(`${d}：既是假日又是调休上班日`);
    else byDate.set(d, { date: d, kind: 'workday', name: '调休上班', plainWorking: false });
  }
  if (problems.length) return { problems };
  return { changes: [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date)) };
}
