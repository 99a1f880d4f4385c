/** Public poll routes: list, detail (API.md). Voting routes are added in ballots.ts. */
import { Hono } from 'hono';
import { SlugParam } from '../../contracts/api';
import { listPolls } from '../../db/queries/polls';
import type { AppEnv } from '../context';
import { ApiError } from '../errors';
import { valid } from '../middleware/validate';
import { pollDetail, toPollSummary } from '../services/polls';

const SHORT_CACHE = 'public, max-age=0, s-maxage=10';

export const polls = new Hono<AppEnv>()
  .get('/', async (c) => {
    const rows = await listPolls(c.var.db);
    const now = c.var.now();
    return c.json({ polls: rows.map((p) => toPollSummary(p, now)) }, 200, { 'Cache-Control': SHORT_CACHE });
  })
  .get('/:slug', valid('param', SlugParam), async (c) => {
    const poll = await pollDetail(c.var.db, c.req.valid('param').slug, c.var.now());
    if (!poll) throw new ApiError('not_found');
    return c.json({ poll: poll.detail }, 200, { 'Cache-Control': SHORT_CACHE });
  });
