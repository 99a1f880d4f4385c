/** 公示 notice reads. */
import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import type { TrackKey } from '../../contracts/enums';
import type { Db } from '../client';
import { counties, noticeItems, notices } from '../schema';

export type NoticeRow = typeof notices.$inferSelect;

export function listNotices(db: Db, trackKey?: TrackKey): Promise<NoticeRow[]> {
  const q = db.select().from(notices);
  return (trackKey ? q.where(eq(notices.trackKey, trackKey)) : q).orderBy(desc(notices.publishedOn), desc(notices.id));
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
