/** Objections to 公示 notices: insert, public lookup, staff reads and the retention sweep. */
import { and, asc, eq, inArray, isNull, lt } from 'drizzle-orm';
import type { Db } from '../client';
import { noticeItems, notices, objections } from '../schema';

export type ObjectionRow = typeof objections.$inferSelect;

/** Statuses that still wait for a decision. */
export const PENDING_OBJECTION = ['received', 'under_review'] as const;

export interface NewObjection {
  trackingNo: string;
  noticeId: number;
  itemId: number | null;
  name: string;
  phoneHash: string;
  phoneMasked: string;
  contact: string | null;
  content: string;
  /** China date of `now`: the notice must be open on it, checked inside the insert. */
  today: string;
  now: number;
}

/**
 * Inserts an objection only if, inside the same statement, the notice is published, not withdrawn
 * and open on `today` (by the server clock), and the item (if any) is still on it. Returns whether
 * a row was inserted. A clashing tracking number fails with UNIQUE (the caller draws again).
 */
export async function insertObjection(db: Db, o: NewObjection): Promise<boolean> {
  const res = await db.$client
    .prepare(
      `INSERT INTO objections (tracking_no, notice_id, item_id, name, phone_hash, phone_masked, contact, content, status, created_at, updated_at)
       SELECT ?1, n.id, ?2, ?3, ?4, ?5, ?6, ?7, 'received', ?8, ?8 FROM notices n
       WHERE n.id = ?9 AND n.is_draft = 0 AND n.withdrawn_at IS NULL AND n.starts_on <= ?10 AND n.ends_on >= ?10
         AND (?2 IS NULL OR EXISTS (SELECT 1 FROM notice_items i WHERE i.id = ?2 AND i.notice_id = n.id AND i.removed_at IS NULL))`,
    )
    .bind(o.trackingNo, o.itemId, o.name, o.phoneHash, o.phoneMasked, o.contact, o.content, o.now, o.noticeId, o.today)
    .run();
  return res.meta.changes === 1;
}

/** The public view of an objection by its tracking number (no personal data selected). */
export function objectionStatusByTracking(db: Db, trackingNo: string) {
  return db
    .select({
      trackingNo: objections.trackingNo,
      status: objections.status,
      response: objections.response,
      noticeSlug: notices.slug,
      createdAt: objections.createdAt,
      itemName: noticeItems.name,
    })
    .from(objections)
    .innerJoin(notices, eq(notices.id, objections.noticeId))
    .leftJoin(noticeItems, eq(noticeItems.id, objections.itemId))
    .where(eq(objections.trackingNo, trackingNo))
    .get();
}

export function findObjection(db: Db, trackingNo: string): Promise<ObjectionRow | undefined> {
  return db.select().from(objections).where(eq(objections.trackingNo, trackingNo)).get();
}

/** The name of the notice item an objection names (null when it names none). */
export async function objectionItemName(db: Db, itemId: number | null): Promise<string | null> {
  if (itemId === null) return null;
  const row = await db.select({ name: noticeItems.name }).from(noticeItems).where(eq(noticeItems.id, itemId)).get();
  return row?.name ?? null;
}

/** Every objection to a notice with its item's name, oldest first (staff). */
export function objectionsOfNotice(db: Db, noticeId: number) {
  return db
    .select({ objection: objections, itemName: noticeItems.name })
    .from(objections)
    .leftJoin(noticeItems, eq(noticeItems.id, objections.itemId))
    .where(eq(objections.noticeId, noticeId))
    .orderBy(asc(objections.createdAt), asc(objections.id));
}

/**
 * Retention: objections decided before `decidedBefore` are reduced to the keyed phone hash (which
 * cannot be reversed without the secret key): the name, masked phone and contact are erased; the
 * content, status and response stay. A batch item (the caller adds the audit entry).
 */
export function clearObjectorData(db: Db, decidedBefore: number, now: number) {
  return db
    .update(objections)
    .set({ name: '', phoneMasked: '', contact: null, personalClearedAt: now })
    .where(and(isNull(objections.personalClearedAt), lt(objections.decidedAt, decidedBefore)))
    .returning({ trackingNo: objections.trackingNo });
}

/**
 * The UPDATE of objection `id` with `set`, only while it is undecided (received or under review);
 * returns the row it changed, none when a decision got there first.
 */
export function updateOpenObjection(db: Db, id: number, set: Partial<typeof objections.$inferInsert>) {
  return db
    .update(objections)
    .set(set)
    .where(and(eq(objections.id, id), inArray(objections.status, ['received', 'under_review'])))
    .returning();
}
