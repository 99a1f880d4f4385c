import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { ResultsBody } from '../../../contracts/api';
import { chinaMidnight } from '../../../contracts/china-time';
import { errorBody } from '../../../contracts/errors';
import { pinnedClock, seed, testApp } from '../../fixtures/app';
import { conforms } from '../../fixtures/contract';
import { castBallot, createPoll, verifiedVoter } from '../../fixtures/voting';

const OPENS = Date.UTC(2026, 11, 1, 1, 0);
const CLOSES = chinaMidnight('2026-12-16');
const DURING = OPENS + 3_600_000;
const t = testApp(pinnedClock(DURING));
beforeAll(() => seed(DURING));

async function voteMany(slug: string, picks: number[][]) {
  const receipts: string[] = [];
  for (const p of picks) {
    const v = await verifiedVoter(t);
    const { res, body } = await castBallot(t, slug, v.token, p);
    expect(res.status).toBe(201);
    receipts.push(body.receipt);
  }
  return receipts;
}

describe('GET /api/polls/:slug/results', () => {
  it('gives exact live counts with competition ranks, an as-of time, open CORS and a short edge cache', async () => {
    const poll = await createPoll({ opensAt: OPENS, closesAt: CLOSES, maxChoices: 2, candidates: 4 });
    const [a, b, c, d] = poll.candidateIds;
    await voteMany(poll.slug, [[a, b], [a, c], [b], [a]]);
    const res = await t.request(`/api/polls/${poll.slug}/results`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(res.headers.get('Cache-Control')).toMatch(/s-maxage=\d+/);
    const body = conforms(ResultsBody, await res.json());
    expect(body.asOf).toBe(new Date(DURING).toISOString());
    expect(body.poll).toEqual({
      slug: poll.slug,
      title: expect.any(String),
      status: 'open',
      closesAt: new Date(CLOSES).toISOString(),
    });
    expect(body.totalBallots).toBe(4);
    expect(body.results?.map((r) => [r.candidateId, r.votes, r.rank])).toEqual([
      [a, 3, 1],
      [b, 2, 2],
      [c, 1, 3],
      [d, 0, 4],
    ]);
  });

  it('shares a rank between equal counts', async () => {
    const poll = await createPoll({ opensAt: OPENS, closesAt: CLOSES, maxChoices: 1, candidates: 3 });
    const [a, b] = poll.candidateIds;
    await voteMany(poll.slug, [[a], [b]]);
    const { body } = await t.json(`/api/polls/${poll.slug}/results`);
    expect(body.results.map((r: any) => r.rank)).toEqual([1, 1, 3]);
  });

  it('answers not_found for an unknown poll', async () => {
    const { res, body } = await t.json('/api/polls/none/results');
    expect(res.status).toBe(404);
    conforms(errorBody(['not_found']), body);
  });
});

describe('embargo', () => {
  it('reveals no count on any endpoint or page until the results are published', async () => {
    const poll = await createPoll({
      opensAt: OPENS,
      closesAt: CLOSES,
      maxChoices: 1,
      candidates: 3,
      liveCounts: false,
    });
    const [a] = poll.candidateIds;
    const receipts = await voteMany(poll.slug, [[a], [a], [a], [a], [a], [a], [a]]);

    const results = await t.json(`/api/polls/${poll.slug}/results`);
    conforms(ResultsBody, results.body);
    expect(results.body.totalBallots).toBeNull();
    expect(results.body.results).toBeNull();

    const bodies = [
      JSON.stringify(results.body),
      JSON.stringify((await t.json('/api/polls')).body),
      JSON.stringify((await t.json(`/api/polls/${poll.slug}`)).body),
      JSON.stringify((await t.json(`/api/receipts/${receipts[0]}`)).body),
      JSON.stringify((await t.json(`/api/tracks/trades`)).body),
      await (await t.request(`/polls/${poll.slug}/`)).text(),
      await (await t.request('/')).text(),
    ];
    const v = await verifiedVoter(t);
    const again = await t.request(`/api/polls/${poll.slug}/ballots`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', Authorization: `Bearer ${(await verifiedVoter(t)).token}` },
      body: JSON.stringify({ choices: [999] }),
    });
    bodies.push(await again.text());
    await castBallot(t, poll.slug, v.token, [a]);
    bodies.push(JSON.stringify((await castBallot(t, poll.slug, v.token, [a])).body));

    for (const text of bodies) {
      // The results heading; the widget's title ("… · 投票结果", in the embed snippet) holds no count.
      expect(text).not.toMatch(/"votes"|totalBallots":\d|实时票数|>投票结果<|有效票/);
      expect(text).not.toMatch(/[^\d-]8 ?票/);
    }

    await env.DB.prepare('UPDATE polls SET results_published_at = ? WHERE id = ?').bind(DURING, poll.id).run();
    const published = await t.json(`/api/polls/${poll.slug}/results`);
    conforms(ResultsBody, published.body);
    expect(published.body.poll.status).toBe('published');
    expect(published.body.totalBallots).toBe(8);
    expect(published.body.results[0]).toMatchObject({ candidateId: a, votes: 8, rank: 1 });
    expect(await (await t.request(`/polls/${poll.slug}/`)).text()).toContain('8 票');
  });
});
