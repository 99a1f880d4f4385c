/**
 * Appraisal institutions (annex 4): after review an applicant is entered in the directory, valid
 * 3 years; an entry may be renewed, and revoked with a reason (年终评估不合格、违法违规). The public
 * directory lists selected entries that are not revoked.
 */
import { addDays, chinaDate } from '../../../contracts/china-time';
import { validUntil } from '../../../contracts/workflow';
import type { Db } from '../../../db/client';
import { findCandidate, updateCandidates, type CandidateRow } from '../../../db/queries/workflow';
import { ApiError } from '../../errors';
import { guard } from '../../../db/queries/guard';
import { fail, invalid, requireRole, commit } from './change';
import type { ChangeResult } from '../../../contracts/admin-workflow';
import type { StaffActor } from '../audit';
import { requireActiveStage, stageStillOpen } from './stages';

async function institution(db: Db, id: number): Promise<CandidateRow> {
  const c = await findCandidate(db, id);
  if (!c || c.trackKey !== 'institutions') throw new ApiError('not_found');
  return c;
}

const entryView = (c: CandidateRow) => ({
  status: c.status,
  validFrom: c.validFrom,
  validUntil: c.validUntil,
  revokedAt: c.revokedAt,
  revokedReason: c.revokedReason,
});

const stillIn = (db: Db, c: CandidateRow) =>
  guard(db, 'SELECT status = ? AND revoked_at IS NULL FROM candidates WHERE id = ?', c.status, c.id);

/**
 * Decides a reviewed application while the publication stage is open (city admin): approved
 * entries are valid 3 years from today; a refusal needs a reason.
 */
export async function decideInstitution(
  db: Db,
  actor: StaffActor,
  input: { candidateId: number; approve: boolean; reason?: string | null },
  now: number,
): Promise<ChangeResult> {
  requireRole(actor, 'city_admin');
  const c = await institution(db, input.candidateId);
  const stage = await requireActiveStage(db, 'institutions', 'approve', now, { roundId: c.roundId });
  if (c.status !== 'applied') fail({ code: 'conflict', message: `“${c.name}”已有结论。` });
  const reason = input.reason?.trim() || null;
  if (!input.approve && !reason) invalid(['reason'], '不予认定须填写理由');
  const today = chinaDate(now);
  const set = input.approve
    ? { status: 'selected' as const, validFrom: today, validUntil: validUntil(today) }
    : { status: 'rejected' as const };
  return commit(db, actor, now, {
    round: stage.roundId,
    statements: [stageStillOpen(db, stage, now), stillIn(db, c), updateCandidates(db, [c.id], set)],
    audit: {
      action: input.approve ? 'institution.approve' : 'institution.reject',
      entityType: 'candidate',
      entityId: String(c.id),
      before: entryView(c),
      after: { ...entryView(c), ...set },
      reason,
    },
  });
}

/**
 * Renews a directory entry for another 3 years (city admin), from the day after it ends, or from
 * today if it has already lapsed.
 */
export async function renewInstitution(
  db: Db,
  actor: StaffActor,
  input: { candidateId: number; reason?: string | null },
  now: number,
): Promise<ChangeResult> {
  requireRole(actor, 'city_admin');
  const c = await institution(db, input.candidateId);
  if (c.status !== 'selected' || c.revokedAt !== null || !c.validUntil)
    fail({ code: 'conflict', message: '只能延续目录内有效（未撤销）的机构。' });
  const today = chinaDate(now);
  const next = addDays(c.validUntil, 1);
  const from = next > today ? next : today;
  const set = { validFrom: from, validUntil: validUntil(from) };
  return commit(db, actor, now, {
    statements: [stillIn(db, c), updateCandidates(db, [c.id], set)],
    audit: {
      action: 'institution.renew',
      entityType: 'candidate',
      entityId: String(c.id),
      before: entryView(c),
      after: { ...entryView(c), ...set },
      reason: input.reason?.trim() || null,
    },
  });
}

/** Revokes a directory entry with a written reason (city admin); it leaves the public directory. */
export async function revokeInstitution(
  db: Db,
  actor: StaffActor,
  input: { candidateId: number; reason: string },
  now: number,
): Promise<ChangeResult> {
  requireRole(actor, 'city_admin');
  const c = await institution(db, input.candidateId);
  if (c.status !== 'selected' || c.revokedAt !== null) fail({ code: 'conflict', message: '该机构不在有效目录中。' });
  const reason = input.reason.trim();
  if (!reason) invalid(['reason'], '撤销须填写理由');
  const set = { revokedAt: now, revokedReason: reason };
  return commit(db, actor, now, {
    statements: [stillIn(db, c), updateCandidates(db, [c.id], set)],
    audit: {
      action: 'institution.revoke',
      entityType: 'candidate',
      entityId: String(c.id),
      before: entryView(c),
      after: { ...entryView(c), ...set },
      reason,
    },
  });
}
