/** Fixed-window counters in D1 (exact and shared by every edge location), and the day's SMS budget. */
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { rateCounters, smsBudgetOverrides } from '../schema';

export interface CounterHit {
  key: string;
  windowStart: number;
  expiresAt: number;
  max: number;
}

/**
 * Takes one unit from every counter in one transaction, each only while it is under its max.
 * Returns, per counter, its count after taking the unit, or null when it had no room. When any had
 * none, the units the others gave are handed back, so a refused request counts against nothing.
 */
export async function takeFromCounters(db: Db, hits: CounterHit[]): Promise<(number | null)[]> {
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
  const counts = results.map((r) => r[0]?.count ?? null);
  if (counts.every((n) => n !== null)) return counts;
  const taken = hits.filter((_, i) => counts[i] !== null);
  if (taken.length) {
    const refunds = taken.map((h) =>
      db
        .update(rateCounters)
        .set({ count: sql`${rateCounters.count} - 1` })
        .where(and(eq(rateCounters.key, h.key), eq(rateCounters.windowStart, h.windowStart))),
    );
    await db.batch(refunds as [(typeof refunds)[0], ...typeof refunds]);
  }
  return counts;
}

/**
 * Records that something happened in a window, once: true only for the first caller. Kept as a
 * counter row, so the hourly housekeeping removes it when the window is over.
 */
export async function claimOnce(db: Db, key: string, windowStart: number, expiresAt: number): Promise<boolean> {
  const rows = await db
    .insert(rateCounters)
    .values({ key, windowStart, count: 1, expiresAt })
    .onConflictDoNothing()
    .returning({ count: rateCounters.count });
  return rows.length > 0;
}

/** The SMS budget a city admin set for a China day, if any. */
export async function smsBudgetOverride(db: Db, day: string): Promise<number | undefined> {
  const row = await db
    .select({ budget: smsBudgetOverrides.budget })
    .from(smsBudgetOverrides)
    .where(eq(smsBudgetOverrides.day, day))
    .get();
  return row?.budget;
}

/** Sets a day's SMS budget (replacing an earlier one), as a batch item. */
export function upsertSmsBudgetOverride(
  db: Db,
  o: { day: string; budget: number; setBy: string; reason: string; setAt: number },
) {
  const { budget, setBy, reason, setAt } = o;
  return db
    .insert(smsBudgetOverrides)
    .values(o)
    .onConflictDoUpdate({ target: smsBudgetOverrides.day, set: { budget, setBy, reason, setAt } });
}

/** SQL for a day's budget as JSON `{"budget":n}` (NULL when none is set), read inside a batch. */
export const smsBudgetJson = (day: string) =>
  sql`(SELECT json_object('budget', ${smsBudgetOverrides.budget}) FROM ${smsBudgetOverrides} WHERE ${smsBudgetOverrides.day} = ${day})`;

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
