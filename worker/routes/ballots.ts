/** Voting and results on a poll, and receipts (docs/api.md). */
import { createRoute } from '@hono/zod-openapi';
import {
  BallotReceipt,
  BallotRequest,
  IdempotencyHeader,
  MyBallot,
  ReceiptBody,
  ReceiptParam,
  ResultsBody,
  SlugParam,
} from '../../contracts/api';
import { receiptNotFound } from '../../contracts/messages';
import { ApiError } from '../errors';
import { requireVoter } from '../middleware/voter';
import { ballotOfVoter, castBallot } from '../services/ballots';
import { ruleSettings } from '../services/integrity/config';
import { receiptOf } from '../services/receipts';
import { clientIp, networkOf } from '../services/network';
import { resultsBySlug } from '../services/polls';
import { errors, json, jsonBody, PUBLIC, router, VOTER } from './declare';

const castBallotRoute = createRoute({
  method: 'post',
  path: '/{slug}/ballots',
  operationId: 'castBallot',
  tags: ['voting'],
  summary: 'Cast a ballot with a voter session',
  description:
    'A retry with the same Idempotency-Key returns the first receipt (201) and counts nothing twice, even after the poll closed.',
  security: VOTER,
  middleware: requireVoter(),
  request: { params: SlugParam, headers: IdempotencyHeader, body: jsonBody(BallotRequest) },
  responses: {
    201: json(BallotReceipt, 'The ballot is counted; keep the receipt code'),
    ...errors(
      'invalid_request',
      'unauthenticated',
      'not_found',
      'already_voted',
      'poll_not_open',
      'invalid_choices',
      'idempotency_mismatch',
    ),
  },
});

const getMyBallot = createRoute({
  method: 'get',
  path: '/{slug}/my-ballot',
  operationId: 'getMyBallot',
  tags: ['voting'],
  summary: "The voter session's own ballot in this poll (today's in a daily poll), or null",
  description:
    'So a phone that has voted sees its receipt instead of the ballot paper, in any browser where it verified. Only the ballot of the session’s phone; `no-store`.',
  security: VOTER,
  middleware: requireVoter(),
  request: { params: SlugParam },
  responses: {
    200: json(MyBallot, 'The ballot with its receipt code, or null when this phone has not voted (today)'),
    ...errors('invalid_request', 'unauthenticated', 'not_found'),
  },
});

const getResults = createRoute({
  method: 'get',
  path: '/{slug}/results',
  operationId: 'getPollResults',
  tags: ['polls'],
  summary: 'Results; totalBallots and results are null while the embargo holds',
  description: 'CORS `*`, short `s-maxage`, so other sites may show the counts.',
  security: PUBLIC,
  request: { params: SlugParam },
  responses: { 200: json(ResultsBody, 'The counts, or null under embargo'), ...errors('invalid_request', 'not_found') },
});

const getReceipt = createRoute({
  method: 'get',
  path: '/{receipt}',
  operationId: 'getReceipt',
  tags: ['voting'],
  summary: 'What a ballot chose, whether it is counted, its receipt hash and the checkpoint that sealed it',
  security: PUBLIC,
  request: { params: ReceiptParam },
  responses: { 200: json(ReceiptBody, 'The ballot, never the phone'), ...errors('invalid_request', 'not_found') },
});

export const ballots = router()
  .openapi(castBallotRoute, async (c) => {
    const ballot = await castBallot(c.var.db, {
      pollSlug: c.req.valid('param').slug,
      voter: c.var.voter,
      choices: c.req.valid('json').choices,
      idempotencyKey: c.req.valid('header')['Idempotency-Key'] ?? null,
      network: networkOf(clientIp(c)),
      now: c.var.now(),
      rules: ruleSettings(c.var.config),
    });
    return c.json(
      { receipt: ballot.receipt, choices: ballot.choices, castAt: new Date(ballot.castAt).toISOString() },
      201,
      { 'Cache-Control': 'no-store' },
    );
  })
  .openapi(getMyBallot, async (c) => {
    const ballot = await ballotOfVoter(c.var.db, c.req.valid('param').slug, c.var.voter, c.var.now());
    const body = ballot && {
      receipt: ballot.receipt,
      choices: ballot.choices,
      castAt: new Date(ballot.castAt).toISOString(),
    };
    return c.json({ ballot: body }, 200, { 'Cache-Control': 'no-store' });
  })
  .openapi(getResults, async (c) => {
    const results = await resultsBySlug(c.var.db, c.req.valid('param').slug, c.var.now());
    if (!results) throw new ApiError('not_found');
    return c.json(results, 200, {
      'Access-Control-Allow-Origin': '*',
      'Cache-Control': 'public, max-age=5, s-maxage=10',
    });
  });

export const receipts = router().openapi(getReceipt, async (c) => {
  const found = await receiptOf(c.var.db, c.req.valid('param').receipt, c.var.config.RECEIPT_HASH_KEY);
  if (!found) throw new ApiError('not_found', { message: receiptNotFound });
  const { ballot, record } = found;
  return c.json(
    {
      poll: ballot.pollSlug,
      choices: ballot.choices,
      castAt: new Date(ballot.castAt).toISOString(),
      status: ballot.status,
      ...record,
    },
    200,
    { 'Cache-Control': 'no-store' },
  );
});
