/** Looking up a ballot by its receipt code (docs/api.md GET /api/receipts/:receipt and the receipt page). */
import type { Db } from '../../db/client';
import { checkpointByReceipt } from '../../db/queries/ballot-record';
import { ballotByReceipt, choicesByReceipt, type StoredBallot } from '../../db/queries/ballots';
import { pollFinalistsOfReceipt, pollOfReceipt, type PollRow } from '../../db/queries/polls';
import { receiptRecord, type ReceiptRecord } from './integrity/record';

/** A ballot by its receipt code, what it chose and the record that sealed it. */
export interface Receipt {
  ballot: StoredBallot;
  record: ReceiptRecord;
}

function storedBallot(row: Omit<StoredBallot, 'choices'>, choices: { id: number }[]): StoredBallot {
  return {
    receipt: row.receipt,
    pollSlug: row.pollSlug,
    status: row.status,
    castAt: row.castAt,
    choices: choices.map((c) => c.id),
  };
}

/**
 * The ballot with this receipt code and its record, or undefined when there is none
 * (GET /api/receipts/:receipt). One D1 round trip.
 * @param key the server's receipt hash key (config RECEIPT_HASH_KEY)
 */
export async function receiptOf(db: Db, receipt: string, key: string): Promise<Receipt | undefined> {
  const [[row], choices, [cp]] = await db.batch([
    ballotByReceipt(db, receipt),
    choicesByReceipt(db, receipt),
    checkpointByReceipt(db, receipt),
  ]);
  if (!row) return undefined;
  return {
    ballot: storedBallot(row, choices),
    record: await receiptRecord(row.receipt, key, cp),
  };
}

/**
 * The receipt page: the ballot with its record, its poll and the names of the poll's finalists,
 * or undefined when there is no such ballot. One D1 round trip.
 */
export async function receiptPage(
  db: Db,
  receipt: string,
  key: string,
): Promise<(Receipt & { poll: PollRow; names: Map<number, string> }) | undefined> {
  const [[row], choices, [cp], [poll], finalists] = await db.batch([
    ballotByReceipt(db, receipt),
    choicesByReceipt(db, receipt),
    checkpointByReceipt(db, receipt),
    pollOfReceipt(db, receipt),
    pollFinalistsOfReceipt(db, receipt),
  ]);
  if (!row || !poll) return undefined;
  return {
    ballot: storedBallot(row, choices),
    record: await receiptRecord(row.receipt, key, cp),
    poll,
    names: new Map(finalists.map((f) => [f.id, f.name])),
  };
}
