/**
 * Notices by staff: drafts created from a confirmed decision or by hand, edited until published,
 * published with their period computed from the calendar in D1 and stored, withdrawn with a public
 * reason; and the re-publication of a notice after an upheld objection removed items from it.
 * Each write commits itself with its audit entry in one batch (workflow/change `commit`).
 */
import { CalendarMissingError, workingPeriod, yearsNear } from '../../../contracts/calendar';
import { chinaDate } from '../../../contracts/china-time';
import { formatScore } from '../../../contracts/decision';
import type { TrackKey } from '../../../contracts/enums';
import type {
  AdminNotice,
  AdminNoticeBody,
  ManualNoticeItem,
  NoticeDraftRequest,
  NoticeDraftUpdate,
  NoticeState,
} from '../../../contracts/admin-notices';
import type { Db } from '../../../db/client';
import { loadCalendar } from '../../../db/queries/calendar';
import { allCounties } from '../../../db/queries/workflow';
import {
  findNotice,
  staffNoticeItems,
  staffNotices,
  type NoticeRow,
  type StaffNoticeRow,
  insertNoticeItem,
  markNoticeReplaced,
  noticeById,
  noticeItemRows,
  insertNotice,
  updateNotice,
  deleteNoticeItems,
} from '../../../db/queries/notices';
import { ApiError } from '../../errors';
import { requireOpenRound, requireRoundOpenById } from '../rounds';
import type { NewAuditEntry } from '../audit';
import { noticeStatus } from '../notices';
import { guard } from '../../../db/queries/guard';
import { fail, invalid, requireRole, commit, type Change } from '../workflow/change';
import type { ChangeResult } from '../../../contracts/admin-workflow';
import type { StaffActor } from '../audit';
import { confirmedDecision } from '../workflow/decision';

/** The period of `workingDays` working days published on `publishedOn`, or `calendar_missing`. */
export async function periodFor(db: Db, publishedOn: string, workingDays: number) {
  const cal = await loadCalendar(db, yearsNear(publishedOn));
  try {
    return workingPeriod(publishedOn, workingDays, cal);
  } catch (e) {
    if (e instanceof CalendarMissingError)
      throw new ApiError('calendar_missing', { message: `${e.year}年的节假日安排尚未录入，无法计算公示期。` });
    throw e;
  }
}

/** A slug for the n-th re-publication of `slug` that is still free (`bases-publicity-r2`, …). */
async function nextRepublishSlug(db: Db, slug: string): Promise<string> {
  const root = slug.replace(/-r\d+$/, '').slice(0, 58);
  for (let n = 2; ; n++) {
    const candidate = `${root}-r${n}`;
    if (!(await findNotice(db, candidate))) return candidate;
  }
}

/**
 * Statements that re-publish notice `noticeId` today without `removeItemIds`: a new notice with a
 * new period (same track, texts, contact and length) listing every item, the removed ones marked
 * removed (so the final list leaves them out); the old notice is withdrawn and points to the new
 * one. Guarded: the batch aborts if the old notice was replaced or withdrawn meanwhile.
 */
export async function republishWithout(
  db: Db,
  noticeId: number,
  removeItemIds: number[],
  reason: string,
  now: number,
): Promise<{ slug: string; statements: Change['statements']; audit: NewAuditEntry }> {
  const old = await noticeById(db, noticeId);
  if (!old) throw new ApiError('not_found');
  // The new notice joins the old one's round, which must still be open.
  await requireRoundOpenById(db, old.roundId);
  if (old.replacedById !== null || old.withdrawnAt !== null)
    throw new ApiError('conflict', { message: '该公示已撤回或已重新公示。' });
  const items = await noticeItemRows(db, noticeId);
  const live = new Set(items.filter((i) => i.removedAt === null).map((i) => i.id));
  const bad = removeItemIds.filter((id) => !live.has(id));
  if (bad.length)
    throw new ApiError('invalid_request', { issues: [{ path: ['removeItemIds'], message: '公示名单中没有这些项目' }] });
  if (removeItemIds.length >= live.size)
    throw new ApiError('invalid_request', { issues: [{ path: ['removeItemIds'], message: '不能撤下全部项目' }] });

  const publishedOn = chinaDate(now);
  const period = await periodFor(db, publishedOn, old.workingDays);
  const slug = await nextRepublishSlug(db, old.slug);
  const remove = new Set(removeItemIds);
  const statements: Change['statements'] = [
    guard(
      db,
      'EXISTS (SELECT 1 FROM notices WHERE id = ? AND replaced_by_id IS NULL AND withdrawn_at IS NULL)',
      old.id,
    ),
    insertNotice(db, {
      slug,
      trackKey: old.trackKey,
      roundId: old.roundId,
      title: old.title,
      body: old.body,
      publishedOn,
      startsOn: period.startsOn,
      endsOn: period.endsOn,
      workingDays: old.workingDays,
      supersedesId: old.id,
      contactName: old.contactName,
      contactPhone: old.contactPhone,
      contactAddress: old.contactAddress,
      isDemo: old.isDemo,
    }),
    ...items.map((i) => {
      const removedAt = i.removedAt ?? (remove.has(i.id) ? now : null);
      const removedReason = i.removedReason ?? (remove.has(i.id) ? reason : null);
      return insertNoticeItem(db, slug, {
        candidateId: i.candidateId,
        name: i.name,
        countyId: i.countyId,
        score: i.score,
        note: i.note,
        sort: i.sort,
        removedAt,
        removedReason,
      });
    }),
    markNoticeReplaced(db, old.id, slug, now, '异议成立，已调整名单并重新公示。'),
  ];
  return {
    slug,
    statements,
    audit: {
      action: 'notice.republish',
      entityType: 'notice',
      entityId: slug,
      before: { slug: old.slug, endsOn: old.endsOn },
      after: { slug, publishedOn, startsOn: period.startsOn, endsOn: period.endsOn, removedItemIds: removeItemIds },
      reason,
    },
  };
}

/** A notice's state for staff: `draft` until published, then the public status by the clock. */
export function noticeState(notice: NoticeRow, now: number): NoticeState {
  return notice.isDraft ? 'draft' : noticeStatus(notice, now);
}

function toAdminNotice(row: StaffNoticeRow, now: number): AdminNotice {
  const n = row.notice;
  const draft = n.isDraft === 1;
  return {
    slug: n.slug,
    track: n.trackKey,
    title: n.title,
    body: n.body,
    state: noticeState(n, now),
    publishedOn: draft ? null : n.publishedOn,
    startsOn: draft ? null : n.startsOn,
    endsOn: draft ? null : n.endsOn,
    workingDays: n.workingDays,
    contact: { name: n.contactName, phone: n.contactPhone, address: n.contactAddress },
    postmarkRule: n.postmarkRule,
    withdrawnReason: n.withdrawnReason,
    replaces: row.replaces,
    replacedBy: row.replacedBy,
    objections: { total: Number(row.objectionTotal), pending: Number(row.objectionPending) },
    createdAt: new Date(n.createdAt).toISOString(),
  };
}

/** Every notice for staff, drafts included, newest first, with objection counts. */
export async function staffNoticeList(db: Db, trackKey: TrackKey | undefined, now: number): Promise<AdminNotice[]> {
  return (await staffNotices(db, { trackKey })).map((r) => toAdminNotice(r, now));
}

/** One notice for staff with all its items (removed ones marked); 404 when there is none. */
export async function staffNoticeDetail(db: Db, slug: string, now: number): Promise<AdminNoticeBody> {
  const [row] = await staffNotices(db, { slug });
  if (!row) throw new ApiError('not_found');
  const items = await staffNoticeItems(db, row.notice.id);
  return {
    notice: toAdminNotice(row, now),
    items: items.map(({ removedAt, ...i }) => ({ ...i, removed: removedAt !== null })),
  };
}

/** An item of the notice as a row to insert (the notice is referenced by slug: its id is not known yet). */
interface ItemValues {
  candidateId: number | null;
  name: string;
  countyId: string | null;
  score: number | null;
  note: string | null;
}

/** The selected items of the track's confirmed decision in rank order, each with its breakdown as the note. */
async function itemsFromDecision(db: Db, trackKey: TrackKey): Promise<ItemValues[]> {
  const confirmed = await confirmedDecision(db, trackKey);
  if (!confirmed) fail({ code: 'conflict', message: '本赛道的评选结果尚未确认，不能据此生成公示。' });
  const { decision, items } = confirmed;
  const parts: [string, number, (i: (typeof items)[number]) => string][] = [
    ['县级推荐', decision.weightCounty, (i) => formatScore(i.countyScore)],
    ['专家评审', decision.weightExpert, (i) => formatScore(i.expertScore)],
    ['公众投票', decision.weightVote, (i) => `${formatScore(i.voteScore)}（${i.votes ?? 0}票）`],
  ];
  return items
    .filter((i) => i.selected === 1)
    .map((i) => ({
      candidateId: i.candidateId,
      name: i.name,
      countyId: i.countyId,
      score: i.total,
      note: `第${i.rank}名：${parts
        .filter(([, weight]) => weight > 0)
        .map(([label, weight, value]) => `${label} ${value(i)}×${weight}%`)
        .join(' + ')} = ${formatScore(i.total)}`,
    }));
}

/** Refuses items naming a county that does not exist (the foreign key would fail the batch). */
async function checkCounties(db: Db, items: ManualNoticeItem[]): Promise<void> {
  if (!items.some((i) => i.countyId)) return;
  const known = new Set((await allCounties(db)).map((c) => c.id));
  const issues = items.flatMap((i, n) =>
    i.countyId && !known.has(i.countyId)
      ? [{ path: ['items', n, 'countyId'], message: `没有编号为“${i.countyId}”的县（市、区）` }]
      : [],
  );
  if (issues.length) throw new ApiError('invalid_request', { issues });
}

const manual = (items: ManualNoticeItem[]): ItemValues[] =>
  items.map((i) => ({
    candidateId: null,
    name: i.name,
    countyId: i.countyId ?? null,
    score: i.score ?? null,
    note: i.note ?? null,
  }));

function insertItems(db: Db, slug: string, items: ItemValues[]) {
  return items.map((i, n) => insertNoticeItem(db, slug, { ...i, sort: n + 1 }));
}

/** The published notice a new one replaces: same track, not withdrawn and not replaced yet. */
async function replaceable(db: Db, slug: string, trackKey: TrackKey, roundId: number | null): Promise<NoticeRow> {
  const old = await findNotice(db, slug);
  if (!old || old.isDraft || old.trackKey !== trackKey || old.roundId !== roundId)
    invalid(['replaces'], '没有本赛道本年度已发布的这份公示');
  if (old.withdrawnAt !== null || old.replacedById !== null)
    fail({ code: 'conflict', message: '被替代的公示已撤回或已被替代。' });
  return old;
}

const fields = (input: NoticeDraftUpdate) => ({
  title: input.title,
  body: input.body,
  contactName: input.contactName,
  contactPhone: input.contactPhone,
  contactAddress: input.contactAddress,
  postmarkRule: input.postmarkRule,
  workingDays: input.workingDays,
});

/**
 * A draft notice (city admin): the selected items of the track's confirmed decision with their
 * breakdown, or items typed in for tracks without a vote. Invisible to the public until published;
 * its period columns hold the creation date until then.
 */
export async function createNoticeDraft(
  db: Db,
  actor: StaffActor,
  input: NoticeDraftRequest,
  now: number,
): Promise<ChangeResult> {
  requireRole(actor, 'city_admin');
  // A new notice belongs to the track's current round, which must be open.
  const round = await requireOpenRound(db, input.track);
  if (await findNotice(db, input.slug)) fail({ code: 'conflict', message: '该公示地址已被使用。' });
  let items: ItemValues[];
  if (input.source === 'decision') {
    if (input.items) invalid(['items'], '由评选结果生成的公示不能另填项目');
    items = await itemsFromDecision(db, input.track);
  } else {
    if (!input.items?.length) invalid(['items'], '请至少填写一个公示项目');
    await checkCounties(db, input.items);
    items = manual(input.items);
  }
  if (!items.length) fail({ code: 'conflict', message: '评选结果中没有确定的项目。' });
  const old = input.replaces ? await replaceable(db, input.replaces, input.track, round.id) : null;
  const today = chinaDate(now);
  const values = {
    slug: input.slug,
    trackKey: input.track,
    roundId: round.id,
    ...fields(input),
    publishedOn: today,
    startsOn: today,
    endsOn: today,
    isDraft: 1,
    supersedesId: old?.id ?? null,
  };
  return commit(db, actor, now, {
    round: round.id,
    statements: [insertNotice(db, values), ...insertItems(db, input.slug, items)],
    audit: {
      action: 'notice.create',
      entityType: 'notice',
      entityId: input.slug,
      before: null,
      after: { ...fields(input), track: input.track, source: input.source, replaces: old?.slug ?? null, items },
    },
  });
}

/** The draft with this slug, or 404 / 409 when there is none or it is published. */
async function draftOf(db: Db, slug: string): Promise<NoticeRow> {
  const notice = await findNotice(db, slug);
  if (!notice) throw new ApiError('not_found');
  await requireRoundOpenById(db, notice.roundId);
  if (!notice.isDraft) fail({ code: 'conflict', message: '公示已发布，不能再修改；如需更正请撤回后重新发布。' });
  return notice;
}

const stillDraft = (db: Db, id: number) =>
  guard(db, 'EXISTS (SELECT 1 FROM notices WHERE id = ? AND is_draft = 1)', id);

/** Edits a draft (city admin); `items` replaces the items of a draft typed in by hand. */
export async function updateNoticeDraft(
  db: Db,
  actor: StaffActor,
  slug: string,
  input: NoticeDraftUpdate,
  now: number,
): Promise<ChangeResult> {
  requireRole(actor, 'city_admin');
  const draft = await draftOf(db, slug);
  const old = input.replaces ? await replaceable(db, input.replaces, draft.trackKey, draft.roundId) : null;
  const statements: Change['statements'] = [
    stillDraft(db, draft.id),
    updateNotice(db, draft.id, { ...fields(input), supersedesId: old?.id ?? null }),
  ];
  if (input.items) {
    const current = await staffNoticeItems(db, draft.id);
    if (current.some((i) => i.candidateId !== null)) invalid(['items'], '由评选结果生成的公示项目不能修改');
    if (!input.items.length) invalid(['items'], '请至少填写一个公示项目');
    await checkCounties(db, input.items);
    statements.push(deleteNoticeItems(db, draft.id), ...insertItems(db, slug, manual(input.items)));
  }
  return commit(db, actor, now, {
    round: draft.roundId,
    statements,
    audit: {
      action: 'notice.update',
      entityType: 'notice',
      entityId: slug,
      before: fields({ ...draft, replaces: null, body: draft.body }),
      after: { ...fields(input), replaces: old?.slug ?? null, ...(input.items ? { items: input.items } : {}) },
    },
  });
}

/**
 * Publishes a draft (city admin) on `publishedOn` (default today; never earlier): the period is
 * computed from the calendar and stored, so later calendar edits never move it; `calendar_missing`
 * when it reaches a year not entered. A notice it replaces is withdrawn and points to it.
 */
export async function publishNotice(
  db: Db,
  actor: StaffActor,
  slug: string,
  publishedOn: string | undefined,
  now: number,
): Promise<{ replaced: NoticeRow | null }> {
  requireRole(actor, 'city_admin');
  const draft = await draftOf(db, slug);
  const today = chinaDate(now);
  const on = publishedOn ?? today;
  if (on < today) invalid(['publishedOn'], '发布日期不能早于今天');
  const period = await periodFor(db, on, draft.workingDays);
  const old = draft.supersedesId === null ? null : ((await noticeById(db, draft.supersedesId)) ?? null);
  const statements: Change['statements'] = [
    stillDraft(db, draft.id),
    updateNotice(db, draft.id, { isDraft: 0, publishedOn: on, startsOn: period.startsOn, endsOn: period.endsOn }),
  ];
  if (old) {
    statements.push(
      guard(db, 'EXISTS (SELECT 1 FROM notices WHERE id = ? AND replaced_by_id IS NULL)', old.id),
      markNoticeReplaced(db, old.id, draft.id, now, '本公示已由新发布的公示替代。'),
    );
  }
  await commit(db, actor, now, {
    round: draft.roundId,
    statements,
    audit: {
      action: 'notice.publish',
      entityType: 'notice',
      entityId: slug,
      before: { state: 'draft' },
      after: { publishedOn: on, startsOn: period.startsOn, endsOn: period.endsOn, replaces: old?.slug ?? null },
    },
  });
  return { replaced: old };
}

/** Withdraws a scheduled or open notice (city admin) with a reason the public page shows. */
export async function withdrawNotice(
  db: Db,
  actor: StaffActor,
  slug: string,
  reason: string,
  now: number,
): Promise<{ notice: NoticeRow }> {
  requireRole(actor, 'city_admin');
  const notice = await findNotice(db, slug);
  if (!notice) throw new ApiError('not_found');
  await requireRoundOpenById(db, notice.roundId);
  const state = noticeState(notice, now);
  if (state !== 'scheduled' && state !== 'open')
    fail({ code: 'conflict', message: state === 'draft' ? '草稿尚未发布，无需撤回。' : '只能撤回尚未结束的公示。' });
  await commit(db, actor, now, {
    round: notice.roundId,
    statements: [
      guard(db, 'EXISTS (SELECT 1 FROM notices WHERE id = ? AND withdrawn_at IS NULL)', notice.id),
      updateNotice(db, notice.id, { withdrawnAt: now, withdrawnReason: reason }),
    ],
    audit: {
      action: 'notice.withdraw',
      entityType: 'notice',
      entityId: slug,
      before: { state },
      after: { state: 'withdrawn' },
      reason,
    },
  });
  return { notice };
}
