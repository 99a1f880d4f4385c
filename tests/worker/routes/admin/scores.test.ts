/**
 * Expert scores through the admin API: a value with at most two decimals is stored as typed
 * (64.1 stays 64.1), and an empty or malformed score is refused with a Chinese message, never
 * saved as 0.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { chinaMidnight } from '../../../../contracts/china-time';
import { errorBody } from '../../../../contracts/errors';
import { auditOf, call, staffOf, type Session } from '../../../fixtures/admin';
import { pinnedClock, testApp } from '../../../fixtures/app';
import { conforms } from '../../../fixtures/contract';
import { activate, programme } from '../../../fixtures/workflow';

// Monday 2026-06-01 10:00 China time.
const NOW = chinaMidnight('2026-06-01') + 10 * 3_600_000;
const t = testApp(pinnedClock(NOW));
let expert: Session;
let candidateId: number;

beforeAll(async () => {
  await programme();
  await activate('trades', 'review');
  expert = await staffOf(NOW, 'expert');
  const c = await env.DB.prepare(
    "INSERT INTO candidates (track_key, name, county_id, status, round_id) VALUES ('trades', '焊工', 'yaodu', 'recommended', (SELECT id FROM rounds WHERE track_key = 'trades' ORDER BY status = 'open' DESC, year DESC LIMIT 1)) RETURNING id",
  ).first<{ id: number }>();
  candidateId = c!.id;
  await env.DB.prepare('INSERT INTO expert_reviews (candidate_id, expert_id) VALUES (?, ?)')
    .bind(candidateId, expert.account.id)
    .run();
});

const score = (body: unknown) => call(t, expert, 'POST', `/api/admin/candidates/${candidateId}/score`, body);
const stored = async () =>
  (await env.DB.prepare('SELECT score FROM expert_reviews WHERE candidate_id = ? AND expert_id = ?')
    .bind(candidateId, expert.account.id)
    .first<{ score: number | null }>())!.score;

describe('POST /api/admin/candidates/{id}/score', () => {
  it('refuses an empty score with a Chinese message and saves nothing (not 0)', async () => {
    for (const body of [{ score: null }, { score: '' }, {}, { score: '64.1' }]) {
      const res = await score(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const issue = conforms(errorBody(['invalid_request']), res.body).error.issues![0];
      expect(issue.path).toEqual(['score']);
      expect(issue.message).toMatch(/评分/);
    }
    expect(await stored()).toBeNull();
    expect(await auditOf('review.score')).toEqual([]);
  });

  it('stores 64.1, 79.4 and 66.6 as typed', async () => {
    for (const value of [64.1, 79.4, 66.6]) {
      const res = await score({ score: value });
      expect(res.status, res.text).toBe(200);
      expect(await stored()).toBe(value);
    }
  });

  it('accepts the two-decimal values a floating-point test refused (a sample of every 25th)', async () => {
    const wronglyRefused = Array.from({ length: 10_001 }, (_, i) => i / 100).filter(
      (v) => Math.round(v * 100) !== v * 100,
    );
    expect(wronglyRefused).toHaveLength(1146);
    for (const value of wronglyRefused.filter((_, n) => n % 25 === 0)) {
      const res = await score({ score: value });
      expect([value, res.status]).toEqual([value, 200]);
      expect(await stored()).toBe(value);
    }
  });

  it('refuses 100.01, -0.01 and 1.234, keeping the last score', async () => {
    await score({ score: 0.01 });
    for (const value of [100.01, -0.01, 1.234]) {
      const res = await score({ score: value });
      expect([value, res.status]).toEqual([value, 400]);
      expect(res.body.error.issues[0].path).toEqual(['score']);
    }
    expect(await stored()).toBe(0.01);
  });
});
