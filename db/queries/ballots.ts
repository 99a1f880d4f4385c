/** Ballots, their choices and tallies. */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { ballotChoices, ballots, polls } from '../schema';

export interface NewBallot {
  pollId: number;
  receipt: string;
  phoneHash: string;
  phoneMasked: string;
  votingDay: string;
  idempotencyKey: string | null;
  status: 'counted' | 'quarantined';
  network: string;
  castAt: number;
  choices: number[];
}

/**
 * The ballot, its choices and the tally change as one D1 batch: one transaction, one round trip.
 * The UNIQUE index on (poll, phone, voting day) makes a concurrent duplicate fail as a whole.
 */
export async function insertBallot(db: Db, b: NewBallot): Promise<void> {
  const d1 = db.$client;
  const choices = JSON.stringify(b.choices);
  const stmts = [
    d1
      .prepare(
        `INSERT INTO ballots (poll_id, receipt, phone_hash, phone_masked, voting_day, idempotency_key, status, network, cast_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .bind(
        b.pollId,
        b.receipt,
        b.phoneHash,
        b.phoneMasked,
        b.votingDay,
        b.idempotencyKey,
        b.status,
        b.network,
        b.castAt,
      ),
    d1
      .prepare(
        `INSERT INTO ballot_choices (ballot_id, poll_id, candidate_id)
         SELECT b.id, b.poll_id, j.value FROM ballots b, json_each(?) j WHERE b.receipt = ?`,
      )
      .bind(choices, b.receipt),
  ];
  if (b.status === 'counted') {
    stmts.push(
      d1
        .prepare(
          'UPDATE tallies SET votes = votes + 1 WHERE poll_id = ? AND candidate_id IN (SELECT value FROM json_each(?))',
        )
        .bind(b.pollId, choices),
      d1.prepare('UPDATE polls SET counted_ballots = counted_ballots + 1 WHERE id = ?').bind(b.pollId),
    );
  }
  await d1.batch(stmts);
}

export interface StoredBallot {
  receipt: string;
  pollSlug: string;
  status: 'counted' | 'quarantined' | 'void';
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
  status: sql<StoredBallot['status']>`${ballots.status}`,
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

/** The ballot a retry with the same Idempotency-Key refers to. */
export async function findBallotByKey(
  db: Db,
  pollId: number,
  phoneHash: string,
  key: string,
): Promise<StoredBallot | undefined> {
  const row = await db
    .select(ballotView)
    .from(ballots)
    .innerJoin(polls, eq(polls.id, ballots.pollId))
    .where(and(eq(ballots.pollId, pollId), eq(ballots.phoneHash, phoneHash), eq(ballots.idempotencyKey, key)))
    .get();
  return row && withChoices(db, row);
}
