/**
 * The public ballot record (docs/api.md "Transparency"; docs/transparency.md): the hash-chained
 * checkpoints and the recountable CSV export. Both are public data meant for other sites and scripts:
 * CORS `*` and a short edge cache, like the results.
 */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { SlugParam } from '../../contracts/api';
import { CheckpointsBody, CSV_HEADER, RECORD_CHECKPOINT } from '../../contracts/ballot-record';
import { findPoll } from '../../db/queries/polls';
import { ApiError } from '../errors';
import { exportBallotsCsv, publicCheckpoints } from '../services/integrity/record';
import { errors, json, PUBLIC, router } from './declare';

const PUBLIC_DATA = { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'public, max-age=5, s-maxage=10' };

const getCheckpoints = createRoute({
  method: 'get',
  path: '/{slug}/checkpoints',
  operationId: 'getPollCheckpoints',
  tags: ['transparency'],
  summary: 'The hash-chained checkpoints of the ballot record, oldest first',
  description:
    'hash = SHA-256(prevHash ‖ the canonical lines sealed), as documented on /rules/. Under embargo the hashes are published but ballotCount, eventCount and events are null. CORS `*`, short `s-maxage`.',
  security: PUBLIC,
  request: { params: SlugParam },
  responses: { 200: json(CheckpointsBody, 'The checkpoints'), ...errors('invalid_request', 'not_found') },
});

const getExport = createRoute({
  method: 'get',
  path: '/{slug}/ballots.csv',
  operationId: 'getPollBallotsCsv',
  tags: ['transparency'],
  summary: 'The ballot record as the latest checkpoint sealed it, one CSV row per ballot',
  description: `Header \`${CSV_HEADER}\`; receipt_hash is HMAC-SHA256 of the receipt under the server key, choices are candidate ids joined by \`;\`, hour is China time \`YYYY-MM-DD HH\`. Never a phone or phone hash. 409 \`embargoed\` while the counts are hidden. CORS \`*\`, short \`s-maxage\`.`,
  security: PUBLIC,
  request: { params: SlugParam },
  responses: {
    200: {
      description: 'The export',
      headers: {
        [RECORD_CHECKPOINT]: {
          description: 'sequence number of the checkpoint this export reflects (0: none sealed yet)',
          schema: { type: 'integer', minimum: 0 },
        },
      },
      content: { 'text/csv': { schema: z.string() } },
    },
    ...errors('invalid_request', 'not_found', 'embargoed'),
  },
});

export const transparency = router()
  .openapi(getCheckpoints, async (c) => {
    const poll = await findPoll(c.var.db, c.req.valid('param').slug);
    if (!poll) throw new ApiError('not_found');
    const checkpoints = await publicCheckpoints(c.var.db, poll, c.var.config.RECEIPT_HASH_KEY);
    return c.json({ checkpoints }, 200, PUBLIC_DATA);
  })
  .openapi(getExport, async (c) => {
    const poll = await findPoll(c.var.db, c.req.valid('param').slug);
    if (!poll) throw new ApiError('not_found');
    const { checkpoint, body } = await exportBallotsCsv(c.var.db, poll, c.var.config.RECEIPT_HASH_KEY);
    return c.body(body, 200, {
      [RECORD_CHECKPOINT]: String(checkpoint),
      ...PUBLIC_DATA,
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `inline; filename="${poll.slug}-ballots.csv"`,
    });
  });
