/**
 * 公示 notices by staff (docs/notices.md): city admins create drafts from a
 * confirmed decision or by hand, edit them, publish (period computed and stored) and withdraw with
 * a public reason; auditors read. Each change runs with its audit entry in one batch; publishing and
 * withdrawing purge the edge cache so the public pages change at once.
 */
import { createRoute } from '@hono/zod-openapi';
import { SlugParam } from '../../../contracts/api';
import {
  AdminNoticeBody,
  AdminNoticeList,
  AdminNoticeListQuery,
  NoticeDraftRequest,
  NoticeDraftUpdate,
  NoticePublishRequest,
  NoticeWithdrawRequest,
} from '../../../contracts/admin-notices';
import {
  createNoticeDraft,
  publishNotice,
  staffNoticeDetail,
  staffNoticeList,
  updateNoticeDraft,
  withdrawNotice,
} from '../../services/admin/notices';
import { errors, json, jsonBody, router } from '../declare';
import { access, actorFrom } from './access';
import { noticePurge, purgeCommitted } from '../../services/edge-cache-purge';
import { CITY, READERS } from './workflow';

const TAGS = ['admin-notices'];
const AUTH = ['unauthenticated', 'forbidden'] as const;
const NO_STORE = { 'Cache-Control': 'no-store' };

const listRoute = createRoute({
  method: 'get',
  path: '/notices',
  operationId: 'adminListNotices',
  tags: TAGS,
  summary: 'Every notice, drafts included, newest first, with its state and objection counts',
  ...access(READERS),
  request: { query: AdminNoticeListQuery },
  responses: { 200: json(AdminNoticeList, 'The notices'), ...errors('invalid_request', ...AUTH) },
});

const getRoute = createRoute({
  method: 'get',
  path: '/notices/{slug}',
  operationId: 'adminGetNotice',
  tags: TAGS,
  summary: 'One notice, drafts included, with every item (removed ones marked)',
  ...access(READERS),
  request: { params: SlugParam },
  responses: { 200: json(AdminNoticeBody, 'The notice'), ...errors('invalid_request', ...AUTH, 'not_found') },
});

const createDraftRoute = createRoute({
  method: 'post',
  path: '/notices',
  operationId: 'adminCreateNotice',
  tags: TAGS,
  summary: "Create a draft: from the track's confirmed decision (items with breakdowns) or items typed in",
  ...access(CITY),
  request: { body: jsonBody(NoticeDraftRequest) },
  responses: {
    201: json(AdminNoticeBody, 'The draft'),
    ...errors('invalid_request', ...AUTH, 'conflict'),
  },
});

const updateDraftRoute = createRoute({
  method: 'put',
  path: '/notices/{slug}',
  operationId: 'adminUpdateNotice',
  tags: TAGS,
  summary: 'Edit a draft (published notices are never edited: withdraw and publish a replacement)',
  ...access(CITY),
  request: { params: SlugParam, body: jsonBody(NoticeDraftUpdate) },
  responses: {
    200: json(AdminNoticeBody, 'The draft'),
    ...errors('invalid_request', ...AUTH, 'not_found', 'conflict'),
  },
});

const publishRoute = createRoute({
  method: 'post',
  path: '/notices/{slug}/publish',
  operationId: 'adminPublishNotice',
  tags: TAGS,
  summary: 'Publish a draft today or on a later date; the period end is computed and stored',
  description:
    '`calendar_missing` when the period reaches a year whose holiday schedule is not entered: enter it with PUT /api/admin/calendar/{year} (or confirm it as plain weeks) and publish again.',
  ...access(CITY),
  request: { params: SlugParam, body: jsonBody(NoticePublishRequest) },
  responses: {
    200: json(AdminNoticeBody, 'The published notice'),
    ...errors('invalid_request', ...AUTH, 'not_found', 'conflict', 'calendar_missing'),
  },
});

const withdrawRoute = createRoute({
  method: 'post',
  path: '/notices/{slug}/withdraw',
  operationId: 'adminWithdrawNotice',
  tags: TAGS,
  summary: 'Withdraw a scheduled or open notice with a reason the public page shows',
  ...access(CITY),
  request: { params: SlugParam, body: jsonBody(NoticeWithdrawRequest) },
  responses: {
    200: json(AdminNoticeBody, 'The withdrawn notice'),
    ...errors('invalid_request', ...AUTH, 'not_found', 'conflict'),
  },
});

/** The notice routes under /api/admin. */
export const adminNotices = router()
  .openapi(listRoute, async (c) => {
    const notices = await staffNoticeList(c.var.db, c.req.valid('query').track, c.var.now());
    return c.json({ notices }, 200, NO_STORE);
  })
  .openapi(getRoute, async (c) =>
    c.json(await staffNoticeDetail(c.var.db, c.req.valid('param').slug, c.var.now()), 200, NO_STORE),
  )
  .openapi(createDraftRoute, async (c) => {
    const input = c.req.valid('json');
    await createNoticeDraft(c.var.db, actorFrom(c), input, c.var.now());
    return c.json(await staffNoticeDetail(c.var.db, input.slug, c.var.now()), 201);
  })
  .openapi(updateDraftRoute, async (c) => {
    const { slug } = c.req.valid('param');
    await updateNoticeDraft(c.var.db, actorFrom(c), slug, c.req.valid('json'), c.var.now());
    return c.json(await staffNoticeDetail(c.var.db, slug, c.var.now()), 200);
  })
  .openapi(publishRoute, async (c) => {
    const { slug } = c.req.valid('param');
    const now = c.var.now();
    const { replaced } = await publishNotice(c.var.db, actorFrom(c), slug, c.req.valid('json').publishedOn, now);
    const body = await staffNoticeDetail(c.var.db, slug, now);
    // Awaited: the next public read must see the change; a failure is logged, the publish stands.
    await purgeCommitted(
      c.req.url,
      noticePurge({ slug, trackKey: body.notice.track }, ...(replaced ? [replaced] : [])),
    );
    return c.json(body, 200);
  })
  .openapi(withdrawRoute, async (c) => {
    const { slug } = c.req.valid('param');
    const now = c.var.now();
    const { notice } = await withdrawNotice(c.var.db, actorFrom(c), slug, c.req.valid('json').reason, now);
    await purgeCommitted(c.req.url, noticePurge(notice));
    return c.json(await staffNoticeDetail(c.var.db, slug, now), 200);
  });
