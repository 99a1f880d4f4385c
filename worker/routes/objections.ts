/** Objections to 公示 notices: filing one (voter session) and the public status by tracking number (docs/api.md). */
import { createRoute } from '@hono/zod-openapi';
import { SlugParam } from '../../contracts/api';
import { ObjectionCreated, ObjectionRequest, ObjectionStatusBody, TrackingParam } from '../../contracts/objections';
import { ApiError } from '../errors';
import { requireVoter } from '../middleware/voter';
import { clientIp, networkOf } from '../services/network';
import { publicObjectionStatus, submitObjection } from '../services/objections';
import { errors, json, jsonBody, PUBLIC, router, VOTER } from './declare';

const fileObjection = createRoute({
  method: 'post',
  path: '/{slug}/objections',
  operationId: 'fileObjection',
  tags: ['notices'],
  summary: 'File an objection to an open notice with a voter session',
  description:
    'The phone comes from the SMS verification. 409 `notice_closed` before the period starts and from 24:00 China time of its last working day (server clock). Rate limited per phone and per network. Keep the tracking number: it is the only way to follow the objection.',
  security: VOTER,
  middleware: requireVoter(),
  request: { params: SlugParam, body: jsonBody(ObjectionRequest) },
  responses: {
    201: json(ObjectionCreated, 'Received; keep the tracking number'),
    ...errors('invalid_request', 'unauthenticated', 'not_found', 'notice_closed', 'rate_limited'),
  },
});

const getObjection = createRoute({
  method: 'get',
  path: '/{trackingNo}',
  operationId: 'getObjectionStatus',
  tags: ['notices'],
  summary: 'The status and published response of an objection',
  description: 'Never shows the objector’s name, phone, contact or text.',
  security: PUBLIC,
  request: { params: TrackingParam },
  responses: { 200: json(ObjectionStatusBody, 'The status'), ...errors('invalid_request', 'not_found') },
});

/** POST /api/notices/{slug}/objections (mounted beside the notice routes). */
export const noticeObjections = router().openapi(fileObjection, async (c) => {
  const slug = c.req.valid('param').slug;
  const trackingNo = await submitObjection(c.var.db, {
    slug,
    voter: c.var.voter,
    body: c.req.valid('json'),
    network: networkOf(clientIp(c)),
    now: c.var.now(),
  });
  return c.json({ trackingNo, noticeSlug: slug }, 201, { 'Cache-Control': 'no-store' });
});

/** GET /api/objections/{trackingNo}. */
export const objectionStatus = router().openapi(getObjection, async (c) => {
  const found = await publicObjectionStatus(c.var.db, c.req.valid('param').trackingNo);
  if (!found) throw new ApiError('not_found', { message: '找不到该受理编号，请检查是否输入正确。' });
  return c.json(found, 200, { 'Cache-Control': 'no-store' });
});
