/**
 * What the state-changing workflow services share: a service reads, checks the rules, builds the
 * statements of its change and commits them with the audit entry through `commit` (the audit
 * writer's one batch, one transaction): neither exists without the other.
 *
 * Preconditions that could change between the read and the batch are re-asserted inside the
 * batch by `guard()` statements (db/queries/guard.ts: the `workflow_guard` view of migration 0005
 * aborts the whole batch when a guard fails), and races on quotas and uniqueness end at the database constraints.
 * New rows are referenced inside the batch by their natural keys (slug, track + name), because
 * their ids are unknown until the batch has run.
 *
 * @example
 * return commit(db, actor, now, { statements: [guard(db, …), db.update(…)], audit: { action, … } });
 */
import type { BatchItem } from 'drizzle-orm/batch';
import type { ChangeResult } from '../../../contracts/admin-workflow';
import type { Role } from '../../../contracts/enums';
import type { Db } from '../../../db/client';
import { auditedBatch, type NewAuditEntry, type StaffActor } from '../audit';
import { ApiError } from '../../errors';
import type { Problem } from '../../../contracts/workflow';

/** A state change: statements to run in one batch with its audit entry. */
export interface Change {
  statements: BatchItem<'sqlite'>[];
  audit: NewAuditEntry & { entityId: string };
}

/** Refuses (403) unless the actor has one of the roles. Routes check roles too; this is the backstop. */
export function requireRole(actor: StaffActor, ...roles: Role[]): void {
  if (!roles.includes(actor.role)) throw new ApiError('forbidden');
}

/** A county officer may act only for their own county; a city admin for any. */
export function requireCounty(actor: StaffActor, countyId: string): void {
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
 * Commits a change with its audit entry (actor, role, network and time added by the audit writer)
 * as ONE D1 batch; a failed guard or a lost race becomes the API error `batchError` names.
 * Answers what was written.
 */
export async function commit(db: Db, actor: StaffActor, now: number, change: Change): Promise<ChangeResult> {
  try {
    await auditedBatch(db, actor, now, change.statements, change.audit);
  } catch (e) {
    throw batchError(e) ?? e;
  }
  const { action, entityType, entityId } = change.audit;
  return { ok: true, action, entityType, entityId };
}
