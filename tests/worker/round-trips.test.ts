import { beforeAll, describe, expect, it } from 'vitest';
import { pinnedClock, seed, testApp } from '../fixtures/app';
import { countedApp } from '../fixtures/d1-counter';
import { castBallot, verifiedVoter } from '../fixtures/voting';

/*
 * Issue 10: every uncached public page and read endpoint reads D1 in at most one round trip (one
 * query or one batch). Routes that still take more are listed with `today` (their count when this
 * test was written) and run as `it.fails`, so the suite stays green and a route that is fixed makes
 * its `it.fails` fail: then set its `today` to 1 (or remove the field).
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

const ROUTES: { path: string | (() => string); label?: string; today?: number }[] = [
  { path: '/' },
  { path: '/tracks/trades/' },
  { path: '/tracks/brands/', today: 6 },
  { path: '/tracks/bases/' },
  { path: '/tracks/institutions/', today: 6 },
  { path: '/tracks/competitions/', today: 7 },
  { path: '/tracks/recruitment/', today: 6 },
  { path: '/polls/trades-vote/' },
  { path: '/notices/bases-publicity/' },
  { path: '/lists/institutions-directory/', today: 2 },
  { path: '/competitions/', today: 2 },
  { path: '/recruitment/' },
  { path: '/institutions/' },
  { path: '/receipts/' },
  { path: () => `/receipts/${receipt}/`, label: '/receipts/:receipt/', today: 3 },
  { path: '/embed/polls/trades-vote' },
  { path: '/api/polls' },
  { path: '/api/polls/trades-vote' },
  { path: '/api/polls/trades-vote/results' },
  { path: '/api/notices' },
  { path: '/api/notices/bases-publicity' },
  { path: '/api/tracks' },
  { path: '/api/tracks/trades' },
  { path: '/api/competitions', today: 2 },
  { path: '/api/recruitment' },
  { path: '/api/institutions' },
  { path: '/api/counties' },
  { path: '/api/brands' },
  { path: '/api/lists' },
  { path: '/api/lists/institutions-directory', today: 2 },
  { path: '/api/calendar/period?start=2026-12-01&workingDays=5' },
  { path: () => `/api/receipts/${receipt}`, label: '/api/receipts/:receipt', today: 2 },
  { path: '/api/openapi.json' },
];

describe('one D1 round trip per uncached public read', () => {
  for (const route of ROUTES) {
    const label = route.label ?? String(route.path);
    const test = route.today !== undefined && route.today > 1 ? it.fails : it;
    test(`${label} reads D1 at most once${route.today && route.today > 1 ? ` (today: ${route.today})` : ''}`, async () => {
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
    expect((await app.request('/competitions/')).calls).toBeGreaterThan(1);
  });
});
