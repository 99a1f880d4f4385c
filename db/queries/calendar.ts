/** Working-day calendar reads. */
import { inArray, sql } from 'drizzle-orm';
import type { CalendarData } from '../../contracts/calendar';
import type { Db } from '../client';
import { calendarDays, calendarYears } from '../schema';

/** Exceptions and known years for the given years, in the shape the calendar service takes. */
export async function loadCalendar(db: Db, years: number[]): Promise<CalendarData> {
  const prefixes = years.map(String);
  const [days, known] = await db.batch([
    db
      .select()
      .from(calendarDays)
      .where(inArray(sql`substr(${calendarDays.date}, 1, 4)`, prefixes)),
    db.select().from(calendarYears).where(inArray(calendarYears.year, years)),
  ]);
  return {
    exceptions: new Map(days.map((d) => [d.date, d.kind])),
    knownYears: new Set(known.map((y) => y.year)),
  };
}
