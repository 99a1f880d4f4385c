/**
 * The public ballot record: sealing checkpoints (scheduled job), the published checkpoints and the
 * CSV export (docs/api.md "Transparency"). Line format and hash rule: contracts/ballot-record.ts.
 */
import {
  ballotLine,
  chainHash,
  csvHead,
  csvRow,
  eventLine,
  GENESIS_HASH,
  REVIEW_CAUSE,
  type Checkpoint,
  type RecordEvent,
} from '../../../contracts/ballot-record';
import { chinaHour } from '../../../contracts/china-time';
import type { Db } from '../../../db/client';
import {
  ballotsAfter,
  eventsBetween,
  exportPage,
  insertCheckpoint,
  latestCheckpoint,
  listCheckpoints,
  pollsToSeal,
  type CheckpointRow,
  type RecordEventRow,
} from '../../../db/queries/ballot-record';
import type { PollRow } from '../../../db/queries/polls';
import { ApiError } from '../../errors';
import { countsVisible } from '../polls';
import { receiptHash } from './receipt-hash';

/** Ballots one checkpoint seals at most; a larger backlog is sealed by several in one run. */
const MAX_BALLOTS_PER_CHECKPOINT = 5000;
const MAX_EVENTS_PER_CHECKPOINT = 5000;
const PAGE = 2000;
const NO_LIMIT = Number.MAX_SAFE_INTEGER;

const choiceIds = (choices: string | null) => (choices ? choices.split(';').map(Number) : []);

async function toRecordEvent(key: string, e: RecordEventRow): Promise<RecordEvent> {
  return {
    receiptHash: await receiptHash(key, e.receipt),
    from: e.fromStatus,
    to: e.toStatus,
    cause: e.ruleId ?? REVIEW_CAUSE,
    hour: chinaHour(e.at),
  };
}

/**
 * Seals the poll's ballots and status events since its last checkpoint into a new checkpoint:
 * hash = SHA-256(previous hash ‖ their canonical lines). Returns it, or null when there was nothing
 * new (or a concurrent run sealed the same span first). Events whose ballot is not yet sealed wait for
 * the next checkpoint, so an event never precedes its ballot in the record.
 */
export async function sealCheckpoint(db: Db, pollId: number, now: number, key: string): Promise<CheckpointRow | null> {
  const last = await latestCheckpoint(db, pollId);
  const ballots = await ballotsAfter(db, pollId, last?.lastBallotId ?? 0, MAX_BALLOTS_PER_CHECKPOINT);
  const lastBallotId = ballots.at(-1)?.id ?? last?.lastBallotId ?? 0;
  const candidates = await eventsBetween(db, pollId, last?.lastEventId ?? 0, NO_LIMIT, MAX_EVENTS_PER_CHECKPOINT);
  const cut = candidates.findIndex((e) => e.ballotId > lastBallotId);
  const events = cut === -1 ? candidates : candidates.slice(0, cut);
  if (ballots.length === 0 && events.length === 0) return null;
  const lines = [
    ...(await Promise.all(
      ballots.map(async (b) =>
        ballotLine({
          receiptHash: await receiptHash(key, b.receipt),
          choices: choiceIds(b.choices),
          hour: chinaHour(b.castAt),
        }),
      ),
    )),
    ...(await Promise.all(events.map(async (e) => eventLine(await toRecordEvent(key, e))))),
  ];
  const prevHash = last?.hash ?? GENESIS_HASH;
  const row: CheckpointRow = {
    pollId,
    seq: (last?.seq ?? 0) + 1,
    ballotCount: (last?.ballotCount ?? 0) + ballots.length,
    eventCount: (last?.eventCount ?? 0) + events.length,
    lastBallotId,
    lastEventId: events.at(-1)?.id ?? last?.lastEventId ?? 0,
    hash: await chainHash(prevHash, lines),
    prevHash,
    sealedAt: now,
  };
  return (await insertCheckpoint(db, row)) ? row : null;
}

/**
 * The scheduled sealing: every poll with unsealed ballots or events (open polls, a poll that just
 * closed, a closed poll whose quarantined ballots were reviewed) gets checkpoints until nothing is
 * left. Returns the checkpoints sealed.
 */
export async function sealAll(db: Db, now: number, key: string): Promise<CheckpointRow[]> {
  const sealed: CheckpointRow[] = [];
  for (const pollId of await pollsToSeal(db)) {
    for (let cp = await sealCheckpoint(db, pollId, now, key); cp; cp = await sealCheckpoint(db, pollId, now, key)) {
      sealed.push(cp);
    }
  }
  return sealed;
}

/**
 * The published checkpoints of a poll, oldest first, each with the status events it sealed. Under
 * embargo only the hashes and times are shown: counts and events would reveal numbers.
 */
export async function publicCheckpoints(db: Db, poll: PollRow, key: string): Promise<Checkpoint[]> {
  const rows = await listCheckpoints(db, poll.id);
  const visible = countsVisible(poll);
  const events =
    visible && rows.length
      ? await Promise.all(
          (await eventsBetween(db, poll.id, 0, rows[rows.length - 1].lastEventId, NO_LIMIT)).map(async (e) => ({
            id: e.id,
            event: await toRecordEvent(key, e),
          })),
        )
      : [];
  return rows.map((cp, i) => {
    const from = i === 0 ? 0 : rows[i - 1].lastEventId;
    return {
      seq: cp.seq,
      ballotCount: visible ? cp.ballotCount : null,
      eventCount: visible ? cp.eventCount : null,
      hash: cp.hash,
      prevHash: cp.prevHash,
      sealedAt: new Date(cp.sealedAt).toISOString(),
      events: visible ? events.filter((e) => e.id > from && e.id <= cp.lastEventId).map((e) => e.event) : null,
    };
  });
}

/**
 * The CSV export (docs/api.md): the record exactly as the latest checkpoint sealed it, one row per ballot
 * in record order, status as of that checkpoint; never a phone, phone hash, network or receipt.
 * Refused with `embargoed` while the poll's counts are hidden. Streams page by page, so a large poll
 * never sits in memory whole. `checkpoint` is the sequence number of the checkpoint it reflects (0:
 * none yet), so a recount compares it with the same checkpoint even when a cache served the two
 * answers from different moments.
 */
export async function exportBallotsCsv(
  db: Db,
  poll: PollRow,
  key: string,
): Promise<{ checkpoint: number; body: ReadableStream<Uint8Array> }> {
  if (!countsVisible(poll)) throw new ApiError('embargoed');
  const last = await latestCheckpoint(db, poll.id);
  const enc = new TextEncoder();
  let after = 0;
  let headSent = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headSent) {
        headSent = true;
        controller.enqueue(enc.encode(csvHead()));
        if (!last) controller.close();
        return;
      }
      const page = await exportPage(db, poll.id, after, last!.lastBallotId, last!.lastEventId, PAGE);
      if (page.length === 0) {
        controller.close();
        return;
      }
      after = page[page.length - 1].id;
      const rows = await Promise.all(
        page.map(async (b) =>
          csvRow({
            receiptHash: await receiptHash(key, b.receipt),
            choices: choiceIds(b.choices),
            hour: chinaHour(b.castAt),
            status: b.status,
          }),
        ),
      );
      controller.enqueue(enc.encode(rows.join('')));
    },
  });
  return { checkpoint: last?.seq ?? 0, body };
}

/** What the receipt shows about the record: the ballot's receipt hash and the checkpoint that sealed it. */
export interface ReceiptRecord {
  receiptHash: string;
  /** null while no checkpoint has sealed the ballot yet (待封存). */
  sealedBy: { seq: number; hash: string; sealedAt: string } | null;
}

/**
 * The receipt hash of a ballot and the checkpoint that sealed it (read with the ballot in one batch,
 * `checkpointByReceipt`), for the receipt API and page.
 */
export async function receiptRecord(
  receipt: string,
  key: string,
  cp: Pick<CheckpointRow, 'seq' | 'hash' | 'sealedAt'> | undefined,
): Promise<ReceiptRecord> {
  return {
    receiptHash: await receiptHash(key, receipt),
    sealedBy: cp ? { seq: cp.seq, hash: cp.hash, sealedAt: new Date(cp.sealedAt).toISOString() } : null,
  };
}
