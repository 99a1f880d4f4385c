/**
 * The archive pages' reads (/polls/, /notices/, /lists/): every poll, published notice and published
 * final list of every round, each with the year of its round, newest first. One D1 round trip each.
 */
import { read, type Db } from '../../db/client';
import * as content from '../../db/queries/content';
import { listNotices } from '../../db/queries/notices';
import { listPolls } from '../../db/queries/polls';
import { toNoticeSummary } from './notices';
import { toPollSummary } from './polls';

const EVERY_ROUND = { track: null, year: null, current: null } as const;

/** Every poll with its round's year. */
export async function pollArchive(db: Db, now: number) {
  const rows = await read(db, listPolls(db, EVERY_ROUND));
  return rows.map((p) => ({ ...toPollSummary(p, now), year: p.roundYear }));
}

/** Every published notice with its track and its round's year. */
export async function noticeArchive(db: Db, now: number) {
  const rows = await read(db, listNotices(db, EVERY_ROUND));
  return rows.map((n) => ({ ...toNoticeSummary(n, now), track: n.trackKey, year: n.roundYear }));
}

/** Every published final list with its round's year. */
export async function listArchive(db: Db) {
  const rows = await read(db, content.listFinalLists(db, EVERY_ROUND));
  return rows.map((l) => ({
    slug: l.slug,
    track: l.trackKey,
    title: l.title,
    publishedAt: new Date(l.publishedAt!).toISOString(),
    year: l.roundYear,
  }));
}
