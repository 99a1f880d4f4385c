/** GET /api/calendar/period: the working-day rule of PRODUCT.md. */
import { Hono } from 'hono';
import { PeriodQuery } from '../../contracts/api';
import { loadCalendar } from '../../db/queries/calendar';
import type { AppEnv } from '../context';
import { ApiError } from '../errors';
import { valid } from '../middleware/validate';
import { CalendarMissingError, workingPeriod, yearsNear } from '../../contracts/calendar';

export const calendar = new Hono<AppEnv>().get('/period', valid('query', PeriodQuery), async (c) => {
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
