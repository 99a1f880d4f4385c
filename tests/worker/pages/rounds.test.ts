import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { seed, testApp } from '../../fixtures/app';

// Needs the built site (npm run build), as `npm test` does first.
const NOW = Date.UTC(2026, 10, 27, 2, 0);
const t = testApp();
t.clock.set(NOW);

const page = async (path: string) => {
  const res = await t.request(path);
  return { res, text: await res.text() };
};

/** The text between `from` and the next `to` (a page section), for assertions about order. */
const between = (text: string, from: string, to: string) =>
  text.slice(text.indexOf(from), text.indexOf(to, text.indexOf(from) + from.length));

const REASON = '测试：演示年度因政策调整提前结束';
let first = 0;
let next = 0;

/**
 * The seeded trades round (round one) closed early with a public reason, and the next year's round
 * with a stage, a poll and a published final list naming 焊工 again (a finalist of round one).
 */
beforeAll(async () => {
  await seed(NOW);
  const round = await env.DB.prepare("SELECT id, year FROM rounds WHERE track_key = 'trades'").first<{
    id: number;
    year: number;
  }>();
  first = round!.year;
  next = first + 1;
  const id = `(SELECT id FROM rounds WHERE track_key = 'trades' AND year = ${next})`;
  await env.DB.batch([
    env.DB.prepare("UPDATE rounds SET status = 'closed', closed_at = ?, closed_reason = ? WHERE id = ?").bind(
      NOW,
      REASON,
      round!.id,
    ),
    env.DB.prepare(
      "INSERT INTO rounds (track_key, year, title, status, starts_on) VALUES ('trades', ?, ?, 'open', '2026-11-30')",
    ).bind(next, `${next}年度十大精品工种评选`),
    env.DB.prepare(
      `INSERT INTO track_stages (track_key, round_id, seq, key, title, rule, status, starts_on, ends_on)
       VALUES ('trades', ${id}, 1, 'recommend', '县级推荐', '5个工作日内推荐', 'done', '2026-11-30', '2026-12-04')`,
    ),
    env.DB.prepare(
      `INSERT INTO candidates (track_key, round_id, name, status) VALUES ('trades', ${id}, '焊工', 'selected'), ('trades', ${id}, '茶艺师', 'selected')`,
    ),
    env.DB.prepare(
      `INSERT INTO polls (slug, track_key, round_id, title, opens_at, closes_at, max_choices) VALUES ('trades-${next}-vote', 'trades', ${id}, ?, ?, ?, 2)`,
    ).bind(`${next}年度十大精品工种公众评选`, NOW, NOW + 86_400_000),
    env.DB.prepare(
      `INSERT INTO final_lists (slug, track_key, round_id, title, published_at) VALUES ('trades-${next}-top', 'trades', ${id}, ?, ?)`,
    ).bind(`${next}年度十大精品工种名单`, NOW + 1000),
    env.DB.prepare(
      `INSERT INTO final_list_items (list_id, rank, candidate_id, name)
       SELECT f.id, c.rn, c.id, c.name FROM final_lists f,
         (SELECT id, name, row_number() OVER (ORDER BY id) AS rn FROM candidates WHERE round_id = ${id}) c
       WHERE f.slug = 'trades-${next}-top'`,
    ),
  ]);
});

describe('round pages', () => {
  it('shows a round at /tracks/{track}/{year}/: stages with dates, polls, final list, other years', async () => {
    const { res, text } = await page(`/tracks/trades/${next}/`);
    expect(res.status).toBe(200);
    expect(text).toContain(`<title>${next}年度十大精品工种评选 · 临汾技工 · 六个十</title>`);
    expect(text).toContain(`<h1>${next}年度十大精品工种评选</h1>`);
    expect(text).toContain('进行中');
    expect(text).toContain('县级推荐');
    expect(text).toContain('2026年11月30日');
    expect(text).toContain(`href="/polls/trades-${next}-vote/"`);
    expect(text).toContain(`href="/lists/trades-${next}-top/"`);
    // 焊工 was a finalist of round one too: its entry links that year.
    const welder = between(text, '<h3>焊工</h3>', '</li>');
    expect(welder).toContain(`href="/tracks/trades/${first}/"`);
    expect(between(text, '<h3>茶艺师</h3>', '</li>')).not.toContain('/tracks/trades/');
    // Round one's poll is not this round's.
    expect(text).not.toContain('href="/polls/trades-vote/"');
  });

  it("shows a closed round's public reason and keeps everything it had", async () => {
    const { res, text } = await page(`/tracks/trades/${first}/`);
    expect(res.status).toBe(200);
    expect(text).toContain('已提前结束');
    expect(text).toContain(REASON);
    expect(text).toContain('href="/polls/trades-vote/"');
    expect(text).not.toContain(`href="/polls/trades-${next}-vote/"`);
  });

  it('answers a year without a round, a malformed year and an unknown track with the 404 page', async () => {
    for (const path of [
      '/tracks/trades/2019/',
      '/tracks/trades/abc/',
      '/tracks/trades/0x7e9/',
      `/tracks/nope/${first}/`,
    ]) {
      const { res, text } = await page(path);
      expect(res.status, path).toBe(404);
      expect(text, path).toContain('页面不存在');
    }
    // Without the slash, the address is redirected to its page.
    const res = await t.request(`/tracks/trades/${next}`);
    expect(res.status).toBe(308);
    expect(res.headers.get('location')).toBe(`/tracks/trades/${next}/`);
  });

  it('shows the current round on the track page and links the earlier ones', async () => {
    const { text } = await page('/tracks/trades/');
    const current = between(text, 'id="round-title"', '</section>');
    expect(current).toContain(`href="/tracks/trades/${next}/"`);
    expect(current).toContain(`${next}年度十大精品工种评选`);
    const earlier = between(text, '往年评选', '</ul>');
    expect(earlier).toContain(`href="/tracks/trades/${first}/"`);
    expect(earlier).toContain('已提前结束');
  });
});

describe('archive pages', () => {
  it('lists every poll by year, newest year first, each linked to its round', async () => {
    const { res, text } = await page('/polls/');
    expect(res.status).toBe(200);
    expect(text).toContain('<h1>全部投票</h1>');
    const newer = between(text, `id="y${next}"`, '</section>');
    const older = between(text, `id="y${first}"`, '</section>');
    expect(text.indexOf(`id="y${next}"`)).toBeLessThan(text.indexOf(`id="y${first}"`));
    expect(newer).toContain(`href="/polls/trades-${next}-vote/"`);
    expect(newer).toContain(`href="/tracks/trades/${next}/"`);
    expect(older).toContain('href="/polls/trades-vote/"');
    expect(older).not.toContain(`trades-${next}-vote`);
  });

  it('lists every published notice and final list by year', async () => {
    const notices = await page('/notices/');
    expect(notices.res.status).toBe(200);
    expect(notices.text).toContain('<h1>全部公示</h1>');
    expect(notices.text).toContain('href="/notices/bases-publicity/"');
    const lists = await page('/lists/');
    expect(lists.res.status).toBe(200);
    expect(lists.text).toContain('<h1>全部名单</h1>');
    expect(between(lists.text, `id="y${next}"`, '</section>')).toContain(`href="/lists/trades-${next}-top/"`);
  });

  it('answers /polls, /notices and /lists typed without the slash with their archive', async () => {
    for (const [path, h1] of [
      ['/polls', '全部投票'],
      ['/notices', '全部公示'],
      ['/lists', '全部名单'],
    ]) {
      const res = await t.request(path);
      expect(res.status, path).toBe(308);
      const { res: archive, text } = await page(res.headers.get('location')!);
      expect(archive.status, path).toBe(200);
      expect(text).toContain(`<h1>${h1}</h1>`);
    }
  });
});
