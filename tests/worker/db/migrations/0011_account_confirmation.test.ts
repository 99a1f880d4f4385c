import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../../../fixtures/app';
import { addBallot, staffAccount } from '../../../fixtures/record';
import { createPoll } from '../../../fixtures/voting';

const NOW = Date.UTC(2026, 11, 2, 2, 0);
let poll: Awaited<ReturnType<typeof createPoll>>;
let staff: number;

beforeAll(async () => {
  await seed(NOW);
  poll = await createPoll({ opensAt: NOW - 86_400_000, closesAt: NOW + 86_400_000 });
  staff = await staffAccount();
});

const propose = (table: string, ballotId: number) =>
  env.DB.prepare(`INSERT INTO ${table} (ballot_id, proposed_by, reason, proposed_at) VALUES (?, ?, 'x', ?)`)
    .bind(ballotId, staff, NOW)
    .run();

describe('review proposals', () => {
  it('allow one proposal per ballot, release or void, whichever comes first', async () => {
    const a = await addBallot(poll.id, { choices: [poll.candidateIds[0]], castAt: NOW });
    const b = await addBallot(poll.id, { choices: [poll.candidateIds[0]], castAt: NOW });
    await propose('ballot_void_proposals', a.id);
    await expect(propose('ballot_release_proposals', a.id)).rejects.toThrow(/one review proposal per ballot/);
    await propose('ballot_release_proposals', b.id);
    await expect(propose('ballot_void_proposals', b.id)).rejects.toThrow(/one review proposal per ballot/);
    await expect(propose('ballot_release_proposals', b.id)).rejects.toThrow(/UNIQUE/);
  });
});
