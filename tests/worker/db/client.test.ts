import { env } from 'cloudflare:test';
import { eq, sql } from 'drizzle-orm';
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

  // What the values may be (no undefined, no missing names) is tested in client.test-d.ts.
  it('bind null as SQL NULL', async () => {
    const db = openDb(env.DB);
    expect(await read(db, pollTitle(db, { slug: null }))).toEqual([]);
    // The text 'null' would give the same empty answer above; this tells them apart.
    const isNull = compiledRead(['v'], (db, p) =>
      db
        .select({ isNull: sql<number>`${p.v} IS NULL` })
        .from(tracks)
        .limit(1)
        .prepare(),
    );
    expect(await read(db, isNull(db, { v: null }))).toEqual([{ isNull: 1 }]);
    expect(await read(db, isNull(db, { v: 'null' }))).toEqual([{ isNull: 0 }]);
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
