/** The audit log: append-only (triggers refuse UPDATE and DELETE), written beside every change. */
import { desc, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { auditLog } from '../schema';

/** One audit row as written; `entityId` may be SQL, e.g. the id of a row the same batch inserts. */
export interface AuditRow {
  at: number;
  actorId: number | null;
  actorLabel: string;
  actorRole: string | null;
  network: string | null;
  action: string;
  entityType: string;
  entityId: string | SQL;
  before: string | null;
  after: string | null;
  reason: string | null;
}

/**
 * The INSERT of one audit row, as a batch item. With `onlyIfChanged` the row is written only when
 * the statement just before it in the batch changed at least one row (SQLite `changes()`), so a
 * guarded UPDATE that matched nothing leaves no entry claiming it happened.
 */
export function insertAuditRow(db: Db, r: AuditRow, onlyIfChanged = false) {
  return db.run(sql`insert into audit_log
    (at, actor_id, actor_label, actor_role, network, action, entity_type, entity_id, before, after, reason)
    select ${r.at}, ${r.actorId}, ${r.actorLabel}, ${r.actorRole}, ${r.network}, ${r.action}, ${r.entityType},
      cast(${r.entityId} as text), ${r.before}, ${r.after}, ${r.reason}
    ${onlyIfChanged ? sql`where changes() > 0` : sql``}`);
}

/** The newest entries about one entity, newest first. */
export function auditEntriesFor(db: Db, entityType: string, entityId: string, limit = 100) {
  return db
    .select()
    .from(auditLog)
    .where(sql`${auditLog.entityType} = ${entityType} and ${auditLog.entityId} = ${entityId}`)
    .orderBy(desc(auditLog.id))
    .limit(limit);
}
