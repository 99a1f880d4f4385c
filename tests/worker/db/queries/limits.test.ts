import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../../../db/client';
import { deleteExpiredCounters, takeFromCounters, type CounterHit } from '../../../../db/queries/limits';

const NOW = Date.UTC(2026, 10, 27, 2, 0);
const db = openDb(env.DB);

const hit = (key: string, max: number, expiresAt = NOW + 60_000): CounterHit => ({
  key,
  windowStart: NOW,
  expiresAt,
  max,
});
const countOf = async (key: string) =>
  (await env.DB.prepare('SELECT count FROM rate_counters WHERE key = ?').bind(key).first<{ count: number }>())?.count;

describe('takeFromCounters', () => {
  it('takes nothing from no counters', async () => {
    expect(await takeFromCounters(db, [])).toEqual([]);
  });

  it('takes one unit per call while the counter is under its max', async () => {
    expect(await takeFromCounters(db, [hit('a', 2)])).toEqual([1]);
    expect(await takeFromCounters(db, [hit('a', 2)])).toEqual([2]);
    expect(await takeFromCounters(db, [hit('a', 2)])).toEqual([null]);
    expect(await countOf('a')).toBe(2);
  });

  it('counts each window separately', async () => {
    expect(await takeFromCounters(db, [hit('b', 1)])).toEqual([1]);
    expect(await takeFromCounters(db, [{ ...hit('b', 1), windowStart: NOW + 60_000 }])).toEqual([1]);
  });

  it('hands back the units of the others when one counter is full', async () => {
    await takeFromCounters(db, [hit('full', 1)]);
    expect(await takeFromCounters(db, [hit('c', 5), hit('full', 1), hit('d', 5)])).toEqual([1, null, 1]);
    expect(await countOf('c')).toBe(0);
    expect(await countOf('d')).toBe(0);
    expect(await countOf('full')).toBe(1);
  });
});

describe('deleteExpiredCounters', () => {
  it('deletes only the counters whose window is over', async () => {
    await takeFromCounters(db, [hit('old', 5, NOW - 1), hit('current', 5, NOW + 1)]);
    await deleteExpiredCounters(db, NOW);
    expect(await countOf('old')).toBeUndefined();
    expect(await countOf('current')).toBe(1);
  });
});
