import { describe, expect, it } from 'vitest';
import {
  ballotLine,
  chainHash,
  compareResults,
  csvHead,
  csvRow,
  eventLine,
  GENESIS_HASH,
  parseCsv,
  recount,
  type Checkpoint,
  type ExportRow,
  type RecordEvent,
} from '../../../contracts/ballot-record';

const h = (c: string) => c.repeat(64);

describe('canonical lines and the chain hash', () => {
  it('hashes prev hash, newline and each line with its newline (as `sha256sum` does)', async () => {
    const lines = [
      ballotLine({ receiptHash: h('a'), choices: [2, 1], hour: '2026-12-01 09' }),
      eventLine({ receiptHash: h('a'), from: 'counted', to: 'quarantined', cause: 'burst', hour: '2026-12-01 10' }),
    ];
    expect(lines).toEqual([
      `ballot,${h('a')},1;2,2026-12-01 09`,
      `event,${h('a')},counted,quarantined,burst,2026-12-01 10`,
    ]);
    // printf '%s\n%s\n%s\n' "$GENESIS" "$line1" "$line2" | sha256sum
    expect(await chainHash(GENESIS_HASH, lines)).toBe(
      'd8130ae435f4a02cbb3ab7df08ef445e94e92d408866329bd04dbeb2eee6faf3',
    );
  });
});

/** A small record: 4 ballots in two checkpoints, one quarantined by a rule and released by staff. */
async function fixture() {
  const rows: ExportRow[] = [
    { receiptHash: h('1'), choices: [1, 2], hour: '2026-12-01 09', status: 'counted' },
    { receiptHash: h('2'), choices: [2], hour: '2026-12-01 09', status: 'counted' },
    { receiptHash: h('3'), choices: [1, 3], hour: '2026-12-01 10', status: 'quarantined' },
    { receiptHash: h('4'), choices: [3], hour: '2026-12-01 11', status: 'counted' },
  ];
  const e1: RecordEvent = {
    receiptHash: h('2'),
    from: 'counted',
    to: 'quarantined',
    cause: 'burst',
    hour: '2026-12-01 09',
  };
  const e2: RecordEvent = {
    receiptHash: h('3'),
    from: 'counted',
    to: 'quarantined',
    cause: 'burst',
    hour: '2026-12-01 10',
  };
  const e3: RecordEvent = {
    receiptHash: h('2'),
    from: 'quarantined',
    to: 'counted',
    cause: 'review',
    hour: '2026-12-01 11',
  };
  const hash1 = await chainHash(GENESIS_HASH, [...rows.slice(0, 2).map(ballotLine), eventLine(e1)]);
  const hash2 = await chainHash(hash1, [...rows.slice(2).map(ballotLine), eventLine(e2), eventLine(e3)]);
  const checkpoints: Checkpoint[] = [
    { seq: 1, ballotCount: 2, eventCount: 1, hash: hash1, prevHash: GENESIS_HASH, sealedAt: '', events: [e1] },
    { seq: 2, ballotCount: 4, eventCount: 3, hash: hash2, prevHash: hash1, sealedAt: '', events: [e2, e3] },
  ];
  const csv = csvHead() + rows.map(csvRow).join('');
  return { rows, checkpoints, csv };
}

describe('recount', () => {
  it('recomputes the checkpoints from the export and counts the counted rows', async () => {
    const { csv, checkpoints } = await fixture();
    expect(csv.split('\r\n')[0]).toBe('receipt_hash,choices,hour,status');
    const report = await recount(csv, checkpoints);
    expect(report.problems).toEqual([]);
    expect({ counted: report.counted, quarantined: report.quarantined, void: report.void }).toEqual({
      counted: 3,
      quarantined: 1,
      void: 0,
    });
    expect(Object.fromEntries(report.votes)).toEqual({ 1: 1, 2: 2, 3: 1 });
    expect(
      compareResults(report, {
        totalBallots: 3,
        results: [
          { candidateId: 1, votes: 1 },
          { candidateId: 2, votes: 2 },
          { candidateId: 3, votes: 1 },
        ],
      }),
    ).toEqual([]);
  });

  it('reports the checkpoint whose rows were changed', async () => {
    const { csv, checkpoints } = await fixture();
    const changed = csv.replace(`${h('4')},3,`, `${h('4')},2,`);
    const report = await recount(changed, checkpoints);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatch(/^checkpoint 2: hash differs/);
  });

  it('reports a removed row, an added row and a status that the events do not give', async () => {
    const { csv, checkpoints, rows } = await fixture();
    const lines = csv.split('\r\n');
    expect((await recount([...lines.slice(0, 2), ...lines.slice(3)].join('\r\n'), checkpoints)).problems[0]).toMatch(
      /checkpoint 1: hash differs/,
    );
    const extra = csv + csvRow({ ...rows[0], receiptHash: h('9') });
    expect((await recount(extra, checkpoints)).problems).toEqual(['export: 1 rows are not sealed by any checkpoint']);
    const flipped = csv.replace(`${h('3')},1;3,2026-12-01 10,quarantined`, `${h('3')},1;3,2026-12-01 10,counted`);
    expect((await recount(flipped, checkpoints)).problems).toEqual([
      'export line 4: status counted, the events say quarantined',
    ]);
  });

  it('reports results that differ from the counted rows', async () => {
    const { csv, checkpoints } = await fixture();
    const report = await recount(csv, checkpoints);
    expect(
      compareResults(report, {
        totalBallots: 3,
        results: [
          { candidateId: 1, votes: 1 },
          { candidateId: 2, votes: 3 },
          { candidateId: 3, votes: 1 },
        ],
      }),
    ).toEqual(['results: candidate 2 has 3 votes, the export 2']);
  });

  it('reports a broken chain link', async () => {
    const { csv, checkpoints } = await fixture();
    const broken = [checkpoints[0], { ...checkpoints[1], prevHash: h('f') }];
    expect((await recount(csv, broken)).problems[0]).toMatch(/checkpoint 2: prevHash/);
  });
});

describe('parseCsv', () => {
  it('refuses a file without the header or with a malformed row', () => {
    expect(() => parseCsv('a,b\r\n')).toThrow(/line 1/);
    expect(() => parseCsv(`receipt_hash,choices,hour,status\r\n${h('1')},1,2026-12-01 09,maybe\r\n`)).toThrow(/line 2/);
  });
});
