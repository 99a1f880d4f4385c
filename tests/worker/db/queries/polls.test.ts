import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { chinaMidnight, votingWindowClose } from '../../../../contracts/china-time';
import { openDb, read } from '../../../../db/client';
import { findPoll, listPolls, pollFinalists, pollTallies } from '../../../../db/queries/polls';
import { DEMO_TRADES } from '../../../../db/seed/demo';
import { seed } from '../../../fixtures/app';

const NOW = Date.UTC(2026, 10, 27, 2, 0);
const db = openDb(env.DB);
beforeAll(() => seed(NOW));

describe('listPolls', () => {
  it('lists every poll, the most recently opened first', async () => {
    expect((await read(db, listPolls(db, { track: null, year: null, current: null }))).map((p) => p.slug)).toEqual([
      'brands-vote',
      'trades-vote',
    ]);
  });

  it('lists only the polls of one track', async () => {
    expect((await read(db, listPolls(db, { track: 'trades', year: null, current: null }))).map((p) => p.slug)).toEqual([
      'trades-vote',
    ]);
    expect(await read(db, listPolls(db, { track: 'institutions', year: null, current: null }))).toEqual([]);
  });
});

describe('findPoll', () => {
  it('finds a poll by slug with its window and rules', async () => {
    const opensAt = chinaMidnight('2026-11-27');
    expect(await findPoll(db, 'trades-vote')).toMatchObject({
      trackKey: 'trades',
      opensAt,
      closesAt: votingWindowClose(opensAt, 15),
      maxChoices: 10,
      liveCounts: 1,
      ballotMode: 'once',
      countedBallots: 0,
      resultsPublishedAt: null,
    });
  });

  it('answers undefined for an unknown slug', async () => {
    expect(await findPoll(db, 'no-such-poll')).toBeUndefined();
  });
});

describe('pollFinalists', () => {
  it('returns the finalists in ballot order with their county', async () => {
    const poll = (await findPoll(db, 'trades-vote'))!;
    const finalists = await pollFinalists(db, poll.id);
    expect(finalists.map((f) => f.name)).toEqual(DEMO_TRADES.map((t) => t.name));
    expect(finalists[0]).toMatchObject({ name: '焊工', county: '翼城县', summary: DEMO_TRADES[0].summary });
  });
});

describe('pollTallies', () => {
  it('counts per finalist in ballot order, zero where no tally row exists', async () => {
    const poll = (await findPoll(db, 'trades-vote'))!;
    const [first, second, third] = await pollFinalists(db, poll.id);
    await env.DB.batch([
      env.DB.prepare('UPDATE tallies SET votes = 7 WHERE poll_id = ? AND candidate_id = ?').bind(poll.id, first.id),
      env.DB.prepare('UPDATE tallies SET votes = 2 WHERE poll_id = ? AND candidate_id = ?').bind(poll.id, second.id),
      env.DB.prepare('DELETE FROM tallies WHERE poll_id = ? AND candidate_id = ?').bind(poll.id, third.id),
    ]);
    const tallies = await pollTallies(db, poll.id);
    expect(tallies).toHaveLength(DEMO_TRADES.length);
    expect(tallies.slice(0, 4).map((t) => [t.name, t.votes])).toEqual([
      ['焊工', 7],
      ['中式烹调师', 2],
      ['中式面点师', 0],
      ['果树修剪工', 0],
    ]);
  });
});
