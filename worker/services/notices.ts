/** Notice status by the China date and the public shape of a notice (API.md). */
import type { Notice, NoticeItem } from '../../contracts/api';
import { chinaDate } from '../../contracts/china-time';
import type { NoticeStatus } from '../../contracts/enums';
import type { Db } from '../../db/client';
import {
  allNoticeItems,
  listNotices,
  noticeBySlug,
  noticeItemsBySlug,
  trackTitleOfNotice,
  type NoticeRow,
} from '../../db/queries/notices';

/** The period ends at 24:00 China time of endsOn, so the notice is open through that whole date. */
export function noticeStatus(notice: NoticeRow, now: number): NoticeStatus {
  if (notice.withdrawnAt !== null) return 'withdrawn';
  const today = chinaDate(now);
  if (today < notice.startsOn) return 'scheduled';
  if (today <= notice.endsOn) return 'open';
  return 'ended';
}

export function toNotice(notice: NoticeRow, items: NoticeItem[], now: number): Notice {
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

/** A notice with its items (GET /api/notices/:slug); undefined when there is none. One D1 round trip. */
export async function noticeDetail(db: Db, slug: string, now: number): Promise<Notice | undefined> {
  const [[notice], items] = await db.batch([noticeBySlug(db, slug), noticeItemsBySlug(db, slug)]);
  return notice && toNotice(notice, items.map(item), now);
}

/** A notice and its track's title (notice page); undefined when there is none. One D1 round trip. */
export async function noticePage(db: Db, slug: string, now: number) {
  const [[notice], items, [track]] = await db.batch([
    noticeBySlug(db, slug),
    noticeItemsBySlug(db, slug),
    trackTitleOfNotice(db, slug),
  ]);
  if (!notice) return undefined;
  return { notice: toNotice(notice, items.map(item), now), trackTitle: track?.title ?? notice.trackKey };
}

/** Every notice with its items (GET /api/notices). One D1 round trip. */
export async function allNotices(db: Db, now: number): Promise<Notice[]> {
  const [rows, items] = await db.batch([listNotices(db), allNoticeItems(db)]);
  const byNotice = new Map<number, ItemRow[]>();
  for (const i of items) byNotice.set(i.noticeId, [...(byNotice.get(i.noticeId) ?? []), i]);
  return rows.map((n) => toNotice(n, (byNotice.get(n.id) ?? []).map(item), now));
}
