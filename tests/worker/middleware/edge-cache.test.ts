import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { chinaMidnight } from '../../../contracts/china-time';
import { buildApp } from '../../../worker/app';
import { apiDocument } from '../../../worker/routes/api';
import { openDb } from '../../../db/client';
import { CACHE_STATUS, withEdgeCache } from '../../../worker/middleware/edge-cache';
import {
  cacheUrl,
  defaultCache,
  noticePurge,
  listPurge,
  pollPurge,
  purge,
  queryKeys,
} from '../../../worker/services/edge-cache-purge';
import { pinnedClock, seed, testApp } from '../../fixtures/app';
import { castBallot, createPoll, verifiedVoter } from '../../fixtures/voting';

let host = 0;
/** A fresh origin per test: caches.default is shared by the whole file. */
const origin = () => `https://t${++host}.cache.test`;

/** An origin handler that counts its calls and answers what `reply` says. */
function origin200(reply: (n: number, req: Request) => Response) {
  const seen: Request[] = [];
  const handler = (req: Request) => {
    seen.push(req);
    return reply(seen.length, req);
  };
  return { seen, handler };
}

const cached = (body: string, cc = 'public, max-age=0, s-maxage=10') =>
  new Response(body, { headers: { 'Cache-Control': cc } });

/** One request through the wrapper, with its background work finished before returning. */
async function run(fetch: ReturnType<typeof withEdgeCache<unknown>>, url: string, init?: RequestInit) {
  const ctx = createExecutionContext();
  const res = await fetch(new Request(url, init), env, ctx);
  const text = await res.text();
  await waitOnExecutionContext(ctx);
  return { res, text, status: res.headers.get(CACHE_STATUS) };
}

describe('withEdgeCache', () => {
  it('stores a public s-maxage answer in caches.default and serves it until it is stale', async () => {
    const clock = pinnedClock(1_000_000);
    const o = origin200((n) => cached(`v${n}`));
    const fetch = withEdgeCache(o.handler, { now: clock.now });
    const url = `${origin()}/api/polls/x/results`;
    expect(await run(fetch, url)).toMatchObject({ text: 'v1', status: 'MISS' });
    expect(await (await defaultCache().match(url))?.text()).toBe('v1');
    clock.advance(9_000);
    const hit = await run(fetch, url);
    expect(hit).toMatchObject({ text: 'v1', status: 'HIT' });
    expect(hit.res.headers.get('Age')).toBe('9');
    expect(hit.res.headers.get('Cache-Control')).toBe('public, max-age=0, s-maxage=10');
    expect(o.seen).toHaveLength(1);
  });

  it('serves a stale copy at once and refreshes it in the background, once', async () => {
    const clock = pinnedClock(1_000_000);
    const o = origin200((n) => cached(`v${n}`, 'public, s-maxage=10, stale-while-revalidate=20'));
    const fetch = withEdgeCache(o.handler, { now: clock.now });
    const url = `${origin()}/`;
    await run(fetch, url);
    clock.advance(15_000);
    const ctx = createExecutionContext();
    const [a, b] = await Promise.all([fetch(new Request(url), env, ctx), fetch(new Request(url), env, ctx)]);
    expect([await a.text(), await b.text()]).toEqual(['v1', 'v1']);
    expect(a.headers.get(CACHE_STATUS)).toBe('STALE');
    await waitOnExecutionContext(ctx);
    expect(o.seen).toHaveLength(2);
    expect(await run(fetch, url)).toMatchObject({ text: 'v2', status: 'HIT' });
  });

  it('goes to the app when the copy is older than its stale window', async () => {
    const clock = pinnedClock(1_000_000);
    const o = origin200((n) => cached(`v${n}`));
    const fetch = withEdgeCache(o.handler, { now: clock.now, swr: 5 });
    const url = `${origin()}/polls/x/`;
    await run(fetch, url);
    clock.advance(16_000);
    expect(await run(fetch, url)).toMatchObject({ text: 'v2', status: 'MISS' });
  });

  it('keys on the URL without cookies and tracking parameters, and never shows the app a cookie', async () => {
    const o = origin200((n) => cached(`v${n}`));
    const fetch = withEdgeCache(o.handler);
    const base = origin();
    await run(fetch, `${base}/api/oembed?url=u&format=json`, { headers: { Cookie: 'lf_voter=secret' } });
    const again = await run(fetch, `${base}/api/oembed?utm_source=wx&format=json&from=singlemessage&url=u&scene=1`, {
      headers: { Cookie: 'other=1' },
    });
    expect(again).toMatchObject({ text: 'v1', status: 'HIT' });
    expect(o.seen[0].headers.has('Cookie')).toBe(false);
    expect(o.seen[0].url).toBe(`${base}/api/oembed?format=json&url=u`);
    expect(cacheUrl('https://h/receipts/?gclid=1&code=AB#x')).toBe('https://h/receipts/?code=AB');
    // Without a query (the fast path) and with a bare or emptied one, the key is the plain address.
    for (const u of ['https://h/p#x', 'https://h/p?', 'https://h/p?utm_source=wx', 'https://h/receipts/?'])
      expect(cacheUrl(u)).toBe(u.startsWith('https://h/p') ? 'https://h/p' : 'https://h/receipts/');
  });

  it('never stores an answer that sets a cookie, is not 200, or is not public with s-maxage', async () => {
    const answers = [
      () => new Response('x', { headers: { 'Cache-Control': 'public, s-maxage=10', 'Set-Cookie': 'a=1' } }),
      () => new Response('x', { status: 404, headers: { 'Cache-Control': 'public, s-maxage=10' } }),
      () => new Response('x', { headers: { 'Cache-Control': 'no-store' } }),
      () => new Response('x', { headers: { 'Cache-Control': 'private, s-maxage=10' } }),
      () => new Response('x', { headers: { 'Cache-Control': 'public, max-age=60' } }),
      () => new Response('x', { headers: { 'Cache-Control': 'public, s-maxage=10', Vary: 'Cookie' } }),
    ];
    for (const answer of answers) {
      const o = origin200(answer);
      const fetch = withEdgeCache(o.handler);
      const url = `${origin()}/x`;
      await run(fetch, url);
      expect(await run(fetch, url)).toMatchObject({ status: 'MISS' });
      expect(o.seen).toHaveLength(2);
    }
  });

  it('passes writes and requests with credentials by', async () => {
    const o = origin200((n) => cached(`v${n}`));
    const fetch = withEdgeCache(o.handler);
    const url = `${origin()}/api/polls/x`;
    await run(fetch, url);
    expect(await run(fetch, url, { headers: { Authorization: 'Bearer t' } })).toMatchObject({
      text: 'v2',
      status: 'BYPASS',
    });
    expect(await run(fetch, url, { method: 'POST', body: '{}' })).toMatchObject({ text: 'v3', status: 'BYPASS' });
    // Signed-in staff read D1, so the change they just made shows at once; a voter cookie does not bypass.
    expect(await run(fetch, url, { headers: { Cookie: 'a=1; __Host-lf_staff=t' } })).toMatchObject({
      text: 'v4',
      status: 'BYPASS',
    });
    expect(await run(fetch, url, { headers: { Cookie: 'lf_voter=t' } })).toMatchObject({ text: 'v1', status: 'HIT' });
  });

  it('keys only on the query parameters the route reads, so made-up ones make no new entry', async () => {
    const o = origin200((n) => cached(`v${n}`));
    const fetch = withEdgeCache(o.handler);
    const base = origin();
    expect(await run(fetch, `${base}/api/polls/x/results?r=1`)).toMatchObject({ text: 'v1', status: 'MISS' });
    expect(await run(fetch, `${base}/api/polls/x/results?r=2&s=3`)).toMatchObject({ text: 'v1', status: 'HIT' });
    expect(await run(fetch, `${base}/api/polls/x/results`)).toMatchObject({ text: 'v1', status: 'HIT' });
    // The app sees the request as keyed: it cannot read a parameter the key ignores.
    expect(o.seen[0].url).toBe(`${base}/api/polls/x/results`);

    // oEmbed reads url, format, maxwidth and maxheight: they vary the key, in any order; others do not.
    const page = encodeURIComponent(`${base}/polls/x/`);
    const oembed = `${base}/api/oembed?url=${page}&format=json`;
    expect(await run(fetch, `${oembed}&junk=1`)).toMatchObject({ text: 'v2', status: 'MISS' });
    expect(o.seen[1].url).toBe(`${base}/api/oembed?format=json&url=${page}`);
    expect(await run(fetch, `${base}/api/oembed?r=9&format=json&url=${page}`)).toMatchObject({
      text: 'v2',
      status: 'HIT',
    });
    expect(await run(fetch, `${oembed}&maxwidth=300`)).toMatchObject({ text: 'v3', status: 'MISS' });
    expect(await run(fetch, `${base}/api/oembed?url=${encodeURIComponent(`${base}/polls/y/`)}`)).toMatchObject({
      text: 'v4',
      status: 'MISS',
    });

    // Pages that read their query keep it, with or without the trailing slash they are redirected to.
    expect(cacheUrl('https://h/receipts/?x=1&code=AB')).toBe('https://h/receipts/?code=AB');
    expect(cacheUrl('https://h/receipts?code=AB&utm_source=wx')).toBe('https://h/receipts?code=AB');
    expect(cacheUrl('https://h/objections/?no=Y1&r=2')).toBe('https://h/objections/?no=Y1');
    expect(cacheUrl('https://h/polls/x/?code=AB&r=2')).toBe('https://h/polls/x/');
  });

  it('keeps extra query parameters in every key only where the deployment asks (bench:reads)', async () => {
    const o = origin200((n) => cached(`v${n}`));
    const fetch = withEdgeCache(o.handler, {
      extraQueryKeys: (e: { BENCH?: string }) => (e.BENCH ? ['bench'] : undefined),
    });
    const base = origin();
    const bench = (e: object, url: string) => {
      const ctx = createExecutionContext();
      return Promise.resolve(fetch(new Request(url), e, ctx)).then(async (res) => {
        await res.text();
        await waitOnExecutionContext(ctx);
        return res.headers.get(CACHE_STATUS);
      });
    };
    expect(await bench({ BENCH: 'on' }, `${base}/polls/x/?bench=1&r=1`)).toBe('MISS');
    expect(await bench({ BENCH: 'on' }, `${base}/polls/x/?bench=2`)).toBe('MISS');
    expect(await bench({ BENCH: 'on' }, `${base}/polls/x/?r=2&bench=2`)).toBe('HIT');
    expect(o.seen[0].url).toBe(`${base}/polls/x/?bench=1`);
    expect(await bench({}, `${base}/polls/x/?bench=3`)).toBe('MISS');
    expect(await bench({}, `${base}/polls/x/?bench=4`)).toBe('HIT');
  });

  it('declares the query parameters of every public API read, from its declared query schema', () => {
    const doc = apiDocument();
    let declared = 0;
    for (const [path, ops] of Object.entries(doc.paths ?? {})) {
      const get = (ops as any).get;
      if (!get || path.startsWith('/api/admin/')) continue;
      const names = ((get.parameters ?? []) as { in: string; name: string }[])
        .filter((p) => p.in === 'query')
        .map((p) => p.name)
        .sort();
      expect([...(queryKeys(path) ?? [])].sort(), path).toEqual(names);
      if (names.length) declared++;
    }
    expect(declared).toBeGreaterThanOrEqual(3);
  });

  it('purges the given addresses', async () => {
    const o = origin200((n) => cached(`v${n}`));
    const fetch = withEdgeCache(o.handler);
    const base = origin();
    await run(fetch, `${base}/a`);
    await run(fetch, `${base}/b`);
    expect(await purge([`${base}/a?utm_medium=x`, `${base}/c`])).toBe(1);
    expect(await run(fetch, `${base}/a`)).toMatchObject({ text: 'v3', status: 'MISS' });
    expect(await run(fetch, `${base}/b`)).toMatchObject({ text: 'v2', status: 'HIT' });
  });
});

describe('edge cache over the real app', () => {
  const OPENS = Date.UTC(2026, 11, 1, 1, 0);
  const CLOSES = chinaMidnight('2026-12-16');
  const clock = pinnedClock(OPENS + 3_600_000);
  const t = testApp(clock);
  const app = buildApp({ now: clock.now });
  const fetch = withEdgeCache(app.fetch as any);
  beforeAll(() => seed(clock.now()));

  it('serves results from the cache for 10 s, and a published result at once after the purge', async () => {
    const poll = await createPoll({
      opensAt: OPENS,
      closesAt: CLOSES,
      maxChoices: 1,
      candidates: 2,
      liveCounts: false,
    });
    const base = origin();
    const results = `${base}/api/polls/${poll.slug}/results`;
    const v = await verifiedVoter(t);
    await castBallot(t, poll.slug, v.token, [poll.candidateIds[0]]);
    const first = await run(fetch, results);
    expect(first.status).toBe('MISS');
    expect(first.res.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(JSON.parse(first.text).results).toBeNull();

    clock.set(CLOSES + 60_000);
    await env.DB.prepare('UPDATE polls SET results_published_at = ? WHERE id = ?').bind(clock.now(), poll.id).run();
    expect(JSON.parse((await run(fetch, results)).text).results).toBeNull();

    expect(await pollPurge(openDb(env.DB), poll.slug, 'trades')(base)).toBeGreaterThan(0);
    const after = await run(fetch, results);
    expect(after.status).toBe('MISS');
    expect(JSON.parse(after.text)).toMatchObject({ totalBallots: 1, poll: { status: 'published' } });
  });

  it('shows a changed notice at once after noticePurge', async () => {
    const base = origin();
    const api = `${base}/api/notices/bases-publicity`;
    const page = `${base}/notices/bases-publicity/`;
    await run(fetch, api);
    await run(fetch, page);
    expect((await run(fetch, page)).status).toBe('HIT');
    await env.DB.prepare("UPDATE notices SET title = '已更正的公示' WHERE slug = 'bases-publicity'").run();
    expect((await run(fetch, api)).text).not.toContain('已更正的公示');
    expect(await noticePurge({ slug: 'bases-publicity', trackKey: 'bases' })(base)).toBe(2);
    const fresh = await run(fetch, api);
    expect(fresh.status).toBe('MISS');
    expect(JSON.parse(fresh.text).notice.title).toBe('已更正的公示');
    expect((await run(fetch, page)).text).toContain('已更正的公示');
  });

  it("clears a track's poll pages, widgets and the archives when its final list is published", async () => {
    const base = origin();
    const cachedNow = [`${base}/polls/trades-vote/`, `${base}/embed/polls/trades-vote`, `${base}/lists/`];
    for (const url of cachedNow) {
      await run(fetch, url);
      expect((await run(fetch, url)).status, url).toBe('HIT');
    }
    await listPurge(openDb(env.DB), 'trades-final', 'trades')(base);
    for (const url of cachedNow) expect((await run(fetch, url)).status, url).toBe('MISS');
  });

  it('answers made-up query strings from one cached copy, and still varies on what a route reads', async () => {
    const base = origin();
    const results = `${base}/api/polls/trades-vote/results`;
    expect((await run(fetch, `${results}?r=${Math.random()}`)).status).toBe('MISS');
    for (let i = 0; i < 3; i++) expect((await run(fetch, `${results}?r=${Math.random()}`)).status).toBe('HIT');
    expect((await run(fetch, `${base}/polls/trades-vote/?r=1`)).status).toBe('MISS');
    expect((await run(fetch, `${base}/polls/trades-vote/?r=2&s=3`)).status).toBe('HIT');

    const page = encodeURIComponent(`${base}/polls/trades-vote/`);
    const wide = await run(fetch, `${base}/api/oembed?url=${page}&r=1`);
    expect(wide).toMatchObject({ status: 'MISS' });
    expect(JSON.parse(wide.text).width).toBe(600);
    const narrow = await run(fetch, `${base}/api/oembed?url=${page}&maxwidth=300&r=2`);
    expect(narrow.status).toBe('MISS');
    expect(JSON.parse(narrow.text).width).toBe(300);
    expect((await run(fetch, `${base}/api/oembed?maxwidth=300&r=3&url=${page}`)).status).toBe('HIT');

    // The receipt lookup form submits ?code=: it is redirected, never answered by the cached form.
    expect((await run(fetch, `${base}/receipts/?r=1`)).status).toBe('MISS');
    expect((await run(fetch, `${base}/receipts/?r=2`)).status).toBe('HIT');
    const lookup = await run(fetch, `${base}/receipts/?code=ab12&r=3`);
    expect(lookup.res.status).toBe(303);
    expect(lookup.res.headers.get('Location')).toBe('/receipts/AB12/');
  });

  it('serves poll pages from the cache and keeps voter-session answers out of it', async () => {
    const base = origin();
    expect((await run(fetch, `${base}/polls/trades-vote/`)).status).toBe('MISS');
    const hit = await run(fetch, `${base}/polls/trades-vote/?from=timeline`);
    expect(hit.status).toBe('HIT');
    expect(hit.text).toContain('十大精品工种');
    await run(fetch, `${base}/api/voter-session`);
    expect((await run(fetch, `${base}/api/voter-session`)).status).toBe('BYPASS');
  });
});
