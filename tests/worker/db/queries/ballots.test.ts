import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { chinaDate } from '../../../../contracts/china-time';
import { openDb } from '../../../../db/client';
import { findBallotByReceipt, findBallotOfDay, insertBallot, type NewBallot } from '../../../../db/queries/ballots';
import { findPoll, pollFinalists, pollTallies } from '../../../../db/queries/polls';
import { seed } from '../../../fixtures/app';

const NOW = Date.UTC(2026, 10, 27, 2, 0);
const db = openDb(env.DB);
let finalists: number[] = [];
let seq = 0;

beforeAll(async () => {
  await seed(NOW);
  const poll = (await findPoll(db, 'trades-vote'))!;
  finalists = (await pollFinalists(db, poll.id)).map((f) => f.id);
});

/** A ballot for the open trades poll from a new phone, overridable field by field. */
function ballot(over: Partial<NewBallot> = {}): NewBallot {
  seq++;
  return {
    pollSlug: 'trades-vote',
    receipt: `TEST-0000-${String(seq).padStart(4, '0')}`,
    phoneHash: `phone-${seq}`,
    phoneMasked: '138****0000',
    today: chinaDate(NOW),
    idempotencyKey: null,
    network: '10.0.0.0/24',
    castAt: NOW,
    codeSentAt: NOW - 60_000,
    quarantine: null,
    choices: [finalists[0], finalists[1]],
    ...over,
  };
}

async function state(slug: string) {
  const poll = (await findPoll(db, slug))!;
  const votes = Object.fromEntries((await pollTallies(db, poll.id)).map((t) => [t.candidateId, t.votes]));
  return { counted: poll.countedBallots, votes };
}

describe('insertBallot', () => {
  it('writes the ballot, its choices, the tallies and the poll total together', async () => {
    const before = await state('trades-vote');
    const b = ballot();
    expect(await insertBallot(db, b)).toBe(true);
    const after = await state('trades-vote');
    expect(after.counted).toBe(before.counted + 1);
    expect(after.votes[finalists[0]]).toBe(before.votes[finalists[0]] + 1);
    expect(after.votes[finalists[1]]).toBe(before.votes[finalists[1]] + 1);
    expect(after.votes[finalists[2]]).toBe(before.votes[finalists[2]]);
    expect(await findBallotByReceipt(db, b.receipt)).toEqual({
      receipt: b.receipt,
      pollSlug: 'trades-vote',
      status: 'counted',
      castAt: NOW,
      choices: [finalists[0], finalists[1]].sort((x, y) => x - y),
    });
  });

  it('fails as a whole when the same phone votes twice in a once-only poll', async () => {
    const first = ballot();
    expect(await insertBallot(db, first)).toBe(true);
    const before = await state('trades-vote');
    await expect(insertBallot(db, ballot({ phoneHash: first.phoneHash, choices: [finalists[3]] }))).rejects.toThrow(
      /UNIQUE/,
    );
    expect(await state('trades-vote')).toEqual(before);
  });

  it('inserts nothing for a poll that is not open, a choice that is not a finalist, or too many choices', async () => {
    const before = await state('trades-vote');
    const notOpen = ballot({ pollSlug: 'brands-vote' });
    expect(await insertBallot(db, notOpen)).toBe(false);
    expect(await insertBallot(db, ballot({ castAt: NOW - 86_400_000 }))).toBe(false);
    expect(await insertBallot(db, ballot({ choices: [finalists[0], 999_999] }))).toBe(false);
    expect(await insertBallot(db, ballot({ choices: finalists.slice(0, 11) }))).toBe(false);
    expect(await insertBallot(db, ballot({ pollSlug: 'no-such-poll' }))).toBe(false);
    expect(await state('trades-vote')).toEqual(before);
    expect(await findBallotByReceipt(db, notOpen.receipt)).toBeUndefined();
  });
});

describe('findBallotOfDay and findBallotByReceipt', () => {
  it('finds the ballot a phone cast on a voting day, with its Idempotency-Key, and by receipt', async () => {
    const poll = (await findPoll(db, 'trades-vote'))!;
    const b = ballot({ idempotencyKey: 'key-1', choices: [finalists[4]] });
    expect(await insertBallot(db, b)).toBe(true);
    expect(await findBallotOfDay(db, poll.id, b.phoneHash, '')).toMatchObject({
      receipt: b.receipt,
      choices: [finalists[4]],
      idempotencyKey: 'key-1',
    });
    expect(await findBallotOfDay(db, poll.id, 'another-phone', '')).toBeUndefined();
    expect(await findBallotByReceipt(db, 'ZZZZ-ZZZZ-ZZZZ')).toBeUndefined();
  });
});
