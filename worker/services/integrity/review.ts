/**
 * Staff review of quarantined ballots (docs/transparency.md): groups by rule and pattern,
 * and two-person release and voiding (one city admin proposes, a different one confirms; an admin
 * still awaiting confirmation can be neither, which access() enforces).
 * Every step is one D1 batch with its audit entries (auditedBatch); status changes are events, so
 * they enter the public record at the next checkpoint.
 */
import { chinaHour } from '../../../contracts/china-time';
import { RULE_IDS, type RuleId } from '../../../contracts/detection-rules';
import type { QuarantineGroup, ReviewRequest } from '../../../contracts/review';
import type { Db } from '../../../db/client';
import type { PollRow } from '../../../db/queries/polls';
import {
  quarantinedBallots,
  releaseProposals,
  staffEvents,
  voidProposals,
  type QuarantinedRow,
} from '../../../db/queries/review';
import { ApiError } from '../../errors';
import { auditedBatch, type Actor } from '../audit';

const choiceIds = (choices: string | null) => (choices ? choices.split(';').map(Number) : []).sort((a, b) => a - b);
const ruleOf = (r: QuarantinedRow): RuleId =>
  (RULE_IDS as readonly string[]).includes(r.ruleId ?? '') ? (r.ruleId as RuleId) : 'virtual-segment';
const keyOf = (r: QuarantinedRow) =>
  [ruleOf(r), r.network ?? '-', chinaHour(r.castAt), choiceIds(r.choices).join(';')].join('|');

/** A poll's quarantined ballots grouped by rule, network, China hour and choice set (never a phone). */
export async function quarantineGroups(db: Db, poll: PollRow): Promise<QuarantineGroup[]> {
  const groups = new Map<string, QuarantineGroup>();
  for (const r of await quarantinedBallots(db, poll.id)) {
    const key = keyOf(r);
    const g = groups.get(key) ?? {
      key,
      ruleId: ruleOf(r),
      network: r.network,
      hour: chinaHour(r.castAt),
      choices: choiceIds(r.choices),
      reason: r.reason,
      ballotIds: [],
      proposedVoid: [],
      proposedRelease: [],
    };
    g.ballotIds.push(r.id);
    if (r.proposedBy !== null)
      g.proposedVoid.push({
        ballotId: r.id,
        proposedBy: r.proposedBy,
        proposedByName: r.proposedByName ?? '',
        reason: r.proposalReason!,
      });
    if (r.releaseProposedBy !== null)
      g.proposedRelease.push({
        ballotId: r.id,
        proposedBy: r.releaseProposedBy,
        proposedByName: r.releaseProposedByName ?? '',
        reason: r.releaseReason!,
      });
    groups.set(key, g);
  }
  return [...groups.values()];
}

/** The quarantined ballots a request names (a group key or ids); `conflict` when any is not quarantined. */
async function targets(db: Db, poll: PollRow, req: ReviewRequest): Promise<QuarantinedRow[]> {
  const rows = await quarantinedBallots(db, poll.id);
  if ('group' in req) {
    const found = rows.filter((r) => keyOf(r) === req.group);
    if (!found.length) throw new ApiError('conflict', { message: '该组选票已不在待复核状态，请刷新后重试。' });
    return found;
  }
  const byId = new Map(rows.map((r) => [r.id, r]));
  const ids = [...new Set(req.ids)];
  if (ids.some((id) => !byId.has(id))) {
    throw new ApiError('conflict', { message: '所选选票中有的不在待复核状态，请刷新后重试。' });
  }
  return ids.map((id) => byId.get(id)!);
}

/** A batch refused by a trigger or constraint (a concurrent review got there first) is a conflict. */
async function asConflict<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    const text = e instanceof Error ? `${e.message} ${String(e.cause ?? '')}` : '';
    if (/current status|UNIQUE constraint failed|constraint/i.test(text)) {
      throw new ApiError('conflict', { message: '这些选票刚被其他人处理过，请刷新后重试。' });
    }
    throw e;
  }
}

const audit = (action: string, rows: QuarantinedRow[], after: unknown, reason: string) =>
  rows.map((r) => ({ action, entityType: 'ballot', entityId: r.id, before: { status: 'quarantined' }, after, reason }));

/** The two outcomes of a review, each proposed by one city admin and confirmed by another. */
const OUTCOMES = {
  release: {
    to: 'counted',
    proposedBy: (r: QuarantinedRow) => r.releaseProposedBy,
    propose: releaseProposals,
    proposed: { proposedRelease: true },
    label: '恢复计入',
  },
  void: {
    to: 'void',
    proposedBy: (r: QuarantinedRow) => r.proposedBy,
    propose: voidProposals,
    proposed: { proposedVoid: true },
    label: '作废',
  },
} as const;
type Outcome = keyof typeof OUTCOMES;

/** Either kind of proposal already waits for some of these ballots: one proposal per ballot. */
function assertNoProposal(rows: QuarantinedRow[]) {
  for (const o of Object.values(OUTCOMES))
    if (rows.some((r) => o.proposedBy(r) !== null))
      throw new ApiError('conflict', { message: `所选选票中有的已提议${o.label}，等待另一位市级管理员确认。` });
}

/** Proposes an outcome; the ballots stay quarantined until another city admin confirms it. */
async function propose(
  outcome: Outcome,
  db: Db,
  actor: Actor & { id: number },
  poll: PollRow,
  req: ReviewRequest,
  now: number,
) {
  const o = OUTCOMES[outcome];
  const rows = await targets(db, poll, req);
  assertNoProposal(rows);
  const ids = rows.map((r) => r.id);
  await asConflict(() =>
    auditedBatch(
      db,
      actor,
      now,
      [o.propose(db, ids, actor.id, req.reason, now)],
      audit(`ballot.propose_${outcome}`, rows, { status: 'quarantined', ...o.proposed }, req.reason),
    ),
  );
  return ids;
}

/**
 * Confirms a proposed outcome: released ballots count again (the event trigger adds them to the
 * tallies), voided ones never count. Only a city admin other than the proposer may (`forbidden`),
 * and every named ballot must have that proposal (`conflict`).
 */
async function confirm(
  outcome: Outcome,
  db: Db,
  actor: Actor & { id: number },
  poll: PollRow,
  req: ReviewRequest,
  now: number,
) {
  const o = OUTCOMES[outcome];
  const rows = await targets(db, poll, req);
  if (rows.some((r) => o.proposedBy(r) === null))
    throw new ApiError('conflict', { message: `所选选票中有的尚未有人提议${o.label}。` });
  if (rows.some((r) => o.proposedBy(r) === actor.id))
    throw new ApiError('forbidden', { message: `${o.label}须由另一位市级管理员确认，不能确认自己的提议。` });
  const ids = rows.map((r) => r.id);
  await asConflict(() =>
    auditedBatch(
      db,
      actor,
      now,
      [staffEvents(db, ids, { from: 'quarantined', to: o.to }, actor.id, req.reason, now)],
      audit(`ballot.confirm_${outcome}`, rows, { status: o.to }, req.reason),
    ),
  );
  return ids;
}

type Step = (
  db: Db,
  actor: Actor & { id: number },
  poll: PollRow,
  req: ReviewRequest,
  now: number,
) => Promise<number[]>;
export const proposeRelease: Step = (...a) => propose('release', ...a);
export const confirmRelease: Step = (...a) => confirm('release', ...a);
export const proposeVoid: Step = (...a) => propose('void', ...a);
export const confirmVoid: Step = (...a) => confirm('void', ...a);
