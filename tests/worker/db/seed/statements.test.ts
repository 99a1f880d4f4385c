import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import deployDoc from '../../../../docs/deploy.md?raw';
import { DEMO_EXPERTS, DEMO_TRADES } from '../../../../db/seed/demo';
import { signIn } from '../../../../worker/services/admin/auth';
import { seed } from '../../../fixtures/app';
import { staffDeps } from '../../../fixtures/admin-accounts';

const NOW = Date.UTC(2026, 10, 27, 2, 0);
beforeAll(() => seed(NOW));

const count = async (table: string) =>
  (await env.DB.prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>())!.n;

describe('seed', () => {
  it('is repeatable: a second run duplicates nothing', async () => {
    const tables = [
      'counties',
      'tracks',
      'track_stages',
      'candidates',
      'polls',
      'poll_candidates',
      'tallies',
      'notices',
      'notice_items',
      'competitions',
      'recruitment_events',
      'calendar_days',
      'final_list_items',
      'accounts',
      'expert_reviews',
    ];
    const before = await Promise.all(tables.map(count));
    await seed(NOW + 86_400_000);
    expect(await Promise.all(tables.map(count))).toEqual(before);
  });

  it('marks every candidate not named by the document as demo', async () => {
    const real = await env.DB.prepare('SELECT name FROM candidates WHERE is_demo = 0 ORDER BY id').all<{
      name: string;
    }>();
    expect(real.results.map((r) => r.name)).toEqual([
      '襄汾晋襄酥烧饼',
      '浮山厨师',
      '蒲县柳编',
      '曲沃手工编织',
      '华翔工匠',
      '西山果树工',
      '好帮手家政',
      '尧乡姐妹',
    ]);
  });
});

describe('seed: demo experts', () => {
  it('scored every demo trade finalist, three scores each', async () => {
    const rows = await env.DB.prepare(
      "SELECT c.name, count(r.score) AS n FROM candidates c JOIN expert_reviews r ON r.candidate_id = c.id WHERE c.track_key = 'trades' GROUP BY c.id",
    ).all<{ name: string; n: number }>();
    expect(rows.results.map((r) => r.name).sort()).toEqual(DEMO_TRADES.map((t) => t.name).sort());
    expect(rows.results.every((r) => r.n === DEMO_EXPERTS.length)).toBe(true);
  });

  it('cannot sign in: disabled, no password', async () => {
    for (const e of DEMO_EXPERTS) {
      const row = await env.DB.prepare('SELECT password_hash, disabled_at, role FROM accounts WHERE username = ?')
        .bind(e.username)
        .first<{ password_hash: string | null; disabled_at: number | null; role: string }>();
      expect(row).toMatchObject({ password_hash: null, role: 'expert' });
      expect(row!.disabled_at).not.toBeNull();
    }
    for (const e of DEMO_EXPERTS.slice(0, 2)) {
      await expect(
        signIn(staffDeps(NOW), { username: e.username, password: '' }, { network: '10.0.0.0/24', userAgent: 'test' }),
      ).rejects.toMatchObject({ code: 'invalid_credentials' });
    }
  });

  it('goes with the other demo rows by the SQL in docs/deploy.md', async () => {
    const block = deployDoc.split('to remove the demo rows')[1].split('```sql')[1].split('```')[0];
    const statements = block
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean);
    await env.DB.batch(statements.map((s) => env.DB.prepare(s)));
    expect(await count('expert_reviews')).toBe(0);
    // The sign-in attempts above made the audit log refer to two demo experts: they stay, unusable.
    const left = await env.DB.prepare(
      "SELECT username FROM accounts WHERE username LIKE 'demo-%' ORDER BY username",
    ).all<{
      username: string;
    }>();
    expect(left.results.map((r) => r.username)).toEqual(DEMO_EXPERTS.slice(0, 2).map((e) => e.username));
    const demo = await env.DB.prepare('SELECT count(*) AS n FROM candidates WHERE is_demo = 1').first<{ n: number }>();
    expect(demo!.n).toBe(0);
  });
});
