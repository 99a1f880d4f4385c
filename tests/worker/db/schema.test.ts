import { env } from 'cloudflare:test';
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { beforeAll, describe, expect, it } from 'vitest';
import * as schema from '../../../db/schema';
import { seed } from '../../fixtures/app';

const NOW = Date.UTC(2026, 10, 27, 2, 0);
beforeAll(() => seed(NOW));

describe('constraints in the database', () => {
  it('keeps the audit log append-only', async () => {
    await env.DB.prepare(
      "INSERT INTO audit_log (at, actor_label, action, entity_type, entity_id) VALUES (1, 'system', 'test', 'poll', '1')",
    ).run();
    await expect(env.DB.prepare("UPDATE audit_log SET action = 'x'").run()).rejects.toThrow(/append-only/);
    await expect(env.DB.prepare('DELETE FROM audit_log').run()).rejects.toThrow(/append-only/);
  });

  it('refuses a poll whose window closes before it opens, or whose weights do not sum to 100', async () => {
    const insert = (opens: number, closes: number, wv: number) =>
      env.DB.prepare(
        "INSERT INTO polls (slug, track_key, title, opens_at, closes_at, max_choices, weight_vote, round_id) VALUES ('x-' || ?1, 'trades', 't', ?2, ?3, 3, ?4, (SELECT id FROM rounds WHERE track_key = 'trades' ORDER BY status = 'open' DESC, year DESC LIMIT 1))",
      )
        .bind(opens, opens, closes, wv)
        .run();
    await expect(insert(10, 5, 30)).rejects.toThrow(/CHECK/);
    await expect(insert(20, 50, 40)).rejects.toThrow(/CHECK/);
  });

  it('refuses a ballot choice for a candidate that is not on that poll', async () => {
    const other = await env.DB.prepare("SELECT id FROM candidates WHERE track_key = 'bases' LIMIT 1").first<{
      id: number;
    }>();
    const poll = await env.DB.prepare("SELECT id FROM polls WHERE slug = 'trades-vote'").first<{ id: number }>();
    await env.DB.prepare(
      "INSERT INTO ballots (poll_id, receipt, phone_hash, phone_masked, cast_at) VALUES (?, 'R1', 'h', '138****0000', 1)",
    )
      .bind(poll!.id)
      .run();
    const ballot = await env.DB.prepare("SELECT id FROM ballots WHERE receipt = 'R1'").first<{ id: number }>();
    await expect(
      env.DB.prepare('INSERT INTO ballot_choices (ballot_id, poll_id, candidate_id) VALUES (?, ?, ?)')
        .bind(ballot!.id, poll!.id, other!.id)
        .run(),
    ).rejects.toThrow(/FOREIGN KEY/);
  });

  it('refuses a second ballot from the same phone in the same poll', async () => {
    const poll = await env.DB.prepare("SELECT id FROM polls WHERE slug = 'trades-vote'").first<{ id: number }>();
    const ins = (r: string) =>
      env.DB.prepare(
        "INSERT INTO ballots (poll_id, receipt, phone_hash, phone_masked, cast_at) VALUES (?, ?, 'same', '138****0000', 1)",
      )
        .bind(poll!.id, r)
        .run();
    await ins('R2');
    await expect(ins('R3')).rejects.toThrow(/UNIQUE/);
  });

  it('allows at most 5 occupations for a social evaluation organisation', async () => {
    const six = JSON.stringify(['a', 'b', 'c', 'd', 'e', 'f']);
    await expect(
      env.DB.prepare(
        "INSERT INTO candidates (track_key, name, institution_type, occupations, round_id) VALUES ('institutions', 'x', 'social_organisation', ?, (SELECT id FROM rounds WHERE track_key = 'institutions' ORDER BY status = 'open' DESC, year DESC LIMIT 1))",
      )
        .bind(six)
        .run(),
    ).rejects.toThrow(/CHECK/);
  });
});

describe('enumerated columns', () => {
  // The drizzle enums type the rows; the CHECKs in the migrations enforce the values. Both come from
  // contracts/enums.ts only by convention, so compare them with the tables as migrated.
  const tables = (Object.values(schema) as unknown[])
    .filter((t): t is SQLiteTable => t instanceof SQLiteTable)
    .map(getTableConfig);
  const enumColumns = tables.flatMap((t) =>
    t.columns.filter((c) => c.enumValues?.length).map((c) => ({ table: t, column: c })),
  );

  it('declares the enumerated columns', () => {
    expect(enumColumns.length).toBeGreaterThanOrEqual(20);
  });

  it.each(enumColumns.map((e) => [`${e.table.name}.${e.column.name}`, e] as const))(
    '%s allows exactly the values of its enum',
    async (_, { table, column }) => {
      const sql = (await env.DB.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?")
        .bind(table.name)
        .first<{ sql: string }>())!.sql;
      // drizzle-kit writes "col" in (...); hand-written migrations write `col` IN (...).
      const q = '["`]';
      const check = sql.match(new RegExp(`(?:${q}${table.name}${q}\\.)?${q}${column.name}${q} in \\(([^)]*)\\)`, 'i'));
      if (check) {
        expect(check[1].split(',').map((v) => v.trim().replace(/^'|'$/g, ''))).toEqual(column.enumValues);
        return;
      }
      // Otherwise a foreign key holds the column to an enumerated column of another table.
      const fk = table.foreignKeys
        .map((f) => f.reference())
        .find((r) => r.columns.length === 1 && r.columns[0].name === column.name);
      expect(fk, 'a CHECK or a foreign key').toBeDefined();
      expect(fk!.foreignColumns[0].enumValues).toEqual(column.enumValues);
    },
  );
});
