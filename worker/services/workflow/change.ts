/**
 * The shape every state-changing workflow service returns, so the audit writer can run the
 * change's statements and its audit entry as ONE D1 batch (one transaction): neither exists
 * without the other.
 *
 * Services read, check the rules and build statements; they never execute a write themselves.
 * Preconditions that could change between the read and the batch are re-asserted inside the
 * batch by `guard()` statements (the `workflow_guard` view of migration 0005 aborts the whole
 * batch when a guard fails), and races on quotas and uniqueness end at the database constraints.
 * New rows are referenced inside the batch by their natural keys (slug, track + name), because
 * their ids are unknown until the batch has run.
 *
 * @example
 * const change = await submitRecommendation(db, actor, input, now);
 * await runChange(db, who, change, now);
 */
import type { Db } from '../../../db/client';
import { insertAuditRow } from '../../../db/queries/audit';
import type { Actor as AuditActor } from '../audit';
import { ApiError } from '../../errors';
import type { Problem } from '../../../contracts/workflow';

/** The audit entry of a change; the writer adds actor, role and time. */
export interface AuditNote {
  /** Dotted verb, e.g. 'stage.open', 'recommendation.submit', 'decision.confirm'. */
  action: string;
  /** Table-like entity name: 'track_stage', 'recommendation', 'poll', 'decision', … */
  entityType: string;
  /** Id or natural key ('trades:焊工', a poll slug) of the entity. */
  entityId: string;
  /** JSON-serialisable state before (null for a creation) and after (null for a deletion). */
  before: unknown;
  after: unknown;
  /** The written reason where the action needs one (override, window change, revocation). */
  reason?: string | null;
}

/** A state change: D1 statements to run in one batch with the audit entry. */
export interface Change {
  statements: D1PreparedStatement[];
  audit: AuditNote;
}

export type Role = 'city_admin' | 'county_officer' | 'expert' | 'auditor';

/** Who acts; from the staff session (the auth middleware). */
export interface Actor {
  id: number;
  role: Role;
  /** Set for county officers only: the county they are bound to. */
  countyId: string | null;
}

/** Refuses (403) unless the actor has one of the roles. Routes check roles too; this is the backstop. */
export function requireRole(actor: Actor, ...roles: Role[]): void {
  if (!roles.includes(actor.role)) throw new ApiError('forbidden');
}

/** A county officer may act only for their own county; a city admin for any. */
export function requireCounty(actor: Actor, countyId: string): void {
  if (actor.role === 'city_admin') return;
  if (actor.role === 'county_officer' && actor.countyId === countyId) return;
  throw new ApiError('forbidden', { message: '只能办理本县（市、区）的推荐和申报。' });
}

/** Throws a rule problem as the API error it stands for. */
export function fail(problem: Problem): never {
  throw new ApiError(problem.code, { message: problem.message, issues: problem.issues });
}

/** A field-level invalid_request. */
export function invalid(path: (string | number)[], message: string): never {
  throw new ApiError('invalid_request', { issues: [{ path, message }] });
}

/**
 * A statement that aborts the batch unless `condition` (SQL yielding 1 or 0, with ? params)
 * holds inside the transaction.
 */
export function guard(db: Db, condition: string, ...params: unknown[]): D1PreparedStatement {
  return db.$client.prepare(`INSERT INTO workflow_guard (ok) SELECT (${condition})`).bind(...params);
}

/** A drizzle query as a raw D1 statement, so typed builders and guards share one batch. */
export function stmt(db: Db, query: { toSQL(): { sql: string; params: unknown[] } }): D1PreparedStatement {
  const { sql, params } = query.toSQL();
  return db.$client.prepare(sql).bind(...params);
}

/**
 * The API error for a failed change batch: a failed guard or a constraint that a concurrent
 * change won is a 409 `conflict`; anything else is not ours (undefined: rethrow it).
 */
export function batchError(e: unknown): ApiError | undefined {
  const msg = e instanceof Error ? e.message : String(e);
  if (msg.includes('workflow_guard'))
    return new ApiError('conflict', { message: '数据已被他人修改或环节状态已变化，请刷新后重试。' });
  if (/UNIQUE constraint failed/.test(msg))
    return new ApiError('conflict', { message: '记录已存在或名额已被占用，请刷新后重试。' });
  if (/CHECK constraint failed/.test(msg)) return new ApiError('conflict', { message: '数据不符合规则，未保存。' });
  return undefined;
}

/**
 * Runs a change and its audit entry (actor, role, network and time added here) as ONE D1 batch,
 * so neither exists without the other; a failed guard or a lost race becomes the API error
 * `batchError` names.
 */
export async function runChange(db: Db, who: AuditActor, change: Change, now: number): Promise<void> {
  const a = change.audit;
  const audit = stmt(
    db,
    insertAuditRow(db, {
      at: now,
      actorId: who.id,
      actorLabel: who.label,
      actorRole: who.role,
      network: who.network ?? null,
      action: a.action,
      entityType: a.entityType,
      entityId: a.entityId,
      before: a.before === null || a.before === undefined ? null : JSON.stringify(a.before),
      after: a.after === null || a.after === undefined ? null : JSON.stringify(a.after),
      reason: a.reason ?? null,
    }),
  );
  try {
    await db.$client.batch([...change.statements, audit]);
  } catch (e) {
    throw batchError(e) ?? e;
  }
}
