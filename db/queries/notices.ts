/** 公示 notice reads. */
import { and, asc, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { TrackKey } from '../../contracts/enums';
import type { Db } from '../client';
import { counties, noticeItems, notices, tracks } from '../schema';

export type NoticeRow = typeof notices.$inferSelect;

/** Notices, optionally of one track, newest first; a batchable query. */
export function listNotices(db: Db, trackKey?: TrackKey) {
  return db
    .select()
    .from(notices)
    .where(trackKey ? eq(notices.trackKey, trackKey) : undefined)
    .orderBy(desc(notices.publishedOn), desc(notices.id));
}

export function findNotice(db: Db, slug: string): Promise<NoticeRow | undefined> {
  return db.select().from(notices).where(eq(notices.slug, slug)).get();
}

/** The notice with this slug as a batchable query (zero or one row), for one-round-trip reads. */
export function noticeBySlug(db: Db, slug: string) {
  return db.select().from(notices).where(eq(notices.slug, slug)).limit(1);
}

/** The title of the track of the notice with this slug (zero or one row), batchable. */
export function trackTitleOfNotice(db: Db, slug: string) {
  return db
    .select({ title: tracks.title })
    .from(notices)
    .innerJoin(tracks, eq(tracks.key, notices.trackKey))
    .where(eq(notices.slug, slug))
    .limit(1);
}

/** The county's name under its own column name (D1 batch rows are keyed by column name; see polls.ts). */
const countyName = sql<string | null>`${counties.name}`.as('county_name');

function items(db: Db, notice: SQL) {
  return db
    .select({
      noticeId: noticeItems.noticeId,
      id: noticeItems.id,
      name: noticeItems.name,
      county: countyName,
      score: noticeItems.score,
      note: noticeItems.note,
    })
    .from(noticeItems)
    .innerJoin(notices, eq(notices.id, noticeItems.noticeId))
    .leftJoin(counties, eq(counties.id, noticeItems.countyId))
    .where(and(notice, isNull(noticeItems.removedAt)))
    .orderBy(asc(noticeItems.noticeId), asc(noticeItems.sort));
}

/** The items still on a notice (removed items stay in the table but leave the list). */
export function noticeItemsOf(db: Db, noticeId: number) {
  return items(db, eq(notices.id, noticeId));
}

/** The items still on the notice with this slug, batchable. */
export function noticeItemsBySlug(db: Db, slug: string) {
  return items(db, eq(notices.slug, slug));
}

/** The items still on every notice, by notice then in order, batchable (GET /api/notices). */
export function allNoticeItems(db: Db) {
  return db
    .select({
      noticeId: noticeItems.noticeId,
      id: noticeItems.id,
      name: noticeItems.name,
      county: countyName,
      score: noticeItems.score,
      note: noticeItems.note,
    })
    .from(noticeItems)
    .leftJoin(counties, eq(counties.id, noticeItems.countyId))
    .where(isNull(noticeItems.removedAt))
    .orderBy(asc(noticeItems.noticeId), asc(noticeItems.sort));
}
