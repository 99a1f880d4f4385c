/**
 * Admin routes of poll management: a poll from the shortlist, closing early or extending with a
 * written reason the public poll page shows, and publishing results (ends the embargo).
 */
import { createRoute } from '@hono/zod-openapi';
import {
  AdminSlugParam,
  AdminTrackParam,
  ChangeResult,
  ClosePollRequest,
  CreatePollRequest,
  ExtendPollRequest,
} from '../../../contracts/admin-workflow';
import { POLL_MAX_DAYS, POLL_MAX_LEAD_DAYS } from '../../../contracts/workflow';
import { changePollWindow, createPollFromShortlist, publishResults } from '../../services/workflow/poll-management';
import { errors, json, jsonBody, router } from '../declare';
import { access, actorFrom } from './access';
import { pollPurge } from '../../services/edge-cache-purge';
import { CITY, committed } from './workflow';

const TAGS = ['admin-workflow'];
const AUTH = ['unauthenticated', 'forbidden'] as const;

const createPoll = createRoute({
  method: 'post',
  path: '/tracks/{track}/poll',
  operationId: 'adminCreatePoll',
  tags: TAGS,
  summary: "Schedule the public vote on the track's shortlist (window, choices, live counts or embargo, weights)",
  description: `A window is at most ${POLL_MAX_DAYS} calendar days (day 1 is the China date of opening) and opens at most ${POLL_MAX_LEAD_DAYS} days ahead; beyond either, \`invalid_request\`.`,
  ...access(CITY),
  request: { params: AdminTrackParam, body: jsonBody(CreatePollRequest) },
  responses: {
    200: json(ChangeResult, 'The poll is created'),
    ...errors('invalid_request', ...AUTH, 'not_found', 'stage_not_open', 'conflict', 'round_closed'),
  },
});

const closePoll = createRoute({
  method: 'post',
  path: '/polls/{slug}/close',
  operationId: 'adminClosePoll',
  tags: TAGS,
  summary:
    'Close a poll now (an open one, or one yet to open, which then never opens), with a reason shown on the public poll page',
  ...access(CITY),
  request: { params: AdminSlugParam, body: jsonBody(ClosePollRequest) },
  responses: {
    200: json(ChangeResult, 'The poll is closed'),
    ...errors('invalid_request', ...AUTH, 'not_found', 'poll_not_open', 'conflict', 'round_closed'),
  },
});

const extendPoll = createRoute({
  method: 'post',
  path: '/polls/{slug}/extend',
  operationId: 'adminExtendPoll',
  tags: TAGS,
  summary: 'Extend a poll to 24:00 China time of `lastDay`, with a reason shown on the public poll page',
  description: `\`lastDay\` is at most day ${POLL_MAX_DAYS} of the window, counted from the China date of opening; a later day is \`invalid_request\`.`,
  ...access(CITY),
  request: { params: AdminSlugParam, body: jsonBody(ExtendPollRequest) },
  responses: {
    200: json(ChangeResult, 'The poll is extended'),
    ...errors('invalid_request', ...AUTH, 'not_found', 'poll_not_open', 'conflict', 'round_closed'),
  },
});

const publish = createRoute({
  method: 'post',
  path: '/polls/{slug}/publish-results',
  operationId: 'adminPublishPollResults',
  tags: TAGS,
  summary: "Publish a closed poll's results (ends the embargo)",
  ...access(CITY),
  request: { params: AdminSlugParam },
  responses: {
    200: json(ChangeResult, 'The results are published'),
    ...errors('invalid_request', ...AUTH, 'not_found', 'poll_not_open', 'conflict', 'round_closed'),
  },
});

export const adminPolls = router()
  .openapi(createPoll, async (c) => {
    const trackKey = c.req.valid('param').track;
    const b = c.req.valid('json');
    const change = await createPollFromShortlist(
      c.var.db,
      actorFrom(c),
      { ...b, trackKey, opensAt: Date.parse(b.opensAt) },
      c.var.now(),
    );
    return c.json(await committed(c, change, pollPurge(c.var.db, b.slug)), 200);
  })
  .openapi(closePoll, async (c) => {
    const { slug } = c.req.valid('param');
    const { reason } = c.req.valid('json');
    const change = await changePollWindow(c.var.db, actorFrom(c), { slug, action: 'close', reason }, c.var.now());
    return c.json(await committed(c, change, pollPurge(c.var.db, slug)), 200);
  })
  .openapi(extendPoll, async (c) => {
    const { slug } = c.req.valid('param');
    const change = await changePollWindow(
      c.var.db,
      actorFrom(c),
      { slug, action: 'extend', ...c.req.valid('json') },
      c.var.now(),
    );
    return c.json(await committed(c, change, pollPurge(c.var.db, slug)), 200);
  })
  .openapi(publish, async (c) => {
    const { slug } = c.req.valid('param');
    const change = await publishResults(c.var.db, actorFrom(c), { slug }, c.var.now());
    return c.json(await committed(c, change, pollPurge(c.var.db, slug)), 200);
  });
