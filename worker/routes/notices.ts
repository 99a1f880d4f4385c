/** Public 公示 notice routes (API.md). */
import { Hono } from 'hono';
import { SlugParam } from '../../contracts/api';
import { listNotices, noticeItemsOf } from '../../db/queries/notices';
import type { AppEnv } from '../context';
import { ApiError } from '../errors';
import { valid } from '../middleware/validate';
import { noticeDetail, toNotice } from '../services/notices';

const SHORT_CACHE = 'public, max-age=0, s-maxage=30';

export const notices = new Hono<AppEnv>()
  .get('/', async (c) => {
    const db = c.var.db;
    const rows = await listNotices(db);
    const now = c.var.now();
    const withItems = await Promise.all(rows.map(async (n) => toNotice(n, await noticeItemsOf(db, n.id), now)));
    return c.json({ notices: withItems }, 200, { 'Cache-Control': SHORT_CACHE });
  })
  .get('/:slug', valid('param', SlugParam), async (c) => {
    const notice = await noticeDetail(c.var.db, c.req.valid('param').slug, c.var.now());
    if (!notice) throw new ApiError('not_found');
    return c.json({ notice }, 200, { 'Cache-Control': SHORT_CACHE });
  });
