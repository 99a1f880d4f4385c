/**
 * The reads of the archive pages (/polls/, /notices/, /lists/) and of the round page. The archives
 * show every poll and published notice of every round, each with the year of its round, newest
 * first, in the shapes GET /api/polls and GET /api/notices list them (the lists archive reads
 * `publishedLists`, GET /api/lists's own). One D1 round trip each.
 */
import type { TrackKey } from '../../contracts/enums';
import { read, type Db } from '../../db/client';
import { listNotices } from '../../db/queries/notices';
import { listPolls } from '../../db/queries/polls';
import { publishedListsOfTrack, roundsOfTrack } from '../../db/queries/rounds';
import { toNoticeSummary } from './notices';
import { toPollSummary } from './polls';
import { roundDetail, withFinalLists } from './rounds';

const EVERY_ROUND = { track: null, year: null, current: null } as const;

/** Every poll with its round's year. */
export async function pollArchive(db: Db, now: number) {
  return (await read(db, listPolls(db, EVERY_ROUND))).map((p) => toPollSummary(p, now));
}

/** Every published notice with its track and its round's year. */
export async function noticeArchive(db: Db, now: number) {
  const rows = await read(db, listNotices(db, EVERY_ROUND));
  return rows.map((n) => ({ ...toNoticeSummary(n, now), track: n.trackKey }));
}

/**
 * The round page (/tracks/{track}/{year}/): the round as GET /api/tracks/{track}/rounds/{year}
 * answers it (`roundDetail`), and the track's rounds as GET /api/tracks/{track} lists them, for the
 * links to the other years. Undefined when the track has no round that year.
 */
export async function roundPage(db: Db, track: TrackKey, year: number, now: number) {
  const [detail, [rounds, lists]] = await Promise.all([
    roundDetail(db, track, year, now),
    db.batch([roundsOfTrack(db, track), publishedListsOfTrack(db, track)]),
  ]);
  return detail && { detail, rounds: withFinalLists(rounds, lists) };
}
