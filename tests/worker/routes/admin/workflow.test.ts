/**
 * Admin actions that change what the public site shows purge the edge cache (worker/routes/admin/
 * workflow.ts `commit` with a purge): every public read here goes through `caches.default` as the
 * Worker entry serves it, is first seen cached, and shows the change on the next read.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, staffOf, type Session } from '../../../fixtures/admin';
import { edgeCachedApp, pinnedClock, post, seed, testApp } from '../../../fixtures/app';
import { castBallot, createPoll, latestCode, requestCode, verifiedVoter } from '../../../fixtures/voting';
import { openDb } from '../../../../db/client';
import { readConfig } from '../../../../worker/env';
import { CACHE_STATUS } from '../../../../worker/middleware/edge-cache';
import { sealCheckpoint } from '../../../../worker/services/integrity/record';

// 2026-11-27 10:00 China time: the seeded trades vote is open, the embargoed brands vote is scheduled.
const NOW = Date.UTC(2026, 10, 27, 2, 0);
const clock = pinnedClock(NOW);
const site = edgeCachedApp(clock);
const direct = testApp(clock);
let admin: Session;

beforeAll(async () => {
  await seed(NOW);
  admin = await staffOf(NOW, 'city_admin');
});

/** Reads a public address twice through the cache: the second answer must come from it. */
async function cachedRead(path: string) {
  const first = await site.request(path);
  expect(first.status).toBe(200);
  const again = await site.request(path);
  expect(again.headers.get(CACHE_STATUS)).toMatch(/^(HIT|STALE)$/);
  return again.text();
}

/** Reads a public address after a purge: it must come from the app, not the cache. */
async function freshRead(path: string) {
  const res = await site.request(path);
  expect(res.status).toBe(200);
  expect(res.headers.get(CACHE_STATUS), path).toBe('MISS');
  return res.text();
}

describe('admin actions purge the public copies they change', () => {
  it('shows a poll closed early at once on its API, page and track page', async () => {
    expect(JSON.parse(await cachedRead('/api/polls/trades-vote')).poll.status).toBe('open');
    await cachedRead('/polls/trades-vote/');
    await cachedRead('/tracks/trades/');
    const reason = '演示：评选工作安排调整，投票提前结束。';
    expect((await call(site, admin, 'POST', '/api/admin/polls/trades-vote/close', { reason })).status).toBe(200);
    expect(JSON.parse(await freshRead('/api/polls/trades-vote')).poll).toMatchObject({
      status: 'closed',
      windowChangeReason: reason,
    });
    expect(await freshRead('/polls/trades-vote/')).toContain(reason);
    await freshRead('/tracks/trades/');
  });

  it('shows a closed vote stage and a published final list at once', async () => {
    clock.advance(60_000);
    expect((await call(site, admin, 'POST', '/api/admin/polls/trades-vote/publish-results')).status).toBe(200);
    const stages = async (fresh: boolean) =>
      JSON.parse(await (fresh ? freshRead : cachedRead)('/api/tracks/trades')).track.stages.find(
        (s: { key: string }) => s.key === 'vote',
      ).status;
    expect(await stages(false)).toBe('active');
    expect((await call(site, admin, 'POST', '/api/admin/tracks/trades/stages/vote/close')).status).toBe(200);
    expect(await stages(true)).toBe('done');

    expect((await call(site, admin, 'POST', '/api/admin/tracks/trades/stages/decide/open', {})).status).toBe(200);
    expect((await call(site, admin, 'POST', '/api/admin/tracks/trades/decision', { mode: 'top_n' })).status).toBe(200);
    const before = JSON.parse(await cachedRead('/api/lists')).lists.map((l: { slug: string }) => l.slug);
    expect(before).not.toContain('trades-final');
    const homeBefore = await cachedRead('/');
    const list = { slug: 'trades-final', title: '“临汾技工”十大精品工种名单（演示）' };
    expect(homeBefore).not.toContain(list.title);
    expect((await call(site, admin, 'POST', '/api/admin/tracks/trades/final-list', list)).status).toBe(200);
    expect(JSON.parse(await freshRead('/api/lists')).lists.map((l: { slug: string }) => l.slug)).toContain(
      'trades-final',
    );
    expect(await freshRead('/')).toContain(list.title);
  });

  it('shows published results of an embargoed poll at once, in the API, the widget and the poll page', async () => {
    const poll = await env.DB.prepare("SELECT opens_at, closes_at FROM polls WHERE slug = 'brands-vote'").first<{
      opens_at: number;
      closes_at: number;
    }>();
    clock.set(poll!.opens_at + 3_600_000);
    const v = await verifiedVoter(direct);
    const { body: detail } = await direct.json('/api/polls/brands-vote');
    const choice = detail.poll.candidates[0];
    expect((await castBallot(direct, 'brands-vote', v.token, [choice.id])).res.status).toBe(201);
    clock.set(poll!.closes_at + 60_000);
    admin = await staffOf(clock.now(), 'city_admin');

    expect(JSON.parse(await cachedRead('/api/polls/brands-vote/results'))).toMatchObject({
      totalBallots: null,
      results: null,
    });
    expect(await cachedRead('/embed/polls/brands-vote')).toContain('本次投票不公开实时票数');
    await cachedRead('/polls/brands-vote/');

    expect((await call(site, admin, 'POST', '/api/admin/polls/brands-vote/publish-results')).status).toBe(200);
    const results = JSON.parse(await freshRead('/api/polls/brands-vote/results'));
    expect(results).toMatchObject({ totalBallots: 1, poll: { status: 'published' } });
    expect(results.results.find((r: { candidateId: number }) => r.candidateId === choice.id).votes).toBe(1);
    const widget = await freshRead('/embed/polls/brands-vote');
    expect(widget).toContain('共1张有效选票');
    expect(widget).toContain(choice.name);
    await freshRead('/polls/brands-vote/');
  });

  it('shows a changed recruitment schedule at once', async () => {
    const ev = (await env.DB.prepare('SELECT id FROM recruitment_events ORDER BY id LIMIT 1').first<{ id: number }>())!
      .id;
    const period = '测试：改期至12月份';
    expect(await cachedRead('/api/recruitment')).not.toContain(period);
    await cachedRead('/recruitment/');
    const schedule = { period, monthFrom: 12, monthTo: 12 };
    expect((await call(site, admin, 'POST', `/api/admin/recruitment/${ev}/schedule`, schedule)).status).toBe(200);
    expect(await freshRead('/api/recruitment')).toContain(period);
    expect(await freshRead('/recruitment/')).toContain(period);
  });

  it('shows released quarantined ballots in the results at once', async () => {
    // In brands: an earlier test published the trades final list, which finished that round.
    const poll = await createPoll({
      opensAt: clock.now() - 3_600_000,
      closesAt: clock.now() + 86_400_000,
      track: 'brands',
    });
    for (const phone of ['17000000001', '17000000002']) {
      // A virtual-operator (170) number: the ballot is held in quarantine by a detection rule.
      const challenge = await requestCode(direct, phone);
      const { body } = await direct.json(
        '/api/voter-session',
        post({ phone, code: await latestCode(direct, phone), challenge }),
      );
      expect((await castBallot(direct, poll.slug, body.token, [poll.candidateIds[0]])).res.status).toBe(201);
    }
    const results = `/api/polls/${poll.slug}/results`;
    expect(JSON.parse(await cachedRead(results))).toMatchObject({ totalBallots: 0, quarantinedBallots: 2 });
    const { body: list } = await call(site, admin, 'GET', `/api/admin/ballots/quarantined?poll=${poll.slug}`);
    const review = { poll: poll.slug, group: list.groups[0].key, reason: '核实为本人投票' };
    // Two city admins: one proposes, another confirms.
    expect((await call(site, admin, 'POST', '/api/admin/ballots/propose-release', review)).status).toBe(200);
    const second = await staffOf(clock.now(), 'city_admin');
    expect((await call(site, second, 'POST', '/api/admin/ballots/confirm-release', review)).status).toBe(200);
    expect(JSON.parse(await freshRead(results))).toMatchObject({ totalBallots: 2, quarantinedBallots: 0 });
  });

  it('purges every cached variant of a poll when its results are published, its ballot record included', async () => {
    const opens = clock.now();
    const closes = opens + 3_600_000;
    const embargoed = await createPoll({
      opensAt: opens,
      closesAt: closes,
      liveCounts: false,
      candidates: 2,
      track: 'brands',
    });
    const live = await createPoll({ opensAt: opens, closesAt: closes, candidates: 2, track: 'brands' });
    clock.set(opens + 60_000);
    for (const poll of [embargoed, live]) {
      const v = await verifiedVoter(direct);
      expect((await castBallot(direct, poll.slug, v.token, [poll.candidateIds[0]])).res.status).toBe(201);
      await sealCheckpoint(openDb(env.DB), poll.id, clock.now(), readConfig(env).RECEIPT_HASH_KEY);
    }
    clock.set(closes + 60_000);
    admin = await staffOf(clock.now(), 'city_admin');

    const s = embargoed.slug;
    const page = `http://localhost/polls/${s}/`;
    const oembed = (url: string, extra = '') => `/api/oembed?url=${encodeURIComponent(url)}${extra}`;
    const addresses = [
      `/polls/${s}/`,
      `/api/polls/${s}`,
      `/api/polls/${s}/results`,
      `/api/polls/${s}/checkpoints`,
      `/embed/polls/${s}`,
      oembed(page, '&format=json'),
      oembed(page),
      oembed(page.slice(0, -1)),
      `/polls/${s}/qr.png`,
      `/polls/${s}/poster.svg`,
      `/polls/${s}/poster/`,
      '/api/polls',
      '/tracks/brands/',
      '/api/tracks/brands',
      '/',
    ];
    for (const a of addresses) await cachedRead(a);
    // Made-up parameters share the plain address's entry, so purging it purges them.
    expect((await site.request(`/api/polls/${s}/results?r=${Math.random()}`)).headers.get(CACHE_STATUS)).toBe('HIT');
    expect(JSON.parse(await cachedRead(`/api/polls/${s}/checkpoints`)).checkpoints[0].ballotCount).toBeNull();
    expect((await site.request(`/api/polls/${s}/ballots.csv`)).status).toBe(409);
    // A poll whose counts were live has its export cached already.
    const liveCsv = `/api/polls/${live.slug}/ballots.csv`;
    await cachedRead(liveCsv);
    await cachedRead(`/api/polls/${live.slug}/checkpoints`);

    for (const poll of [embargoed, live])
      expect((await call(site, admin, 'POST', `/api/admin/polls/${poll.slug}/publish-results`)).status).toBe(200);

    const fresh = new Map<string, string>();
    for (const a of addresses) fresh.set(a, await freshRead(a));
    expect(JSON.parse(fresh.get(`/api/polls/${s}/results`)!)).toMatchObject({
      totalBallots: 1,
      poll: { status: 'published' },
    });
    expect(JSON.parse(fresh.get(`/api/polls/${s}/checkpoints`)!).checkpoints[0].ballotCount).toBe(1);
    expect(JSON.parse(fresh.get(`/api/polls/${s}`)!).poll.status).toBe('published');
    expect(fresh.get(`/embed/polls/${s}`)).toContain('共1张有效选票');
    expect((await freshRead(`/api/polls/${s}/ballots.csv`)).trim().split('\n')).toHaveLength(2);
    await freshRead(liveCsv);
    await freshRead(`/api/polls/${live.slug}/checkpoints`);
  });
});
