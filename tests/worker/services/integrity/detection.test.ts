import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../../../db/client';
import { scanRecentBallots } from '../../../../worker/services/integrity/detection';
import { seed } from '../../../fixtures/app';
import { addBallot, integrityConfig, reviewEvent, staffAccount, statusOf } from '../../../fixtures/record';
import { createPoll, tallyOf } from '../../../fixtures/voting';

const NOW = Date.UTC(2026, 11, 3, 4, 0);
const MIN = 60_000;
const db = () => openDb(env.DB);
const openPoll = () => createPoll({ opensAt: NOW - 3 * 86_400_000, closesAt: NOW + 86_400_000, candidates: 4 });

beforeAll(() => seed(NOW));

async function expectTallyConsistent(pollId: number) {
  const t = await tallyOf(pollId);
  expect(t.votes).toBe(t.choiceRows);
  expect(t.countedBallots).toBe(t.ballotRows);
}

describe('scanRecentBallots', () => {
  it('quarantines a ballot from a virtual-operator number and leaves a normal one alone', async () => {
    const poll = await openPoll();
    const virtual = await addBallot(poll.id, {
      choices: [poll.candidateIds[0]],
      castAt: NOW - MIN,
      phoneMasked: '170****1234',
    });
    const normal = await addBallot(poll.id, {
      choices: [poll.candidateIds[0]],
      castAt: NOW - MIN,
      phoneMasked: '138****1234',
    });
    const result = await scanRecentBallots(db(), integrityConfig(), NOW);
    expect(result['virtual-segment']).toBe(1);
    expect(await statusOf(virtual.id)).toBe('quarantined');
    expect(await statusOf(normal.id)).toBe('counted');
    expect((await tallyOf(poll.id)).votes).toBe(1);
    await expectTallyConsistent(poll.id);
  });

  it('quarantines a ballot cast seconds after the SMS code was sent and leaves a normal one alone', async () => {
    const poll = await openPoll();
    const fast = await addBallot(poll.id, {
      choices: [poll.candidateIds[1]],
      castAt: NOW - MIN,
      codeSentAt: NOW - MIN - 1500,
    });
    const human = await addBallot(poll.id, {
      choices: [poll.candidateIds[1]],
      castAt: NOW - MIN,
      codeSentAt: NOW - 2 * MIN,
    });
    await scanRecentBallots(db(), integrityConfig(), NOW);
    expect(await statusOf(fast.id)).toBe('quarantined');
    expect(await statusOf(human.id)).toBe('counted');
    await expectTallyConsistent(poll.id);
  });

  it('quarantines a burst of identical ballots from one network and leaves one at the limit alone', async () => {
    const poll = await openPoll();
    const config = integrityConfig({ RULE_BURST_MAX_BALLOTS: '5', RULE_BURST_MINUTES: '10' });
    const choices = [poll.candidateIds[0], poll.candidateIds[2]];
    const burst = [];
    for (let i = 0; i < 6; i++)
      burst.push(await addBallot(poll.id, { choices, castAt: NOW - 20 * MIN + i * MIN, network: '1.2.3.0/24' }));
    const atLimit = [];
    for (let i = 0; i < 5; i++)
      atLimit.push(await addBallot(poll.id, { choices, castAt: NOW - 20 * MIN + i * MIN, network: '5.6.7.0/24' }));
    const result = await scanRecentBallots(db(), config, NOW);
    expect(result.burst).toBe(6);
    for (const b of burst) expect(await statusOf(b.id)).toBe('quarantined');
    for (const b of atLimit) expect(await statusOf(b.id)).toBe('counted');
    await expectTallyConsistent(poll.id);

    // Staff release one: later scans leave it counted, and catch a new ballot that joins the burst.
    const staff = await staffAccount();
    await reviewEvent(burst[0].id, 'quarantined', 'counted', NOW, staff);
    const late = await addBallot(poll.id, { choices, castAt: NOW - 14 * MIN, network: '1.2.3.0/24' });
    await scanRecentBallots(db(), config, NOW + MIN);
    expect(await statusOf(burst[0].id)).toBe('counted');
    expect(await statusOf(late.id)).toBe('quarantined');
    await expectTallyConsistent(poll.id);
  });

  it("quarantines an hour's ballots from a network far above its usual share and leaves the others alone", async () => {
    const poll = await openPoll();
    const config = integrityConfig({
      RULE_BURST: 'off',
      RULE_NETWORK_SHARE_BASELINE: '40',
      RULE_NETWORK_SHARE_MIN_BALLOTS: '10',
    });
    const pick = (i: number) => [poll.candidateIds[i % 4]];
    for (let i = 0; i < 40; i++) {
      await addBallot(poll.id, { choices: pick(i), castAt: NOW - 86_400_000 + i * MIN, network: `20.0.${i % 8}.0/24` });
    }
    const others = [];
    for (let i = 0; i < 20; i++) {
      others.push(
        await addBallot(poll.id, { choices: pick(i), castAt: NOW - 50 * MIN + i * MIN, network: `20.0.${i % 8}.0/24` }),
      );
    }
    const surge = [];
    for (let i = 0; i < 12; i++) {
      surge.push(
        await addBallot(poll.id, { choices: pick(i), castAt: NOW - 30 * MIN + i * MIN, network: '99.9.9.0/24' }),
      );
    }
    const result = await scanRecentBallots(db(), config, NOW);
    expect(result['network-share']).toBe(12);
    for (const b of surge) expect(await statusOf(b.id)).toBe('quarantined');
    for (const b of others) expect(await statusOf(b.id)).toBe('counted');
    await expectTallyConsistent(poll.id);
  });

  it('does nothing with every rule off, and never looks at polls that are not taking ballots', async () => {
    const poll = await openPoll();
    const closed = await createPoll({ opensAt: NOW - 10 * 86_400_000, closesAt: NOW - 5 * 86_400_000 });
    const a = await addBallot(poll.id, {
      choices: [poll.candidateIds[0]],
      castAt: NOW - MIN,
      phoneMasked: '171****0000',
    });
    const b = await addBallot(closed.id, {
      choices: [closed.candidateIds[0]],
      castAt: NOW - MIN,
      phoneMasked: '171****0000',
    });
    const off = integrityConfig({
      RULE_VIRTUAL_SEGMENT: 'off',
      RULE_BURST: 'off',
      RULE_MACHINE_TIMING: 'off',
      RULE_NETWORK_SHARE: 'off',
    });
    await scanRecentBallots(db(), off, NOW);
    expect(await statusOf(a.id)).toBe('counted');
    await scanRecentBallots(db(), integrityConfig(), NOW);
    expect(await statusOf(a.id)).toBe('quarantined');
    expect(await statusOf(b.id)).toBe('counted');
  });
});
