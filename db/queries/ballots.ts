/** Ballots, their choices and tallies. */
import { and, eq } from 'drizzle-orm';
import type { RuleHit } from '../../contracts/detection-rules';
import type { BallotStatus } from '../../contracts/enums';
import type { Db } from '../client';
import { quarantineOnInsert } from './detection';
import { ballotChoices, ballots, polls } from '../schema';

export interface NewBallot {
  pollSlug: string;
  receipt: string;
  phoneHash: string;
  phoneMasked: string;
  /** The China date of casting; used as voting_day only by polls in per-day mode. */
  today: string;
  idempotencyKey: string | null;
  network: string;
  castAt: number;
  /** When the SMS code behind the voter session was sent, if known (read by the scheduled scan). */
  codeSentAt: number | null;
  /** Distinct candidate ids. */
  choices: number[];
  /** A per-ballot rule's hit: the ballot is quarantined by an event in the same batch. */
  quarantine: RuleHit | null;
}

/**
 * A counted ballot, its choices and the tally change as one D1 batch: one transaction, one round trip.
 * The insert itself checks, inside the transaction and by the server clock, that the poll is open
 * and that every choice is one of its finalists within max_choices; it inserts nothing otherwise
 * (the caller then finds out why). The UNIQUE index on (poll, phone, voting day) makes a concurrent
 * duplicate fail as a whole. With `quarantine`, the event that quarantines the ballot is the batch's
 * last statement (its trigger takes the ballot back out of the tallies), still one round trip.
 * Returns whether the ballot was inserted.
 */
export async function insertBallot(db: Db, b: NewBallot): Promise<boolean> {
  const d1 = db.$client;
  const choices = JSON.stringify(b.choices);
  const ballotPoll = '(SELECT poll_id FROM ballots WHERE receipt = ?)';
  const stmts = [
    d1
      .prepare(
        `INSERT INTO ballots (poll_id, receipt, phone_hash, phone_masked, voting_day, idempotency_key, status, network, cast_at, code_sent_at)
         SELECT p.id, ?1, ?2, ?3, CASE p.ballot_mode WHEN 'daily' THEN ?4 ELSE '' END, ?5, 'counted', ?6, ?7, ?11
         FROM polls p
         WHERE p.slug = ?8 AND p.opens_at <= ?7 AND p.closes_at > ?7 AND p.results_published_at IS NULL
           AND p.max_choices >= ?9
           AND (SELECT count(*) FROM poll_candidates pc WHERE pc.poll_id = p.id
                AND pc.candidate_id IN (SELECT value FROM json_each(?10))) = ?9`,
      )
      .bind(
        b.receipt,
        b.phoneHash,
        b.phoneMasked,
        b.today,
        b.idempotencyKey,
        b.network,
        b.castAt,
        b.pollSlug,
        b.choices.length,
        choices,
        b.codeSentAt,
      ),
    d1
      .prepare(
        `INSERT INTO ballot_choices (ballot_id, poll_id, candidate_id)
         SELECT b.id, b.poll_id, j.value FROM ballots b, json_each(?) j WHERE b.receipt = ?`,
      )
      .bind(choices, b.receipt),
    d1
      .prepare(
        `UPDATE tallies SET votes = votes + 1 WHERE poll_id = ${ballotPoll} AND candidate_id IN (SELECT value FROM json_each(?))`,
      )
      .bind(b.receipt, choices),
    d1.prepare(`UPDATE polls SET counted_ballots = counted_ballots + 1 WHERE id = ${ballotPoll}`).bind(b.receipt),
  ];
  if (b.quarantine) stmts.push(quarantineOnInsert(db, b.receipt, b.quarantine, b.castAt));
  const [inserted] = await d1.batch(stmts);
  return inserted.meta.changes === 1;
}

export interface StoredBallot {
  receipt: string;
  pollSlug: string;
  status: BallotStatus;
  castAt: number;
  choices: number[];
}

async function withChoices(db: Db, row: Omit<StoredBallot, 'choices'> & { id: number }): Promise<StoredBallot> {
  const choices = await db
    .select({ id: ballotChoices.candidateId })
    .from(ballotChoices)
    .where(eq(ballotChoices.ballotId, row.id))
    .orderBy(ballotChoices.candidateId);
  return {
    receipt: row.receipt,
    pollSlug: row.pollSlug,
    status: row.status,
    castAt: row.castAt,
    choices: choices.map((c) => c.id),
  };
}

const ballotView = {
  id: ballots.id,
  receipt: ballots.receipt,
  pollSlug: polls.slug,
  status: ballots.status,
  castAt: ballots.castAt,
};

export async function findBallotByReceipt(db: Db, receipt: string): Promise<StoredBallot | undefined> {
  const row = await db
    .select(ballotView)
    .from(ballots)
    .innerJoin(polls, eq(polls.id, ballots.pollId))
    .where(eq(ballots.receipt, receipt))
    .get();
  return row && withChoices(db, row);
}

/**
 * The ballot a phone cast in a poll on a voting day ('' in once mode, the China date in per-day
 * mode), with the Idempotency-Key it came with: at most one, by the unique index.
 */
export async function findBallotOfDay(
  db: Db,
  pollId: number,
  phoneHash: string,
  votingDay: string,
): Promise<(StoredBallot & { idempotencyKey: string | null }) | undefined> {
  const row = await db
    .select({ ...ballotView, idempotencyKey: ballots.idempotencyKey })
    .from(ballots)
    .innerJoin(polls, eq(polls.id, ballots.pollId))
    .where(and(eq(ballots.pollId, pollId), eq(ballots.phoneHash, phoneHash), eq(ballots.votingDay, votingDay)))
    .get();
  return row && { ...(await withChoices(db, row)), idempotencyKey: row.idempotencyKey };
}

/** The ballot with this receipt code (zero or one row), batchable; its choices: `choicesByReceipt`. */
export function ballotByReceipt(db: Db, receipt: string) {
  return db
    .select(ballotView)
    .from(ballots)
    .innerJoin(polls, eq(polls.id, ballots.pollId))
    .where(eq(ballots.receipt, receipt))
    .limit(1);
}

/** The candidate ids the ballot with this receipt code chose, ascending, batchable. */
export function choicesByReceipt(db: Db, receipt: string) {
  return db
    .select({ id: ballotChoices.candidateId })
    .from(ballotChoices)
    .innerJoin(ballots, eq(ballots.id, ballotChoices.ballotId))
    .where(eq(ballots.receipt, receipt))
    .orderBy(ballotChoices.candidateId);
}
