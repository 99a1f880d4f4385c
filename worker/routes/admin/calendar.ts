/**
 * The yearly holiday calendar by staff (city_admin writes, auditor reads): enter a year's State
 * Council schedule, or confirm a year without one as plain weeks. Published notices keep their
 * stored ends, so no edit here moves a deadline. Every change is audited.
 */
import { createRoute } from '@hono/zod-openapi';
import { and, eq, sql } from 'drizzle-orm';
import {
  CalendarEntry,
  CalendarYearBody,
  CalendarYearParam,
  PlainYearConfirmation,
  type CalendarChange,
} from '../../../contracts/calendar-admin';
import { expandEntry } from '../../../contracts/calendar-entry';
import { weekday } from '../../../contracts/china-time';
import type { Db } from '../../../db/client';
import { calendarDays, calendarYears } from '../../../db/schema';
import { ApiError } from '../../errors';
import { auditedBatch } from '../../services/audit';
import { clientIp, networkOf } from '../../services/network';
import { staffActor } from '../../services/objections';
import { errors, json, jsonBody, router } from '../declare';
import { access } from './access';
import { CITY, READERS } from './workflow';

const inYear = (year: number) => sql`substr(${calendarDays.date}, 1, 4) = ${String(year)}`;

async function readYear(db: Db, year: number): Promise<CalendarYearBody> {
  const [known, days] = await Promise.all([
    db.select().from(calendarYears).where(eq(calendarYears.year, year)).get(),
    db.select().from(calendarDays).where(inYear(year)).orderBy(calendarDays.date),
  ]);
  const plain = (d: string) => weekday(d) !== 0 && weekday(d) !== 6;
  const changes: CalendarChange[] = days
    .filter((d) => (d.kind === 'holiday') === plain(d.date))
    .map((d) => ({ date: d.date, kind: d.kind, name: d.name, plainWorking: plain(d.date) }));
  return { year, status: known?.status ?? null, source: known?.source ?? null, changes };
}

const getYear = createRoute({
  method: 'get',
  path: '/calendar/{year}',
  operationId: 'adminGetCalendarYear',
  tags: ['admin-notices'],
  summary: 'A year of the working-day calendar: its status and the days that differ from plain weeks',
  ...access(READERS),
  request: { params: CalendarYearParam },
  responses: {
    200: json(CalendarYearBody, 'The year'),
    ...errors('invalid_request', 'unauthenticated', 'forbidden'),
  },
});

const putYear = createRoute({
  method: 'put',
  path: '/calendar/{year}',
  operationId: 'adminEnterCalendarYear',
  tags: ['admin-notices'],
  summary: "Enter a year's State Council schedule; answers the working days it changes against plain weeks",
  description: 'Replaces every dated exception of the year. Published notices keep their stored period ends.',
  ...access(CITY),
  request: { params: CalendarYearParam, body: jsonBody(CalendarEntry) },
  responses: {
    200: json(CalendarYearBody, 'The year as entered'),
    ...errors('invalid_request', 'unauthenticated', 'forbidden'),
  },
});

const confirmPlain = createRoute({
  method: 'post',
  path: '/calendar/{year}/confirm-plain',
  operationId: 'adminConfirmPlainYear',
  tags: ['admin-notices'],
  summary: 'Confirm a year without a published schedule as plain Monday-Friday weeks (logged, shown as such)',
  ...access(CITY),
  request: { params: CalendarYearParam, body: jsonBody(PlainYearConfirmation) },
  responses: {
    200: json(CalendarYearBody, 'The year, confirmed'),
    ...errors('invalid_request', 'unauthenticated', 'forbidden', 'conflict'),
  },
});

/** The calendar routes under /api/admin. */
export const adminCalendar = router()
  .openapi(getYear, async (c) =>
    c.json(await readYear(c.var.db, c.req.valid('param').year), 200, { 'Cache-Control': 'no-store' }),
  )
  .openapi(putYear, async (c) => {
    const db = c.var.db;
    const { year } = c.req.valid('param');
    const entry = c.req.valid('json');
    const expanded = expandEntry(year, entry);
    if ('problems' in expanded)
      throw new ApiError('invalid_request', { issues: expanded.problems.map((message) => ({ path: [], message })) });
    const now = c.var.now();
    const source = `国务院办公厅 ${entry.noticeNo}（${entry.noticeDate}）`;
    const before = await readYear(db, year);
    await auditedBatch(
      db,
      staffActor(c.var.staff, networkOf(clientIp(c))),
      now,
      [
        db.delete(calendarDays).where(inYear(year)),
        ...expanded.changes.map((d) =>
          db.insert(calendarDays).values({ date: d.date, kind: d.kind, name: d.name, source }),
        ),
        db
          .insert(calendarYears)
          .values({ year, status: 'entered', source, updatedAt: now })
          .onConflictDoUpdate({ target: calendarYears.year, set: { status: 'entered', source, updatedAt: now } }),
      ],
      {
        action: 'calendar.enter',
        entityType: 'calendar_year',
        entityId: year,
        before: { status: before.status, source: before.source, changes: before.changes.length },
        after: { status: 'entered', source, changes: expanded.changes },
      },
    );
    return c.json(await readYear(db, year), 200);
  })
  .openapi(confirmPlain, async (c) => {
    const db = c.var.db;
    const { year } = c.req.valid('param');
    const { reason } = c.req.valid('json');
    const before = await readYear(db, year);
    if (before.status === 'entered' || before.changes.length)
      throw new ApiError('conflict', { message: `${year}年已录入节假日安排，不能按普通周确认。` });
    const now = c.var.now();
    const source = '按普通周（周一至周五）确认，未录入国务院节假日安排';
    await auditedBatch(
      db,
      staffActor(c.var.staff, networkOf(clientIp(c))),
      now,
      [
        db
          .insert(calendarYears)
          .values({ year, status: 'confirmed', source, updatedAt: now })
          .onConflictDoUpdate({
            target: calendarYears.year,
            set: { status: 'confirmed', source, updatedAt: now },
            where: and(eq(calendarYears.year, year), eq(calendarYears.status, 'confirmed')),
          }),
      ],
      {
        action: 'calendar.confirm_plain',
        entityType: 'calendar_year',
        entityId: year,
        before: { status: before.status },
        after: { status: 'confirmed', source },
        reason,
      },
    );
    return c.json(await readYear(db, year), 200);
  });
