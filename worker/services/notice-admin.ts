/**
 * Notices by staff: the publicity period computed from the calendar in D1, and the re-publication
 * of a notice after an upheld objection removed items from it.
 */
import { CalendarMissingError, workingPeriod, yearsNear } from '../../contracts/calendar';
import { chinaDate } from '../../contracts/china-time';
import type { Db } from '../../db/client';
import { loadCalendar } from '../../db/queries/calendar';
import { findNotice } from '../../db/queries/notices';
import { noticeItems, notices } from '../../db/schema';
import { eq } from 'drizzle-orm';
import { ApiError } from '../errors';
import type { AuditEntry } from './audit';
import { guard, stmt } from './workflow/change';

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
): Promise<{ slug: string; statements: D1PreparedStatement[]; audit: AuditEntry }> {
  const old = await db.select().from(notices).where(eq(notices.id, noticeId)).get();
  if (!old) throw new ApiError('not_found');
  if (old.replacedById !== null || old.withdrawnAt !== null)
    throw new ApiError('conflict', { message: '该公示已撤回或已重新公示。' });
  const items = await db.select().from(noticeItems).where(eq(noticeItems.noticeId, noticeId)).all();
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
  const newId = '(SELECT id FROM notices WHERE slug = ?)';
  const statements = [
    guard(
      db,
      'EXISTS (SELECT 1 FROM notices WHERE id = ? AND replaced_by_id IS NULL AND withdrawn_at IS NULL)',
      old.id,
    ),
    stmt(
      db,
      db.insert(notices).values({
        slug,
        trackKey: old.trackKey,
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
    ),
    ...items.map((i) => {
      const removedAt = i.removedAt ?? (remove.has(i.id) ? now : null);
      const removedReason = i.removedReason ?? (remove.has(i.id) ? reason : null);
      return db.$client
        .prepare(
          `INSERT INTO notice_items (notice_id, candidate_id, name, county_id, score, note, sort, removed_at, removed_reason)
           VALUES (${newId}, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .bind(slug, i.candidateId, i.name, i.countyId, i.score, i.note, i.sort, removedAt, removedReason);
    }),
    db.$client
      .prepare(`UPDATE notices SET replaced_by_id = ${newId}, withdrawn_at = ?, withdrawn_reason = ? WHERE id = ?`)
      .bind(slug, now, '异议成立，已调整名单并重新公示。', old.id),
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
