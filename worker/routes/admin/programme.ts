/**
 * Admin routes of the other tracks' records: appraisal institutions (decide, renew, revoke),
 * competitions (schedule, winners) and recruitment events (schedule, outcome).
 */
import { createRoute } from '@hono/zod-openapi';
import {
  ChangeResult,
  CompetitionScheduleRequest,
  IdParam,
  InstitutionDecisionRequest,
  RecruitmentOutcomeRequest,
  RecruitmentScheduleRequest,
  RenewRequest,
  RevokeRequest,
  WinnersRequest,
} from '../../../contracts/admin-workflow';
import { decideInstitution, renewInstitution, revokeInstitution } from '../../services/workflow/institutions';
import {
  recordRecruitmentOutcome,
  recordWinners,
  updateCompetitionSchedule,
  updateRecruitmentSchedule,
} from '../../services/workflow/programme';
import { errors, json, jsonBody, router } from '../declare';
import { access, actorFrom } from './access';
import { trackPurge } from '../../services/edge-cache-purge';
import { CITY, committed } from './workflow';

const TAGS = ['admin-workflow'];
const AUTH = ['unauthenticated', 'forbidden'] as const;
const ok = (description: string) => json(ChangeResult, description);
/** What each group of routes changes on the public site. */
const institutionsPurge = trackPurge('institutions');
const competitionsPurge = trackPurge('competitions');
const recruitmentPurge = trackPurge('recruitment');
const STAGED = errors('invalid_request', ...AUTH, 'not_found', 'stage_not_open', 'conflict', 'round_closed');

const decide = createRoute({
  method: 'post',
  path: '/institutions/{id}/decision',
  operationId: 'adminDecideInstitution',
  tags: TAGS,
  summary: 'Approve (valid 3 years) or refuse with a reason a reviewed appraisal institution',
  ...access(CITY),
  request: { params: IdParam, body: jsonBody(InstitutionDecisionRequest) },
  responses: { 200: ok('The application is decided'), ...STAGED },
});

const renew = createRoute({
  method: 'post',
  path: '/institutions/{id}/renew',
  operationId: 'adminRenewInstitution',
  tags: TAGS,
  summary: 'Renew a directory entry for another 3 years',
  ...access(CITY),
  request: { params: IdParam, body: jsonBody(RenewRequest) },
  responses: {
    200: ok('The entry is renewed'),
    ...errors('invalid_request', ...AUTH, 'not_found', 'conflict'),
  },
});

const revoke = createRoute({
  method: 'post',
  path: '/institutions/{id}/revoke',
  operationId: 'adminRevokeInstitution',
  tags: TAGS,
  summary: 'Revoke a directory entry with a written reason',
  ...access(CITY),
  request: { params: IdParam, body: jsonBody(RevokeRequest) },
  responses: {
    200: ok('The entry is revoked'),
    ...errors('invalid_request', ...AUTH, 'not_found', 'conflict'),
  },
});

const competitionSchedule = createRoute({
  method: 'post',
  path: '/competitions/{id}/schedule',
  operationId: 'adminScheduleCompetition',
  tags: TAGS,
  summary: "Edit a competition's schedule (months null: 待定)",
  ...access(CITY),
  request: { params: IdParam, body: jsonBody(CompetitionScheduleRequest) },
  responses: { 200: ok('The schedule is saved'), ...STAGED },
});

const winners = createRoute({
  method: 'post',
  path: '/competitions/{id}/winners',
  operationId: 'adminRecordWinners',
  tags: TAGS,
  summary: "Record (replace) one competition trade's winners: 1 first, 2 second, 3 third",
  ...access(CITY),
  request: { params: IdParam, body: jsonBody(WinnersRequest) },
  responses: { 200: ok('The winners are recorded'), ...STAGED },
});

const recruitmentSchedule = createRoute({
  method: 'post',
  path: '/recruitment/{id}/schedule',
  operationId: 'adminScheduleRecruitment',
  tags: TAGS,
  summary: "Edit a recruitment event's schedule (months null: 待定)",
  ...access(CITY),
  request: { params: IdParam, body: jsonBody(RecruitmentScheduleRequest) },
  responses: { 200: ok('The schedule is saved'), ...STAGED },
});

const outcome = createRoute({
  method: 'post',
  path: '/recruitment/{id}/outcome',
  operationId: 'adminRecordRecruitmentOutcome',
  tags: TAGS,
  summary: 'Record what a held recruitment event achieved',
  ...access(CITY),
  request: { params: IdParam, body: jsonBody(RecruitmentOutcomeRequest) },
  responses: { 200: ok('The outcome is recorded'), ...STAGED },
});

export const adminProgramme = router()
  .openapi(decide, async (c) => {
    const b = c.req.valid('json');
    const change = await decideInstitution(
      c.var.db,
      actorFrom(c),
      { candidateId: c.req.valid('param').id, ...b },
      c.var.now(),
    );
    return c.json(await committed(c, change, institutionsPurge), 200);
  })
  .openapi(renew, async (c) => {
    const change = await renewInstitution(
      c.var.db,
      actorFrom(c),
      { candidateId: c.req.valid('param').id, ...c.req.valid('json') },
      c.var.now(),
    );
    return c.json(await committed(c, change, institutionsPurge), 200);
  })
  .openapi(revoke, async (c) => {
    const change = await revokeInstitution(
      c.var.db,
      actorFrom(c),
      { candidateId: c.req.valid('param').id, ...c.req.valid('json') },
      c.var.now(),
    );
    return c.json(await committed(c, change, institutionsPurge), 200);
  })
  .openapi(competitionSchedule, async (c) => {
    const change = await updateCompetitionSchedule(
      c.var.db,
      actorFrom(c),
      { id: c.req.valid('param').id, ...c.req.valid('json') },
      c.var.now(),
    );
    return c.json(await committed(c, change, competitionsPurge), 200);
  })
  .openapi(winners, async (c) => {
    const change = await recordWinners(
      c.var.db,
      actorFrom(c),
      { competitionId: c.req.valid('param').id, ...c.req.valid('json') },
      c.var.now(),
    );
    return c.json(await committed(c, change, competitionsPurge), 200);
  })
  .openapi(recruitmentSchedule, async (c) => {
    const change = await updateRecruitmentSchedule(
      c.var.db,
      actorFrom(c),
      { id: c.req.valid('param').id, ...c.req.valid('json') },
      c.var.now(),
    );
    return c.json(await committed(c, change, recruitmentPurge), 200);
  })
  .openapi(outcome, async (c) => {
    const change = await recordRecruitmentOutcome(
      c.var.db,
      actorFrom(c),
      { id: c.req.valid('param').id, ...c.req.valid('json') },
      c.var.now(),
    );
    return c.json(await committed(c, change, recruitmentPurge), 200);
  });
