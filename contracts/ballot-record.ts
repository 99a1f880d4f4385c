/**
 * The public, hash-chained ballot record (docs/api.md "Transparency"; docs/transparency.md): the canonical
 * lines, the checkpoint hash, the CSV export format, and `recount`, which recomputes the published
 * checkpoints from the export and counts its counted rows. Pure: the worker seals and exports with
 * these functions, and scripts/recount.ts checks with the same ones.
 *
 * Canonical lines (ASCII, fields separated by ',', no field can contain ',', ';' or a newline):
 *
 *   ballot,<receipt_hash>,<choices>,<hour>
 *   event,<receipt_hash>,<from>,<to>,<cause>,<hour>
 *
 * - receipt_hash: 64 lowercase hex digits, HMAC-SHA256 of the receipt code (as printed, with dashes)
 *   under the server's RECEIPT_HASH_KEY; a voter learns their own from the receipt page.
 * - choices: the chosen candidate ids in decimal, ascending, joined by ';'.
 * - hour: the China hour (UTC+8) the ballot was cast or the event happened, 'YYYY-MM-DD HH'.
 * - from, to: 'counted', 'quarantined' or 'void'. Every ballot starts 'counted'.
 * - cause: a detection rule id (contracts/detection-rules.ts) or 'review' for a staff decision.
 *
 * Checkpoint hash: lowercase hex SHA-256 of the UTF-8 bytes of
 *
 *   <prev_hash> '\n' <each ballot line sealed by this checkpoint, in record order, + '\n'>
 *                    <each event line sealed by this checkpoint, in record order, + '\n'>
 *
 * where prev_hash is the previous checkpoint's hash, or 64 '0' for the first.
 */
import { z } from 'zod';
import { BallotStatus } from './enums';

/** The prev_hash of a poll's first checkpoint. */
export const GENESIS_HASH = '0'.repeat(64);

/** Event cause for a staff decision (release, void); rule ids otherwise. */
export const REVIEW_CAUSE = 'review';

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const Hour = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}$/);

/** A status change as published with the checkpoint that sealed it. */
export const RecordEvent = z.object({
  receiptHash: Hex64,
  from: BallotStatus,
  to: BallotStatus,
  cause: z.string().regex(/^[a-z-]+$/),
  hour: Hour,
});
export type RecordEvent = z.infer<typeof RecordEvent>;

/**
 * One checkpoint of `GET /api/polls/:slug/checkpoints`. Counts are cumulative. While a poll's counts
 * are under embargo, ballotCount, eventCount and events are null: the hashes are still published, so
 * the record is committed to before anyone can read it.
 */
export const Checkpoint = z.object({
  seq: z.number().int().min(1),
  ballotCount: z.number().int().min(0).nullable(),
  eventCount: z.number().int().min(0).nullable(),
  hash: Hex64,
  prevHash: Hex64,
  sealedAt: z.string(),
  events: z.array(RecordEvent).nullable(),
});
export type Checkpoint = z.infer<typeof Checkpoint>;

/** Body of `GET /api/polls/:slug/checkpoints`, oldest first. */
export const CheckpointsBody = z.object({ checkpoints: z.array(Checkpoint) });
export type CheckpointsBody = z.infer<typeof CheckpointsBody>;

/** One row of the export: a ballot as sealed, with its status as of the latest checkpoint. */
export interface ExportRow {
  receiptHash: string;
  choices: number[];
  hour: string;
  status: BallotStatus;
}

/** The CSV header (docs/api.md). */
export const CSV_HEADER = 'receipt_hash,choices,hour,status';
/** Response header of the export: the sequence number of the checkpoint it reflects (0: none yet). */
export const RECORD_CHECKPOINT = 'X-Record-Checkpoint';

/** The canonical line of a ballot. */
export function ballotLine(b: Pick<ExportRow, 'receiptHash' | 'choices' | 'hour'>): string {
  return `ballot,${b.receiptHash},${[...b.choices].sort((x, y) => x - y).join(';')},${b.hour}`;
}

/** The canonical line of a status event. */
export function eventLine(e: RecordEvent): string {
  return `event,${e.receiptHash},${e.from},${e.to},${e.cause},${e.hour}`;
}

const enc = new TextEncoder();
const hex = (buf: ArrayBuffer) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');

/** hash = SHA-256(prevHash ‖ '\n' ‖ each line + '\n'), lowercase hex. */
export async function chainHash(prevHash: string, lines: string[]): Promise<string> {
  const text = `${prevHash}\n${lines.map((l) => `${l}\n`).join('')}`;
  return hex(await crypto.subtle.digest('SHA-256', enc.encode(text)));
}

/** One CSV row (RFC 4180 without quoting: no field can hold a comma, quote or line break). */
export function csvRow(r: ExportRow): string {
  return `${r.receiptHash},${[...r.choices].sort((x, y) => x - y).join(';')},${r.hour},${r.status}\r\n`;
}

/** The header line of the CSV, with its CRLF. */
export const csvHead = () => `${CSV_HEADER}\r\n`;

/** Parses the export; throws with the line number when a row is not in the format. */
export function parseCsv(text: string): ExportRow[] {
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines[0] !== CSV_HEADER) throw new Error(`line 1: expected the header "${CSV_HEADER}"`);
  return lines.slice(1).map((line, i) => {
    const m = /^([0-9a-f]{64}),(\d+(?:;\d+)*),(\d{4}-\d{2}-\d{2} \d{2}),(counted|quarantined|void)$/.exec(line);
    if (!m) throw new Error(`line ${i + 2}: not a ballot row: ${line.slice(0, 120)}`);
    return {
      receiptHash: m[1],
      choices: m[2].split(';').map(Number),
      hour: m[3],
      status: m[4] as BallotStatus,
    };
  });
}

/** What `recount` found. `problems` is empty when everything matches. */
export interface RecountReport {
  problems: string[];
  checkpoints: number;
  /** Rows sealed by the checkpoints (the whole export when it matches). */
  sealedBallots: number;
  counted: number;
  quarantined: number;
  void: number;
  /** Counted votes per candidate id. */
  votes: Map<number, number>;
}

const MAX_LISTED = 10;

/**
 * Recomputes every checkpoint from the export and the published events, replays the events to check
 * each row's status, and counts the counted rows. Pure; the export is the record as of the latest
 * checkpoint, so every row must be sealed.
 */
export async function recount(csvText: string, published: Checkpoint[]): Promise<RecountReport> {
  const problems: string[] = [];
  const report: RecountReport = {
    problems,
    checkpoints: published.length,
    sealedBallots: 0,
    counted: 0,
    quarantined: 0,
    void: 0,
    votes: new Map(),
  };
  let rows: ExportRow[];
  try {
    rows = parseCsv(csvText);
  } catch (e) {
    problems.push(`export: ${(e as Error).message}`);
    return report;
  }
  const status = new Map<string, BallotStatus>();
  const eventProblems: string[] = [];
  let prevHash = GENESIS_HASH;
  let ballots = 0;
  let events = 0;
  const checkpoints = [...published].sort((a, b) => a.seq - b.seq);
  for (const [i, cp] of checkpoints.entries()) {
    const at = `checkpoint ${cp.seq}`;
    if (cp.ballotCount === null || cp.eventCount === null || cp.events === null) {
      problems.push(`${at}: counts are under embargo, nothing to recount`);
      return report;
    }
    if (cp.seq !== i + 1) problems.push(`${at}: expected sequence number ${i + 1}`);
    if (cp.prevHash !== prevHash) problems.push(`${at}: prevHash ${cp.prevHash} is not the previous hash ${prevHash}`);
    if (cp.ballotCount < ballots || cp.ballotCount > rows.length) {
      problems.push(`${at}: seals ballots up to ${cp.ballotCount}, the export has ${rows.length} rows`);
      return report;
    }
    if (cp.eventCount - events !== cp.events.length) {
      problems.push(`${at}: eventCount ${cp.eventCount} does not match its ${cp.events.length} events`);
    }
    const sealed = rows.slice(ballots, cp.ballotCount);
    for (const r of sealed) {
      if (status.has(r.receiptHash)) problems.push(`${at}: receipt hash ${r.receiptHash} appears twice`);
      status.set(r.receiptHash, 'counted');
    }
    for (const e of cp.events) {
      const current = status.get(e.receiptHash);
      if (current === undefined) eventProblems.push(`${at}: event for a ballot not sealed yet: ${e.receiptHash}`);
      else if (current !== e.from)
        eventProblems.push(`${at}: event from ${e.from} but ${e.receiptHash} was ${current}`);
      status.set(e.receiptHash, e.to);
    }
    const hash = await chainHash(cp.prevHash, [...sealed.map(ballotLine), ...cp.events.map(eventLine)]);
    if (hash !== cp.hash) {
      problems.push(
        `${at}: hash differs (published ${cp.hash}, recomputed ${hash}): a row or event it seals (rows ${ballots + 2}-${cp.ballotCount + 1} of the export) differs from what was sealed`,
      );
    }
    prevHash = cp.hash;
    ballots = cp.ballotCount;
    events = cp.eventCount;
  }
  problems.push(...listed(eventProblems));
  report.sealedBallots = ballots;
  if (rows.length > ballots) problems.push(`export: ${rows.length - ballots} rows are not sealed by any checkpoint`);
  const statusProblems: string[] = [];
  for (const [i, r] of rows.slice(0, ballots).entries()) {
    const expected = status.get(r.receiptHash);
    if (r.status !== expected)
      statusProblems.push(`export line ${i + 2}: status ${r.status}, the events say ${expected}`);
    report[r.status]++;
    if (r.status === 'counted') for (const c of r.choices) report.votes.set(c, (report.votes.get(c) ?? 0) + 1);
  }
  problems.push(...listed(statusProblems));
  return report;
}

/** The published results a recount is compared with (a subset of `GET /api/polls/:slug/results`). */
export interface PublishedResults {
  totalBallots: number | null;
  results: { candidateId: number; votes: number }[] | null;
}

/** Differences between a recount and the published results; empty when they match. */
export function compareResults(report: RecountReport, published: PublishedResults): string[] {
  if (published.totalBallots === null || published.results === null) return ['results: under embargo'];
  const problems: string[] = [];
  if (published.totalBallots !== report.counted) {
    problems.push(`results: ${published.totalBallots} counted ballots published, ${report.counted} counted rows`);
  }
  const seen = new Set<number>();
  for (const r of published.results) {
    seen.add(r.candidateId);
    const mine = report.votes.get(r.candidateId) ?? 0;
    if (mine !== r.votes) problems.push(`results: candidate ${r.candidateId} has ${r.votes} votes, the export ${mine}`);
  }
  for (const [id, n] of report.votes) {
    if (!seen.has(id)) problems.push(`results: candidate ${id} has ${n} counted rows but is not in the results`);
  }
  return problems;
}

function listed(items: string[]): string[] {
  return items.length > MAX_LISTED ? [...items.slice(0, MAX_LISTED), `… and ${items.length - MAX_LISTED} more`] : items;
}
