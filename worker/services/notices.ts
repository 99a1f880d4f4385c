/** Notice status by the China date and the public shape of a notice (docs/api.md). */
import type { Notice, NoticeItem } from '../../contracts/api';
import { CalendarMissingError, isWorkingDay, type CalendarData } from '../../contracts/calendar';
import { addDays, chinaDate } from '../../contracts/china-time';
import type { NoticeStatus } from '../../contracts/enums';
import { reads, type Db } from '../../db/client';
import { calendarDaysIn, calendarYearsIn, toCalendarData } from '../../db/queries/calendar';
import {
  allNoticeItems,
  listNotices,
  noticeBySlug,
  noticeItemsBySlug,
  noticeLinksBySlug,
  trackTitleOfNotice,
  type NoticeRow,
} from '../../db/queries/notices';

/**
 * The period ends at 24:00 China time of endsOn, so the notice is open through that whole date.
 * Derived from the clock on every read, so it is right even when the hourly job is late.
 */
export function noticeStatus(notice: NoticeRow, now: number): NoticeStatus {
  if (notice.withdrawnAt !== null) return 'withdrawn';
  const today = chinaDate(now);
  if (today < notice.startsOn) return 'scheduled';
  if (today <= notice.endsOn) return 'open';
  return 'ended';
}

/** Slugs of the notices a notice re-publishes and is re-published by. */
export interface NoticeLinks {
  replaces: string | null;
  replacedBy: string | null;
}

const NO_LINKS: NoticeLinks = { replaces: null, replacedBy: null };

/** The links of `notice` among `rows` (which must hold both ends when they exist). */
export function linksAmong(notice: NoticeRow, rows: NoticeRow[]): NoticeLinks {
  const slugOf = (id: number | null) => (id === null ? null : (rows.find((r) => r.id === id)?.slug ?? null));
  return { replaces: slugOf(notice.supersedesId), replacedBy: slugOf(notice.replacedById) };
}

export function toNotice(notice: NoticeRow, items: NoticeItem[], now: number, links: NoticeLinks = NO_LINKS): Notice {
  return {
    slug: notice.slug,
    title: notice.title,
    track: notice.trackKey,
    status: noticeStatus(notice, now),
    publishedOn: notice.publishedOn,
    startsOn: notice.startsOn,
    endsOn: notice.endsOn,
    workingDays: notice.workingDays,
    body: notice.body,
    isDemo: notice.isDemo === 1,
    items,
    contact: { name: notice.contactName, phone: notice.contactPhone, address: notice.contactAddress },
    postmarkRule: notice.postmarkRule,
    withdrawnReason: notice.withdrawnAt !== null ? notice.withdrawnReason : null,
    ...links,
  };
}

/** The short form of a notice in lists (home, track pages, track API). */
export function toNoticeSummary(notice: NoticeRow, now: number) {
  return {
    slug: notice.slug,
    title: notice.title,
    status: noticeStatus(notice, now),
    startsOn: notice.startsOn,
    endsOn: notice.endsOn,
  };
}
export type NoticeSummary = ReturnType<typeof toNoticeSummary>;

type ItemRow = NoticeItem & { noticeId: number };
const item = ({ noticeId: _, ...rest }: ItemRow): NoticeItem => rest;

/** A published notice with its items (GET /api/notices/:slug); undefined when there is none. One D1 round trip. */
export async function noticeDetail(db: Db, slug: string, now: number): Promise<Notice | undefined> {
  const [[notice], items, [links]] = await db.batch([
    noticeBySlug(db, slug),
    noticeItemsBySlug(db, slug),
    noticeLinksBySlug(db, slug),
  ]);
  return notice && toNotice(notice, items.map(item), now, links ?? NO_LINKS);
}

/**
 * A published notice and the notice as it now stands: the last of the re-publications that replaced
 * it (itself when none did). Undefined when there is no such published notice.
 */
export async function noticeAsItStands(
  db: Db,
  slug: string,
  now: number,
): Promise<{ notice: Notice; current: Notice } | undefined> {
  const notice = await noticeDetail(db, slug, now);
  if (!notice) return undefined;
  let current = notice;
  // A replaced notice can be replaced again; the bound only guards against a cycle in bad data.
  for (let hops = 0; current.replacedBy && hops < 10; hops++) {
    const next = await noticeDetail(db, current.replacedBy, now);
    if (!next) break;
    current = next;
  }
  return { notice, current };
}

/**
 * Working days left in an open or scheduled notice, today included when it is a working day; null
 * when the notice is not running or a year it touches has no calendar in `cal`.
 */
export function workingDaysLeft(notice: Notice, now: number, cal: CalendarData): number | null {
  if (notice.status !== 'open' && notice.status !== 'scheduled') return null;
  const today = chinaDate(now);
  let left = 0;
  try {
    for (let d = today > notice.startsOn ? today : notice.startsOn; d <= notice.endsOn; d = addDays(d, 1))
      if (isWorkingDay(d, cal)) left++;
  } catch (e) {
    if (e instanceof CalendarMissingError) return null;
    throw e;
  }
  return left;
}

/**
 * A published notice, its track's title and its working days left (notice page); undefined when
 * there is none. One D1 round trip: a running notice ends within weeks of today, so the calendar of
 * this year and the next is read in the same batch.
 */
export async function noticePage(db: Db, slug: string, now: number) {
  const year = Number(chinaDate(now).slice(0, 4));
  const [[notice], items, [track], [links], days, known] = await db.batch([
    noticeBySlug(db, slug),
    noticeItemsBySlug(db, slug),
    trackTitleOfNotice(db, slug),
    noticeLinksBySlug(db, slug),
    calendarDaysIn(db, [year, year + 1]),
    calendarYearsIn(db, [year, year + 1]),
  ]);
  if (!notice) return undefined;
  const detail = toNotice(notice, items.map(item), now, links ?? NO_LINKS);
  return {
    notice: detail,
    trackTitle: track?.title ?? notice.trackKey,
    daysLeft: workingDaysLeft(detail, now, toCalendarData(days, known)),
  };
}

/** Every published notice with its items (GET /api/notices). One D1 round trip. */
export async function allNotices(db: Db, now: number): Promise<Notice[]> {
  const [rows, items] = await reads(db, [listNotices(db, { track: null }), allNoticeItems(db)]);
  const byNotice = new Map<number, ItemRow[]>();
  for (const i of items) byNotice.set(i.noticeId, [...(byNotice.get(i.noticeId) ?? []), i]);
  return rows.map((n) => toNotice(n, (byNotice.get(n.id) ?? []).map(item), now, linksAmong(n, rows)));
}
