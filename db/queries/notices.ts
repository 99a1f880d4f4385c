/** 公示 notice reads. */
import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { TrackKey } from '../../contracts/enums';
import type { Db } from '../client';
import { counties, noticeItems, notices } from '../schema';

export type NoticeRow = typeof notices.$inferSelect;

/** Published notices (drafts are for staff only), newest first. */
export function listNotices(db: Db, trackKey?: TrackKey): Promise<NoticeRow[]> {
  const published = eq(notices.isDraft, 0);
  return db
    .select()
    .from(notices)
    .where(trackKey ? and(published, eq(notices.trackKey, trackKey)) : published)
    .orderBy(desc(notices.publishedOn), desc(notices.id));
}

/** The notices with these ids (nulls skipped). */
export function noticesByIds(db: Db, ids: (number | null)[]): Promise<NoticeRow[]> {
  const wanted = ids.filter((id): id is number => id !== null);
  if (!wanted.length) return Promise.resolve([]);
  return db.select().from(notices).where(inArray(notices.id, wanted));
}

export function findNotice(db: Db, slug: string): Promise<NoticeRow | undefined> {
  return db.select().from(notices).where(eq(notices.slug, slug)).get();
}

/** The items still on a notice (removed items stay in the table but leave the list). */
export function noticeItemsOf(db: Db, noticeId: number) {
  return db
    .select({
      id: noticeItems.id,
      name: noticeItems.name,
      county: counties.name,
      score: noticeItems.score,
      note: noticeItems.note,
    })
    .from(noticeItems)
    .leftJoin(counties, eq(counties.id, noticeItems.countyId))
    .where(and(eq(noticeItems.noticeId, noticeId), isNull(noticeItems.removedAt)))
    .orderBy(asc(noticeItems.sort));
}
