/** The working-day calendar: reads, and the writes of staff entering a year. */
import { and, eq, inArray, sql } from 'drizzle-orm';
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

const inYear = (year: number) => sql`substr(${calendarDays.date}, 1, 4) = ${String(year)}`;

/** A year's status row (undefined until it is entered or confirmed) and its exception days by date. */
export function calendarYear(db: Db, year: number) {
  return Promise.all([
    db.select().from(calendarYears).where(eq(calendarYears.year, year)).get(),
    db.select().from(calendarDays).where(inYear(year)).orderBy(calendarDays.date),
  ]);
}

export type CalendarDayValues = Omit<typeof calendarDays.$inferInsert, 'source'>;

/** The statements that replace a year's exception days with `days`, each citing `source`. */
export function replaceYearDays(db: Db, year: number, days: CalendarDayValues[], source: string) {
  return [
    db.delete(calendarDays).where(inYear(year)),
    ...days.map((d) => db.insert(calendarDays).values({ ...d, source })),
  ];
}

/**
 * The upsert of a year's status. A year confirmed as plain weeks never overwrites one entered
 * from a schedule (the row stays as it is).
 */
export function setYearStatus(
  db: Db,
  year: number,
  status: (typeof calendarYears.$inferSelect)['status'],
  source: string,
  now: number,
) {
  return db
    .insert(calendarYears)
    .values({ year, status, source, updatedAt: now })
    .onConflictDoUpdate({
      target: calendarYears.year,
      set: { status, source, updatedAt: now },
      where:
        status === 'confirmed' ? and(eq(calendarYears.year, year), eq(calendarYears.status, 'confirmed')) : undefined,
    });
}
