/**
 * Benchmark baseline: a bare D1 INSERT, so `npm run bench:ballots` can compare ballots/s with the
 * cheapest possible write on the same server in the same run. Off unless BENCH_ROUTES=on, and
 * env.ts refuses that in production.
 */
import { createRoute } from '@hono/zod-openapi';
import { Ok } from '../../contracts/api';
import { ApiError } from '../errors';
import { errors, json, PUBLIC, router } from './declare';

let tableReady = false;

const benchInsert = createRoute({
  method: 'post',
  path: '/insert',
  operationId: 'benchInsert',
  tags: ['development'],
  summary: 'Benchmarks only: one bare D1 INSERT',
  description: '404 unless BENCH_ROUTES=on (never in production).',
  security: PUBLIC,
  responses: { 201: json(Ok, 'One row inserted'), ...errors('not_found') },
});

export const bench = router().openapi(benchInsert, async (c) => {
  if (c.var.config.BENCH_ROUTES !== 'on') throw new ApiError('not_found');
  if (!tableReady) {
    await c.env.DB.prepare(
      'CREATE TABLE IF NOT EXISTS bench_baseline (id INTEGER PRIMARY KEY, at INTEGER NOT NULL)',
    ).run();
    tableReady = true;
  }
  await c.env.DB.prepare('INSERT INTO bench_baseline (at) VALUES (?)').bind(Date.now()).run();
  return c.json({ ok: true } as const, 201);
});
