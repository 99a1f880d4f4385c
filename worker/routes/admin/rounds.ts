/**
 * Admin routes of a track's rounds (年度评选): preview and start the next round, close the current
 * one early. City admins only; each change is audited by its service (worker/services/rounds.ts).
 */
import { createRoute } from '@hono/zod-openapi';
import { AdminTrackParam } from '../../../contracts/admin-workflow';
import {
  AdminRoundBody,
  AdminRoundParam,
  CloseRoundRequest,
  RoundPreviewBody,
  RoundPreviewQuery,
  StartRoundRequest,
} from '../../../contracts/rounds';
import { purgeCommitted, trackPurge } from '../../services/edge-cache-purge';
import { closeRound, previewRound, startRound } from '../../services/rounds';
import { errors, json, jsonBody, router } from '../declare';
import { access, actorFrom } from './access';
import { CITY } from './workflow';

const TAGS = ['admin-workflow'];
const AUTH = ['unauthenticated', 'forbidden'] as const;

const previewRoute = createRoute({
  method: 'get',
  path: '/tracks/{track}/rounds/preview',
  operationId: 'adminPreviewRound',
  tags: TAGS,
  summary: 'The next round as it would start: its title and the annex stages with computed dates (nothing is written)',
  ...access(CITY),
  request: { params: AdminTrackParam, query: RoundPreviewQuery },
  responses: {
    200: json(RoundPreviewBody, 'The round that POST …/rounds would start'),
    ...errors('invalid_request', ...AUTH, 'not_found', 'round_open', 'conflict', 'calendar_missing'),
  },
});

const startRoute = createRoute({
  method: 'post',
  path: '/tracks/{track}/rounds',
  operationId: 'adminStartRound',
  tags: TAGS,
  summary: 'Start the next round of a track once the current one is finished or closed',
  ...access(CITY),
  request: { params: AdminTrackParam, body: jsonBody(StartRoundRequest) },
  responses: {
    201: json(AdminRoundBody, 'The new round, open, with its stages pending'),
    ...errors('invalid_request', ...AUTH, 'not_found', 'round_open', 'conflict', 'calendar_missing'),
  },
});

const closeRoute = createRoute({
  method: 'post',
  path: '/tracks/{track}/rounds/{year}/close',
  operationId: 'adminCloseRound',
  tags: TAGS,
  summary: 'Close an open round early, with a reason shown on its public page',
  ...access(CITY),
  request: { params: AdminRoundParam, body: jsonBody(CloseRoundRequest) },
  responses: {
    200: json(AdminRoundBody, 'The round, closed'),
    ...errors('invalid_request', ...AUTH, 'not_found', 'round_closed', 'conflict'),
  },
});

export const adminRounds = router()
  .openapi(previewRoute, async (c) => {
    const { track } = c.req.valid('param');
    const q = c.req.valid('query');
    const preview = await previewRound(c.var.db, { track, ...q }, c.var.now());
    return c.json(RoundPreviewBody.parse(preview), 200);
  })
  .openapi(startRoute, async (c) => {
    const { track } = c.req.valid('param');
    const round = await startRound(c.var.db, actorFrom(c), { track, ...c.req.valid('json') }, c.var.now());
    await purgeCommitted(c.req.url, trackPurge(track));
    return c.json(AdminRoundBody.parse({ round }), 201);
  })
  .openapi(closeRoute, async (c) => {
    const { track, year } = c.req.valid('param');
    const { reason } = c.req.valid('json');
    const round = await closeRound(c.var.db, actorFrom(c), { track, year, reason }, c.var.now());
    await purgeCommitted(c.req.url, trackPurge(track));
    return c.json(AdminRoundBody.parse({ round }), 200);
  });
