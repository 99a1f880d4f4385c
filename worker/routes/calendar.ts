/** GET /api/calendar/period: the working-day rule of docs/product.md. */
import { createRoute } from '@hono/zod-openapi';
import { PeriodQuery, WorkingPeriod } from '../../contracts/api';
import { loadCalendar } from '../../db/queries/calendar';
import { ApiError } from '../errors';
import { CalendarMissingError, workingPeriod, yearsNear } from '../../contracts/calendar';
import { errors, json, PUBLIC, router } from './declare';

const getPeriod = createRoute({
  method: 'get',
  path: '/period',
  operationId: 'getWorkingPeriod',
  tags: ['calendar'],
  summary: 'A publicity period by the working-day rule',
  description:
    'Starts on `start` if it is a working day, else on the next one. 409 when a year it touches has no holiday schedule yet.',
  security: PUBLIC,
  request: { query: PeriodQuery },
  responses: { 200: json(WorkingPeriod, 'The period'), ...errors('invalid_request', 'calendar_missing') },
});

export const calendar = router().openapi(getPeriod, async (c) => {
  const { start, workingDays } = c.req.valid('query');
  const cal = await loadCalendar(c.var.db, yearsNear(start));
  try {
    return c.json(workingPeriod(start, workingDays, cal), 200, { 'Cache-Control': 'public, max-age=300' });
  } catch (e) {
    if (e instanceof CalendarMissingError) {
      throw new ApiError('calendar_missing', { message: `${e.year}年的节假日安排尚未录入，无法计算工作日。` });
    }
    throw e;
  }
});
