/** Poll status by the server clock and the public shapes of polls (API.md). */
import type { PollDetail, PollSummary } from '../../contracts/api';
import type { PollStatus, TrackKey } from '../../contracts/enums';
import type { PollRow } from '../../db/queries/polls';

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
    track: poll.trackKey as TrackKey,
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
    ballotMode: poll.ballotMode as 'once' | 'daily',
    windowChangeReason: poll.windowChangeReason,
    weights: { county: poll.weightCounty, expert: poll.weightExpert, vote: poll.weightVote },
    isDemo: poll.isDemo === 1,
    candidates,
  };
}
