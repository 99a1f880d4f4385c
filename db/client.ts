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
