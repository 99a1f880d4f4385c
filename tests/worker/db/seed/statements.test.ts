import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../../../fixtures/app';

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
