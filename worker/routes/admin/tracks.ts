/**
 * Admin routes of a track's stages, county recommendations and applications, expert review and
 * the shortlist, and the track's CSV exports. Thin: each handler validates, calls one workflow
 * service and runs its change with the audit entry (access.ts `committed`).
 */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import {
  AdminStageParam,
  AdminTrackBody,
  AdminTrackParam,
  ApplicationRequest,
  AssignExpertsRequest,
  ChangeResult,
  IdParam,
  OpenStageRequest,
  RecommendationRequest,
  ScoreRequest,
  ShortlistRequest,
} from '../../../contracts/admin-workflow';
import { ApiError } from '../../errors';
import { adminTrackView } from '../../services/workflow/admin-view';
import { csvResponse } from '../../services/workflow/csv';
import { candidatesCsv, recommendationsCsv } from '../../services/workflow/exports';
import {
  submitApplication,
  submitRecommendation,
  withdrawRecommendation,
} from '../../services/workflow/recommendations';
import { assignExperts, buildShortlist, recordScore } from '../../services/workflow/reviews';
import { closeStage, openStage } from '../../services/workflow/stages';
import { errors, json, jsonBody, router } from '../declare';
import { access, actorFrom } from './access';
import { ROLES } from '../../../contracts/enums';
import { trackPurge } from '../../services/edge-cache-purge';
import { CITY, committed, COUNTY, EXPERT, ms, READERS } from './workflow';

const TAGS = ['admin-workflow'];
const changed = (description: string) => json(ChangeResult, description);
const AUTH = ['unauthenticated', 'forbidden'] as const;

const getTrack = createRoute({
  method: 'get',
  path: '/tracks/{track}',
  operationId: 'adminGetTrack',
  tags: TAGS,
  summary: 'A track with its stages, candidates, reviews and county progress (filtered by role)',
  ...access(ROLES),
  request: { params: AdminTrackParam },
  responses: {
    200: json(AdminTrackBody, 'The track as the caller may see it'),
    ...errors('invalid_request', ...AUTH, 'not_found'),
  },
});

const openStageRoute = createRoute({
  method: 'post',
  path: '/tracks/{track}/stages/{stage}/open',
  operationId: 'adminOpenStage',
  tags: TAGS,
  summary: 'Open a stage once every earlier stage is closed',
  ...access(CITY),
  request: { params: AdminStageParam, body: jsonBody(OpenStageRequest) },
  responses: {
    200: changed('The stage is open'),
    ...errors('invalid_request', ...AUTH, 'not_found', 'conflict', 'calendar_missing', 'round_closed'),
  },
});

const closeStageRoute = createRoute({
  method: 'post',
  path: '/tracks/{track}/stages/{stage}/close',
  operationId: 'adminCloseStage',
  tags: TAGS,
  summary: 'Close an active stage once its requirements are met',
  ...access(CITY),
  request: { params: AdminStageParam },
  responses: {
    200: changed('The stage is closed'),
    ...errors('invalid_request', ...AUTH, 'not_found', 'conflict', 'round_closed'),
  },
});

const recommend = createRoute({
  method: 'post',
  path: '/tracks/{track}/recommendations',
  operationId: 'adminRecommend',
  tags: TAGS,
  summary: "A county's recommendation (county officers: their own county only)",
  ...access(COUNTY),
  request: { params: AdminTrackParam, body: jsonBody(RecommendationRequest) },
  responses: {
    200: changed('The recommendation is recorded'),
    ...errors(
      'invalid_request',
      ...AUTH,
      'not_found',
      'stage_not_open',
      'deadline_passed',
      'quota_exceeded',
      'conflict',
      'round_closed',
    ),
  },
});

const withdraw = createRoute({
  method: 'delete',
  path: '/recommendations/{id}',
  operationId: 'adminWithdrawRecommendation',
  tags: TAGS,
  summary: 'Withdraw a recommendation before the deadline (county officers: their own county only)',
  ...access(COUNTY),
  request: { params: IdParam },
  responses: {
    200: changed('The recommendation is withdrawn'),
    ...errors('invalid_request', ...AUTH, 'not_found', 'stage_not_open', 'deadline_passed', 'conflict', 'round_closed'),
  },
});

const apply = createRoute({
  method: 'post',
  path: '/tracks/{track}/applications',
  operationId: 'adminApply',
  tags: TAGS,
  summary: 'An application (bases, institutions; county officers: their own county only)',
  ...access(COUNTY),
  request: { params: AdminTrackParam, body: jsonBody(ApplicationRequest) },
  responses: {
    200: changed('The application is recorded'),
    ...errors('invalid_request', ...AUTH, 'not_found', 'stage_not_open', 'deadline_passed', 'conflict', 'round_closed'),
  },
});

const assign = createRoute({
  method: 'post',
  path: '/tracks/{track}/experts',
  operationId: 'adminAssignExperts',
  tags: TAGS,
  summary: 'Assign experts to candidates under review',
  ...access(CITY),
  request: { params: AdminTrackParam, body: jsonBody(AssignExpertsRequest) },
  responses: {
    200: changed('The experts are assigned'),
    ...errors('invalid_request', ...AUTH, 'not_found', 'stage_not_open', 'conflict', 'round_closed'),
  },
});

const score = createRoute({
  method: 'post',
  path: '/candidates/{id}/score',
  operationId: 'adminScoreCandidate',
  tags: TAGS,
  summary: "An expert's score, 0-100, for a candidate assigned to them",
  ...access(EXPERT),
  request: { params: IdParam, body: jsonBody(ScoreRequest) },
  responses: {
    200: changed('The score is recorded'),
    ...errors('invalid_request', ...AUTH, 'not_found', 'stage_not_open', 'deadline_passed', 'conflict', 'round_closed'),
  },
});

const shortlist = createRoute({
  method: 'post',
  path: '/tracks/{track}/shortlist',
  operationId: 'adminBuildShortlist',
  tags: TAGS,
  summary: 'Build the shortlist: the named candidates, or the top of the review ranking',
  ...access(CITY),
  request: { params: AdminTrackParam, body: jsonBody(ShortlistRequest) },
  responses: {
    200: changed('The shortlist is built'),
    ...errors('invalid_request', ...AUTH, 'not_found', 'stage_not_open', 'conflict', 'round_closed'),
  },
});

const csv = { description: 'CSV, UTF-8 with BOM', content: { 'text/csv': { schema: z.string() } } };

const candidatesExport = createRoute({
  method: 'get',
  path: '/tracks/{track}/candidates.csv',
  operationId: 'adminExportCandidates',
  tags: TAGS,
  summary: "The track's candidates with scores and decision breakdown, as CSV",
  ...access(READERS),
  request: { params: AdminTrackParam },
  responses: { 200: csv, ...errors('invalid_request', ...AUTH, 'not_found') },
});

const recommendationsExport = createRoute({
  method: 'get',
  path: '/tracks/{track}/recommendations.csv',
  operationId: 'adminExportRecommendations',
  tags: TAGS,
  summary: "The track's county recommendations, as CSV",
  ...access(READERS),
  request: { params: AdminTrackParam },
  responses: { 200: csv, ...errors('invalid_request', ...AUTH, 'not_found') },
});

export const adminTracks = router()
  .openapi(getTrack, async (c) => {
    const track = c.req.valid('param').track;
    return c.json(AdminTrackBody.parse(await adminTrackView(c.var.db, track, actorFrom(c), c.var.now())), 200);
  })
  .openapi(openStageRoute, async (c) => {
    const { track, stage } = c.req.valid('param');
    const b = c.req.valid('json');
    const change = await openStage(
      c.var.db,
      actorFrom(c),
      {
        trackKey: track,
        stageKey: stage,
        // Absent: the deadline the round planned for the stage (null: none).
        deadlineAt: b.deadlineAt === undefined ? undefined : ms(b.deadlineAt),
        deadlineWorkingDays: b.deadlineWorkingDays,
        targetCount: b.targetCount,
      },
      c.var.now(),
    );
    return c.json(await committed(c, change, trackPurge(track)), 200);
  })
  .openapi(closeStageRoute, async (c) => {
    const { track, stage } = c.req.valid('param');
    const change = await closeStage(c.var.db, actorFrom(c), { trackKey: track, stageKey: stage }, c.var.now());
    return c.json(await committed(c, change, trackPurge(track)), 200);
  })
  .openapi(recommend, async (c) => {
    const trackKey = c.req.valid('param').track;
    const change = await submitRecommendation(
      c.var.db,
      actorFrom(c),
      { trackKey, ...c.req.valid('json') },
      c.var.now(),
    );
    return c.json(await committed(c, change), 200);
  })
  .openapi(withdraw, async (c) => {
    const change = await withdrawRecommendation(
      c.var.db,
      actorFrom(c),
      { recommendationId: c.req.valid('param').id },
      c.var.now(),
    );
    return c.json(await committed(c, change), 200);
  })
  .openapi(apply, async (c) => {
    const trackKey = c.req.valid('param').track;
    if (trackKey !== 'bases' && trackKey !== 'institutions')
      throw new ApiError('not_found', { message: '该赛道不受理申报。' });
    const change = await submitApplication(c.var.db, actorFrom(c), { trackKey, ...c.req.valid('json') }, c.var.now());
    return c.json(await committed(c, change), 200);
  })
  .openapi(assign, async (c) => {
    const trackKey = c.req.valid('param').track;
    const change = await assignExperts(c.var.db, actorFrom(c), { trackKey, ...c.req.valid('json') }, c.var.now());
    return c.json(await committed(c, change), 200);
  })
  .openapi(score, async (c) => {
    const change = await recordScore(
      c.var.db,
      actorFrom(c),
      { candidateId: c.req.valid('param').id, ...c.req.valid('json') },
      c.var.now(),
    );
    return c.json(await committed(c, change), 200);
  })
  .openapi(shortlist, async (c) => {
    const trackKey = c.req.valid('param').track;
    const change = await buildShortlist(c.var.db, actorFrom(c), { trackKey, ...c.req.valid('json') }, c.var.now());
    return c.json(await committed(c, change), 200);
  })
  .openapi(candidatesExport, async (c) => {
    const track = c.req.valid('param').track;
    return csvResponse(await candidatesCsv(c.var.db, track, c.var.now()), `${track}-candidates.csv`);
  })
  .openapi(recommendationsExport, async (c) => {
    const track = c.req.valid('param').track;
    return csvResponse(await recommendationsCsv(c.var.db, track), `${track}-recommendations.csv`);
  });
