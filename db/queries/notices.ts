/** 公示 notice reads. */
import { and, asc, desc, eq, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { TrackKey } from '../../contracts/enums';
import { compiledRead, eqUnlessNull, type Db } from '../client';
import { counties, noticeItems, notices, objections, tracks } from '../schema';

export type NoticeRow = typeof notices.$inferSelect;

/** Published notices: every public read filters with this, so a draft never leaves the admin area. */
const published = eq(notices.isDraft, 0);

/** Published notices (not drafts) of one track or (`track: null`) of all, newest first; compiled for `reads`. */
export const listNotices = compiledRead(['track'], (db, p) =>
  db
    .select()
    .from(notices)
    .where(and(published, eqUnlessNull(notices.trackKey, p.track)))
    .orderBy(desc(notices.publishedOn), desc(notices.id))
    .prepare(),
);

/** The notice with this slug, drafts included (staff reads and writes). */
export function findNotice(db: Db, slug: string): Promise<NoticeRow | undefined> {
  return db.select().from(notices).where(eq(notices.slug, slug)).get();
}

/** The notice with this id, drafts included (staff). */
export function noticeById(db: Db, id: number): Promise<NoticeRow | undefined> {
  return db.select().from(notices).where(eq(notices.id, id)).get();
}

/** The published notice with this slug (public reads: never a draft). */
export function findPublishedNotice(db: Db, slug: string): Promise<NoticeRow | undefined> {
  return noticeBySlug(db, slug).get();
}

/** The published notice with this slug as a batchable query (zero or one row), for one-round-trip reads. */
export function noticeBySlug(db: Db, slug: string) {
  return db
    .select()
    .from(notices)
    .where(and(published, eq(notices.slug, slug)))
    .limit(1);
}

const older = alias(notices, 'older');
const newer = alias(notices, 'newer');

/**
 * The slugs of the published notices the notice with this slug re-publishes and is re-published by
 * (zero or one row), batchable. Aliased columns, since D1 batch rows are keyed by column name.
 */
export function noticeLinksBySlug(db: Db, slug: string) {
  return db
    .select({
      replaces: sql<string | null>`${older.slug}`.as('replaces_slug'),
      replacedBy: sql<string | null>`${newer.slug}`.as('replaced_by_slug'),
    })
    .from(notices)
    .leftJoin(older, and(eq(older.id, notices.supersedesId), eq(older.isDraft, 0)))
    .leftJoin(newer, and(eq(newer.id, notices.replacedById), eq(newer.isDraft, 0)))
    .where(eq(notices.slug, slug))
    .limit(1);
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

/** Objections per notice as columns of a notice row (staff lists). */
const objectionTotal = sql<number>`(SELECT count(*) FROM ${objections} o WHERE o.notice_id = ${notices.id})`;
const objectionPending = sql<number>`(SELECT count(*) FROM ${objections} o WHERE o.notice_id = ${notices.id} AND o.status IN ('received', 'under_review'))`;

/** Every notice, drafts included, newest first, with its objection counts and link slugs (staff). */
export function staffNotices(db: Db, where?: { trackKey?: TrackKey; slug?: string }) {
  return db
    .select({
      notice: notices,
      objectionTotal: objectionTotal.as('objection_total'),
      objectionPending: objectionPending.as('objection_pending'),
      replaces: sql<string | null>`${older.slug}`.as('replaces_slug'),
      replacedBy: sql<string | null>`${newer.slug}`.as('replaced_by_slug'),
    })
    .from(notices)
    .leftJoin(older, eq(older.id, notices.supersedesId))
    .leftJoin(newer, eq(newer.id, notices.replacedById))
    .where(
      and(
        where?.trackKey ? eq(notices.trackKey, where.trackKey) : undefined,
        where?.slug ? eq(notices.slug, where.slug) : undefined,
      ),
    )
    .orderBy(desc(notices.createdAt), desc(notices.id));
}
export type StaffNoticeRow = Awaited<ReturnType<typeof staffNotices>>[number];

/** Every item of a notice, removed ones included, in order (staff). */
export function staffNoticeItems(db: Db, noticeId: number) {
  return db
    .select({
      id: noticeItems.id,
      name: noticeItems.name,
      county: counties.name,
      score: noticeItems.score,
      note: noticeItems.note,
      candidateId: noticeItems.candidateId,
      removedAt: noticeItems.removedAt,
    })
    .from(noticeItems)
    .leftJoin(counties, eq(counties.id, noticeItems.countyId))
    .where(eq(noticeItems.noticeId, noticeId))
    .orderBy(asc(noticeItems.sort));
}

/** Every notice of a track, drafts included (the facts of contracts/publicity.ts), oldest first. */
export function noticesOfTrack(db: Db, trackKey: TrackKey) {
  return db.select().from(notices).where(eq(notices.trackKey, trackKey)).orderBy(asc(notices.id));
}

/** Objections to any notice of a track still received or under review. */
export async function pendingObjectionsOfTrack(db: Db, trackKey: TrackKey): Promise<number> {
  const row = await db
    .select({ n: sql<number>`count(*)` })
    .from(objections)
    .innerJoin(notices, eq(notices.id, objections.noticeId))
    .where(and(eq(notices.trackKey, trackKey), inArray(objections.status, ['received', 'under_review'])))
    .get();
  return Number(row?.n ?? 0);
}

/** Items an upheld objection removed from a published notice of the track (kept in the table, marked). */
export function removedItemsOfTrack(db: Db, trackKey: TrackKey) {
  return db
    .select({ candidateId: noticeItems.candidateId, name: noticeItems.name, countyId: noticeItems.countyId })
    .from(noticeItems)
    .innerJoin(notices, eq(notices.id, noticeItems.noticeId))
    .where(and(published, eq(notices.trackKey, trackKey), isNotNull(noticeItems.removedAt)));
}

/**
 * A batch-guard condition (params: track, China date of now, the followed notice id or null):
 * no notice of the track runs, no objection to one is pending, and the followed notice is still
 * neither withdrawn nor replaced. Re-asserts contracts/publicity.ts inside the transaction.
 */
export const PUBLICITY_CLEAR_SQL = `NOT EXISTS (SELECT 1 FROM notices WHERE track_key = ?1 AND is_draft = 0 AND withdrawn_at IS NULL AND ends_on >= ?2)
  AND NOT EXISTS (SELECT 1 FROM objections o JOIN notices n ON n.id = o.notice_id WHERE n.track_key = ?1 AND o.status IN ('received','under_review'))
  AND (?3 IS NULL OR EXISTS (SELECT 1 FROM notices WHERE id = ?3 AND withdrawn_at IS NULL AND replaced_by_id IS NULL))`;

/** The id of the notice `slug` as SQL, so a batch can refer to a notice it inserts. */
const noticeIdOf = (slug: string) => sql`(SELECT id FROM notices WHERE slug = ${slug})`;

export type NoticeItemValues = Omit<typeof noticeItems.$inferInsert, 'id' | 'noticeId'>;

/** The INSERT of one item of the notice `slug` (which the same batch may insert). */
export function insertNoticeItem(db: Db, slug: string, item: NoticeItemValues) {
  return db.insert(noticeItems).values({ ...item, noticeId: noticeIdOf(slug) });
}

/**
 * Marks notice `oldId` replaced by `by` (an id, or the slug of a notice the same batch inserts) and
 * withdrawn with `reason`; a withdrawal it already has is kept.
 */
export function markNoticeReplaced(db: Db, oldId: number, by: number | string, now: number, reason: string) {
  return db
    .update(notices)
    .set({
      replacedById: typeof by === 'number' ? by : noticeIdOf(by),
      withdrawnAt: sql`coalesce(${notices.withdrawnAt}, ${now})`,
      withdrawnReason: sql`coalesce(${notices.withdrawnReason}, ${reason})`,
    })
    .where(eq(notices.id, oldId));
}

/** Every item of a notice, removed ones included, as stored. */
export function noticeItemRows(db: Db, noticeId: number) {
  return db.select().from(noticeItems).where(eq(noticeItems.noticeId, noticeId)).all();
}

/** The INSERT of a notice (a draft, or a re-publication). */
export function insertNotice(db: Db, values: typeof notices.$inferInsert) {
  return db.insert(notices).values(values);
}

/** The UPDATE of notice `id` with `set`. */
export function updateNotice(db: Db, id: number, set: Partial<typeof notices.$inferInsert>) {
  return db.update(notices).set(set).where(eq(notices.id, id));
}

/** The DELETE of every item of a draft notice, before its items are written again. */
export function deleteNoticeItems(db: Db, noticeId: number) {
  return db.delete(noticeItems).where(eq(noticeItems.noticeId, noticeId));
}
