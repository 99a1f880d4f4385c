/** The admin dashboard: where each track stands, today's SMS use, and the city admin's budget override. */
import { createRoute } from '@hono/zod-openapi';
import { chinaDate } from '../../../contracts/china-time';
import { Dashboard, SmsBudgetRequest, SmsUsage } from '../../../contracts/admin-api';
import { reads } from '../../../db/client';
import { listStages, listTracks } from '../../../db/queries/content';
import { raiseSmsBudget, smsUsage } from '../../services/sms-budget';
import { errors, json, jsonBody, router } from '../declare';
import { ROLES } from '../../../contracts/enums';
import { access, actorFrom } from './access';

const TAGS = ['admin-dashboard'];

const getDashboard = createRoute({
  method: 'get',
  path: '/dashboard',
  operationId: 'getAdminDashboard',
  tags: TAGS,
  summary: "The six tracks' stages and today's SMS use against its budget",
  ...access(ROLES),
  responses: { 200: json(Dashboard, 'The dashboard'), ...errors('unauthenticated', 'forbidden') },
});

const setSmsBudget = createRoute({
  method: 'post',
  path: '/sms-budget',
  operationId: 'setSmsBudget',
  tags: TAGS,
  summary: "Set today's SMS budget (China day), effective at once; logged in the audit log",
  description:
    'When the budget runs out no citizen can get a code until 00:00 China time; this raises it for today without a deploy. The next day falls back to `SMS_DAILY_BUDGET`.',
  ...access(['city_admin']),
  request: { body: jsonBody(SmsBudgetRequest) },
  responses: {
    200: json(SmsUsage, "Today's use and the new budget"),
    ...errors('invalid_request', 'unauthenticated', 'forbidden'),
  },
});

export const adminDashboard = router()
  .openapi(getDashboard, async (c) => {
    const [[tracks, stages], sms] = await Promise.all([
      reads(c.var.db, [listTracks(c.var.db, {}), listStages(c.var.db, { track: null })]),
      smsUsage(c.var.db, c.var.config, c.var.now()),
    ]);
    const body = {
      tracks: tracks.map((t) => ({
        key: t.key,
        title: t.title,
        stages: stages
          .filter((s) => s.trackKey === t.key)
          .map((s) => ({ key: s.key, title: s.title, status: s.status })),
      })),
      sms,
    };
    return c.json(Dashboard.parse(body), 200, { 'Cache-Control': 'no-store' });
  })
  .openapi(setSmsBudget, async (c) => {
    const { budget, reason } = c.req.valid('json');
    const now = c.var.now();
    await raiseSmsBudget(c.var.db, chinaDate(now), budget, actorFrom(c), reason, now);
    return c.json(await smsUsage(c.var.db, c.var.config, now), 200);
  });
