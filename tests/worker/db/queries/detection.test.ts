import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkBallot } from '../../../../contracts/detection-rules';
import { openDb } from '../../../../db/client';
import { insertBallot } from '../../../../db/queries/ballots';
import { quarantineOnInsert } from '../../../../db/queries/detection';
import { ruleSettings } from '../../../../worker/services/integrity/config';
import { seed } from '../../../fixtures/app';
import { integrityConfig, statusOf } from '../../../fixtures/record';
import { createPoll, tallyOf } from '../../../fixtures/voting';

const NOW = Date.UTC(2026, 11, 6, 4, 0);
beforeAll(() => seed(NOW));

/**
 * Casts a ballot through the real insert batch (db/queries/ballots.ts), with the per-ballot hook
 * the ballot route adds when a rule hits.
 */
function castChecked(pollSlug: string, receipt: string, phoneMasked: string, choices: number[], codeSentAt: number) {
  return insertBallot(openDb(env.DB), {
    pollSlug,
    receipt,
    phoneHash: `h-${receipt}`,
    phoneMasked,
    today: '2026-12-06',
    idempotencyKey: null,
    network: '10.0.0.0/24',
    castAt: NOW,
    codeSentAt,
    choices,
    quarantine: checkBallot({ phone: phoneMasked, codeSentAt, castAt: NOW }, ruleSettings(integrityConfig())),
  });
}

describe('quarantineOnInsert', () => {
  it('quarantines a ballot in the batch that inserts it, so it never reaches the public tally', async () => {
    const poll = await createPoll({ opensAt: NOW - 1, closesAt: NOW + 1 });
    expect(await castChecked(poll.slug, 'HOOK-0001', '167****0000', [poll.candidateIds[0]], NOW - 60_000)).toBe(true);
    expect(await castChecked(poll.slug, 'HOOK-0002', '138****0000', [poll.candidateIds[0]], NOW - 1000)).toBe(true);
    expect(await castChecked(poll.slug, 'HOOK-0003', '138****0001', [poll.candidateIds[0]], NOW - 60_000)).toBe(true);
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
