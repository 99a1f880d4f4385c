import { drizzle, type DrizzleD1Database } from 'drizzle-orm/d1';
import * as schema from './schema';

/** drizzle over D1; `$client` is the raw binding, for batches drizzle cannot express. */
export type Db = DrizzleD1Database<typeof schema> & { $client: D1Database };

/** Wraps the D1 binding in drizzle with the schema; cheap, so it is done per request. */
export function openDb(d1: D1Database): Db {
  return drizzle(d1, { schema });
}
