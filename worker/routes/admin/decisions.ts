/**
 * Admin routes of the decision (docs/decision.md): the live ranking with every candidate's
 * breakdown, confirming the top N or overriding with a written reason, and the final list the
 * public site shows at once.
 */
import { createRoute } from '@hono/zod-openapi';
import {
  AdminTrackParam,
  ChangeResult,
  DecisionBody,
  DecisionRequest,
  FinalListRequest,
} from '../../../contracts/admin-workflow';
import { decisionView } from '../../services/workflow/admin-view';
import { confirmDecision, publishFinalList } from '../../services/workflow/decision';
import { errors, json, jsonBody, router } from '../declare';
import { access, actorFrom } from './access';
import { listPurge } from '../../services/edge-cache-purge';
import { CITY, committed, READERS } from './workflow';

const TAGS = ['admin-workflow'];
const AUTH = ['unauthenticated', 'forbidden'] as const;

const getDecision = createRoute({
  method: 'get',
  path: '/tracks/{track}/decision',
  operationId: 'adminGetDecision',
  tags: TAGS,
  summary: "The track's ranking with each candidate's breakdown, and the confirmed decision if any",
  ...access(READERS),
  request: { params: AdminTrackParam },
  responses: {
    200: json(DecisionBody, 'The ranking'),
    ...errors('invalid_request', ...AUTH, 'not_found', 'conflict', 'embargoed'),
  },
});

const confirm = createRoute({
  method: 'post',
  path: '/tracks/{track}/decision',
  operationId: 'adminConfirmDecision',
  tags: TAGS,
  summary: 'Confirm the top N, or override naming the selected candidates with a written reason',
  ...access(CITY),
  request: { params: AdminTrackParam, body: jsonBody(DecisionRequest) },
  responses: {
    200: json(ChangeResult, 'The decision is confirmed'),
    ...errors('invalid_request', ...AUTH, 'not_found', 'stage_not_open', 'conflict', 'embargoed', 'round_closed'),
  },
});

const finalList = createRoute({
  method: 'post',
  path: '/tracks/{track}/final-list',
  operationId: 'adminPublishFinalList',
  tags: TAGS,
  summary: 'Publish the final list from the confirmed decision (after the 公示 notice, if given)',
  ...access(CITY),
  request: { params: AdminTrackParam, body: jsonBody(FinalListRequest) },
  responses: {
    200: json(ChangeResult, 'The final list is published'),
    ...errors('invalid_request', ...AUTH, 'not_found', 'stage_not_open', 'conflict', 'round_closed'),
  },
});

export const adminDecisions = router()
  .openapi(getDecision, async (c) => {
    const track = c.req.valid('param').track;
    return c.json(DecisionBody.parse(await decisionView(c.var.db, track, c.var.now())), 200);
  })
  .openapi(confirm, async (c) => {
    const trackKey = c.req.valid('param').track;
    const change = await confirmDecision(c.var.db, actorFrom(c), { trackKey, ...c.req.valid('json') }, c.var.now());
    return c.json(await committed(c, change), 200);
  })
  .openapi(finalList, async (c) => {
    const trackKey = c.req.valid('param').track;
    const b = c.req.valid('json');
    const change = await publishFinalList(c.var.db, actorFrom(c), { trackKey, ...b }, c.var.now());
    return c.json(await committed(c, change, listPurge(c.var.db, b.slug, trackKey)), 200);
  });
