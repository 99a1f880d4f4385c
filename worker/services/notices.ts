/** Notice status by the China date and the public shape of a notice (API.md). */
import type { Notice, NoticeItem } from '../../contracts/api';
import { CalendarMissingError, isWorkingDay } from '../../contracts/calendar';
import { addDays, chinaDate } from '../../contracts/china-time';
import { loadCalendar } from '../../db/queries/calendar';
import type { NoticeStatus } from '../../contracts/enums';
import type { Db } from '../../db/client';
import { findNotice, noticeItemsOf, noticesByIds, type NoticeRow } from '../../db/queries/notices';

/** The period ends at 24:00 China time of endsOn, so the notice is open through that whole date. */
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

/** The links of `notice` among `rows` (which must hold both ends when they exist). */
export function linksAmong(notice: NoticeRow, rows: NoticeRow[]): NoticeLinks {
  const slugOf = (id: number | null) => (id === null ? null : (rows.find((r) => r.id === id)?.slug ?? null));
  return { replaces: slugOf(notice.supersedesId), replacedBy: slugOf(notice.replacedById) };
}

export function toNotice(
  notice: NoticeRow,
  items: NoticeItem[],
  now: number,
  links: NoticeLinks = { replaces: null, replacedBy: null },
): Notice {
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

/** A notice with its items (notice page, GET /api/notices/:slug); undefined when there is none. */
export async function noticeDetail(db: Db, slug: string, now: number): Promise<Notice | undefined> {
  const notice = await findNotice(db, slug);
  if (!notice || notice.isDraft) return undefined;
  const linked = await noticesByIds(db, [notice.supersedesId, notice.replacedById]);
  return toNotice(notice, await noticeItemsOf(db, notice.id), now, linksAmong(notice, linked));
}

/**
 * Working days left in an open or scheduled notice, today included when it is a working day; null
 * when the notice is not running or a year it touches has no calendar.
 */
export async function workingDaysLeft(db: Db, notice: Notice, now: number): Promise<number | null> {
  if (notice.status !== 'open' && notice.status !== 'scheduled') return null;
  const today = chinaDate(now);
  const from = today > notice.startsOn ? today : notice.startsOn;
  const years = [...new Set([Number(from.slice(0, 4)), Number(notice.endsOn.slice(0, 4))])];
  const cal = await loadCalendar(db, years);
  let left = 0;
  try {
    for (let d = from; d <= notice.endsOn; d = addDays(d, 1)) if (isWorkingDay(d, cal)) left++;
  } catch (e) {
    if (e instanceof CalendarMissingError) return null;
    throw e;
  }
  return left;
}
