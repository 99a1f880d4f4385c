/**
 * Guards: statements that abort a change's batch unless a precondition still holds inside its
 * transaction (the `workflow_guard` view of migration 0005 refuses the INSERT when it does not).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';

/** Raw SQL with `?` or `?N` placeholders as a batch item, for a condition the query builder cannot say. */
function rawStatement(db: Db, text: string, ...params: unknown[]) {
  const chunks: SQL[] = [];
  let last = 0;
  let next = 0;
  for (const m of text.matchAll(/\?(\d*)/g)) {
    chunks.push(sql.raw(text.slice(last, m.index)), sql`${params[m[1] ? Number(m[1]) - 1 : next++]}`);
    last = m.index + m[0].length;
  }
  chunks.push(sql.raw(text.slice(last)));
  const query = db.run(sql.join(chunks));
  // drizzle's D1 batch binds a query's params to its prepared `stmt`, which a raw query lacks.
  return Object.assign(query, { stmt: db.$client.prepare(query.getQuery().sql) });
}

/**
 * A statement that aborts the batch unless `condition` (SQL yielding 1 or 0, with ? params)
 * holds inside the transaction.
 */
export function guard(db: Db, condition: string, ...params: unknown[]) {
  return guardStatement(db, 'workflow_guard', condition, ...params);
}

/**
 * The same through another guard view: `round_guard` (migration 0013) aborts with its own
 * message, so a write into a round that was finished meanwhile is told apart from other races.
 */
export function guardStatement(
  db: Db,
  view: 'workflow_guard' | 'round_guard',
  condition: string,
  ...params: unknown[]
) {
  return rawStatement(db, `INSERT INTO ${view} (ok) SELECT (${condition})`, ...params);
}
