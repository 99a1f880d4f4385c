import {
  eq,
  fillPlaceholders,
  isNull,
  or,
  sql,
  type Column,
  type Placeholder,
  type Query,
  type SQL,
} from 'drizzle-orm';
import { drizzle, type DrizzleD1Database } from 'drizzle-orm/d1';
import * as schema from './schema';

/** drizzle over D1; `$client` is the raw binding, for batches drizzle cannot express. */
export type Db = DrizzleD1Database<typeof schema> & { $client: D1Database };

/**
 * One drizzle instance per D1 binding, kept for the isolate's life: building one walks the whole
 * schema (drizzle's relational config), which profiling showed at about a tenth of an uncached
 * page's CPU when it ran per request. drizzle keeps no per-request state, so sharing it is safe.
 */
const instances = new WeakMap<D1Database, Db>();

/** drizzle with the schema over this D1 binding. */
export function openDb(d1: D1Database): Db {
  let db = instances.get(d1);
  if (!db) {
    db = drizzle(d1, { schema });
    instances.set(d1, db);
  }
  return db;
}

/** What drizzle's `.prepare()` of a select gives: its SQL once built, and its row mapping. */
interface Compiled<Rows> {
  getQuery(): Query;
  mapAllResult(result: unknown, isFromBatch?: boolean): unknown;
  all(values?: Record<string, unknown>): Promise<Rows>;
}

/** What a placeholder takes: a value D1 binds as it is (undefined, objects and booleans would not be). */
export type ReadValue = string | number | null;

/** A compiled read with the values of its placeholders, to run with others in `reads`. */
export interface BoundRead<Rows> {
  compiled: Compiled<Rows>;
  values: Record<string, ReadValue>;
}

/**
 * A read whose SQL is built once per Db, with `sql.placeholder`s for its parameters. drizzle
 * otherwise rebuilds the SQL text of a query on every call; on an uncached poll page that was a
 * quarter of the Worker's CPU. For the public reads every uncached page view runs.
 *
 * @example
 *   export const pollBySlug = compiledRead(['slug'], (db, p) =>
 *     db.select().from(polls).where(eq(polls.slug, p.slug)).limit(1).prepare());
 *   const [[poll]] = await reads(db, [pollBySlug(db, { slug })]);
 */
export function compiledRead<K extends string, Rows>(
  names: readonly K[],
  build: (db: Db, p: Record<K, Placeholder>) => Compiled<Rows>,
): (db: Db, values: Record<K, ReadValue>) => BoundRead<Rows> {
  const placeholders = {} as Record<K, Placeholder>;
  for (const name of names) placeholders[name] = sql.placeholder(name);
  const byDb = new WeakMap<Db, Compiled<Rows>>();
  return (db, values) => {
    let compiled = byDb.get(db);
    if (!compiled) byDb.set(db, (compiled = build(db, placeholders)));
    return { compiled, values };
  };
}

/**
 * An optional filter in a compiled read: `column = value`, or every row when the value is NULL,
 * so one compiled read serves both `{ track: 'trades' }` and `{ track: null }` (all tracks).
 */
export function eqUnlessNull(column: Column, value: Placeholder): SQL {
  return or(isNull(value), eq(column, value))!;
}

/** What `reads` runs: a compiled read with its values, or a drizzle select built for this call. */
export type Readable<Rows> = BoundRead<Rows> | { prepare(): Compiled<Rows> };

/**
 * Runs reads in one D1 round trip (one batch); each answer is mapped as drizzle's own batch maps
 * it. Compiled reads skip building their SQL; a plain drizzle select is built here, as `db.batch`
 * would, so both kinds mix in one batch.
 */
export async function reads<const T extends readonly [Readable<unknown>, ...Readable<unknown>[]]>(
  db: Db,
  list: T,
): Promise<{ -readonly [I in keyof T]: T[I] extends Readable<infer Rows> ? Rows : never }> {
  const bound = list.map((r) => ('compiled' in r ? r : { compiled: r.prepare(), values: {} }));
  const statements = bound.map(({ compiled, values }) => {
    const query = compiled.getQuery();
    return db.$client.prepare(query.sql).bind(...fillPlaceholders(query.params, values));
  });
  const results = await db.$client.batch(statements);
  return results.map((result, i) => bound[i].compiled.mapAllResult(result, true)) as never;
}

/** One read on its own: `reads` with a single statement. */
export async function read<Rows>(db: Db, readable: Readable<Rows>): Promise<Rows> {
  const [rows] = await reads(db, [readable]);
  return rows as Rows;
}
