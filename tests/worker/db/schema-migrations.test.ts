import { env } from 'cloudflare:test';
import { is, SQL } from 'drizzle-orm';
import { getTableConfig, SQLiteSyncDialect, SQLiteTable, type SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as schema from '../../../db/schema';

// The SQL migrations are the source of the database; db/schema.ts is their typed mirror, written by
// hand (docs/architecture.md, "Data model"). This compares the mirror with the tables the migrations
// build: columns, primary keys, indexes, foreign keys and the names of the CHECKs. Triggers are not
// in schema.ts; the enum CHECKs are compared value by value in schema.test.ts.

interface Shape {
  columns: { name: string; type: string; notNull: boolean; default: string | null }[];
  primaryKey: string[];
  autoIncrement: boolean;
  indexes: { name: string; columns: string[]; unique: boolean; partial: boolean }[];
  foreignKeys: { columns: string[]; table: string; to: string[]; onUpdate: string; onDelete: string }[];
  /** Names only: SQLite keeps a CHECK as the text it was written in, which differs from drizzle's. */
  checks: string[];
}

const dialect = new SQLiteSyncDialect();
// Order is not compared: ALTER TABLE appends, while schema.ts keeps related columns together.
const byName = <T extends { name: string }>(a: T[]) => [...a].sort((x, y) => x.name.localeCompare(y.name));
const fkOrder = (a: Shape['foreignKeys']) =>
  [...a].sort((x, y) => `${x.columns}>${x.table}`.localeCompare(`${y.columns}>${y.table}`));

/** `(expr)` as expr: SQLite keeps `DEFAULT (expr)` without the parentheses. */
function unwrap(expr: string): string {
  if (!expr.startsWith('(') || !expr.endsWith(')')) return expr;
  let depth = 0;
  for (let i = 0; i < expr.length; i++) {
    depth += expr[i] === '(' ? 1 : expr[i] === ')' ? -1 : 0;
    if (depth === 0 && i < expr.length - 1) return expr; // (a) + (b): not one pair around it all
  }
  return expr.slice(1, -1);
}

/** The default as SQLite keeps it in table_info.dflt_value: the expression text, strings quoted. */
function defaultSql(c: SQLiteColumn): string | null {
  if (!c.hasDefault || c.default === undefined) return null;
  if (is(c.default, SQL)) return unwrap(dialect.sqlToQuery(c.default).sql);
  if (typeof c.default === 'string') return `'${c.default.replaceAll("'", "''")}'`;
  return String(c.default as number);
}

function declared(table: SQLiteTable): Shape {
  const t = getTableConfig(table);
  const primaryKey =
    t.primaryKeys[0]?.columns.map((c) => c.name) ?? t.columns.filter((c) => c.primary).map((c) => c.name);
  return {
    columns: byName(
      t.columns.map((c) => ({
        name: c.name,
        type: c.getSQLType().toLowerCase(),
        notNull: c.notNull,
        default: defaultSql(c),
      })),
    ),
    primaryKey,
    autoIncrement: t.columns.some((c) => (c as { autoIncrement?: boolean }).autoIncrement === true),
    indexes: byName([
      ...t.indexes.map((i) => ({
        name: i.config.name,
        columns: i.config.columns.map((c) => (is(c, SQL) ? '<expression>' : c.name)),
        unique: i.config.unique,
        partial: i.config.where !== undefined,
      })),
      // A column's .unique() is written as a unique index of this name (drizzle-kit's convention).
      ...t.columns
        .filter((c) => c.isUnique)
        .map((c) => ({ name: c.uniqueName!, columns: [c.name], unique: true, partial: false })),
      ...t.uniqueConstraints.map((u) => ({
        name: u.getName() ?? '<unnamed>',
        columns: u.columns.map((c) => c.name),
        unique: true,
        partial: false,
      })),
    ]),
    foreignKeys: fkOrder(
      t.foreignKeys.map((f) => {
        const r = f.reference();
        return {
          columns: r.columns.map((c) => c.name),
          table: getTableConfig(r.foreignTable).name,
          to: r.foreignColumns.map((c) => c.name),
          onUpdate: f.onUpdate ?? 'no action',
          onDelete: f.onDelete ?? 'no action',
        };
      }),
    ),
    checks: t.checks.map((c) => c.name).sort(),
  };
}

/**
 * CHECKs that 0005_workflow.sql added with their columns, without a name; schema.ts names them. A
 * new one is named in the migration too: `ALTER TABLE t ADD c integer CONSTRAINT t_c CHECK (…)`.
 */
const UNNAMED_CHECKS: Record<string, string[]> = {
  track_stages: ['track_stages_target_count'],
  recruitment_events: ['recruitment_outcome_counts'],
};

async function all<T>(query: string, ...params: unknown[]): Promise<T[]> {
  return (
    await env.DB.prepare(query)
      .bind(...params)
      .all<T>()
  ).results;
}

async function migrated(table: string): Promise<Shape> {
  const info = await all<{ name: string; type: string; notnull: number; dflt_value: string | null; pk: number }>(
    'SELECT * FROM pragma_table_info(?)',
    table,
  );
  const pk = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
  // An INTEGER PRIMARY KEY alone is the rowid: never NULL, whether or not NOT NULL is written.
  const rowid = pk.length === 1 && pk[0].type.toLowerCase() === 'integer' ? pk[0].name : null;
  const sql = (await env.DB.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?")
    .bind(table)
    .first<string>('sql'))!;
  const list = await all<{ name: string; unique: number; origin: string; partial: number }>(
    'SELECT * FROM pragma_index_list(?)',
    table,
  );
  const indexes = [];
  for (const i of list.filter((i) => i.origin !== 'pk')) {
    const cols = await all<{ seqno: number; name: string | null }>('SELECT * FROM pragma_index_info(?)', i.name);
    indexes.push({
      name: i.name,
      columns: cols.sort((a, b) => a.seqno - b.seqno).map((c) => c.name ?? '<expression>'),
      unique: i.unique === 1,
      partial: i.partial === 1,
    });
  }
  const fkRows = await all<{ id: number; seq: number; table: string; from: string; to: string | null }>(
    'SELECT * FROM pragma_foreign_key_list(?)',
    table,
  );
  const fks = new Map<number, Shape['foreignKeys'][number]>();
  for (const r of fkRows.sort((a, b) => a.id - b.id || a.seq - b.seq)) {
    const row = r as typeof r & { on_update: string; on_delete: string };
    const fk = fks.get(r.id) ?? {
      columns: [],
      table: r.table,
      to: [],
      onUpdate: row.on_update.toLowerCase(),
      onDelete: row.on_delete.toLowerCase(),
    };
    fk.columns.push(r.from);
    // NULL when the key references the other table's primary key implicitly.
    fk.to.push(r.to ?? '<primary key>');
    fks.set(r.id, fk);
  }
  return {
    columns: byName(
      info.map((c) => ({
        name: c.name,
        type: c.type.toLowerCase(),
        notNull: c.notnull === 1 || c.name === rowid,
        default: c.dflt_value === null ? null : unwrap(c.dflt_value),
      })),
    ),
    primaryKey: pk.map((c) => c.name),
    autoIncrement: /\bautoincrement\b/i.test(sql),
    indexes: byName(indexes),
    foreignKeys: fkOrder([...fks.values()]),
    checks: [
      ...[...sql.matchAll(/\bCONSTRAINT\s+["`]?(\w+)["`]?\s+CHECK\b/gi)].map((m) => m[1]),
      ...(UNNAMED_CHECKS[table] ?? []),
    ].sort(),
  };
}

const declaredTables = new Map(
  (Object.values(schema) as unknown[])
    .filter((t): t is SQLiteTable => is(t, SQLiteTable))
    .map((t) => [getTableConfig(t).name, t]),
);

describe('db/schema.ts matches the migrated database', () => {
  it('declares every table the migrations create, and no other', async () => {
    const tables = await all<{ name: string }>(
      // sqlite_* are SQLite's own, _cf_* D1's, d1_migrations wrangler's record of applied files.
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\' AND name <> 'd1_migrations'",
    );
    expect(tables.map((t) => t.name).sort()).toEqual([...declaredTables.keys()].sort());
  });

  it.each([...declaredTables.keys()].sort())('%s: columns, keys, indexes and CHECK names', async (name) => {
    expect(declared(declaredTables.get(name)!)).toEqual(await migrated(name));
  });
});
