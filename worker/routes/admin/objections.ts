/**
 * Handling objections (docs/product.md, admin workflow): city admins list, assign, respond and decide;
 * auditors read without the objectors' names and phones. Every change writes an audit entry.
 */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { SlugParam } from '../../../contracts/api';
import {
  AdminObjection,
  AdminObjectionList,
  ObjectionDecided,
  ObjectionDecision,
  ObjectionResponseRequest,
  TrackingParam,
} from '../../../contracts/objections';
import { findNotice, noticeById } from '../../../db/queries/notices';
import { objectionsOfNotice } from '../../../db/queries/objections';
import { ApiError } from '../../errors';
import { clientIp, networkOf } from '../../services/network';
import {
  adminObjectionOf,
  assignObjection,
  decideObjection,
  respondToObjection,
  toAdminObjection,
} from '../../services/objections';
import { errors, json, jsonBody, router } from '../declare';
import { access } from './access';
import { noticePurge, purgeCommitted } from '../../services/edge-cache-purge';
import { CITY, READERS } from './workflow';

const TAGS = ['admin-notices'];
const ADMIN_ERRORS = errors('invalid_request', 'unauthenticated', 'forbidden', 'not_found');

const listRoute = createRoute({
  method: 'get',
  path: '/notices/{slug}/objections',
  operationId: 'adminListObjections',
  tags: TAGS,
  summary: 'Objections to a notice (names and phones for city admins only)',
  ...access(READERS),
  request: { params: SlugParam },
  responses: { 200: json(AdminObjectionList, 'The objections, oldest first'), ...ADMIN_ERRORS },
});

const ObjectionBody = z.object({ objection: AdminObjection });
const WRITE_ERRORS = errors('invalid_request', 'unauthenticated', 'forbidden', 'not_found', 'conflict');

const assignRoute = createRoute({
  method: 'post',
  path: '/objections/{trackingNo}/assign',
  operationId: 'adminAssignObjection',
  tags: TAGS,
  summary: 'Take an objection: assigned to the caller, status under review',
  ...access(CITY),
  request: { params: TrackingParam },
  responses: { 200: json(ObjectionBody, 'The objection'), ...WRITE_ERRORS },
});

const respondRoute = createRoute({
  method: 'post',
  path: '/objections/{trackingNo}/respond',
  operationId: 'adminRespondObjection',
  tags: TAGS,
  summary: 'Write the response shown on the public status page; status under review',
  ...access(CITY),
  request: { params: TrackingParam, body: jsonBody(ObjectionResponseRequest) },
  responses: { 200: json(ObjectionBody, 'The objection'), ...WRITE_ERRORS },
});

const decideRoute = createRoute({
  method: 'post',
  path: '/objections/{trackingNo}/decide',
  operationId: 'adminDecideObjection',
  tags: TAGS,
  summary: 'Uphold or dismiss; upheld with removeItemIds re-publishes the notice with a new period',
  ...access(CITY),
  request: { params: TrackingParam, body: jsonBody(ObjectionDecision) },
  responses: {
    200: json(ObjectionDecided, 'The decided objection and the re-published notice, if any'),
    ...errors(
      'invalid_request',
      'unauthenticated',
      'forbidden',
      'not_found',
      'conflict',
      'calendar_missing',
      'round_closed',
    ),
  },
});

/** The objection routes under /api/admin. */
export const adminObjections = router()
  .openapi(listRoute, async (c) => {
    const notice = await findNotice(c.var.db, c.req.valid('param').slug);
    if (!notice) throw new ApiError('not_found');
    const rows = await objectionsOfNotice(c.var.db, notice.id);
    return c.json({ objections: rows.map((r) => toAdminObjection(r.objection, r.itemName, c.var.staff)) }, 200, {
      'Cache-Control': 'no-store',
    });
  })
  .openapi(assignRoute, async (c) => {
    const row = await assignObjection(
      c.var.db,
      c.var.staff,
      networkOf(clientIp(c)),
      c.req.valid('param').trackingNo,
      c.var.now(),
    );
    return c.json({ objection: await adminObjectionOf(c.var.db, row, c.var.staff) }, 200);
  })
  .openapi(respondRoute, async (c) => {
    const row = await respondToObjection(
      c.var.db,
      c.var.staff,
      networkOf(clientIp(c)),
      c.req.valid('param').trackingNo,
      c.req.valid('json').response,
      c.var.now(),
    );
    return c.json({ objection: await adminObjectionOf(c.var.db, row, c.var.staff) }, 200);
  })
  .openapi(decideRoute, async (c) => {
    const { objection, replacedBy } = await decideObjection(
      c.var.db,
      c.var.staff,
      networkOf(clientIp(c)),
      c.req.valid('param').trackingNo,
      c.req.valid('json'),
      c.var.now(),
    );
    if (replacedBy) {
      // The old notice is now withdrawn and points to the new one: both public pages change at once.
      await purgeCommitted(c.req.url, async (origin) => {
        const old = (await noticeById(c.var.db, objection.noticeId))!;
        return noticePurge(...[old.slug, replacedBy].map((slug) => ({ slug, trackKey: old.trackKey })))(origin);
      });
    }
    return c.json({ objection: await adminObjectionOf(c.var.db, objection, c.var.staff), replacedBy }, 200);
  });
