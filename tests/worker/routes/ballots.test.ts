import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { BallotReceipt, ReceiptBody } from '../../../contracts/api';
import { chinaMidnight } from '../../../contracts/china-time';
import { errorBody } from '../../../contracts/errors';
import { pinnedClock, post, seed, testApp } from '../../fixtures/app';
import { conforms } from '../../fixtures/contract';
import { castBallot, createPoll, tallyOf, verifiedVoter } from '../../fixtures/voting';

// A poll opening 2026-12-01 09:00 China time closes at 24:00 of day 15: 2026-12-16 00:00 +08:00.
const OPENS = Date.UTC(2026, 11, 1, 1, 0);
const CLOSES = chinaMidnight('2026-12-16');
const DURING = OPENS + 3_600_000;

const t = testApp(pinnedClock(DURING));
beforeAll(() => seed(DURING));

describe('POST /api/polls/:slug/ballots', () => {
  it('casts a ballot, returns a receipt and counts it once', async () => {
    const poll = await createPoll({ opensAt: OPENS, closesAt: CLOSES, maxChoices: 3 });
    const voter = await verifiedVoter(t);
    const { res, body } = await castBallot(t, poll.slug, voter.token, [poll.candidateIds[2], poll.candidateIds[0]]);
    expect(res.status).toBe(201);
    conforms(BallotReceipt, body);
    expect(body.receipt).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect(body.choices).toEqual([poll.candidateIds[0], poll.candidateIds[2]]);
    expect(body.castAt).toBe(new Date(DURING).toISOString());
    expect(await tallyOf(poll.id)).toEqual({ votes: 2, countedBallots: 1, choiceRows: 2, ballotRows: 1 });

    const receipt = await t.json(`/api/receipts/${body.receipt}`);
    conforms(ReceiptBody, receipt.body);
    expect(receipt.body).toEqual({
      poll: poll.slug,
      choices: body.choices,
      castAt: body.castAt,
      status: 'counted',
      receiptHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      sealedBy: null,
    });
  });

  it('stores the phone only as a keyed hash and a masked form', async () => {
    const poll = await createPoll({ opensAt: OPENS, closesAt: CLOSES });
    const voter = await verifiedVoter(t);
    await castBallot(t, poll.slug, voter.token, [poll.candidateIds[0]]);
    const row = await env.DB.prepare('SELECT * FROM ballots WHERE poll_id = ?').bind(poll.id).first<any>();
    expect(JSON.stringify(row)).not.toContain(voter.phone);
    expect(row.phone_masked).toBe(`${voter.phone.slice(0, 3)}****${voter.phone.slice(7)}`);
    expect(row.phone_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('tells a second ballot from the same phone that it already voted', async () => {
    const poll = await createPoll({ opensAt: OPENS, closesAt: CLOSES });
    const voter = await verifiedVoter(t);
    expect((await castBallot(t, poll.slug, voter.token, [poll.candidateIds[0]])).res.status).toBe(201);
    const again = await castBallot(t, poll.slug, voter.token, [poll.candidateIds[1]]);
    expect(again.res.status).toBe(409);
    conforms(errorBody(['already_voted']), again.body);
    expect(again.body.error.code).toBe('already_voted');
    expect(await tallyOf(poll.id)).toMatchObject({ votes: 1, countedBallots: 1 });
  });

  it('lands exactly one of a burst of parallel ballots from one phone', async () => {
    const poll = await createPoll({ opensAt: OPENS, closesAt: CLOSES, maxChoices: 2 });
    const voter = await verifiedVoter(t);
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) => castBallot(t, poll.slug, voter.token, [poll.candidateIds[i % 5]])),
    );
    const statuses = results.map((r) => r.res.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(24);
    expect(await tallyOf(poll.id)).toEqual({ votes: 1, countedBallots: 1, choiceRows: 1, ballotRows: 1 });
  });

  it('makes the tally equal the ballots when many phones vote in parallel', async () => {
    const poll = await createPoll({ opensAt: OPENS, closesAt: CLOSES, maxChoices: 3, candidates: 6 });
    const voters = await Promise.all(Array.from({ length: 40 }, () => verifiedVoter(t)));
    const picks = voters.map((_, i) => poll.candidateIds.filter((_, j) => (i + j) % 3 === 0).slice(0, 1 + (i % 3)));
    const results = await Promise.all(voters.map((v, i) => castBallot(t, poll.slug, v.token, picks[i])));
    expect(results.every((r) => r.res.status === 201)).toBe(true);
    const expectedVotes = picks.reduce((n, p) => n + p.length, 0);
    expect(await tallyOf(poll.id)).toEqual({
      votes: expectedVotes,
      countedBallots: 40,
      choiceRows: expectedVotes,
      ballotRows: 40,
    });
    const perCandidate = await env.DB.prepare(
      'SELECT t.candidate_id AS id, t.votes, (SELECT count(*) FROM ballot_choices c WHERE c.poll_id = t.poll_id AND c.candidate_id = t.candidate_id) AS actual FROM tallies t WHERE t.poll_id = ?',
    )
      .bind(poll.id)
      .all<{ votes: number; actual: number }>();
    for (const row of perCandidate.results) expect(row.votes).toBe(row.actual);
  });

  it('returns the same receipt for a retry with the same Idempotency-Key and counts nothing twice', async () => {
    const poll = await createPoll({ opensAt: OPENS, closesAt: CLOSES });
    const voter = await verifiedVoter(t);
    const key = { 'Idempotency-Key': 'retry-key-0001' };
    const first = await castBallot(t, poll.slug, voter.token, [poll.candidateIds[1]], key);
    const retry = await castBallot(t, poll.slug, voter.token, [poll.candidateIds[1]], key);
    expect(first.res.status).toBe(201);
    expect(retry.res.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    const parallel = await Promise.all(
      Array.from({ length: 8 }, () =>
        castBallot(t, poll.slug, voter.token, [poll.candidateIds[1]], { 'Idempotency-Key': 'retry-key-0002' }),
      ),
    );
    // A new key from a phone that already voted is a second ballot, refused.
    expect(parallel.every((r) => r.res.status === 409)).toBe(true);
    expect(await tallyOf(poll.id)).toMatchObject({ votes: 1, countedBallots: 1 });
  });

  it('refuses an Idempotency-Key reused with other choices with idempotency_mismatch', async () => {
    const poll = await createPoll({ opensAt: OPENS, closesAt: CLOSES, maxChoices: 2 });
    const voter = await verifiedVoter(t);
    const [a, b, c] = poll.candidateIds;
    const key = { 'Idempotency-Key': 'mismatch-key-0001' };
    const first = await castBallot(t, poll.slug, voter.token, [a, b], key);
    expect(first.res.status).toBe(201);
    const other = await castBallot(t, poll.slug, voter.token, [a, c], key);
    expect(other.res.status).toBe(422);
    expect(other.body.error.code).toBe('idempotency_mismatch');
    // The same choices in another order are the same request.
    const reordered = await castBallot(t, poll.slug, voter.token, [b, a], key);
    expect(reordered.res.status).toBe(201);
    expect(reordered.body.receipt).toBe(first.body.receipt);
    expect(await tallyOf(poll.id)).toEqual({ votes: 2, countedBallots: 1, choiceRows: 2, ballotRows: 1 });
  });

  it('answers parallel retries of one first request with one receipt', async () => {
    const poll = await createPoll({ opensAt: OPENS, closesAt: CLOSES });
    const voter = await verifiedVoter(t);
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        castBallot(t, poll.slug, voter.token, [poll.candidateIds[3]], { 'Idempotency-Key': 'same-key-parallel' }),
      ),
    );
    expect(results.every((r) => r.res.status === 201)).toBe(true);
    expect(new Set(results.map((r) => r.body.receipt)).size).toBe(1);
    expect(await tallyOf(poll.id)).toMatchObject({ votes: 1, countedBallots: 1 });
  });

  it('refuses invalid choices with invalid_choices and changes nothing', async () => {
    const poll = await createPoll({ opensAt: OPENS, closesAt: CLOSES, maxChoices: 2 });
    const other = await createPoll({ opensAt: OPENS, closesAt: CLOSES });
    const voter = await verifiedVoter(t);
    const [a, b, c] = poll.candidateIds;
    for (const choices of [[], [a, b, c], [a, a], [a, 999_999], [other.candidateIds[0]]]) {
      const { res, body } = await castBallot(t, poll.slug, voter.token, choices);
      expect(res.status, JSON.stringify(choices)).toBe(422);
      conforms(errorBody(['invalid_choices']), body);
      expect(body.error.code).toBe('invalid_choices');
      expect(body.error.issues.length).toBeGreaterThan(0);
    }
    expect(await tallyOf(poll.id)).toEqual({ votes: 0, countedBallots: 0, choiceRows: 0, ballotRows: 0 });
    expect((await castBallot(t, poll.slug, voter.token, [a, b])).res.status).toBe(201);
  });

  it('refuses a malformed body or Idempotency-Key with invalid_request', async () => {
    const poll = await createPoll({ opensAt: OPENS, closesAt: CLOSES });
    const voter = await verifiedVoter(t);
    for (const choices of ['1', [1.5], ['x'], null]) {
      const { res, body } = await castBallot(t, poll.slug, voter.token, choices);
      expect(res.status, JSON.stringify(choices)).toBe(400);
      conforms(errorBody(['invalid_request']), body);
      expect(body.error.code).toBe('invalid_request');
    }
    const badKey = await castBallot(t, poll.slug, voter.token, [poll.candidateIds[0]], {
      'Idempotency-Key': 'bad key!',
    });
    expect(badKey.body.error.code).toBe('invalid_request');
    expect(await tallyOf(poll.id)).toMatchObject({ votes: 0 });
  });

  it('needs a valid voter session', async () => {
    const poll = await createPoll({ opensAt: OPENS, closesAt: CLOSES });
    const none = await t.json(`/api/polls/${poll.slug}/ballots`, post({ choices: [poll.candidateIds[0]] }));
    expect(none.res.status).toBe(401);
    conforms(errorBody(['unauthenticated']), none.body);
    expect(none.body.error.code).toBe('unauthenticated');
    const voter = await verifiedVoter(t);
    const [h, p, s] = voter.token.split('.');
    const forged = `${h}.${p.slice(0, -2)}${p.slice(-2) === 'AA' ? 'BB' : 'AA'}.${s}`;
    expect((await castBallot(t, poll.slug, forged, [poll.candidateIds[0]])).body.error.code).toBe('unauthenticated');
  });

  it('answers not_found for an unknown poll and poll_not_open for a scheduled one', async () => {
    const voter = await verifiedVoter(t);
    const missing = await castBallot(t, 'no-such-poll', voter.token, [1]);
    expect(missing.res.status).toBe(404);
    conforms(errorBody(['not_found']), missing.body);
    expect(missing.body.error.code).toBe('not_found');
    const scheduled = await castBallot(t, 'brands-vote', voter.token, [1]);
    expect(scheduled.res.status).toBe(409);
    conforms(errorBody(['poll_not_open']), scheduled.body);
    expect(scheduled.body.error.code).toBe('poll_not_open');
  });

  it('answers an anonymous request 401 before looking at its body, its slug or its Idempotency-Key', async () => {
    const bad = { method: 'POST', headers: { 'content-type': 'application/json', 'Idempotency-Key': 'bad key!' } };
    for (const body of ['{not json', JSON.stringify({ choices: 'x' }), JSON.stringify({})]) {
      const { res, body: answer } = await t.json('/api/polls/Bad_Slug/ballots', { ...bad, body });
      expect(res.status, body).toBe(401);
      conforms(errorBody(['unauthenticated']), answer);
    }
    const expired = await t.json(
      '/api/polls/trades-vote/ballots',
      post({ choices: 'x' }, { Cookie: 'lf_voter=not-a-token' }),
    );
    expect(expired.res.status).toBe(401);
    expect(expired.body.error.code).toBe('unauthenticated');
  });

  it('lets one verification vote in every open poll', async () => {
    const one = await createPoll({ opensAt: OPENS, closesAt: CLOSES });
    const two = await createPoll({ opensAt: OPENS, closesAt: CLOSES });
    const voter = await verifiedVoter(t);
    expect((await castBallot(t, one.slug, voter.token, [one.candidateIds[0]])).res.status).toBe(201);
    expect((await castBallot(t, two.slug, voter.token, [two.candidateIds[0]])).res.status).toBe(201);
  });
});

describe('voting window by the server clock', () => {
  it('accepts a ballot one millisecond before 24:00 China time of day 15 and refuses one at 24:00', async () => {
    const poll = await createPoll({ opensAt: OPENS, closesAt: CLOSES });
    expect(new Date(CLOSES).toISOString()).toBe('2026-12-15T16:00:00.000Z');
    const clock = pinnedClock(CLOSES - 600_000);
    const late = testApp(clock);
    const a = await verifiedVoter(late);
    const b = await verifiedVoter(late);
    clock.set(CLOSES - 1);
    expect((await castBallot(late, poll.slug, a.token, [poll.candidateIds[0]])).res.status).toBe(201);
    clock.set(CLOSES);
    const refused = await castBallot(late, poll.slug, b.token, [poll.candidateIds[0]]);
    expect(refused.res.status).toBe(409);
    expect(refused.body.error.code).toBe('poll_not_open');
    expect(await tallyOf(poll.id)).toMatchObject({ votes: 1, countedBallots: 1 });
  });

  it('refuses a ballot one millisecond before opening', async () => {
    const poll = await createPoll({ opensAt: OPENS, closesAt: CLOSES });
    const clock = pinnedClock(OPENS - 60_000);
    const early = testApp(clock);
    const voter = await verifiedVoter(early);
    clock.set(OPENS - 1);
    expect((await castBallot(early, poll.slug, voter.token, [poll.candidateIds[0]])).body.error.code).toBe(
      'poll_not_open',
    );
    clock.set(OPENS);
    expect((await castBallot(early, poll.slug, voter.token, [poll.candidateIds[0]])).res.status).toBe(201);
  });

  it('allows one ballot per China day in per-day mode', async () => {
    const poll = await createPoll({ opensAt: OPENS, closesAt: CLOSES, ballotMode: 'daily' });
    const clock = pinnedClock(chinaMidnight('2026-12-02') - 600_000); // 2026-12-01 23:50 China
    const daily = testApp(clock);
    const voter = await verifiedVoter(daily);
    expect((await castBallot(daily, poll.slug, voter.token, [poll.candidateIds[0]])).res.status).toBe(201);
    const same = await castBallot(daily, poll.slug, voter.token, [poll.candidateIds[0]]);
    expect(same.body.error.code).toBe('already_voted');
    clock.set(chinaMidnight('2026-12-02') + 1000); // next China day, same session
    expect((await castBallot(daily, poll.slug, voter.token, [poll.candidateIds[0]])).res.status).toBe(201);
    expect(await tallyOf(poll.id)).toMatchObject({ votes: 2, countedBallots: 2 });
  });
});

describe('Idempotency-Key in per-day mode', () => {
  it('does not carry a key over to the next voting day', async () => {
    const poll = await createPoll({ opensAt: OPENS, closesAt: CLOSES, ballotMode: 'daily' });
    const clock = pinnedClock(chinaMidnight('2026-12-03') - 600_000); // 2026-12-02 23:50 China
    const daily = testApp(clock);
    const voter = await verifiedVoter(daily);
    const key = { 'Idempotency-Key': 'page-load-key-0001' };
    const today = await castBallot(daily, poll.slug, voter.token, [poll.candidateIds[0]], key);
    expect(today.res.status).toBe(201);
    clock.set(chinaMidnight('2026-12-03') + 1000);
    const tomorrow = await castBallot(daily, poll.slug, voter.token, [poll.candidateIds[1]], key);
    expect(tomorrow.res.status).toBe(201);
    expect(tomorrow.body.receipt).not.toBe(today.body.receipt);
    expect(tomorrow.body.choices).toEqual([poll.candidateIds[1]]);
    const retry = await castBallot(daily, poll.slug, voter.token, [poll.candidateIds[1]], key);
    expect(retry.body.receipt).toBe(tomorrow.body.receipt);
    expect(await tallyOf(poll.id)).toEqual({ votes: 2, countedBallots: 2, choiceRows: 2, ballotRows: 2 });
  });
});

describe('GET /api/receipts/:receipt', () => {
  it('answers not_found for an unknown receipt and invalid_request for a malformed one', async () => {
    const unknown = await t.json('/api/receipts/AAAA-BBBB-CCCC');
    expect(unknown.res.status).toBe(404);
    expect(conforms(errorBody(['not_found']), unknown.body).error.code).toBe('not_found');
    const malformed = await t.json('/api/receipts/nope');
    expect(malformed.res.status).toBe(400);
    expect(conforms(errorBody(['invalid_request']), malformed.body).error.code).toBe('invalid_request');
  });
});
