/**
 * Rounds (年度评选) through the API: the current round and the earlier ones on the track, the round
 * read, the `year` filters, `round_open` while a round runs, `round_closed` for writes into a
 * finished or closed round, starting the next round (the same name may come back) and closing one
 * early with a public reason.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { PollList, NoticeList } from '../../../contracts/api';
import { FinalListList, RoundBody, TrackBody } from '../../../contracts/content';
import { errorBody } from '../../../contracts/errors';
import { AdminRoundBody, RoundPreviewBody } from '../../../contracts/rounds';
import { call, confirmTradesDecision, staffOf, type Session } from '../../fixtures/admin';
import { pinnedClock, seed, testApp } from '../../fixtures/app';
import { conforms } from '../../fixtures/contract';

// 2026-11-27 10:00 China time: the seeded trades vote opened at midnight and runs 15 days.
const NOW = Date.UTC(2026, 10, 27, 2, 0);
const clock = pinnedClock(NOW);
const t = testApp(clock);
let admin: Session;
let officer: Session;
const fresh = () => staffOf(clock.now(), 'city_admin');

beforeAll(async () => {
  await seed(NOW);
  [admin, officer] = await Promise.all([staffOf(NOW, 'city_admin'), staffOf(NOW, 'county_officer', 'yaodu')]);
});

const auditRows = async () => (await env.DB.prepare('SELECT count(*) AS n FROM audit_log').first<{ n: number }>())!.n;

describe('round one, as the seed makes it', () => {
  it('shows the current round and the list of rounds on the track', async () => {
    const { res, body } = await t.json('/api/tracks/trades');
    expect(res.status).toBe(200);
    const { track } = conforms(TrackBody, body);
    expect(track.round).toEqual({ year: 2026, title: '2026年度十大精品工种评选', status: 'open' });
    expect(track.rounds).toEqual([{ year: 2026, title: '2026年度十大精品工种评选', status: 'open', finalList: null }]);
    // Competitions and recruitment have no dated row: the programme's year.
    expect((await t.json('/api/tracks/competitions')).body.track.round.year).toBe(2020);
  });

  it('reads one round with its stages, polls and notices; 404 for a year without one; 400 for a bad year', async () => {
    const { res, body } = await t.json('/api/tracks/trades/rounds/2026');
    expect(res.status).toBe(200);
    const round = conforms(RoundBody, body);
    expect(round.round).toMatchObject({ year: 2026, status: 'open', closedReason: null });
    expect(round.stages.map((s) => s.key)).toEqual(['recommend', 'review', 'vote', 'decide']);
    expect(round.polls.map((p) => [p.slug, p.year])).toEqual([['trades-vote', 2026]]);
    expect(round.finalList).toBeNull();
    expect(round.candidates).toHaveLength(15);
    expect(round.candidates.every((c) => c.otherYears.length === 0)).toBe(true);

    const missing = await t.json('/api/tracks/trades/rounds/2025');
    expect(missing.res.status).toBe(404);
    conforms(errorBody(['not_found']), missing.body);
    for (const bad of ['abc', '2026.5', '1999', '0x7ea'])
      expect((await t.json(`/api/tracks/trades/rounds/${bad}`)).res.status, bad).toBe(400);
  });

  it('filters polls, notices and lists by year, and each carries its round year', async () => {
    const polls = conforms(PollList, (await t.json('/api/polls?year=2026')).body).polls;
    expect(polls.map((p) => p.slug).sort()).toEqual(['brands-vote', 'trades-vote']);
    expect(polls.every((p) => p.year === 2026)).toBe(true);
    expect(conforms(PollList, (await t.json('/api/polls?year=2025')).body).polls).toEqual([]);
    expect(conforms(PollList, (await t.json('/api/polls')).body).polls).toHaveLength(2);

    const notices = conforms(NoticeList, (await t.json('/api/notices?year=2026')).body).notices;
    expect(notices.map((n) => [n.slug, n.year])).toEqual([['bases-publicity', 2026]]);
    expect(conforms(NoticeList, (await t.json('/api/notices?year=2020')).body).notices).toEqual([]);

    const lists = conforms(FinalListList, (await t.json('/api/lists?year=2026')).body).lists;
    expect(lists.map((l) => [l.slug, l.year])).toEqual([['institutions-directory', 2026]]);
    expect(conforms(FinalListList, (await t.json('/api/lists?year=2027')).body).lists).toEqual([]);

    for (const path of ['/api/polls', '/api/notices', '/api/lists'])
      for (const bad of ['abc', '99', '2101', '']) {
        const { res, body } = await t.json(`${path}?year=${bad}`);
        expect(res.status, `${path}?year=${bad}`).toBe(400);
        conforms(errorBody(['invalid_request']), body);
      }
  });
});

describe('the admin round routes', () => {
  it('refuse the anonymous and every role but the city admin', async () => {
    const paths = [
      ['GET', '/api/admin/tracks/trades/rounds/preview?year=2027'],
      ['POST', '/api/admin/tracks/trades/rounds', { year: 2027 }],
      ['POST', '/api/admin/tracks/trades/rounds/2026/close', { reason: '测试' }],
    ] as const;
    for (const [method, path, body] of paths) {
      expect((await call(t, null, method, path, body)).code, path).toBe('unauthenticated');
      expect((await call(t, officer, method, path, body)).code, path).toBe('forbidden');
    }
  });

  it('answer round_open while the current round is open, and write nothing', async () => {
    const before = await auditRows();
    const start = await call(t, admin, 'POST', '/api/admin/tracks/trades/rounds', { year: 2027 });
    expect(start.status).toBe(409);
    conforms(errorBody(['round_open']), start.body);
    expect(start.body.error.message).toContain('2026年度十大精品工种评选尚未结束');
    expect((await call(t, admin, 'GET', '/api/admin/tracks/trades/rounds/preview?year=2027')).code).toBe('round_open');
    expect(await auditRows()).toBe(before);
  });

  it('refuse to close a round while one of its polls is open', async () => {
    const res = await call(t, admin, 'POST', '/api/admin/tracks/trades/rounds/2026/close', { reason: '测试' });
    expect(res.code).toBe('conflict');
    expect(res.body.error.message).toContain('正在进行');
  });
});

describe('a finished round is read-only; the next round takes the writes', () => {
  let first2026: unknown;

  it('finishes the trades round with its final list', async () => {
    await confirmTradesDecision(t, fresh);
    const res = await call(t, admin, 'POST', '/api/admin/tracks/trades/final-list', {
      slug: 'trades-2026',
      title: '2026年度十大精品工种名单',
    });
    expect(res.status).toBe(200);
    const { track } = conforms(TrackBody, (await t.json('/api/tracks/trades')).body);
    expect(track.round).toEqual({ year: 2026, title: '2026年度十大精品工种评选', status: 'finished' });
    expect(track.rounds[0].finalList).toEqual({ slug: 'trades-2026', title: '2026年度十大精品工种名单' });
    expect(track.stages.find((s) => s.key === 'decide')!.status).toBe('done');
    first2026 = (await t.json('/api/tracks/trades/rounds/2026')).body;
  });

  it('answers round_closed to a write on the track, and writes nothing', async () => {
    const before = await auditRows();
    const writes = [
      ['/api/admin/tracks/trades/stages/decide/close', undefined],
      ['/api/admin/tracks/trades/stages/recommend/open', {}],
      ['/api/admin/tracks/trades/decision', { mode: 'top_n' }],
      ['/api/admin/tracks/trades/final-list', { slug: 'trades-again', title: '再次发布' }],
      ['/api/admin/polls/trades-vote/extend', { lastDay: '2026-12-20', reason: '测试' }],
      [
        '/api/admin/notices',
        {
          slug: 'trades-gs',
          track: 'trades',
          source: 'decision',
          title: '公示',
          body: '公示正文',
          contactName: '市人社局',
          contactPhone: '0357-0000000',
          contactAddress: '临汾市',
          workingDays: 5,
        },
      ],
    ] as const;
    for (const [path, body] of writes) {
      const res = await call(t, admin, 'POST', path, body);
      expect(res.status, path).toBe(409);
      expect(res.code, `${path}: ${res.text}`).toBe('round_closed');
    }
    expect(await auditRows()).toBe(before);
  });

  it('previews the next round: the annex stages with deadlines in working days from the start date', async () => {
    // The holiday package has no 2027 schedule yet: the preview says so rather than guess.
    const missing = await call(
      t,
      admin,
      'GET',
      '/api/admin/tracks/trades/rounds/preview?year=2027&startsOn=2027-03-01',
    );
    expect(missing.code).toBe('calendar_missing');
    const confirm = await call(t, admin, 'POST', '/api/admin/calendar/2027/confirm-plain', {
      reason: '测试：按普通周计算',
    });
    expect(confirm.status).toBe(200);
    const before = await auditRows();
    const res = await call(t, admin, 'GET', '/api/admin/tracks/trades/rounds/preview?year=2027&startsOn=2027-03-01');
    expect(res.status).toBe(200);
    const preview = conforms(RoundPreviewBody, res.body);
    expect(preview.title).toBe('2027年度十大精品工种评选');
    // Monday 2027-03-01: 5 working days, 5 working days, 15 days, then 5 working days from Monday 29 March.
    expect(preview.stages.map((s) => [s.key, s.startsOn, s.endsOn])).toEqual([
      ['recommend', '2027-03-01', '2027-03-05'],
      ['review', '2027-03-08', '2027-03-12'],
      ['vote', '2027-03-13', '2027-03-27'],
      ['decide', '2027-03-29', '2027-04-02'],
    ]);
    expect(preview.stages[0].deadlineAt).toBe('2027-03-05T16:00:00.000Z');
    expect(await auditRows()).toBe(before);
    // Not later than every round of the track.
    expect((await call(t, admin, 'POST', '/api/admin/tracks/trades/rounds', { year: 2026 })).code).toBe('conflict');
    expect((await call(t, admin, 'POST', '/api/admin/tracks/trades/rounds', { year: 2025 })).code).toBe('conflict');
    expect((await call(t, admin, 'POST', '/api/admin/tracks/trades/rounds', { year: 2101 })).code).toBe(
      'invalid_request',
    );
  });

  it('starts the next round; the same write then succeeds and lands in it', async () => {
    const res = await call(t, admin, 'POST', '/api/admin/tracks/trades/rounds', { year: 2027, startsOn: '2027-03-01' });
    expect(res.status).toBe(201);
    expect(conforms(AdminRoundBody, res.body).round).toMatchObject({
      year: 2027,
      title: '2027年度十大精品工种评选',
      status: 'open',
      startsOn: '2027-03-01',
    });
    const again = await call(t, admin, 'POST', '/api/admin/tracks/trades/rounds', { year: 2028 });
    expect(again.code).toBe('round_open');

    expect((await call(t, admin, 'POST', '/api/admin/tracks/trades/stages/recommend/open', {})).status).toBe(200);
    const stages = await env.DB.prepare(
      "SELECT r.year, s.status FROM track_stages s JOIN rounds r ON r.id = s.round_id WHERE s.track_key = 'trades' AND s.key = 'recommend' ORDER BY r.year",
    ).all<{ year: number; status: string }>();
    expect(stages.results).toEqual([
      { year: 2026, status: 'done' },
      { year: 2027, status: 'active' },
    ]);
    // Opened without a deadline, the stage keeps the one the round computed: 24:00 on Friday 5 March.
    const admin2027 = await call(t, admin, 'GET', '/api/admin/tracks/trades');
    expect(admin2027.body.round).toMatchObject({ year: 2027, status: 'open' });
    expect(admin2027.body.rounds.map((r: { year: number }) => r.year)).toEqual([2027, 2026]);
    expect(admin2027.body.stages.find((s: { key: string }) => s.key === 'recommend').deadlineAt).toBe(
      '2027-03-05T16:00:00.000Z',
    );
    const { track } = conforms(TrackBody, (await t.json('/api/tracks/trades')).body);
    expect(track.round).toEqual({ year: 2027, title: '2027年度十大精品工种评选', status: 'open' });
    expect(track.rounds.map((r) => [r.year, r.status, r.finalList?.slug ?? null])).toEqual([
      [2027, 'open', null],
      [2026, 'finished', 'trades-2026'],
    ]);
    expect(track.polls).toEqual([]);
    expect(track.lists).toEqual([]);
  });

  it('takes back a name of an earlier round, and each round links its appearances in the other', async () => {
    const res = await call(t, officer, 'POST', '/api/admin/tracks/trades/recommendations', {
      countyId: 'yaodu',
      candidate: { name: '焊工', summary: '再次申报', trainingSharePct: 40 },
    });
    expect(res.status, res.text).toBe(200);
    const names = await env.DB.prepare(
      "SELECT r.year, c.status FROM candidates c JOIN rounds r ON r.id = c.round_id WHERE c.track_key = 'trades' AND c.name = '焊工' ORDER BY r.year",
    ).all<{ year: number; status: string }>();
    expect(names.results.map((r) => r.year)).toEqual([2026, 2027]);

    const y2027 = conforms(RoundBody, (await t.json('/api/tracks/trades/rounds/2027')).body);
    expect(y2027.candidates).toEqual([
      expect.objectContaining({ name: '焊工', status: 'recommended', otherYears: [2026] }),
    ]);
    const y2026 = conforms(RoundBody, (await t.json('/api/tracks/trades/rounds/2026')).body);
    expect(y2026.candidates.find((c) => c.name === '焊工')!.otherYears).toEqual([2027]);
    // The first year's round reads as it did, but for the link to the new appearance.
    const strip = (b: any) => ({ ...b, candidates: b.candidates.map((c: any) => ({ ...c, otherYears: [] })) });
    expect(strip(y2026)).toEqual(strip(first2026));
    expect(y2026.finalList!.slug).toBe('trades-2026');
  });

  it('keeps the earlier round read-only: its poll answers round_closed', async () => {
    const res = await call(t, admin, 'POST', '/api/admin/polls/trades-vote/publish-results');
    expect(res.code).toBe('round_closed');
  });
});

describe('closing a round early', () => {
  it('closes the open round with a public reason, audited; later writes answer round_closed', async () => {
    expect((await call(t, admin, 'POST', '/api/admin/tracks/brands/rounds/2026/close', { reason: ' ' })).code).toBe(
      'invalid_request',
    );
    expect((await call(t, admin, 'POST', '/api/admin/tracks/brands/rounds/2025/close', { reason: 'x' })).code).toBe(
      'not_found',
    );
    const reason = '因评审安排调整，本年度评选提前结束。';
    // Its poll has yet to open: it would take ballots into a closed round, so it is ended first.
    const scheduled = await call(t, admin, 'POST', '/api/admin/tracks/brands/rounds/2026/close', { reason });
    expect(scheduled.code).toBe('conflict');
    expect(scheduled.body.error.message).toContain('尚未开始，请先在本赛道的“投票”中提前截止该投票');
    const ended = await call(t, admin, 'POST', '/api/admin/polls/brands-vote/close', { reason });
    expect(ended.status, ended.text).toBe(200);
    const { poll } = (await t.json('/api/polls/brands-vote')).body;
    expect(poll.status).toBe('closed');
    expect(Date.parse(poll.opensAt)).toBeLessThan(Date.parse(poll.closesAt));
    expect(Date.parse(poll.closesAt)).toBeLessThanOrEqual(clock.now());
    const res = await call(t, admin, 'POST', '/api/admin/tracks/brands/rounds/2026/close', { reason });
    expect(res.status).toBe(200);
    expect(conforms(AdminRoundBody, res.body).round).toMatchObject({ status: 'closed', closedReason: reason });
    const audit = await env.DB.prepare("SELECT entity_id, reason FROM audit_log WHERE action = 'round.close'").first();
    expect(audit).toEqual({ entity_id: 'brands:2026', reason });

    const { track } = conforms(TrackBody, (await t.json('/api/tracks/brands')).body);
    expect(track.round).toEqual({
      year: 2026,
      title: '2026年度十大劳务品牌评选',
      status: 'closed',
      closedReason: reason,
    });
    expect(track.rounds[0]).toMatchObject({ status: 'closed', closedReason: reason, finalList: null });
    const round = conforms(RoundBody, (await t.json('/api/tracks/brands/rounds/2026')).body);
    expect(round.round).toMatchObject({ status: 'closed', closedReason: reason });
    // Everything it had stays.
    expect(round.polls.map((p) => p.slug)).toEqual(['brands-vote']);

    expect((await call(t, admin, 'POST', '/api/admin/tracks/brands/stages/vote/open', {})).code).toBe('round_closed');
    expect((await call(t, admin, 'POST', '/api/admin/tracks/brands/rounds/2026/close', { reason })).code).toBe(
      'round_closed',
    );
    // The next round may start once it is closed.
    const next = await call(t, admin, 'POST', '/api/admin/tracks/brands/rounds', { year: 2027 });
    expect(next.status).toBe(201);
  });
});

describe('exports', () => {
  it('carry the round year in a column', async () => {
    const res = await call(t, admin, 'GET', '/api/admin/tracks/trades/candidates.csv');
    expect(res.status).toBe(200);
    const [header, first] = res.text.replace(/^\uFEFF/, '').split(/\r?\n/);
    expect(header.split(',')[0]).toBe('年度');
    expect(first.split(',')[0]).toBe('2027');
    const recs = await call(t, admin, 'GET', '/api/admin/tracks/trades/recommendations.csv');
    expect(
      recs.text
        .replace(/^\uFEFF/, '')
        .split(/\r?\n/)[1]
        .split(',')[0],
    ).toBe('2027');
  });
});
