/** Poll status by the server clock and the public shapes of polls (docs/api.md). */
import type { PollDetail, PollSummary, ResultsBody } from '../../contracts/api';
import type { PollStatus } from '../../contracts/enums';
import { reads, type Db } from '../../db/client';
import { latestCheckpointBySlug } from '../../db/queries/ballot-record';
import {
  finalListOfPoll,
  pollBySlug,
  pollFinalistsBySlug,
  trackTitleOfPoll,
  visibleTalliesBySlug,
  type PollRow,
} from '../../db/queries/polls';

/** scheduled before opening, open inside [opensAt, closesAt), closed after, published once results are out. */
export function pollStatus(poll: PollRow, now: number): PollStatus {
  if (poll.resultsPublishedAt !== null) return 'published';
  if (now < poll.opensAt) return 'scheduled';
  if (now < poll.closesAt) return 'open';
  return 'closed';
}

/** Whether counts may be shown: live-count polls always, embargoed polls only once published. */
export function countsVisible(poll: PollRow): boolean {
  return poll.liveCounts === 1 || poll.resultsPublishedAt !== null;
}

export function toPollSummary(poll: PollRow, now: number): PollSummary {
  return {
    slug: poll.slug,
    title: poll.title,
    track: poll.trackKey,
    status: pollStatus(poll, now),
    opensAt: new Date(poll.opensAt).toISOString(),
    closesAt: new Date(poll.closesAt).toISOString(),
    maxChoices: poll.maxChoices,
    liveCounts: poll.liveCounts === 1,
  };
}

export function toPollDetail(poll: PollRow, candidates: PollDetail['candidates'], now: number): PollDetail {
  return {
    ...toPollSummary(poll, now),
    description: poll.description,
    ballotMode: poll.ballotMode,
    windowChangeReason: poll.windowChangeReason,
    weights: { county: poll.weightCounty, expert: poll.weightExpert, vote: poll.weightVote },
    isDemo: poll.isDemo === 1,
    candidates,
  };
}

/**
 * Results of a poll. While the embargo holds, no count leaves the server: totals and results are
 * null. Ranks are competition ranks (equal votes share a rank: 1, 2, 2, 4). Tallies and the total
 * hold counted ballots only; `quarantined` (ballots held for review), when given, is shown beside
 * them and never added in.
 */
export function pollResults(
  poll: PollRow,
  tallies: { candidateId: number; name: string; county: string | null; votes: number }[],
  now: number,
  quarantined?: number,
): ResultsBody {
  const head = {
    poll: {
      slug: poll.slug,
      title: poll.title,
      status: pollStatus(poll, now),
      closesAt: new Date(poll.closesAt).toISOString(),
    },
    asOf: new Date(now).toISOString(),
  };
  const held = quarantined === undefined ? {} : { quarantinedBallots: countsVisible(poll) ? quarantined : null };
  if (!countsVisible(poll)) return { ...head, totalBallots: null, ...held, results: null };
  const sorted = [...tallies].sort((a, b) => b.votes - a.votes);
  const results = sorted.map(({ candidateId, name, county, votes }) => ({
    candidateId,
    name,
    county,
    votes,
    rank: 1 + sorted.filter((o) => o.votes > votes).length,
  }));
  return { ...head, totalBallots: poll.countedBallots, ...held, results };
}

/**
 * A poll and its public detail (GET /api/polls/:slug); undefined when there is none. One D1 round
 * trip.
 */
export async function pollDetail(
  db: Db,
  slug: string,
  now: number,
): Promise<{ row: PollRow; detail: PollDetail } | undefined> {
  const [[row], finalists] = await reads(db, [pollBySlug(db, { slug }), pollFinalistsBySlug(db, { slug })]);
  if (!row) return undefined;
  return { row, detail: toPollDetail(row, finalists, now) };
}

/**
 * The results of a poll as of now (GET /api/polls/:slug/results, the widget); undefined when there
 * is no such poll. One D1 round trip; tallies come back only when counts are visible, so an
 * embargoed poll cannot leak a count.
 */
export async function resultsBySlug(db: Db, slug: string, now: number): Promise<ResultsBody | undefined> {
  const [[row], tallies] = await reads(db, [pollBySlug(db, { slug }), visibleTalliesBySlug(db, { slug })]);
  return row && pollResults(row, tallies, now, tallies[0]?.quarantined ?? 0);
}

/** The published final list that settled a poll: its address and title. */
export interface PollFinalList {
  slug: string;
  title: string;
}

/**
 * What the results widget shows: the results as of now, when voting opens, and the final list
 * once one settled the poll. One D1 round trip.
 */
export async function pollWidget(db: Db, slug: string, now: number) {
  const [[row], tallies, [finalList]] = await reads(db, [
    pollBySlug(db, { slug }),
    visibleTalliesBySlug(db, { slug }),
    finalListOfPoll(db, { slug }),
  ]);
  if (!row) return undefined;
  return {
    results: pollResults(row, tallies, now, tallies[0]?.quarantined ?? 0),
    opensAt: new Date(row.opensAt).toISOString(),
    finalList: finalList as PollFinalList | undefined,
  };
}

/**
 * What the poll page shows: the detail, its track's title, the results when visible and the final
 * list once one settled the poll. One D1 round trip.
 */
export async function pollPage(db: Db, slug: string, now: number) {
  const [[row], finalists, tallies, [track], [checkpoint], [finalList]] = await reads(db, [
    pollBySlug(db, { slug }),
    pollFinalistsBySlug(db, { slug }),
    visibleTalliesBySlug(db, { slug }),
    trackTitleOfPoll(db, { slug }),
    latestCheckpointBySlug(db, { slug }),
    finalListOfPoll(db, { slug }),
  ]);
  if (!row) return undefined;
  return {
    finalList: finalList as PollFinalList | undefined,
    row,
    /** The newest sealed checkpoint; its ballot count only when counts are visible. */
    checkpoint: checkpoint && {
      seq: checkpoint.seq,
      hash: checkpoint.hash,
      sealedAt: new Date(checkpoint.sealedAt).toISOString(),
      ballotCount: countsVisible(row) ? checkpoint.ballotCount : null,
    },
    detail: toPollDetail(row, finalists, now),
    trackTitle: track?.title ?? row.trackKey,
    results: countsVisible(row) ? pollResults(row, tallies, now, tallies[0]?.quarantined ?? 0) : undefined,
  };
}
