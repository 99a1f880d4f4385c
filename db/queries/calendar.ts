/** Working-day calendar reads. */
import { inArray, sql } from 'drizzle-orm';
import type { CalendarData } from '../../contracts/calendar';
import type { Db } from '../client';
import { calendarDays, calendarYears } from '../schema';

/** The exception days (holidays, make-up working days) of the given years, batchable. */
export function calendarDaysIn(db: Db, years: number[]) {
  return db
    .select()
    .from(calendarDays)
    .where(
      inArray(
        sql`substr(${calendarDays.date}, 1, 4)`,
        years.map((y) => String(y)),
      ),
    );
}

/** Which of the given years have been entered (or confirmed as plain weeks), batchable. */
export function calendarYearsIn(db: Db, years: number[]) {
  return db.select().from(calendarYears).where(inArray(calendarYears.year, years));
}

/** The rows of calendarDaysIn and calendarYearsIn in the shape the calendar rules take. */
export function toCalendarData(
  days: (typeof calendarDays.$inferSelect)[],
  known: (typeof calendarYears.$inferSelect)[],
): CalendarData {
  return {
    exceptions: new Map(days.map((d) => [d.date, d.kind])),
    knownYears: new Set(known.map((y) => y.year)),
  };
}

/** Exceptions and known years for the given years, in the shape the calendar service takes. */
export async function loadCalendar(db: Db, years: number[]): Promise<CalendarData> {
  const [days, known] = await db.batch([calendarDaysIn(db, years), calendarYearsIn(db, years)]);
  return toCalendarData(days, known);
}
