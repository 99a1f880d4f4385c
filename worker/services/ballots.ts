/** Casting a ballot (docs/product.md, voting rules; docs/api.md POST /api/polls/:slug/ballots). */
import { chinaDate } from '../../contracts/china-time';
import { choiceIssues } from '../../contracts/choices';
import { checkBallot, type RuleSettings } from '../../contracts/detection-rules';
import type { Db } from '../../db/client';
import { findBallotOfDay, insertBallot, type StoredBallot } from '../../db/queries/ballots';
import { findPoll, pollFinalists, type PollRow } from '../../db/queries/polls';
import { ApiError } from '../errors';
import { randomReceipt } from './crypto';
import { pollStatus } from './polls';
import type { Voter } from './voter-session';

export interface CastInput {
  pollSlug: string;
  voter: Voter;
  choices: number[];
  idempotencyKey: string | null;
  network: string;
  now: number;
  /** The detection rules in force (ruleSettings(config)). */
  rules: RuleSettings;
}

const failure = (e: unknown) => (e instanceof Error ? `${e.message} ${String(e.cause ?? '')}` : '');
const isUniqueViolation = (e: unknown) => /UNIQUE constraint failed/.test(failure(e));
const isReceiptClash = (e: unknown) => /ballots\.receipt/.test(failure(e));

/**
 * Casts a ballot, or returns the ballot an earlier request with the same Idempotency-Key cast.
 * The happy path is one D1 round trip: the insert checks the window (server clock), the choices and
 * uniqueness itself. Only when it refuses does this read the poll to say why. The per-ballot rules
 * (number segment, machine timing; contracts/detection-rules.ts) are pure and run before the insert;
 * a hit adds the quarantine event to the same batch, so such a ballot never enters a public count.
 */
export async function castBallot(db: Db, input: CastInput): Promise<StoredBallot> {
  const { voter, idempotencyKey, now } = input;
  const choices = [...new Set(input.choices)].sort((a, b) => a - b);
  const hit = checkBallot({ phone: voter.masked, codeSentAt: voter.codeSentAt, castAt: now }, input.rules);
  // A key names one request on one voting day: the same key with other choices is refused, and in
  // per-day mode yesterday's key does not answer for today.
  const replay = async (poll: PollRow | undefined): Promise<StoredBallot | undefined> => {
    if (!idempotencyKey || !poll) return undefined;
    const votingDay = poll.ballotMode === 'daily' ? chinaDate(now) : '';
    const earlier = await findBallotOfDay(db, poll.id, voter.phoneHash, votingDay);
    if (earlier?.idempotencyKey !== idempotencyKey) return undefined;
    const asked = [...input.choices].sort((a, b) => a - b);
    if (asked.join() !== earlier.choices.join()) throw new ApiError('idempotency_mismatch');
    return earlier;
  };
  if (choices.length === input.choices.length && choices.length > 0) {
    for (let attempt = 0; ; attempt++) {
      const receipt = randomReceipt();
      try {
        const inserted = await insertBallot(db, {
          pollSlug: input.pollSlug,
          receipt,
          phoneHash: voter.phoneHash,
          phoneMasked: voter.masked,
          today: chinaDate(now),
          idempotencyKey,
          network: input.network,
          castAt: now,
          codeSentAt: voter.codeSentAt,
          choices,
          quarantine: hit,
        });
        if (inserted) {
          return { receipt, pollSlug: input.pollSlug, status: hit ? 'quarantined' : 'counted', castAt: now, choices };
        }
        break;
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        if (isReceiptClash(e) && attempt < 3) continue;
        // The same key landed before (a retry, or a concurrent twin): answer with that ballot.
        const poll = await findPoll(db, input.pollSlug);
        const earlier = await replay(poll);
        if (earlier) return earlier;
        throw new ApiError('already_voted', {
          message: poll?.ballotMode === 'daily' ? '该手机号今天已在本次评选中投过票，请明天再来。' : undefined,
        });
      }
    }
  }
  // Refused by the insert's own checks: find out which one, in the order a citizen can act on.
  const poll = await findPoll(db, input.pollSlug);
  if (!poll) throw new ApiError('not_found');
  const earlier = await replay(poll);
  if (earlier) return earlier;
  if (pollStatus(poll, now) !== 'open') throw new ApiError('poll_not_open');
  const finalists = await pollFinalists(db, poll.id);
  const issues = choiceIssues(input.choices, poll.maxChoices, new Set(finalists.map((f) => f.id)));
  if (issues.length) throw new ApiError('invalid_choices', { issues });
  throw new Error(`ballot refused for no known reason (poll ${poll.slug})`);
}

/**
 * The ballot this voter's phone cast in a poll (in per-day mode, today's), or null; only ever the
 * voter's own, found by the session's phone hash. Throws not_found for an unknown poll.
 */
export async function ballotOfVoter(db: Db, slug: string, voter: Voter, now: number): Promise<StoredBallot | null> {
  const poll = await findPoll(db, slug);
  if (!poll) throw new ApiError('not_found');
  const votingDay = poll.ballotMode === 'daily' ? chinaDate(now) : '';
  return (await findBallotOfDay(db, poll.id, voter.phoneHash, votingDay)) ?? null;
}
