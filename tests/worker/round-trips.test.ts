import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { pinnedClock, seed, testApp } from '../fixtures/app';
import { countedApp, countingD1 } from '../fixtures/d1-counter';
import { castBallot, verifiedVoter } from '../fixtures/voting';

/*
 * Every uncached public page and read endpoint reads D1 in at most one round trip (one
 * query or one batch).
 */
const NOW = Date.UTC(2026, 10, 27, 2, 0);
const clock = pinnedClock(NOW);
const t = testApp(clock);
const app = countedApp(clock);
let receipt = '';

beforeAll(async () => {
  await seed(NOW);
  const v = await verifiedVoter(t);
  const { body: poll } = await t.json('/api/polls/trades-vote');
  const { res, body } = await castBallot(t, 'trades-vote', v.token, [poll.poll.candidates[0].id]);
  expect(res.status).toBe(201);
  receipt = body.receipt;
});

const ROUTES: { path: string | (() => string); label?: string }[] = [
  { path: '/' },
  { path: '/tracks/trades/' },
  { path: '/tracks/brands/' },
  { path: '/tracks/bases/' },
  { path: '/tracks/institutions/' },
  { path: '/tracks/competitions/' },
  { path: '/tracks/recruitment/' },
  { path: '/polls/trades-vote/' },
  { path: '/notices/bases-publicity/' },
  { path: '/lists/institutions-directory/' },
  { path: '/competitions/' },
  { path: '/recruitment/' },
  { path: '/institutions/' },
  { path: '/receipts/' },
  { path: () => `/receipts/${receipt}/`, label: '/receipts/:receipt/' },
  { path: '/embed/polls/trades-vote' },
  { path: '/api/polls' },
  { path: '/api/polls/trades-vote' },
  { path: '/api/polls/trades-vote/results' },
  { path: '/api/notices' },
  { path: '/api/notices/bases-publicity' },
  { path: '/api/tracks' },
  { path: '/api/tracks/trades' },
  { path: '/api/competitions' },
  { path: '/api/recruitment' },
  { path: '/api/institutions' },
  { path: '/api/counties' },
  { path: '/api/brands' },
  { path: '/api/lists' },
  { path: '/api/lists/institutions-directory' },
  { path: '/api/calendar/period?start=2026-12-01&workingDays=5' },
  { path: () => `/api/receipts/${receipt}`, label: '/api/receipts/:receipt' },
  { path: '/api/openapi.json' },
];

describe('one D1 round trip per uncached public read', () => {
  for (const route of ROUTES) {
    const label = route.label ?? String(route.path);
    it(`${label} reads D1 at most once`, async () => {
      const path = typeof route.path === 'string' ? route.path : route.path();
      const { res, calls, log } = await app.request(path);
      expect(res.status).toBe(200);
      expect(calls, log.join('\n')).toBeLessThanOrEqual(1);
    });
  }

  it('counts each query and each batch as one round trip', async () => {
    const { calls, log } = await app.request('/api/calendar/period?start=2026-12-01&workingDays=5');
    expect(calls).toBe(1);
    expect(log).toEqual(['batch[2]']);
    const { db, counter } = countingD1(env.DB);
    await db.prepare('SELECT 1').first();
    await db.batch([db.prepare('SELECT 1'), db.prepare('SELECT 2')]);
    expect(counter.calls).toBe(2);
    expect(counter.log).toEqual(['SELECT 1', 'batch[2]']);
  });
});
