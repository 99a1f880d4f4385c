/**
 * Benchmark baseline: a bare D1 INSERT, so `npm run bench:ballots` can compare ballots/s with the
 * cheapest possible write on the same server in the same run. Off unless BENCH_ROUTES=on, and
 * env.ts refuses that in production.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../context';
import { ApiError } from '../errors';

let tableReady = false;

export const bench = new Hono<AppEnv>().post('/insert', async (c) => {
  if (c.var.config.BENCH_ROUTES !== 'on') throw new ApiError('not_found');
  if (!tableReady) {
    await c.env.DB.prepare(
      'CREATE TABLE IF NOT EXISTS bench_baseline (id INTEGER PRIMARY KEY, at INTEGER NOT NULL)',
    ).run();
    tableReady = true;
  }
  await c.env.DB.prepare('INSERT INTO bench_baseline (at) VALUES (?)').bind(Date.now()).run();
  return c.json({ ok: true }, 201);
});
