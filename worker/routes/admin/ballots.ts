/**
 * Staff review of quarantined ballots under /api/admin/ballots (docs/transparency.md):
 * city admins and auditors see the groups; city admins propose releasing or voiding, and confirm another
 * admin's proposal (two people for either). Every state change is audited in the same batch.
 */
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  QuarantineBody,
  QuarantineQuery,
  ReviewRequest,
  ReviewResult,
  type ReviewRequest as Review,
} from '../../../contracts/review';
import type { StaffRole } from '../../../contracts/admin-accounts';
import { findPoll } from '../../../db/queries/polls';
import type { AppEnv } from '../../context';
import { ApiError } from '../../errors';
import {
  confirmRelease,
  confirmVoid,
  proposeRelease,
  proposeVoid,
  quarantineGroups,
} from '../../services/integrity/review';
import { errors, json, jsonBody, router } from '../declare';
import { access, actorFrom } from './access';
import { pollPurge, purgeCommitted } from '../../services/edge-cache-purge';

/** The signed-in admin as the review's actor (a person, so the id is known). */
const actor = (c: Context<AppEnv>) => ({ ...actorFrom(c), id: c.var.staff.id });

const READERS: StaffRole[] = ['city_admin', 'auditor'];
const DECIDERS: StaffRole[] = ['city_admin'];

const listQuarantined = createRoute({
  method: 'get',
  path: '/quarantined',
  operationId: 'listQuarantinedBallots',
  tags: ['admin-ballots'],
  summary: 'Quarantined ballots of a poll grouped by rule, network, hour and choice set (never a phone)',
  ...access(READERS),
  request: { query: QuarantineQuery },
  responses: {
    200: json(QuarantineBody, 'The groups'),
    ...errors('invalid_request', 'unauthenticated', 'forbidden', 'not_found'),
  },
});

/** `path` stays a literal type, so the islands' typed client (hono/client) knows each route apart. */
const reviewRoute = <P extends string>(path: P, operationId: string, summary: string, description: string) =>
  createRoute({
    method: 'post',
    path,
    operationId,
    tags: ['admin-ballots'],
    summary,
    description: `${description} Names one group (\`group\`, its key) or ballot ids, with a reason; audited. Needs X-CSRF-Token.`,
    ...access(DECIDERS),
    request: { body: jsonBody(ReviewRequest) },
    responses: {
      200: json(ReviewResult, 'The ballots changed'),
      ...errors('invalid_request', 'unauthenticated', 'forbidden', 'not_found', 'conflict'),
    },
  });

const proposeRel = reviewRoute(
  '/propose-release',
  'proposeReleaseBallots',
  'Propose releasing quarantined ballots to counted',
  'They stay quarantined until a different city admin confirms.',
);
const confirmRel = reviewRoute(
  '/confirm-release',
  'confirmReleaseBallots',
  'Confirm another city admin’s proposal to release',
  'The ballots re-enter the tallies at once. Refused (403) for the admin who proposed.',
);
const propose = reviewRoute(
  '/propose-void',
  'proposeVoidBallots',
  'Propose voiding quarantined ballots',
  'They stay quarantined until a different city admin confirms.',
);
const confirm = reviewRoute(
  '/confirm-void',
  'confirmVoidBallots',
  'Confirm another city admin’s proposal to void',
  'Refused (403) for the admin who proposed.',
);

async function pollOf(c: Context<AppEnv>, slug: string) {
  const poll = await findPoll(c.var.db, slug);
  if (!poll) throw new ApiError('not_found');
  return poll;
}

type Step = typeof confirmRelease;
const step = (run: Step) => async (c: Context<AppEnv>, body: Review) => {
  const poll = await pollOf(c, body.poll);
  const ids = await run(c.var.db, actor(c), poll, body, c.var.now());
  // Released or voided ballots change the counts the public results show.
  await purgeCommitted(c.req.url, pollPurge(c.var.db, poll.slug, poll.trackKey));
  return c.json({ ballotIds: ids }, 200, { 'Cache-Control': 'no-store' });
};

/** The /api/admin/ballots sub-app. */
export const adminBallots = router()
  .openapi(listQuarantined, async (c) => {
    const poll = await pollOf(c, c.req.valid('query').poll);
    return c.json({ poll: poll.slug, groups: await quarantineGroups(c.var.db, poll) }, 200, {
      'Cache-Control': 'no-store',
    });
  })
  .openapi(proposeRel, (c) => step(proposeRelease)(c, c.req.valid('json')))
  .openapi(confirmRel, (c) => step(confirmRelease)(c, c.req.valid('json')))
  .openapi(propose, (c) => step(proposeVoid)(c, c.req.valid('json')))
  .openapi(confirm, (c) => step(confirmVoid)(c, c.req.valid('json')));
