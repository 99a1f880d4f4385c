/** Public 公示 notice routes (docs/api.md). */
import { createRoute } from '@hono/zod-openapi';
import { NoticeBody, NoticeList, SlugParam, YearQuery } from '../../contracts/api';
import { ApiError } from '../errors';
import { allNotices, noticeDetail } from '../services/notices';
import { errors, json, PUBLIC, router } from './declare';

const SHORT_CACHE = 'public, max-age=0, s-maxage=30';

const listNoticesRoute = createRoute({
  method: 'get',
  path: '/',
  operationId: 'listNotices',
  tags: ['notices'],
  summary: "公示 notices with their items, of every year or of one round's year",
  security: PUBLIC,
  request: { query: YearQuery },
  responses: { 200: json(NoticeList, 'The notices, newest first'), ...errors('invalid_request') },
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
    const notices = await allNotices(c.var.db, c.var.now(), c.req.valid('query').year ?? null);
    return c.json({ notices }, 200, { 'Cache-Control': SHORT_CACHE });
  })
  .openapi(getNotice, async (c) => {
    const notice = await noticeDetail(c.var.db, c.req.valid('param').slug, c.var.now());
    if (!notice) throw new ApiError('not_found');
    return c.json({ notice }, 200, { 'Cache-Control': SHORT_CACHE });
  });
