/** The admin dashboard: where each track stands, today's SMS use, and the city admin's budget override. */
import { createRoute } from '@hono/zod-openapi';
import { chinaDate } from '../../../contracts/china-time';
import { Dashboard, SmsBudgetRequest, SmsUsage } from '../../../contracts/admin-api';
import { dashboardFor } from '../../services/dashboard';
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
  summary: "The dashboard by role: each track's round, stage, deadline and what waits; today's SMS use",
  description:
    "City admins and auditors get what waits for staff on each track (objections, quarantined ballots, proposals waiting for a second city admin, expert scores, counties yet to recommend), each with the admin page where it is handled, and the running polls with their turnout charts (SVG drawn by the server). A county officer gets their county's open tasks; an expert their assignments and the scores still missing.",
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
    const now = c.var.now();
    const sms = await smsUsage(c.var.db, c.var.config, now);
    const body = await dashboardFor(c.var.db, actorFrom(c), now, sms);
    return c.json(Dashboard.parse(body), 200, { 'Cache-Control': 'no-store' });
  })
  .openapi(setSmsBudget, async (c) => {
    const { budget, reason } = c.req.valid('json');
    const now = c.var.now();
    await raiseSmsBudget(c.var.db, chinaDate(now), budget, actorFrom(c), reason, now);
    return c.json(await smsUsage(c.var.db, c.var.config, now), 200);
  });
