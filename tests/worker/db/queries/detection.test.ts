import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkBallot } from '../../../../contracts/detection-rules';
import { openDb } from '../../../../db/client';
import { quarantineOnInsert } from '../../../../db/queries/detection';
import { ruleSettings } from '../../../../worker/services/integrity/config';
import { seed } from '../../../fixtures/app';
import { integrityConfig, statusOf } from '../../../fixtures/record';
import { createPoll, tallyOf } from '../../../fixtures/voting';

const NOW = Date.UTC(2026, 11, 6, 4, 0);
beforeAll(() => seed(NOW));

/** The ballot insert's batch (db/queries/ballots.ts) for a ballot, plus the per-ballot hook when a rule hits. */
function insertBatch(pollId: number, receipt: string, phoneMasked: string, choices: number[], codeSentAt: number) {
  const db = openDb(env.DB);
  const json = JSON.stringify(choices);
  const stmts = [
    env.DB.prepare(
      'INSERT INTO ballots (poll_id, receipt, phone_hash, phone_masked, cast_at, code_sent_at) VALUES (?, ?, ?, ?, ?, ?)',
    ).bind(pollId, receipt, `h-${receipt}`, phoneMasked, NOW, codeSentAt),
    env.DB.prepare(
      'INSERT INTO ballot_choices (ballot_id, poll_id, candidate_id) SELECT b.id, b.poll_id, j.value FROM ballots b, json_each(?) j WHERE b.receipt = ?',
    ).bind(json, receipt),
    env.DB.prepare(
      'UPDATE tallies SET votes = votes + 1 WHERE poll_id = ? AND candidate_id IN (SELECT value FROM json_each(?))',
    ).bind(pollId, json),
    env.DB.prepare('UPDATE polls SET counted_ballots = counted_ballots + 1 WHERE id = ?').bind(pollId),
  ];
  const hit = checkBallot({ phone: phoneMasked, codeSentAt, castAt: NOW }, ruleSettings(integrityConfig()));
  if (hit) stmts.push(quarantineOnInsert(db, receipt, hit, NOW));
  return env.DB.batch(stmts);
}

describe('quarantineOnInsert', () => {
  it('quarantines a ballot in the batch that inserts it, so it never reaches the public tally', async () => {
    const poll = await createPoll({ opensAt: NOW - 1, closesAt: NOW + 1 });
    await insertBatch(poll.id, 'HOOK-0001', '167****0000', [poll.candidateIds[0]], NOW - 60_000);
    await insertBatch(poll.id, 'HOOK-0002', '138****0000', [poll.candidateIds[0]], NOW - 1000);
    await insertBatch(poll.id, 'HOOK-0003', '138****0001', [poll.candidateIds[0]], NOW - 60_000);
    const ids = await env.DB.prepare(
      "SELECT id, receipt FROM ballots WHERE receipt LIKE 'HOOK-%' ORDER BY receipt",
    ).all<{
      id: number;
    }>();
    expect(await Promise.all(ids.results.map((r) => statusOf(r.id)))).toEqual([
      'quarantined',
      'quarantined',
      'counted',
    ]);
    const events = await env.DB.prepare('SELECT rule_id FROM ballot_events ORDER BY id').all();
    expect(events.results).toEqual([{ rule_id: 'virtual-segment' }, { rule_id: 'machine-timing' }]);
    expect(await tallyOf(poll.id)).toEqual({ votes: 1, countedBallots: 1, choiceRows: 1, ballotRows: 1 });
  });

  it('changes nothing when the insert inserted nothing', async () => {
    const db = openDb(env.DB);
    const [r] = await env.DB.batch([quarantineOnInsert(db, 'NONE-0000-0000', { ruleId: 'burst', reason: 'x' }, NOW)]);
    expect(r.meta.changes).toBe(0);
  });
});
