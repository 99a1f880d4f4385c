import { drizzle, type DrizzleD1Database } from 'drizzle-orm/d1';
import * as schema from './schema';

export type Db = DrizzleD1Database<typeof schema>;

/** Wraps the D1 binding in drizzle with the schema; cheap, so it is done per request. */
export function openDb(d1: D1Database): Db {
  return drizzle(d1, { schema });
}
