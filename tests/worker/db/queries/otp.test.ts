import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../../../db/client';
import {
  closeChallenge,
  countAttempt,
  deleteOldChallenges,
  devSmsFor,
  addChallenge,
  latestChallenge,
  openChallenges,
  recordDevSms,
} from '../../../../db/queries/otp';

const NOW = Date.UTC(2026, 10, 27, 2, 0);
const db = openDb(env.DB);

const challenge = (phoneHash: string, createdAt: number) => ({
  phoneHash,
  codeHash: `code-of-${phoneHash}-${createdAt}`,
  clientHash: `client-of-${phoneHash}`,
  createdAt,
  expiresAt: createdAt + 300_000,
  network: '10.0.0.0/24',
});

describe('addChallenge, latestChallenge and openChallenges', () => {
  it('opens a challenge that is open until it expires', async () => {
    await addChallenge(db, challenge('p1', NOW));
    const latest = await latestChallenge(db, 'p1');
    expect(latest).toMatchObject({ codeHash: `code-of-p1-${NOW}`, attempts: 0, closedAt: null });
    expect((await openChallenges(db, 'p1', NOW + 299_999)).map((r) => r.id)).toEqual([latest!.id]);
    expect(await openChallenges(db, 'p1', NOW + 300_000)).toEqual([]);
    expect(await latestChallenge(db, 'p-unknown')).toBeUndefined();
  });

  it("leaves another client's open challenge of the phone open", async () => {
    await addChallenge(db, challenge('p2', NOW));
    const first = (await latestChallenge(db, 'p2'))!;
    await addChallenge(db, { ...challenge('p2', NOW + 60_000), clientHash: 'another-client' }, 'not-a-client-of-p2');
    const open = await openChallenges(db, 'p2', NOW + 60_000);
    expect(open.map((r) => r.clientHash)).toEqual(['another-client', 'client-of-p2']);
    expect(open[1].id).toBe(first.id);
  });

  it("closes only the named client's own earlier challenge as superseded", async () => {
    await addChallenge(db, challenge('p9', NOW));
    const first = (await latestChallenge(db, 'p9'))!;
    await addChallenge(db, challenge('p9', NOW + 60_000), 'client-of-p9');
    const open = await openChallenges(db, 'p9', NOW + 60_000);
    expect(open).toHaveLength(1);
    expect(open[0].id).not.toBe(first.id);
    const old = await env.DB.prepare('SELECT closed_at, closed_reason FROM otp_challenges WHERE id = ?')
      .bind(first.id)
      .first();
    expect(old).toEqual({ closed_at: NOW + 60_000, closed_reason: 'superseded' });
  });
});

describe('countAttempt and closeChallenge', () => {
  it('counts attempts up to the maximum, then refuses', async () => {
    await addChallenge(db, challenge('p3', NOW));
    const { id } = (await latestChallenge(db, 'p3'))!;
    expect(await countAttempt(db, id, 3)).toBe(1);
    expect(await countAttempt(db, id, 3)).toBe(2);
    expect(await countAttempt(db, id, 3)).toBe(3);
    expect(await countAttempt(db, id, 3)).toBeUndefined();
  });

  it('closes a challenge once, after which it is neither open nor countable', async () => {
    await addChallenge(db, challenge('p4', NOW));
    const { id } = (await latestChallenge(db, 'p4'))!;
    expect(await closeChallenge(db, id, NOW + 1000, 'used')).toBe(true);
    expect(await closeChallenge(db, id, NOW + 2000, 'used')).toBe(false);
    expect(await openChallenges(db, 'p4', NOW + 1000)).toEqual([]);
    expect(await countAttempt(db, id, 5)).toBeUndefined();
    expect(await latestChallenge(db, 'p4')).toMatchObject({ closedAt: NOW + 1000, closedReason: 'used' });
  });
});

describe('the development outbox', () => {
  it('returns a phone’s codes newest first, at most 20', async () => {
    for (let i = 0; i < 22; i++) await recordDevSms(db, 'p5', String(100000 + i), NOW + i);
    await recordDevSms(db, 'p6', '999999', NOW);
    const rows = await devSmsFor(db, 'p5');
    expect(rows).toHaveLength(20);
    expect(rows[0]).toEqual({ code: '100021', sentAt: NOW + 21 });
    expect(rows.map((r) => r.code)).not.toContain('999999');
  });
});

describe('deleteOldChallenges', () => {
  it('removes challenges that expired and outbox rows sent before the cut-off, and keeps the rest', async () => {
    await addChallenge(db, challenge('p7', NOW - 600_000));
    await addChallenge(db, challenge('p8', NOW));
    await recordDevSms(db, 'p7', '111111', NOW - 600_000);
    await recordDevSms(db, 'p8', '222222', NOW);
    await db.batch(deleteOldChallenges(db, NOW));
    expect(await latestChallenge(db, 'p7')).toBeUndefined();
    expect(await latestChallenge(db, 'p8')).toMatchObject(challenge('p8', NOW));
    expect(await devSmsFor(db, 'p7')).toEqual([]);
    expect(await devSmsFor(db, 'p8')).toHaveLength(1);
  });
});
