/** Fixed-window counters in D1: exact and shared by every edge location. */
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { rateCounters } from '../schema';

export interface CounterHit {
  key: string;
  windowStart: number;
  expiresAt: number;
  max: number;
}

/**
 * Takes one unit from every counter in one transaction, each only while it is under its max.
 * Returns, per counter, whether it had room. When any had none, the units the others gave are
 * handed back, so a refused request counts against nothing.
 */
export async function takeFromCounters(db: Db, hits: CounterHit[]): Promise<boolean[]> {
  if (!hits.length) return [];
  const stmts = hits.map((h) =>
    db
      .insert(rateCounters)
      .values({ key: h.key, windowStart: h.windowStart, count: 1, expiresAt: h.expiresAt })
      .onConflictDoUpdate({
        target: [rateCounters.key, rateCounters.windowStart],
        set: { count: sql`${rateCounters.count} + 1` },
        setWhere: lt(rateCounters.count, h.max),
      })
      .returning({ count: rateCounters.count }),
  );
  const results = await db.batch(stmts as [(typeof stmts)[0], ...typeof stmts]);
  const ok = results.map((r) => r.length > 0);
  if (ok.every(Boolean)) return ok;
  const taken = hits.filter((_, i) => ok[i]);
  if (taken.length) {
    const refunds = taken.map((h) =>
      db
        .update(rateCounters)
        .set({ count: sql`${rateCounters.count} - 1` })
        .where(and(eq(rateCounters.key, h.key), eq(rateCounters.windowStart, h.windowStart))),
    );
    await db.batch(refunds as [(typeof refunds)[0], ...typeof refunds]);
  }
  return ok;
}

/** Deletes counters whose window is over. */
export function deleteExpiredCounters(db: Db, now: number) {
  return db.delete(rateCounters).where(lt(rateCounters.expiresAt, now));
}

/** The current count of one counter window (0 when it has none). */
export async function counterValue(db: Db, key: string, windowStart: number): Promise<number> {
  const row = await db
    .select({ count: rateCounters.count })
    .from(rateCounters)
    .where(and(eq(rateCounters.key, key), eq(rateCounters.windowStart, windowStart)))
    .get();
  return row?.count ?? 0;
}

/** Adds one to a counter window, with no maximum (failures are counted even past the limit). */
export function bumpCounter(db: Db, key: string, windowStart: number, expiresAt: number) {
  return db
    .insert(rateCounters)
    .values({ key, windowStart, count: 1, expiresAt })
    .onConflictDoUpdate({
      target: [rateCounters.key, rateCounters.windowStart],
      set: { count: sql`${rateCounters.count} + 1` },
    });
}
