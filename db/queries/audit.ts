/** The audit log: append-only (triggers refuse UPDATE and DELETE), written beside every change. */
import { and, desc, eq, getTableColumns, gte, lt, sql, type SQL } from 'drizzle-orm';
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
  /** JSON text, or SQL yielding it inside the batch; null when there is none. */
  before: string | SQL | null;
  after: string | SQL | null;
  reason: string | null;
}

/**
 * The INSERT of one audit row, as a batch item. With `onlyIfChanged` the row is written only when
 * the statement just before it in the batch changed at least one row (SQLite `changes()`), so a
 * guarded UPDATE that matched nothing leaves no entry claiming it happened.
 */
export function insertAuditRow(db: Db, r: AuditRow, onlyIfChanged = false) {
  const values: Record<keyof typeof auditLog.$inferInsert, unknown> = {
    id: sql`null`,
    at: r.at,
    actorId: r.actorId,
    actorLabel: r.actorLabel,
    actorRole: r.actorRole,
    network: r.network,
    action: r.action,
    entityType: r.entityType,
    entityId: sql`cast(${r.entityId} as text)`,
    before: r.before,
    after: r.after,
    reason: r.reason,
  };
  // INSERT … SELECT lists every column in the table's order; a WHERE is what VALUES cannot have.
  const list = sql.join(
    Object.keys(getTableColumns(auditLog)).map((k) => sql`${values[k as keyof typeof values]}`),
    sql`, `,
  );
  return db.insert(auditLog).select(sql`select ${list} ${onlyIfChanged ? sql`where changes() > 0` : sql``}`);
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

/** Filters of the audit viewer; instants are epoch milliseconds, `to` exclusive. */
export interface AuditFilter {
  action?: string;
  entityType?: string;
  actorId?: number;
  from?: number;
  to?: number;
  /** Only entries with a smaller id (the next page back). */
  before?: number;
  limit: number;
}

/** A stored audit row, as `auditEntries` reads it. */
export type StoredAuditRow = typeof auditLog.$inferSelect;

/** Entries matching every given filter, newest (highest id) first. */
export function auditEntries(db: Db, f: AuditFilter) {
  const where = [
    f.action === undefined ? undefined : eq(auditLog.action, f.action),
    f.entityType === undefined ? undefined : eq(auditLog.entityType, f.entityType),
    f.actorId === undefined ? undefined : eq(auditLog.actorId, f.actorId),
    f.from === undefined ? undefined : gte(auditLog.at, f.from),
    f.to === undefined ? undefined : lt(auditLog.at, f.to),
    f.before === undefined ? undefined : lt(auditLog.id, f.before),
  ];
  return db
    .select()
    .from(auditLog)
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(f.limit);
}
