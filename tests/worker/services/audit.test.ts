import { env } from 'cloudflare:test';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../../db/client';
import { calendarYears } from '../../../db/schema';
import { auditedBatch, type Actor } from '../../../worker/services/audit';

const db = openDb(env.DB);
const NOW = Date.UTC(2026, 11, 1, 2, 0);
const ACTOR: Actor = { id: null, label: 'cli:test', role: null, network: '10.1.2.0/24' };

const auditRows = async (action: string) =>
  (await env.DB.prepare('SELECT * FROM audit_log WHERE action = ? ORDER BY id').bind(action).all<Record<string, any>>())
    .results;

describe('auditedBatch', () => {
  it('writes the change and its entry together, with actor, time, entity, before and after', async () => {
    const [rows] = await auditedBatch(
      db,
      ACTOR,
      NOW,
      [db.insert(calendarYears).values({ year: 2091, status: 'entered', source: 'test', updatedAt: NOW }).returning()],
      {
        action: 'calendar.enter',
        entityType: 'calendar_year',
        entityId: 2091,
        before: null,
        after: { status: 'entered' },
        reason: 'why',
      },
    );
    expect(rows[0].year).toBe(2091);
    const [entry] = await auditRows('calendar.enter');
    expect(entry).toMatchObject({
      at: NOW,
      actor_id: null,
      actor_label: 'cli:test',
      actor_role: null,
      network: '10.1.2.0/24',
      entity_type: 'calendar_year',
      entity_id: '2091',
      before: null,
      after: '{"status":"entered"}',
      reason: 'why',
    });
  });

  it('writes no entry when a statement fails, and no change when the entry fails', async () => {
    const insert = (year: number) =>
      db.insert(calendarYears).values({ year, status: 'entered', source: 'test', updatedAt: NOW });
    await insert(2092);
    // The second insert violates the primary key: the first statement and the entry roll back too.
    await expect(
      auditedBatch(db, ACTOR, NOW, [insert(2093), insert(2092)], {
        action: 'calendar.fail',
        entityType: 'calendar_year',
        entityId: 2093,
      }),
    ).rejects.toThrow();
    expect(await auditRows('calendar.fail')).toEqual([]);
    expect(await db.select().from(calendarYears).where(eq(calendarYears.year, 2093))).toEqual([]);

    // An entry that cannot be written (actor_id names no account) takes the change with it.
    await expect(
      auditedBatch(db, { ...ACTOR, id: 999_999 }, NOW, [insert(2094)], {
        action: 'calendar.orphan',
        entityType: 'calendar_year',
        entityId: 2094,
      }),
    ).rejects.toThrow();
    expect(await db.select().from(calendarYears).where(eq(calendarYears.year, 2094))).toEqual([]);
  });

  it('can name the entity by SQL, e.g. the id a statement of the same batch inserted', async () => {
    await auditedBatch(
      db,
      ACTOR,
      NOW,
      [db.insert(calendarYears).values({ year: 2095, status: 'entered', source: 'test', updatedAt: NOW })],
      {
        action: 'calendar.sql_id',
        entityType: 'calendar_year',
        entityId: sql`(select year + 1 from calendar_years where year = 2095)`,
      },
    );
    expect((await auditRows('calendar.sql_id'))[0].entity_id).toBe('2096');
  });

  it('with onlyIfChanged writes entries only when the last statement changed a row', async () => {
    await db.insert(calendarYears).values({ year: 2097, status: 'entered', source: 'test', updatedAt: NOW });
    const confirm = () =>
      db
        .update(calendarYears)
        .set({ status: 'confirmed' })
        .where(sql`${calendarYears.year} = 2097 and ${calendarYears.status} = 'entered'`);
    const entries = [
      { action: 'calendar.confirm', entityType: 'calendar_year', entityId: 2097 },
      { action: 'calendar.confirm_2', entityType: 'calendar_year', entityId: 2097 },
    ];
    await auditedBatch(db, ACTOR, NOW, [confirm()], entries, { onlyIfChanged: true });
    await auditedBatch(db, ACTOR, NOW, [confirm()], entries, { onlyIfChanged: true });
    expect(await auditRows('calendar.confirm')).toHaveLength(1);
    expect(await auditRows('calendar.confirm_2')).toHaveLength(1);
  });

  it('refuses to run a change without an entry', async () => {
    await expect(auditedBatch(db, ACTOR, NOW, [db.select().from(calendarYears)], [])).rejects.toThrow(/audit entry/);
  });

  it('leaves entries that cannot be altered or removed', async () => {
    await expect(env.DB.prepare("UPDATE audit_log SET reason = 'x'").run()).rejects.toThrow(/append-only/);
    await expect(env.DB.prepare('DELETE FROM audit_log').run()).rejects.toThrow(/append-only/);
  });
});
