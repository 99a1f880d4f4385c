import { env } from 'cloudflare:test';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { compiledRead, openDb, read, reads } from '../../../db/client';
import { polls, tracks } from '../../../db/schema';
import { countingD1 } from '../../fixtures/d1-counter';
import { seed } from '../../fixtures/app';

const NOW = Date.UTC(2026, 10, 27, 2, 0);
beforeAll(() => seed(NOW));

/** Counts how often its SQL is built: once per Db, however often it runs. */
let builds = 0;
const pollTitle = compiledRead(['slug'], (db, p) => {
  builds++;
  return db.select({ title: polls.title }).from(polls).where(eq(polls.slug, p.slug)).prepare();
});

describe('openDb', () => {
  it('gives one drizzle instance per D1 binding', () => {
    expect(openDb(env.DB)).toBe(openDb(env.DB));
    expect(openDb(countingD1(env.DB).db)).not.toBe(openDb(env.DB));
  });
});

describe('compiled reads', () => {
  it('build their SQL once per Db and bind new values on every run', async () => {
    const { db: d1, counter } = countingD1(env.DB);
    const db = openDb(d1);
    builds = 0;
    expect(await read(db, pollTitle(db, { slug: 'trades-vote' }))).toEqual([
      { title: expect.stringContaining('十大精品工种') },
    ]);
    expect(await read(db, pollTitle(db, { slug: 'brands-vote' }))).toEqual([
      { title: expect.stringContaining('劳务品牌') },
    ]);
    expect(await read(db, pollTitle(db, { slug: 'no-such-poll' }))).toEqual([]);
    expect(builds).toBe(1);
    expect(counter.calls).toBe(3);
  });

  it('bind null as SQL NULL; the type checker refuses undefined and missing names (npm run check)', async () => {
    const db = openDb(env.DB);
    expect(await read(db, pollTitle(db, { slug: null }))).toEqual([]);
    // @ts-expect-error undefined is not a value D1 binds
    void pollTitle(db, { slug: undefined });
    // @ts-expect-error every placeholder needs a value
    void pollTitle(db, {});
  });

  it('run beside plain drizzle selects in one round trip, each answer mapped in order', async () => {
    const { db: d1, counter } = countingD1(env.DB);
    const db = openDb(d1);
    const [a, b, c] = await reads(db, [
      pollTitle(db, { slug: 'trades-vote' }),
      db.select({ key: tracks.key }).from(tracks).where(eq(tracks.key, 'bases')),
      pollTitle(db, { slug: 'brands-vote' }),
    ]);
    expect(a[0].title).toContain('十大精品工种');
    expect(b).toEqual([{ key: 'bases' }]);
    expect(c[0].title).toContain('劳务品牌');
    expect(counter.log).toEqual(['batch[3]']);
  });
});
