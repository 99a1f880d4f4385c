import { env } from 'cloudflare:test';
import { currentRoundSql } from '../../fixtures/rounds';
import { beforeAll, describe, expect, it } from 'vitest';
import { pinnedClock, seed, testApp } from '../../fixtures/app';
import { castBallot, createPoll, verifiedVoter } from '../../fixtures/voting';

// Needs the built site (npm run build) for the poll template.
const OPENS = Date.UTC(2026, 11, 1, 1, 0);
const CLOSES = OPENS + 3_600_000; // 2026-12-01 10:00 China time
const clock = pinnedClock(OPENS + 60_000);
const t = testApp(clock);
beforeAll(() => seed(OPENS));

const pageOf = async (slug: string) => (await t.request(`/polls/${slug}/`)).text();

describe('the poll page once voting has ended', () => {
  it('puts the results first, with the closing time, above the rules and the finalists', async () => {
    const poll = await createPoll({ opensAt: OPENS, closesAt: CLOSES, maxChoices: 1, candidates: 3 });
    const v = await verifiedVoter(t);
    expect((await castBallot(t, poll.slug, v.token, [poll.candidateIds[1]])).res.status).toBe(201);
    const open = await pageOf(poll.slug);
    // While it runs, the ballot paper comes first and the counts follow it.
    expect(open.indexOf('id="ballot-form"')).toBeLessThan(open.indexOf('id="results"'));

    clock.set(CLOSES + 86_400_000);
    const html = await pageOf(poll.slug);
    const results = html.indexOf('id="results"');
    expect(results).toBeGreaterThan(0);
    expect(results).toBeLessThan(html.indexOf('入围名单'));
    expect(results).toBeLessThan(html.indexOf('每个手机号'));
    expect(html).toContain('投票于 2026年12月1日 10:00 截止，共 1');
    // Only once: not again after the island.
    expect(html.match(/id="results"/g)).toHaveLength(1);
    clock.set(OPENS + 60_000);
  });

  it('links the final list published after the poll, beside the vote ranking', async () => {
    const poll = await createPoll({ opensAt: OPENS, closesAt: CLOSES, candidates: 2 });
    clock.set(CLOSES + 86_400_000);
    expect(await pageOf(poll.slug)).not.toContain('最终名单');
    await env.DB.prepare(
      `INSERT INTO final_lists (slug, track_key, round_id, title, published_at) VALUES (?, 'trades', ${currentRoundSql('trades')}, ?, ?)`,
    )
      .bind(`${poll.slug}-list`, '十大精品工种最终名单', CLOSES + 3_600_000)
      .run();
    const html = await pageOf(poll.slug);
    const note = html.indexOf('<strong>最终名单</strong>已公布');
    expect(note).toBeGreaterThan(html.indexOf('id="results"'));
    expect(note).toBeLessThan(html.indexOf('<ol class="results">'));
    expect(html).toContain(`<a href="/lists/${poll.slug}-list/">十大精品工种最终名单</a`);
    clock.set(OPENS + 60_000);
  });

  it('names the final list even while the counts stay under embargo', async () => {
    const poll = await createPoll({ opensAt: OPENS, closesAt: CLOSES, candidates: 2, liveCounts: false });
    await env.DB.prepare(
      `INSERT INTO final_lists (slug, track_key, round_id, title, published_at) VALUES (?, 'trades', ${currentRoundSql('trades')}, ?, ?)`,
    )
      .bind(`${poll.slug}-list`, '封存投票的最终名单', CLOSES + 1)
      .run();
    clock.set(CLOSES + 86_400_000);
    const html = await pageOf(poll.slug);
    expect(html).toContain(`<a href="/lists/${poll.slug}-list/">封存投票的最终名单</a`);
    expect(html).not.toContain('id="results"');
    clock.set(OPENS + 60_000);
  });
});

describe('the embed panel', () => {
  it('gives the self-sizing snippet whose fallback iframe names the poll', async () => {
    const html = await pageOf('trades-vote');
    const snippet = html.match(/<textarea id="embed-snippet"[^>]*>([^<]*)<\/textarea>/)?.[1];
    expect(snippet).toContain('&lt;div data-linfen-poll=&quot;trades-vote&quot;&gt;&lt;iframe');
    expect(snippet).toMatch(/title=&quot;“临汾技工”十大精品工种公众评选（演示） · 投票结果&quot;/);
    expect(snippet).toContain('embed.js&quot; async&gt;&lt;/script&gt;');
  });
});
