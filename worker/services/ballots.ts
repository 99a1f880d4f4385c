/** Casting a ballot (PRODUCT.md, voting rules; API.md POST /api/polls/:slug/ballots). */
import { chinaDate } from '../../contracts/china-time';
import type { Db } from '../../db/client';
import { findBallotByKey, insertBallot, type StoredBallot } from '../../db/queries/ballots';
import type { PollRow } from '../../db/queries/polls';
import { ApiError } from '../errors';
import { randomReceipt } from './crypto';
import { pollStatus } from './polls';
import type { Voter } from './voter-session';

export interface CastInput {
  poll: PollRow;
  candidateIds: Set<number>;
  voter: Voter;
  choices: number[];
  idempotencyKey: string | null;
  network: string;
  now: number;
}

/** 1..maxChoices distinct candidates of this poll, or `invalid_choices` with the details. */
export function checkChoices(choices: number[], maxChoices: number, candidateIds: Set<number>): void {
  const issues: { path: (string | number)[]; message: string }[] = [];
  if (choices.length < 1) issues.push({ path: ['choices'], message: '请至少选择1项' });
  if (choices.length > maxChoices) issues.push({ path: ['choices'], message: `最多只能选择${maxChoices}项` });
  const seen = new Set<number>();
  choices.forEach((id, i) => {
    if (seen.has(id)) issues.push({ path: ['choices', i], message: '重复选择' });
    else if (!candidateIds.has(id)) issues.push({ path: ['choices', i], message: '不是本次投票的候选项' });
    seen.add(id);
  });
  if (issues.length) throw new ApiError('invalid_choices', { issues });
}

const isUniqueViolation = (e: unknown) =>
  e instanceof Error && /UNIQUE constraint failed/.test(`${e.message} ${String(e.cause ?? '')}`);
const isReceiptClash = (e: unknown) =>
  e instanceof Error && /ballots\.receipt/.test(`${e.message} ${String(e.cause ?? '')}`);

/**
 * Casts a ballot, or returns the ballot an earlier request with the same Idempotency-Key cast.
 * The window is checked by the server clock; uniqueness by the database.
 */
export async function castBallot(db: Db, input: CastInput): Promise<{ ballot: StoredBallot; replay: boolean }> {
  const { poll, voter, idempotencyKey, now } = input;
  if (idempotencyKey) {
    const earlier = await findBallotByKey(db, poll.id, voter.phoneHash, idempotencyKey);
    if (earlier) return { ballot: earlier, replay: true };
  }
  if (pollStatus(poll, now) !== 'open') throw new ApiError('poll_not_open');
  checkChoices(input.choices, poll.maxChoices, input.candidateIds);

  const votingDay = poll.ballotMode === 'daily' ? chinaDate(now) : '';
  for (let attempt = 0; ; attempt++) {
    const receipt = randomReceipt();
    try {
      await insertBallot(db, {
        pollId: poll.id,
        receipt,
        phoneHash: voter.phoneHash,
        phoneMasked: voter.masked,
        votingDay,
        idempotencyKey,
        status: 'counted',
        network: input.network,
        castAt: now,
        choices: input.choices,
      });
      const choices = [...input.choices].sort((a, b) => a - b);
      return { ballot: { receipt, pollSlug: poll.slug, status: 'counted', castAt: now, choices }, replay: false };
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      if (isReceiptClash(e) && attempt < 3) continue;
      // A concurrent request with the same key may have landed first: answer as a replay.
      if (idempotencyKey) {
        const earlier = await findBallotByKey(db, poll.id, voter.phoneHash, idempotencyKey);
        if (earlier) return { ballot: earlier, replay: true };
      }
      throw new ApiError('already_voted', {
        message: poll.ballotMode === 'daily' ? '该手机号今天已在本次评选中投过票，请明天再来。' : undefined,
      });
    }
  }
}
