/** Public poll routes: list, detail (docs/api.md). Voting and results on a poll are in ballots.ts. */
import { createRoute } from '@hono/zod-openapi';
import { PollBody, PollList, SlugParam, YearQuery } from '../../contracts/api';
import { read } from '../../db/client';
import { listPolls } from '../../db/queries/polls';
import { ApiError } from '../errors';
import { pollDetail, toPollSummary } from '../services/polls';
import { errors, json, PUBLIC, router } from './declare';

const SHORT_CACHE = 'public, max-age=0, s-maxage=10';

const listPollsRoute = createRoute({
  method: 'get',
  path: '/',
  operationId: 'listPolls',
  tags: ['polls'],
  summary: "All polls (or one round year's) with their status (scheduled, open, closed, published)",
  security: PUBLIC,
  request: { query: YearQuery },
  responses: { 200: json(PollList, 'The polls, latest opening first'), ...errors('invalid_request') },
});

const getPoll = createRoute({
  method: 'get',
  path: '/{slug}',
  operationId: 'getPoll',
  tags: ['polls'],
  summary: 'A poll with its finalists (never counts)',
  security: PUBLIC,
  request: { params: SlugParam },
  responses: { 200: json(PollBody, 'The poll'), ...errors('invalid_request', 'not_found') },
});

export const polls = router()
  .openapi(listPollsRoute, async (c) => {
    const year = c.req.valid('query').year ?? null;
    const rows = await read(c.var.db, listPolls(c.var.db, { track: null, year, current: null }));
    const now = c.var.now();
    return c.json({ polls: rows.map((p) => toPollSummary(p, now)) }, 200, { 'Cache-Control': SHORT_CACHE });
  })
  .openapi(getPoll, async (c) => {
    const poll = await pollDetail(c.var.db, c.req.valid('param').slug, c.var.now());
    if (!poll) throw new ApiError('not_found');
    return c.json({ poll: poll.detail }, 200, { 'Cache-Control': SHORT_CACHE });
  });
