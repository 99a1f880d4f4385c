import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BASES, DEMO_INSTITUTIONS } from '../../../db/seed/demo';
import { openDb } from '../../../db/client';
import { quarantineBallots } from '../../../db/queries/detection';
import { findPoll } from '../../../db/queries/polls';
import { sealCheckpoint } from '../../../worker/services/integrity/record';
import { seed, testApp } from '../../fixtures/app';
import { RECEIPT_KEY } from '../../fixtures/record';
import { castBallot, verifiedVoter } from '../../fixtures/voting';

// Needs the built site (npm run build), as `npm test` does first.
const NOW = Date.UTC(2026, 10, 27, 2, 0);
const t = testApp();
t.clock.set(NOW);
beforeAll(() => seed(NOW));

const page = async (path: string) => {
  const res = await t.request(path);
  return { res, text: await res.text() };
};

describe('pages filled from D1', () => {
  it('renders the home page with tracks, the open poll and the notice', async () => {
    const { res, text } = await page('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(text).toContain('<title>首页 · 临汾技工 · 六个十</title>');
    expect(text).toContain('href="/polls/trades-vote/"');
    expect(text).toContain('href="/notices/bases-publicity/"');
    expect(text).not.toContain('正在加载');
  });

  it('serves a poll created after the site was built, escaping its text', async () => {
    await env.DB.prepare(
      "INSERT INTO polls (slug, track_key, title, opens_at, closes_at, max_choices, round_id) VALUES ('late-poll', 'trades', ?, ?, ?, 2, (SELECT id FROM rounds WHERE track_key = 'trades' ORDER BY status = 'open' DESC, year DESC LIMIT 1))",
    )
      .bind('<b>后来创建</b>的"投票" & more', NOW, NOW + 86_400_000)
      .run();
    const { res, text } = await page('/polls/late-poll/');
    expect(res.status).toBe(200);
    expect(text).toContain('&lt;b&gt;后来创建&lt;/b&gt;的');
    expect(text).not.toContain('<b>后来创建</b>');
    expect(text).toContain('content="&lt;b&gt;后来创建&lt;/b&gt;的&quot;投票&quot; &amp; more');
  });

  it('fills every slot of the template: title, descriptions, og:url, the current nav item', async () => {
    const { text: home } = await page('/');
    expect(home.match(/<a [^>]*data-nav="home"[^>]*>/)?.[0]).toBe('<a href="/" data-nav="home" aria-current="page">');
    expect(home.match(/aria-current/g)).toHaveLength(1);
    expect(home).toContain('<meta property="og:url" content="http://localhost/">');
    const { text: rules } = await page('/rules/');
    expect(rules.match(/<a [^>]*aria-current="page"[^>]*>/g)).toEqual([
      '<a href="/rules/" data-nav="rules" aria-current="page">',
    ]);
    // A page without a nav item of its own marks none; its description is its own.
    const { text: poll } = await page('/polls/trades-vote/?utm_source=wx');
    expect(poll).not.toContain('aria-current');
    expect(poll).toContain('<meta name="description" content="“临汾技工”十大精品工种公众评选（演示）：15个入围项目');
    expect(poll).toContain('<meta property="og:url" content="http://localhost/polls/trades-vote/">');
    // Nothing of the cutting shows: no placeholder attribute, no marker character.
    for (const text of [home, rules, poll]) {
      expect(text).not.toContain('data-nav-slot');
      expect(text).not.toContain('\u0001');
      expect(text.match(/<title>/g)).toHaveLength(1);
    }
  });

  it('embeds the poll data for the vote island as safe JSON', async () => {
    const { text } = await page('/polls/trades-vote/');
    const json = text.match(/<script type="application\/json" data-slot="data">(.*?)<\/script>/s)?.[1];
    const data = JSON.parse(json!);
    expect(data.poll.slug).toBe('trades-vote');
    expect(data.poll.candidates).toHaveLength(15);
    // Names for the receipt only: county and summary are on the page already.
    expect(Object.keys(data.poll.candidates[0]).sort()).toEqual(['id', 'name']);
    expect(data.captcha).toEqual({ provider: 'none' });
  });

  it('answers an unknown poll, notice or track with a 404 page', async () => {
    for (const path of ['/polls/none/', '/notices/none/', '/tracks/none/', '/lists/none/']) {
      const { res, text } = await page(path);
      expect(res.status, path).toBe(404);
      expect(text).toContain('页面不存在');
    }
  });

  it("writes a notice item's score with two decimals, as staff see it (90 as 90.00)", async () => {
    const { text } = await page('/notices/bases-publicity/');
    const base = DEMO_BASES.find((b) => b.score === 90)!;
    expect(text).toContain(base.name);
    expect(text).toMatch(/data-label="评估得分">\s*90\.00\s*</);
    expect(text).not.toMatch(/data-label="评估得分">\s*90\s*</);
  });

  it('renders the track, directory and schedule pages', async () => {
    expect((await page('/tracks/brands/')).text).toContain('襄汾晋襄酥烧饼');
    expect((await page('/competitions/')).text).toContain('临汾市高技能人才职业技能大赛');
    expect((await page('/recruitment/')).text).toContain('高校毕业生就业服务周');
    const institutions = (await page('/institutions/')).text;
    for (const { name } of DEMO_INSTITUTIONS) expect(institutions).toContain(name);
  });
});

describe('receipt pages', () => {
  it('redirects the lookup form to the receipt address and answers an unknown code with 404', async () => {
    const form = await page('/receipts/');
    expect(form.res.status).toBe(200);
    expect(form.text).toContain('name="code"');
    const redirect = await t.request('/receipts/?code=abcd-efgh-jkmn');
    expect(redirect.status).toBe(303);
    expect(redirect.headers.get('Location')).toBe('/receipts/ABCD-EFGH-JKMN/');
    const unknown = await page('/receipts/ABCD-EFGH-JKMN/');
    expect(unknown.res.status).toBe(404);
    expect(unknown.res.headers.get('Cache-Control')).toBe('no-store');
    expect(unknown.text).toContain('找不到该回执码');
  });
});

describe('the poll page shows the public record', () => {
  it('says no checkpoint is sealed yet, then shows the newest one with its hash and count', async () => {
    const before = await page('/polls/trades-vote/');
    expect(before.text).toContain('尚未封存检查点');
    const v = await verifiedVoter(t);
    const { body: poll } = await t.json('/api/polls/trades-vote');
    expect((await castBallot(t, 'trades-vote', v.token, [poll.poll.candidates[0].id])).res.status).toBe(201);
    const row = await findPoll(openDb(env.DB), 'trades-vote');
    const cp = await sealCheckpoint(openDb(env.DB), row!.id, NOW, RECEIPT_KEY);
    const { text } = await page('/polls/trades-vote/');
    expect(text).toContain(`第 ${cp!.seq} 号检查点`);
    expect(text).toContain(`共封存 ${cp!.ballotCount} 张选票`);
    expect(text).toContain(cp!.hash);
    expect(text).toContain('href="/api/polls/trades-vote/ballots.csv"');
  });

  it('counts quarantined ballots apart in the results', async () => {
    const row = await findPoll(openDb(env.DB), 'trades-vote');
    const ballot = await env.DB.prepare('SELECT id FROM ballots WHERE poll_id = ? LIMIT 1')
      .bind(row!.id)
      .first<{ id: number }>();
    await quarantineBallots(openDb(env.DB), [{ ballotId: ballot!.id, hit: { ruleId: 'burst', reason: 'test' } }], NOW);
    const { text } = await page('/polls/trades-vote/');
    expect(text).toContain('另有 1 张待复核（暂未计入）');
  });
});

describe('/rules/', () => {
  it('lists the detection rules with the thresholds and switches this deployment runs with', async () => {
    const standard = await (await t.request('/rules/')).text();
    expect(standard).toContain('超过 20 张选择完全相同的选票');
    expect(standard).toContain('不足 5 秒');
    const tuned = testApp(t.clock, { RULE_BURST_MAX_BALLOTS: '35', RULE_MACHINE_TIMING: 'off' });
    const res = await tuned.request('/rules/');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('超过 35 张选择完全相同的选票');
    expect(text).not.toContain('超过 20 张选择完全相同的选票');
    expect(text).toMatch(/操作快于常人（<code>machine-timing<\/code>）（未启用）/);
    // The rest of the built page is unchanged.
    expect(text).toContain('公开选票记录与自行核对');
  });
});
