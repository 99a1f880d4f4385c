/**
 * The expansion of a year's entered holiday schedule into the dated exceptions to plain weeks. No
 * zod here: the admin calendar page runs it in the browser for its preview (zod's eval probe would
 * trip the pages' Content-Security-Policy), and the server runs the same function before storing.
 */
import type { CalendarChange, CalendarEntry } from './admin-calendar';
import { addDays, weekday } from './china-time';

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
