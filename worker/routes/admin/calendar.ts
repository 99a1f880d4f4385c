/**
 * The yearly holiday calendar by staff (city_admin writes, auditor reads): enter a year's State
 * Council schedule, or confirm a year without one as plain weeks. Published notices keep their
 * stored ends, so no edit here moves a deadline. Every change is audited.
 */
import { createRoute } from '@hono/zod-openapi';
import {
  CalendarEntry,
  CalendarYearBody,
  CalendarYearParam,
  PlainYearConfirmation,
} from '../../../contracts/admin-calendar';
import { confirmPlainYear, enterYear, readYear } from '../../services/admin/calendar';
import { errors, json, jsonBody, router } from '../declare';
import { access, actorFrom } from './access';
import { CITY, READERS } from './workflow';

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
    const { year } = c.req.valid('param');
    return c.json(await enterYear(c.var.db, actorFrom(c), year, c.req.valid('json'), c.var.now()), 200);
  })
  .openapi(confirmPlain, async (c) => {
    const { year } = c.req.valid('param');
    return c.json(await confirmPlainYear(c.var.db, actorFrom(c), year, c.req.valid('json').reason, c.var.now()), 200);
  });
