/**
 * Working days and publicity periods (docs/product.md, time rules). Pure: the caller supplies the dated
 * exceptions (holidays and make-up working days) and which years have a schedule, so the same
 * function serves the API, the admin and the seed.
 */
import type { CalendarChange, CalendarEntry } from './admin-calendar';
import { addDays, chinaDate, weekday } from './china-time';
import type { CalendarDayKind } from './enums';

export interface CalendarData {
  /** date -> 'holiday' | 'workday', only for dates that differ from a plain Monday-Friday week. */
  exceptions: Map<string, CalendarDayKind>;
  /** Years whose State Council schedule was entered, or that an admin confirmed as plain weeks. */
  knownYears: Set<number>;
}

/** Thrown when a period reaches into a year whose holiday schedule has not been entered. */
export class CalendarMissingError extends Error {
  constructor(readonly year: number) {
    super(`calendar year ${year} has not been entered`);
  }
}

/** Whether a China date is a working day. */
export function isWorkingDay(date: string, cal: CalendarData): boolean {
  const year = Number(date.slice(0, 4));
  if (!cal.knownYears.has(year)) throw new CalendarMissingError(year);
  const exception = cal.exceptions.get(date);
  if (exception) return exception === 'workday';
  const dow = weekday(date);
  return dow !== 0 && dow !== 6;
}

/**
 * A period of `workingDays` working days published on `published`: day 1 is the publication date if
 * it is a working day, otherwise the next working day; the period ends at 24:00 China time of the
 * last working day. Example: 5 working days published 2024-01-31 run to 2024-02-05 because Sunday
 * 2024-02-04 was a make-up working day.
 */
export function workingPeriod(published: string, workingDays: number, cal: CalendarData) {
  const days: string[] = [];
  let date = published;
  while (days.length < workingDays) {
    if (isWorkingDay(date, cal)) days.push(date);
    date = addDays(date, 1);
  }
  return { startsOn: days[0], endsOn: days[days.length - 1], days };
}

/**
 * The working days left before a deadline instant, today included while it is one: the working
 * days from `today` through the China date whose 24:00 is the deadline (a deadline at 00:00 ends
 * the day before). 0 once that day has passed. Throws CalendarMissingError for a year not entered.
 */
export function workingDaysLeft(today: string, deadlineAt: number, cal: CalendarData): number {
  const last = chinaDate(deadlineAt - 1);
  let n = 0;
  for (let d = today; d <= last; d = addDays(d, 1)) if (isWorkingDay(d, cal)) n++;
  return n;
}

/** The years a period starting on `published` may touch (periods are at most 30 working days). */
export function yearsNear(published: string): number[] {
  const y = Number(published.slice(0, 4));
  return [y, y + 1];
}

const plainWorking = (date: string) => weekday(date) !== 0 && weekday(date) !== 6;

/**
 * A year's entered holiday schedule expanded into its dated exceptions, only where they change a
 * plain week (a holiday on a Saturday is not a change), or a list of problems (dates outside the
 * year, reversed ranges, a date both a holiday and a make-up day). The admin calendar page runs it
 * in the browser for its preview; the server runs it before storing.
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
