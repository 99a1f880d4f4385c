import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDb, read } from '../../../../db/client';
import { findNotice, listNotices, noticeItemsOf } from '../../../../db/queries/notices';
import { DEMO_BASES } from '../../../../db/seed/demo';
import { seed } from '../../../fixtures/app';

// Friday 2026-11-27 in China: five working days run to Thursday 2026-12-03.
const NOW = Date.UTC(2026, 10, 27, 2, 0);
const db = openDb(env.DB);
beforeAll(() => seed(NOW));

describe('listNotices', () => {
  it('lists the notices, optionally of one track', async () => {
    expect((await read(db, listNotices(db, { track: null, year: null, current: null }))).map((n) => n.slug)).toEqual([
      'bases-publicity',
    ]);
    expect((await read(db, listNotices(db, { track: 'bases', year: null, current: null }))).map((n) => n.slug)).toEqual(
      ['bases-publicity'],
    );
    expect(await read(db, listNotices(db, { track: 'trades', year: null, current: null }))).toEqual([]);
  });

  it('puts the most recently published first', async () => {
    await env.DB.prepare(
      "INSERT INTO notices (slug, track_key, title, published_on, starts_on, ends_on, contact_name, contact_phone, contact_address, round_id) VALUES ('later', 'bases', '后发布的公示', '2026-11-30', '2026-11-30', '2026-12-04', '市人社局', '0357-0000000', '临汾市', (SELECT id FROM rounds WHERE track_key = 'bases' ORDER BY status = 'open' DESC, year DESC LIMIT 1))",
    ).run();
    expect((await read(db, listNotices(db, { track: 'bases', year: null, current: null }))).map((n) => n.slug)).toEqual(
      ['later', 'bases-publicity'],
    );
  });
});

describe('findNotice', () => {
  it('finds a notice with its working-day period', async () => {
    expect(await findNotice(db, 'bases-publicity')).toMatchObject({
      trackKey: 'bases',
      publishedOn: '2026-11-27',
      startsOn: '2026-11-27',
      endsOn: '2026-12-03',
      workingDays: 5,
      withdrawnAt: null,
    });
    expect(await findNotice(db, 'no-such-notice')).toBeUndefined();
  });
});

describe('noticeItemsOf', () => {
  it('lists the items by their order, highest score first, and drops removed ones', async () => {
    const notice = (await findNotice(db, 'bases-publicity'))!;
    const byScore = [...DEMO_BASES].sort((a, b) => b.score - a.score);
    const items = await noticeItemsOf(db, notice.id);
    expect(items.map((i) => [i.name, i.score])).toEqual(byScore.map((b) => [b.name, b.score]));
    expect(items[0].county).not.toBeNull();

    await env.DB.prepare('UPDATE notice_items SET removed_at = ? WHERE id = ?').bind(NOW, items[0].id).run();
    expect((await noticeItemsOf(db, notice.id)).map((i) => i.name)).toEqual(byScore.slice(1).map((b) => b.name));
  });
});
