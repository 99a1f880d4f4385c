import { beforeAll, describe, expect, it } from 'vitest';
import { seed, testApp } from '../../fixtures/app';
import { PollBody, PollList } from '../../../contracts/api';
import { errorBody } from '../../../contracts/errors';
import { conforms } from '../../fixtures/contract';

const NOW = Date.UTC(2026, 11, 1, 2, 0); // 2026-12-01 10:00 China time
const t = testApp();
t.clock.set(NOW);

beforeAll(() => seed(NOW));

describe('GET /api/polls', () => {
  it('lists the seeded open trades poll and scheduled brands poll', async () => {
    const { res, body } = await t.json('/api/polls');
    expect(res.status).toBe(200);
    conforms(PollList, body);
    const bySlug = Object.fromEntries(body.polls.map((p: any) => [p.slug, p]));
    expect(bySlug['trades-vote']).toMatchObject({ track: 'trades', status: 'open', maxChoices: 10, liveCounts: true });
    expect(bySlug['trades-vote'].opensAt).toBe('2026-11-30T16:00:00.000Z');
    expect(bySlug['trades-vote'].closesAt).toBe('2026-12-15T16:00:00.000Z');
    expect(bySlug['brands-vote'].status).toBe('scheduled');
  });
});

describe('GET /api/polls/:slug', () => {
  it('returns 15 finalists with counties and no counts', async () => {
    const { res, body } = await t.json('/api/polls/trades-vote');
    expect(res.status).toBe(200);
    conforms(PollBody, body);
    expect(body.poll.candidates).toHaveLength(15);
    expect(body.poll.candidates[0]).toEqual({
      id: expect.any(Number),
      name: '焊工',
      county: '翼城县',
      summary: expect.any(String),
    });
    expect(JSON.stringify(body)).not.toContain('votes');
  });

  it('answers 404 in the envelope for an unknown poll', async () => {
    const { res, body } = await t.json('/api/polls/no-such-poll');
    expect(res.status).toBe(404);
    conforms(errorBody(['not_found']), body);
    expect(body.error.code).toBe('not_found');
    expect(body.error.message).toMatch(/找不到/);
  });

  it('rejects a malformed slug with invalid_request and field issues', async () => {
    const { res, body } = await t.json('/api/polls/Bad_Slug');
    expect(res.status).toBe(400);
    conforms(errorBody(['invalid_request']), body);
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.issues[0].path).toEqual(['slug']);
  });
});
