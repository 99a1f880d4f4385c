/**
 * Objections to 公示 notices (docs/product.md): citizens file them with a voter session while the notice
 * is open, follow them by tracking number, and city admins assign, answer and decide them, each
 * step with its audit entry. An upheld objection that removes items re-publishes the notice.
 */
import { chinaDate } from '../../contracts/china-time';
import type { ObjectionStatus } from '../../contracts/enums';
import type { AdminObjection, ObjectionDecision, ObjectionRequest } from '../../contracts/objections';
import type { Db } from '../../db/client';
import { findNotice, type NoticeRow } from '../../db/queries/notices';
import { clearObjectorData, objectionItemName } from '../../db/queries/objections';
import {
  findObjection,
  insertObjection,
  objectionsOfNotice,
  objectionStatusByTracking,
  updateOpenObjection,
  type ObjectionRow,
} from '../../db/queries/objections';
import { ApiError } from '../errors';
import { auditedBatch, staffActor, type Actor, type NewAuditEntry, type StaffMember } from './audit';
import { guard } from '../../db/queries/guard';
import { batchError } from './workflow/change';
import { randomReceipt } from './crypto';
import { enforceLimits } from './limits';
import { noticeStatus } from './notices';
import { republishWithout } from './admin/notices';
import type { Voter } from './voter-session';

/** Objections one phone may file per hour and per China day, and one network per hour. */
export const OBJECTION_LIMITS = { perPhoneHour: 5, perPhoneDay: 10, perNetworkHour: 30 } as const;

const NOT_OPEN_YET = '公示尚未开始，暂不受理异议。';

export interface SubmitInput {
  slug: string;
  voter: Voter;
  body: ObjectionRequest;
  network: string;
  now: number;
}

/**
 * Files an objection, or throws: `not_found` (no such published notice), `notice_closed` (ended,
 * withdrawn or not yet open, by the server clock), `invalid_request` (item not on the notice),
 * `rate_limited`. The open check is repeated inside the insert, so a request that arrives one
 * millisecond after the end is refused even if it passed the read. Returns the tracking number.
 */
export async function submitObjection(db: Db, input: SubmitInput): Promise<string> {
  const { now, voter } = input;
  const notice = await findNotice(db, input.slug);
  if (!notice || notice.isDraft) throw new ApiError('not_found');
  refuseUnlessOpen(notice, now);
  await enforceLimits(
    db,
    [
      { key: `objection:phone:${voter.phoneHash}`, max: OBJECTION_LIMITS.perPhoneHour, window: 'hour' },
      { key: `objection:phone:${voter.phoneHash}`, max: OBJECTION_LIMITS.perPhoneDay, window: 'day' },
      { key: `objection:net:${input.network}`, max: OBJECTION_LIMITS.perNetworkHour, window: 'hour' },
    ],
    now,
  );
  const base = {
    noticeId: notice.id,
    itemId: input.body.itemId ?? null,
    name: input.body.name,
    phoneHash: voter.phoneHash,
    phoneMasked: voter.masked,
    contact: input.body.contact || null,
    content: input.body.content,
    today: chinaDate(now),
    now,
  };
  // 31^12 ≈ 7.9e17 numbers: a clash is rare, and UNIQUE settles concurrent ones; draw again then.
  for (let attempt = 0; attempt < 5; attempt++) {
    const trackingNo = randomReceipt();
    try {
      if (await insertObjection(db, { ...base, trackingNo })) return trackingNo;
    } catch (e) {
      if (/UNIQUE constraint failed/.test(`${(e as Error).message} ${String((e as Error).cause ?? '')}`)) continue;
      throw e;
    }
    refuseUnlessOpen(notice, now);
    throw new ApiError('invalid_request', { issues: [{ path: ['itemId'], message: '公示名单中没有该项目' }] });
  }
  throw new Error('could not draw a free tracking number');
}

function refuseUnlessOpen(notice: NoticeRow, now: number): void {
  const status = noticeStatus(notice, now);
  if (status === 'scheduled') throw new ApiError('notice_closed', { message: NOT_OPEN_YET });
  if (status !== 'open') throw new ApiError('notice_closed');
}

/** The public status of an objection; undefined when the number is unknown. Never personal data. */
export async function publicObjectionStatus(db: Db, trackingNo: string) {
  const row = await objectionStatusByTracking(db, trackingNo);
  if (!row) return undefined;
  return {
    trackingNo: row.trackingNo,
    status: row.status,
    response: row.response,
    noticeSlug: row.noticeSlug,
    item: row.itemName,
    submittedOn: chinaDate(row.createdAt),
  };
}

/** An objection as staff see it: name and phone only for city admins. */
export function toAdminObjection(
  o: ObjectionRow,
  itemName: string | null,
  staff: Pick<StaffMember, 'role'>,
): AdminObjection {
  const personal = staff.role === 'city_admin' && o.personalClearedAt === null;
  return {
    trackingNo: o.trackingNo,
    status: o.status,
    name: personal ? o.name : null,
    phone: personal ? o.phoneMasked : null,
    contact: personal ? o.contact : null,
    content: o.content,
    item: o.itemId !== null ? { id: o.itemId, name: itemName ?? '' } : null,
    response: o.response,
    assignedTo: o.assignedTo,
    submittedAt: new Date(o.createdAt).toISOString(),
    decidedAt: o.decidedAt !== null ? new Date(o.decidedAt).toISOString() : null,
    personalCleared: o.personalClearedAt !== null,
  };
}

/** An objection as staff see it after a change, with its item's name read from the notice. */
export async function adminObjectionOf(
  db: Db,
  o: ObjectionRow,
  staff: Pick<StaffMember, 'role'>,
): Promise<AdminObjection> {
  return toAdminObjection(o, await objectionItemName(db, o.itemId), staff);
}

/** Every objection to a notice, for staff. */
export async function listForNotice(db: Db, slug: string, staff: Pick<StaffMember, 'role'>): Promise<AdminObjection[]> {
  const notice = await findNotice(db, slug);
  if (!notice) throw new ApiError('not_found');
  const rows = await objectionsOfNotice(db, notice.id);
  return rows.map((r) => toAdminObjection(r.objection, r.itemName, staff));
}

/** What the audit log keeps of an objection: never the name, phone or contact. */
const auditView = (o: Pick<ObjectionRow, 'status' | 'response' | 'assignedTo'>) => ({
  status: o.status,
  response: o.response,
  assignedTo: o.assignedTo,
});

async function requireObjection(db: Db, trackingNo: string): Promise<ObjectionRow> {
  const o = await findObjection(db, trackingNo);
  if (!o) throw new ApiError('not_found');
  return o;
}

const isDecided = (s: ObjectionStatus) => s === 'upheld' || s === 'dismissed';
const ALREADY_DECIDED = '该异议已办结。';

/**
 * Runs one guarded update of a pending objection with its audit entry; `conflict` when it was
 * decided meanwhile (the update matched nothing, so no entry is written).
 */
async function changePending(
  db: Db,
  actor: Actor,
  now: number,
  before: ObjectionRow,
  set: Partial<Pick<ObjectionRow, 'status' | 'response' | 'assignedTo'>>,
  action: string,
) {
  if (isDecided(before.status)) throw new ApiError('conflict', { message: ALREADY_DECIDED });
  const [rows] = await auditedBatch(
    db,
    actor,
    now,
    [updateOpenObjection(db, before.id, { ...set, updatedAt: now })],
    {
      action,
      entityType: 'objection',
      entityId: before.trackingNo,
      before: auditView(before),
      after: auditView({ ...before, ...set }),
    },
    { onlyIfChanged: true },
  );
  const after = rows[0];
  if (!after) throw new ApiError('conflict', { message: ALREADY_DECIDED });
  return after;
}

/** Assigns an objection to the acting city admin and moves it to under review. */
export async function assignObjection(db: Db, staff: StaffMember, network: string, trackingNo: string, now: number) {
  const before = await requireObjection(db, trackingNo);
  return changePending(
    db,
    staffActor(staff, network),
    now,
    before,
    { status: 'under_review', assignedTo: staff.id },
    'objection.assign',
  );
}

/** Records a written response (published on the status page) and moves the objection to under review. */
export async function respondToObjection(
  db: Db,
  staff: StaffMember,
  network: string,
  trackingNo: string,
  response: string,
  now: number,
) {
  const before = await requireObjection(db, trackingNo);
  return changePending(
    db,
    staffActor(staff, network),
    now,
    before,
    { status: 'under_review', response },
    'objection.respond',
  );
}

/**
 * Decides an objection. Upheld with `removeItemIds`: the notice is re-published without those items
 * as a new notice with a new period (the old one points to it), in the same batch as the decision
 * and its audit entries. Returns the updated objection and the new notice's slug, if any.
 */
export async function decideObjection(
  db: Db,
  staff: StaffMember,
  network: string,
  trackingNo: string,
  decision: ObjectionDecision,
  now: number,
): Promise<{ objection: ObjectionRow; replacedBy: string | null }> {
  const before = await requireObjection(db, trackingNo);
  if (isDecided(before.status)) throw new ApiError('conflict', { message: ALREADY_DECIDED });
  const remove = decision.removeItemIds ?? [];
  if (remove.length && decision.outcome !== 'upheld')
    throw new ApiError('invalid_request', {
      issues: [{ path: ['removeItemIds'], message: '只有成立的异议可以撤下项目' }],
    });
  const actor = staffActor(staff, network);
  const update = updateOpenObjection(db, before.id, {
    status: decision.outcome,
    response: decision.response,
    decidedAt: now,
    updatedAt: now,
  });
  const entry: NewAuditEntry = {
    action: 'objection.decide',
    entityType: 'objection',
    entityId: before.trackingNo,
    before: auditView(before),
    after: { ...auditView(before), status: decision.outcome, response: decision.response, removeItemIds: remove },
  };
  if (!remove.length) {
    const [rows] = await auditedBatch(db, actor, now, [update], entry, { onlyIfChanged: true });
    if (!rows[0]) throw new ApiError('conflict', { message: ALREADY_DECIDED });
    return { objection: rows[0], replacedBy: null };
  }
  const republish = await republishWithout(db, before.noticeId, remove, decision.response, now);
  try {
    await auditedBatch(
      db,
      actor,
      now,
      [
        guard(
          db,
          "EXISTS (SELECT 1 FROM objections WHERE id = ? AND status IN ('received','under_review'))",
          before.id,
        ),
        update,
        ...republish.statements,
      ],
      [entry, republish.audit],
    );
  } catch (e) {
    throw batchError(e) ?? e;
  }
  return { objection: (await findObjection(db, trackingNo))!, replacedBy: republish.slug };
}

const DAY_MS = 86_400_000;

/**
 * The hourly retention step for objections: `days` after a decision, the objector's name, masked
 * phone and contact are erased (the keyed phone hash stays), with one audit entry per run that
 * cleared anything. Undecided objections keep their data until decided. Returns how many.
 */
export async function clearExpiredObjectorData(db: Db, days: number, now: number): Promise<number> {
  const cutoff = now - days * DAY_MS;
  const [cleared] = await auditedBatch(
    db,
    { id: null, label: 'system', role: null },
    now,
    [clearObjectorData(db, cutoff, now)],
    {
      action: 'retention.clear_objector_data',
      entityType: 'objection',
      entityId: 'retention',
      after: { decidedBefore: new Date(cutoff).toISOString() },
      reason: `异议办结满${days}天，删除异议人姓名、手机号（掩码）和联系方式`,
    },
    { onlyIfChanged: true },
  );
  return cleared.length;
}
