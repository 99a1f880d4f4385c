import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { CheckpointsBody, compareResults, recount } from '../../../../contracts/ballot-record';
import { openDb } from '../../../../db/client';
import { sealingCheckpoint } from '../../../../db/queries/ballot-record';
import { quarantineBallots } from '../../../../db/queries/detection';
import { findPoll } from '../../../../db/queries/polls';
import { ApiError } from '../../../../worker/errors';
import { receiptHash } from '../../../../worker/services/integrity/receipt-hash';
import {
  exportBallotsCsv,
  publicCheckpoints,
  sealAll,
  sealCheckpoint,
} from '../../../../worker/services/integrity/record';
import { pinnedClock, seed, testApp } from '../../../fixtures/app';
import { addBallot, RECEIPT_KEY, reviewEvent, staffAccount } from '../../../fixtures/record';
import { createPoll } from '../../../fixtures/voting';

const NOW = Date.UTC(2026, 11, 4, 4, 0);
const MIN = 60_000;
const db = () => openDb(env.DB);

beforeAll(() => seed(NOW));

async function exportOf(slug: string) {
  const poll = (await findPoll(db(), slug))!;
  return new Response((await exportBallotsCsv(db(), poll, RECEIPT_KEY)).body).text();
}
async function checkpointsOf(slug: string) {
  const poll = (await findPoll(db(), slug))!;
  return CheckpointsBody.parse({ checkpoints: await publicCheckpoints(db(), poll, RECEIPT_KEY) }).checkpoints;
}

describe('sealCheckpoint', () => {
  it('seals new ballots and events into a chain, and nothing when nothing is new', async () => {
    const poll = await createPoll({ opensAt: NOW - 86_400_000, closesAt: NOW + 86_400_000 });
    const [a, b] = poll.candidateIds;
    const first = [];
    for (let i = 0; i < 3; i++)
      first.push(await addBallot(poll.id, { choices: [a, b], castAt: NOW - 10 * MIN + i * MIN }));
    const cp1 = await sealCheckpoint(db(), poll.id, NOW, RECEIPT_KEY);
    expect(cp1).toMatchObject({ seq: 1, ballotCount: 3, eventCount: 0, prevHash: '0'.repeat(64) });
    expect(await sealCheckpoint(db(), poll.id, NOW, RECEIPT_KEY)).toBeNull();

    const late = await addBallot(poll.id, { choices: [b], castAt: NOW + MIN });
    await quarantineBallots(db(), [{ ballotId: first[1].id, hit: { ruleId: 'burst', reason: 'x' } }], NOW + MIN);
    const cp2 = await sealCheckpoint(db(), poll.id, NOW + 5 * MIN, RECEIPT_KEY);
    expect(cp2).toMatchObject({ seq: 2, ballotCount: 4, eventCount: 1, prevHash: cp1!.hash });
    expect((await sealingCheckpoint(db(), poll.id, first[0].id))?.seq).toBe(1);
    expect((await sealingCheckpoint(db(), poll.id, late.id))?.seq).toBe(2);
  });

  it('keeps sealing a closed poll whose ballots are reviewed after the close', async () => {
    const poll = await createPoll({ opensAt: NOW - 3 * 86_400_000, closesAt: NOW - 86_400_000 });
    const ballot = await addBallot(poll.id, { choices: [poll.candidateIds[0]], castAt: NOW - 2 * 86_400_000 });
    await quarantineBallots(
      db(),
      [{ ballotId: ballot.id, hit: { ruleId: 'burst', reason: 'x' } }],
      NOW - 2 * 86_400_000,
    );
    await sealAll(db(), NOW, RECEIPT_KEY);
    await reviewEvent(ballot.id, 'quarantined', 'counted', NOW + MIN, await staffAccount());
    const sealed = await sealAll(db(), NOW + 5 * MIN, RECEIPT_KEY);
    expect(sealed.filter((c) => c.pollId === poll.id)).toMatchObject([{ seq: 2, ballotCount: 1, eventCount: 2 }]);
  });
});

describe('export and recount', () => {
  it('recomputes the published checkpoints from the export and matches the published results', async () => {
    const poll = await createPoll({ opensAt: NOW - 86_400_000, closesAt: NOW + 86_400_000 });
    const [a, b, c] = poll.candidateIds;
    const ballots = [];
    for (let i = 0; i < 5; i++)
      ballots.push(await addBallot(poll.id, { choices: i % 2 ? [a, c] : [b], castAt: NOW - 90 * MIN + i * MIN }));
    await sealAll(db(), NOW - 60 * MIN, RECEIPT_KEY);
    await quarantineBallots(
      db(),
      [{ ballotId: ballots[2].id, hit: { ruleId: 'machine-timing', reason: 'x' } }],
      NOW - 50 * MIN,
    );
    await quarantineBallots(db(), [{ ballotId: ballots[3].id, hit: { ruleId: 'burst', reason: 'x' } }], NOW - 50 * MIN);
    await reviewEvent(ballots[3].id, 'quarantined', 'counted', NOW - 40 * MIN, await staffAccount());
    await addBallot(poll.id, { choices: [c], castAt: NOW - 30 * MIN });
    await sealAll(db(), NOW - 25 * MIN, RECEIPT_KEY);
    await addBallot(poll.id, { choices: [c], castAt: NOW - 20 * MIN }); // not sealed yet: not exported

    const csv = await exportOf(poll.slug);
    const checkpoints = await checkpointsOf(poll.slug);
    expect(checkpoints.map((cp) => [cp.seq, cp.ballotCount, cp.eventCount])).toEqual([
      [1, 5, 0],
      [2, 6, 3],
    ]);
    expect(checkpoints[1].events?.map((e) => [e.from, e.to, e.cause])).toEqual([
      ['counted', 'quarantined', 'machine-timing'],
      ['counted', 'quarantined', 'burst'],
      ['quarantined', 'counted', 'review'],
    ]);
    const report = await recount(csv, checkpoints);
    expect(report.problems).toEqual([]);
    expect({ counted: report.counted, quarantined: report.quarantined }).toEqual({ counted: 5, quarantined: 1 });

    // After the last seal, the published results are exactly the export's counted rows.
    await sealAll(db(), NOW, RECEIPT_KEY);
    const t = testApp(pinnedClock(NOW));
    const { body: results } = await t.json(`/api/polls/${poll.slug}/results`);
    const final = await recount(await exportOf(poll.slug), await checkpointsOf(poll.slug));
    expect(final.problems).toEqual([]);
    expect(compareResults(final, results)).toEqual([]);

    // A holder of a receipt finds their row by the receipt hash the receipt page tells them.
    expect(csv).toContain(`${await receiptHash(RECEIPT_KEY, ballots[0].receipt)},${b},`);
  });

  it('contains no phone, phone hash, network or receipt', async () => {
    const poll = await createPoll({ opensAt: NOW - 86_400_000, closesAt: NOW + 86_400_000 });
    const ballot = await addBallot(poll.id, {
      choices: [poll.candidateIds[0]],
      castAt: NOW - MIN,
      phoneMasked: '138****4321',
      network: '11.22.33.0/24',
    });
    await sealAll(db(), NOW, RECEIPT_KEY);
    const row = await env.DB.prepare('SELECT phone_hash FROM ballots WHERE id = ?')
      .bind(ballot.id)
      .first<{ phone_hash: string }>();
    const csv = await exportOf(poll.slug);
    expect(csv.split('\r\n')).toHaveLength(3);
    for (const secret of [row!.phone_hash, '4321', '11.22.33', ballot.receipt]) expect(csv).not.toContain(secret);
  });

  it('is refused under embargo, when the checkpoints show hashes but no counts', async () => {
    const poll = await createPoll({ opensAt: NOW - 86_400_000, closesAt: NOW + 86_400_000, liveCounts: false });
    await addBallot(poll.id, { choices: [poll.candidateIds[0]], castAt: NOW - MIN });
    await sealAll(db(), NOW, RECEIPT_KEY);
    const row = (await findPoll(db(), poll.slug))!;
    await expect(exportBallotsCsv(db(), row, RECEIPT_KEY)).rejects.toSatisfy(
      (e) => e instanceof ApiError && e.code === 'embargoed',
    );
    expect(await checkpointsOf(poll.slug)).toMatchObject([
      { seq: 1, ballotCount: null, eventCount: null, events: null },
    ]);
  });

  it('reports a mismatch when a sealed ballot is changed in D1', async () => {
    const poll = await createPoll({ opensAt: NOW - 86_400_000, closesAt: NOW + 86_400_000 });
    const [a, b] = poll.candidateIds;
    const ballots = [];
    for (let i = 0; i < 3; i++) ballots.push(await addBallot(poll.id, { choices: [a], castAt: NOW - 10 * MIN }));
    await sealAll(db(), NOW, RECEIPT_KEY);
    expect((await recount(await exportOf(poll.slug), await checkpointsOf(poll.slug))).problems).toEqual([]);
    // Someone with write access to D1 removes the guard and moves a vote.
    await env.DB.prepare('DROP TRIGGER ballot_choices_no_update').run();
    await env.DB.prepare('UPDATE ballot_choices SET candidate_id = ? WHERE ballot_id = ?').bind(b, ballots[1].id).run();
    const report = await recount(await exportOf(poll.slug), await checkpointsOf(poll.slug));
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatch(/^checkpoint 1: hash differs/);
  });
});
