/** Voting and results on a poll, and receipts (API.md). */
import { Hono } from 'hono';
import { z } from 'zod';
import { BallotRequest, IdempotencyKey, ReceiptParam, SlugParam, type ResultsBody } from '../../contracts/api';
import { findBallotByReceipt } from '../../db/queries/ballots';
import { findPoll } from '../../db/queries/polls';
import type { AppEnv } from '../context';
import { ApiError } from '../errors';
import { valid } from '../middleware/validate';
import { castBallot } from '../services/ballots';
import { clientIp, networkOf } from '../services/network';
import { readResults } from '../services/polls';
import { requireVoter } from '../services/voter-session';

const IdempotencyHeader = z.object({ 'idempotency-key': IdempotencyKey.optional() });

export const ballots = new Hono<AppEnv>()
  .post(
    '/:slug/ballots',
    valid('param', SlugParam),
    valid('header', IdempotencyHeader),
    valid('json', BallotRequest),
    async (c) => {
      const voter = await requireVoter(c);
      const ballot = await castBallot(c.var.db, {
        pollSlug: c.req.valid('param').slug,
        voter,
        choices: c.req.valid('json').choices,
        idempotencyKey: c.req.valid('header')['idempotency-key'] ?? null,
        network: networkOf(clientIp(c)),
        now: c.var.now(),
      });
      return c.json(
        { receipt: ballot.receipt, choices: ballot.choices, castAt: new Date(ballot.castAt).toISOString() },
        201,
        {
          'Cache-Control': 'no-store',
        },
      );
    },
  )
  .get('/:slug/results', valid('param', SlugParam), async (c) => {
    const db = c.var.db;
    const poll = await findPoll(db, c.req.valid('param').slug);
    if (!poll) throw new ApiError('not_found');
    const body: ResultsBody = await readResults(db, poll, c.var.now());
    return c.json(body, 200, { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'public, max-age=5, s-maxage=10' });
  });

export const receipts = new Hono<AppEnv>().get('/:receipt', valid('param', ReceiptParam), async (c) => {
  const ballot = await findBallotByReceipt(c.var.db, c.req.valid('param').receipt);
  if (!ballot) throw new ApiError('not_found', { message: '找不到该回执码，请检查是否输入正确。' });
  return c.json(
    {
      poll: ballot.pollSlug,
      choices: ballot.choices,
      castAt: new Date(ballot.castAt).toISOString(),
      status: ballot.status,
    },
    200,
    { 'Cache-Control': 'no-store' },
  );
});
