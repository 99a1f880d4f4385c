import { env } from 'cloudflare:test';
import { currentRoundSql } from '../../fixtures/rounds';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ResultsBody } from '../../../contracts/api';
import { chinaMidnight } from '../../../contracts/china-time';
import { widgetView } from '../../../worker/pages/views/widget';
import { pinnedClock, seed, testApp } from '../../fixtures/app';
import { castBallot, createPoll, verifiedVoter } from '../../fixtures/voting';

// Needs the built site (npm run build) for /embed/widget.js.
const OPENS = Date.UTC(2026, 11, 1, 1, 0);
const CLOSES = chinaMidnight('2026-12-16');
const DURING = Date.UTC(2026, 11, 3, 6, 7); // 14:07 China time
const clock = pinnedClock(DURING);
const t = testApp(clock);
beforeAll(() => seed(DURING));

async function vote(slug: string, picks: number[][]) {
  for (const p of picks) {
    const v = await verifiedVoter(t);
    expect((await castBallot(t, slug, v.token, p)).res.status).toBe(201);
  }
}

/** [rank, name, votes] of each row of a widget, and its total. */
function readWidget(html: string) {
  const rows = [...html.matchAll(/第(\d+)名<\/span><span class="n">([^<]*)<\/span>.*?<span class="v">(\d+)票/g)].map(
    (r) => [Number(r[1]), r[2], Number(r[3])],
  );
  const total = /共(\d+)张有效选票/.exec(html)?.[1];
  return { rows, total: total === undefined ? null : Number(total) };
}

/** A published final list of the trades track (what publishing one leaves in D1). */
async function publishList(slug: string, publishedAt: number) {
  await env.DB.prepare(
    `INSERT INTO final_lists (slug, track_key, round_id, title, published_at) VALUES (?, 'trades', ${currentRoundSql('trades')}, ?, ?)`,
  )
    .bind(slug, `最终名单 ${slug}`, publishedAt)
    .run();
}

/** Visible text of an HTML document, without markup, styles and scripts. */
function visibleText(html: string): string {
  return html
    .replace(/<style>.*?<\/style>/gs, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');
}

async function gzipSize(text: string): Promise<number> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return (await new Response(stream).arrayBuffer()).byteLength;
}

describe('GET /embed/polls/:slug', () => {
  it('shows the same numbers, ranks and as-of time as the results API', async () => {
    const poll = await createPoll({ opensAt: OPENS, closesAt: CLOSES, maxChoices: 2, candidates: 4 });
    const [a, b, c] = poll.candidateIds;
    await vote(poll.slug, [[a, b], [a, c], [b], [a]]);
    const api = (await (await t.request(`/api/polls/${poll.slug}/results`)).json()) as ResultsBody;
    const res = await t.request(`/embed/polls/${poll.slug}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toContain('text/html');
    expect(res.headers.get('Cache-Control')).toMatch(/s-maxage=10\b/);
    const html = await res.text();
    expect(readWidget(html)).toEqual({
      rows: api.results!.map((r) => [r.rank, r.name, r.votes]),
      total: api.totalBallots,
    });
    expect(html).toContain('截至 14:07');
    expect(html).toContain(`data-as-of="${api.asOf}"`);
    expect(html).toContain('data-status="open"');
    expect(html).toMatch(/<script src="\/embed\/widget.js" defer[^>]*><\/script>/);
    expect(html).toContain(`href="http://localhost/polls/${poll.slug}/"`);
    expect(html).not.toMatch(/<header|<nav/);
    expect(html).toContain(`<title>测试投票 ${poll.slug} · 投票结果</title>`);
    expect(html).not.toContain('最终名单');
  });

  it('shows no count while the embargo holds, but when voting opens and closes', async () => {
    const poll = await createPoll({
      opensAt: OPENS,
      closesAt: CLOSES,
      maxChoices: 1,
      candidates: 3,
      liveCounts: false,
    });
    await vote(poll.slug, [[poll.candidateIds[0]], [poll.candidateIds[0]]]);
    const html = await (await t.request(`/embed/polls/${poll.slug}`)).text();
    expect(html).toContain('本次投票不公开实时票数');
    const times = '投票时间：2026年12月1日 09:00 至 2026年12月15日 24:00（北京时间）';
    expect(html).toContain(times);
    const text = visibleText(html).replaceAll(poll.slug, '').replace(times, '');
    expect(text).not.toMatch(/\d/);
    expect(html).not.toContain('候选');
  });

  it('shows when a closed poll closed, not the time it is viewed', async () => {
    const poll = await createPoll({ opensAt: OPENS, closesAt: OPENS + 3_600_000, candidates: 2 });
    const html = await (await t.request(`/embed/polls/${poll.slug}`)).text();
    expect(html).toContain('data-status="closed"');
    expect(html).toContain('投票已结束');
    expect(html).toContain('<time datetime="2026-12-01T02:00:00.000Z">2026年12月1日 10:00 截止</time>');
    expect(html).not.toContain('14:07');
  });

  it('links the final list published after the poll and says the ranking is not the result', async () => {
    const closed = OPENS + 3_600_000;
    const poll = await createPoll({ opensAt: OPENS, closesAt: closed, candidates: 2 });
    // A list published before this poll closed is an earlier round's, not this poll's.
    await publishList(`${poll.slug}-before`, closed - 1);
    expect(await (await t.request(`/embed/polls/${poll.slug}`)).text()).not.toContain('最终名单');
    await publishList(`${poll.slug}-list`, closed + 60_000);
    await publishList(`${poll.slug}-later`, closed + 120_000);
    const html = await (await t.request(`/embed/polls/${poll.slug}`)).text();
    expect(html).toContain('<strong>最终名单</strong>已公布');
    expect(html).toContain(`<a href="/lists/${poll.slug}-list/">最终名单 ${poll.slug}-list</a`);
    expect(html).toContain('以最终名单为准');
    expect(html.indexOf('最终名单')).toBeLessThan(html.indexOf('第1名'));
  });

  it('answers 404 for an unknown poll', async () => {
    expect((await t.request('/embed/polls/no-such-poll')).status).toBe(404);
  });

  it('weighs under 20 KB gzip with its script', async () => {
    const html = await (await t.request('/embed/polls/trades-vote')).text();
    const script = await env.ASSETS.fetch('http://localhost/embed/widget.js');
    expect(script.status).toBe(200);
    const total = (await gzipSize(html)) + (await gzipSize(await script.text()));
    expect(total).toBeLessThan(20 * 1024);
  });
});

describe('widgetView', () => {
  const body: ResultsBody = {
    poll: {
      slug: 'x',
      title: '<img src=x onerror=alert(1)>标题',
      status: 'open',
      closesAt: '2026-12-15T16:00:00.000Z',
    },
    asOf: '2026-12-03T06:07:00.000Z',
    totalBallots: 3,
    results: [{ candidateId: 1, name: '"><script>alert(1)</script>', county: '<b>县</b>', votes: 3, rank: 1 }],
  };
  const view = async (results: ResultsBody) =>
    (await widgetView({ results, opensAt: '2026-12-01T01:00:00.000Z' }, 'https://example.cn/polls/x/')).toString();

  it('escapes every name that comes from D1', async () => {
    const html = await view(body);
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<b>县');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;标题');
  });

  it('draws one SVG bar per finalist, scaled to the leader', async () => {
    const html = await view({
      ...body,
      results: [
        { candidateId: 1, name: 'A', county: null, votes: 4, rank: 1 },
        { candidateId: 2, name: 'B', county: null, votes: 1, rank: 2 },
        { candidateId: 3, name: 'C', county: null, votes: 0, rank: 3 },
      ],
    });
    expect([...html.matchAll(/<rect width="([\d.]+)" height="6" \/>/g)].map((r) => r[1])).toEqual(['100', '25', '0']);
  });
});
