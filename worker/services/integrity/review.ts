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
      g.proposedVoid.push({ ballotId: r.id, proposedBy: r.proposedBy, reason: r.proposalReason! });
    if (r.releaseProposedBy !== null)
      g.proposedRelease.push({ ballotId: r.id, proposedBy: r.releaseProposedBy, reason: r.releaseReason! });
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

/** Either kind of proposal already waits for some of these ballots: one proposal per ballot. */
function assertNoProposal(rows: QuarantinedRow[]) {
  if (rows.some((r) => r.proposedBy !== null))
    throw new ApiError('conflict', { message: '所选选票中有的已提议作废，等待另一位市级管理员确认。' });
  if (rows.some((r) => r.releaseProposedBy !== null))
    throw new ApiError('conflict', { message: '所选选票中有的已提议恢复计入，等待另一位市级管理员确认。' });
}

/** Proposes releasing quarantined ballots back to counted; they stay quarantined until another city admin confirms. */
export async function proposeRelease(
  db: Db,
  actor: Actor & { id: number },
  poll: PollRow,
  req: ReviewRequest,
  now: number,
) {
  const rows = await targets(db, poll, req);
  assertNoProposal(rows);
  const ids = rows.map((r) => r.id);
  await asConflict(() =>
    auditedBatch(
      db,
      actor,
      now,
      [releaseProposals(db, ids, actor.id, req.reason, now)],
      audit('ballot.propose_release', rows, { status: 'quarantined', proposedRelease: true }, req.reason),
    ),
  );
  return ids;
}

/**
 * Confirms proposed releases: the ballots count again (the event trigger adds them to the tallies).
 * Only a city admin other than the proposer may (`forbidden`), and every named ballot must have a
 * release proposal (`conflict`).
 */
export async function confirmRelease(
  db: Db,
  actor: Actor & { id: number },
  poll: PollRow,
  req: ReviewRequest,
  now: number,
) {
  const rows = await targets(db, poll, req);
  if (rows.some((r) => r.releaseProposedBy === null)) {
    throw new ApiError('conflict', { message: '所选选票中有的尚未有人提议恢复计入。' });
  }
  if (rows.some((r) => r.releaseProposedBy === actor.id)) {
    throw new ApiError('forbidden', { message: '恢复计入须由另一位市级管理员确认，不能确认自己的提议。' });
  }
  const ids = rows.map((r) => r.id);
  await asConflict(() =>
    auditedBatch(
      db,
      actor,
      now,
      [staffEvents(db, ids, { from: 'quarantined', to: 'counted' }, actor.id, req.reason, now)],
      audit('ballot.confirm_release', rows, { status: 'counted' }, req.reason),
    ),
  );
  return ids;
}

/** Proposes voiding quarantined ballots; they stay quarantined until another city admin confirms. */
export async function proposeVoid(
  db: Db,
  actor: Actor & { id: number },
  poll: PollRow,
  req: ReviewRequest,
  now: number,
) {
  const rows = await targets(db, poll, req);
  assertNoProposal(rows);
  const ids = rows.map((r) => r.id);
  await asConflict(() =>
    auditedBatch(
      db,
      actor,
      now,
      [voidProposals(db, ids, actor.id, req.reason, now)],
      audit('ballot.propose_void', rows, { status: 'quarantined', proposedVoid: true }, req.reason),
    ),
  );
  return ids;
}

/**
 * Confirms proposed voids. Only a city admin other than the proposer may (`forbidden` otherwise), and
 * every named ballot must have a proposal (`conflict`).
 */
export async function confirmVoid(
  db: Db,
  actor: Actor & { id: number },
  poll: PollRow,
  req: ReviewRequest,
  now: number,
) {
  const rows = await targets(db, poll, req);
  if (rows.some((r) => r.proposedBy === null)) {
    throw new ApiError('conflict', { message: '所选选票中有的尚未有人提议作废。' });
  }
  if (rows.some((r) => r.proposedBy === actor.id)) {
    throw new ApiError('forbidden', { message: '作废须由另一位市级管理员确认，不能确认自己的提议。' });
  }
  const ids = rows.map((r) => r.id);
  await asConflict(() =>
    auditedBatch(
      db,
      actor,
      now,
      [staffEvents(db, ids, { from: 'quarantined', to: 'void' }, actor.id, req.reason, now)],
      audit('ballot.confirm_void', rows, { status: 'void' }, req.reason),
    ),
  );
  return ids;
}
