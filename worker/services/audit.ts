/**
 * The audit writer: a change and its audit entries go to D1 in one `batch()` (one transaction), so
 * neither exists without the other. Every audited state change goes through `auditedBatch`, called
 * by the service that makes the change (routes never assemble a batch).
 */
import type { BatchItem, BatchResponse } from 'drizzle-orm/batch';
import { is, SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { insertAuditRow } from '../../db/queries/audit';
import type { Role } from '../../contracts/enums';

/** Who makes a change: a staff member, or the command line / the system (id and role null). */
export interface Actor {
  id: number | null;
  /** The username, or e.g. `cli:admin:create`, `system`. */
  label: string;
  role: Role | null;
  /** The client network (networkOf), when the change came over HTTP. */
  network?: string | null;
  /** A county officer's county (the only one they may act for). */
  countyId?: string | null;
}

/** An actor that is a signed-in staff member: what the workflow services act as. */
export type StaffActor = Actor & { id: number; role: Role; countyId: string | null };

/** A signed-in staff member as services need them (the route passes its `c.var.staff`). */
export interface StaffMember {
  id: number;
  username: string;
  role: Role;
  countyId?: string | null;
}

/** A staff account as the actor of its changes, from the client `network` when over HTTP. */
export const staffActor = (a: StaffMember, network: string | null = null): StaffActor => ({
  id: a.id,
  label: a.username,
  role: a.role,
  countyId: a.countyId ?? null,
  network,
});

/** One audit entry; `before` and `after` are stored as JSON (never put secrets or hashes in them). */
export interface NewAuditEntry {
  /** `<entity>.<verb>`, e.g. `account.create`, `poll.close`. */
  action: string;
  entityType: string;
  /** The entity's id or natural key, or SQL that finds it (e.g. the id of a row this batch inserts). */
  entityId: string | number | SQL;
  /**
   * State before (absent or null: none, e.g. a creation; stored as SQL NULL) and after (absent or
   * null for a deletion). SQL is stored as it evaluates inside the batch, e.g. a `json_object`
   * of the row as it is just before the change.
   */
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

/** JSON of a state; none (undefined or null) is SQL NULL, never the text `null`. */
const json = (v: unknown): string | SQL | null => (v == null ? null : is(v, SQL) ? v : JSON.stringify(v));

/**
 * Runs `statements` and the audit rows for `entries` in one D1 batch and returns the statements'
 * results (the audit inserts' results are dropped). If any statement fails, nothing is written.
 *
 * `onlyIfChanged`: write the entries only when the last statement changed a row (a guarded
 * `UPDATE … WHERE status = 'active'` that matched nothing writes no entry). The first entry looks
 * at the last statement, each further one at the entry before it.
 *
 * `auditFirst`: write the entries before the statements, so SQL in `before` reads the state the
 * statements are about to change (not with `onlyIfChanged`).
 *
 * @example
 * const [closed] = await auditedBatch(db, actor, now,
 *   [db.update(polls).set({ closesAt: now }).where(eq(polls.id, id)).returning()],
 *   { action: 'poll.close', entityType: 'poll', entityId: id, before, after: { closesAt: now }, reason });
 */
export async function auditedBatch<T extends BatchItem<'sqlite'>[]>(
  db: Db,
  actor: Actor,
  now: number,
  statements: [...T],
  entries: NewAuditEntry | NewAuditEntry[],
  opts: { onlyIfChanged?: boolean; auditFirst?: boolean } = {},
): Promise<BatchResponse<T>> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (!list.length) throw new Error('auditedBatch needs at least one audit entry');
  const audits = list.map((e) =>
    insertAuditRow(
      db,
      {
        at: now,
        actorId: actor.id,
        actorLabel: actor.label,
        actorRole: actor.role,
        network: actor.network ?? null,
        action: e.action,
        entityType: e.entityType,
        entityId: typeof e.entityId === 'number' ? String(e.entityId) : e.entityId,
        before: json(e.before),
        after: json(e.after),
        reason: e.reason ?? null,
      },
      Boolean(opts.onlyIfChanged) && statements.length > 0 && !opts.auditFirst,
    ),
  );
  const all = (opts.auditFirst ? [...audits, ...statements] : [...statements, ...audits]) as unknown as [
    BatchItem<'sqlite'>,
    ...BatchItem<'sqlite'>[],
  ];
  const results = await db.batch(all);
  const from = opts.auditFirst ? audits.length : 0;
  return results.slice(from, from + statements.length) as BatchResponse<T>;
}
