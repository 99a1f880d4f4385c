import { beforeAll, describe, expect, it } from 'vitest';
import { MyBallot } from '../../../contracts/api';
import { chinaMidnight } from '../../../contracts/china-time';
import { errorBody } from '../../../contracts/errors';
import { edgeCachedApp, pinnedClock, seed, testApp } from '../../fixtures/app';
import { conforms } from '../../fixtures/contract';
import { castBallot, createPoll, verifiedVoter } from '../../fixtures/voting';

const OPENS = Date.UTC(2026, 11, 1, 1, 0);
const CLOSES = chinaMidnight('2026-12-16');
const DURING = OPENS + 3_600_000;

const t = testApp(pinnedClock(DURING));
beforeAll(() => seed(DURING));

const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });

describe('GET /api/polls/:slug/my-ballot', () => {
  it('refuses a request without a voter session, and says so in the envelope', async () => {
    const poll = await createPoll({ opensAt: OPENS, closesAt: CLOSES });
    const { res, body } = await t.json(`/api/polls/${poll.slug}/my-ballot`);
    expect(res.status).toBe(401);
    conforms(errorBody(['unauthenticated']), body);
    expect(body.error.code).toBe('unauthenticated');
    const forged = await t.json(`/api/polls/${poll.slug}/my-ballot`, bearer('not-a-token'));
    expect(forged.res.status).toBe(401);
  });

  it("answers null before this phone votes, then the phone's own ballot with its receipt", async () => {
    const poll = await createPoll({ opensAt: OPENS, closesAt: CLOSES, maxChoices: 2 });
    const voter = await verifiedVoter(t);
    const before = await t.json(`/api/polls/${poll.slug}/my-ballot`, bearer(voter.token));
    expect(before.res.status).toBe(200);
    conforms(MyBallot, before.body);
    expect(before.body).toEqual({ ballot: null });
    expect(before.res.headers.get('Cache-Control')).toBe('no-store');

    const cast = await castBallot(t, poll.slug, voter.token, [poll.candidateIds[1], poll.candidateIds[0]]);
    const after = await t.json(`/api/polls/${poll.slug}/my-ballot`, bearer(voter.token));
    conforms(MyBallot, after.body);
    expect(after.body.ballot).toEqual({
      receipt: cast.body.receipt,
      choices: [poll.candidateIds[0], poll.candidateIds[1]],
      castAt: new Date(DURING).toISOString(),
    });
  });

  it('answers a later session of the same phone (a new browser that verified again) with the ballot', async () => {
    const clock = pinnedClock(DURING);
    const app = testApp(clock);
    const poll = await createPoll({ opensAt: OPENS, closesAt: CLOSES });
    const first = await verifiedVoter(app);
    const cast = await castBallot(app, poll.slug, first.token, [poll.candidateIds[2]]);
    clock.advance(61_000); // a new code for the same phone may be sent after 60 s
    const again = await verifiedVoter(app, first.phone);
    expect(again.token).not.toBe(first.token);
    const { body } = await app.json(`/api/polls/${poll.slug}/my-ballot`, bearer(again.token));
    expect(body.ballot).toMatchObject({ receipt: cast.body.receipt, choices: [poll.candidateIds[2]] });
  });

  it("never shows another phone's ballot, nor a ballot in another poll", async () => {
    const poll = await createPoll({ opensAt: OPENS, closesAt: CLOSES });
    const other = await createPoll({ opensAt: OPENS, closesAt: CLOSES });
    const voter = await verifiedVoter(t);
    const neighbour = await verifiedVoter(t);
    await castBallot(t, poll.slug, voter.token, [poll.candidateIds[0]]);
    expect((await t.json(`/api/polls/${poll.slug}/my-ballot`, bearer(neighbour.token))).body).toEqual({
      ballot: null,
    });
    expect((await t.json(`/api/polls/${other.slug}/my-ballot`, bearer(voter.token))).body).toEqual({ ballot: null });
  });

  it("in a daily poll answers today's ballot only", async () => {
    const poll = await createPoll({ opensAt: OPENS, closesAt: CLOSES, ballotMode: 'daily' });
    const clock = pinnedClock(chinaMidnight('2026-12-02') - 600_000); // 2026-12-01 23:50 China
    const daily = testApp(clock);
    const voter = await verifiedVoter(daily);
    const cast = await castBallot(daily, poll.slug, voter.token, [poll.candidateIds[0]]);
    expect((await daily.json(`/api/polls/${poll.slug}/my-ballot`, bearer(voter.token))).body.ballot.receipt).toBe(
      cast.body.receipt,
    );
    clock.set(chinaMidnight('2026-12-02') + 1000); // the next China day, same session
    expect((await daily.json(`/api/polls/${poll.slug}/my-ballot`, bearer(voter.token))).body).toEqual({
      ballot: null,
    });
  });

  it('answers not_found for an unknown poll', async () => {
    const voter = await verifiedVoter(t);
    const { res, body } = await t.json('/api/polls/no-such-poll/my-ballot', bearer(voter.token));
    expect(res.status).toBe(404);
    expect(body.error.code).toBe('not_found');
  });

  it('reads the session cookie behind the edge cache, and no copy answers another voter', async () => {
    const clock = pinnedClock(DURING);
    const cached = edgeCachedApp(clock);
    const poll = await createPoll({ opensAt: OPENS, closesAt: CLOSES });
    const voter = await verifiedVoter(t);
    const neighbour = await verifiedVoter(t);
    const cast = await castBallot(t, poll.slug, voter.token, [poll.candidateIds[0]]);
    const path = `/api/polls/${poll.slug}/my-ballot`;
    const mine = await cached.json(path, { headers: { Cookie: `lf_voter=${voter.token}` } });
    expect(mine.res.status).toBe(200);
    expect(mine.body.ballot.receipt).toBe(cast.body.receipt);
    const theirs = await cached.json(path, { headers: { Cookie: `lf_voter=${neighbour.token}` } });
    expect(theirs.body).toEqual({ ballot: null });
    expect((await cached.request(path)).status).toBe(401);
  });
});
