/** Public 公示 notice routes (API.md). */
import { createRoute } from '@hono/zod-openapi';
import { NoticeBody, NoticeList, SlugParam } from '../../contracts/api';
import { listNotices, noticeItemsOf } from '../../db/queries/notices';
import { ApiError } from '../errors';
import { linksAmong, noticeDetail, toNotice } from '../services/notices';
import { errors, json, PUBLIC, router } from './declare';

const SHORT_CACHE = 'public, max-age=0, s-maxage=30';

const listNoticesRoute = createRoute({
  method: 'get',
  path: '/',
  operationId: 'listNotices',
  tags: ['notices'],
  summary: '公示 notices with their items',
  security: PUBLIC,
  responses: { 200: json(NoticeList, 'The notices') },
});

const getNotice = createRoute({
  method: 'get',
  path: '/{slug}',
  operationId: 'getNotice',
  tags: ['notices'],
  summary: 'One notice with its items and the contact for objections',
  security: PUBLIC,
  request: { params: SlugParam },
  responses: { 200: json(NoticeBody, 'The notice'), ...errors('invalid_request', 'not_found') },
});

export const notices = router()
  .openapi(listNoticesRoute, async (c) => {
    const db = c.var.db;
    const rows = await listNotices(db);
    const now = c.var.now();
    const withItems = await Promise.all(
      rows.map(async (n) => toNotice(n, await noticeItemsOf(db, n.id), now, linksAmong(n, rows))),
    );
    return c.json({ notices: withItems }, 200, { 'Cache-Control': SHORT_CACHE });
  })
  .openapi(getNotice, async (c) => {
    const notice = await noticeDetail(c.var.db, c.req.valid('param').slug, c.var.now());
    if (!notice) throw new ApiError('not_found');
    return c.json({ notice }, 200, { 'Cache-Control': SHORT_CACHE });
  });
