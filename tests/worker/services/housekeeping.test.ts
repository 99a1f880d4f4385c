import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../../db/client';
import { housekeeping } from '../../../worker/services/housekeeping';

const NOW = Date.UTC(2026, 11, 1, 2, 0);
const HOUR = 3_600_000;

describe('housekeeping', () => {
  it('deletes expired counters and challenges older than a day, and keeps the rest', async () => {
    await env.DB.batch([
      env.DB.prepare(
        "INSERT INTO rate_counters (key, window_start, count, expires_at) VALUES ('old', 0, 1, ?), ('live', 1, 1, ?)",
      ).bind(NOW - 1, NOW + HOUR),
      env.DB.prepare(
        "INSERT INTO otp_challenges (phone_hash, code_hash, created_at, expires_at) VALUES ('a', 'x', ?, ?), ('b', 'y', ?, ?)",
      ).bind(NOW - 30 * HOUR, NOW - 30 * HOUR + 300_000, NOW - HOUR, NOW - HOUR + 300_000),
      env.DB.prepare("INSERT INTO dev_sms_outbox (phone_hash, code, sent_at) VALUES ('a', '1', ?), ('b', '2', ?)").bind(
        NOW - 30 * HOUR,
        NOW - HOUR,
      ),
    ]);
    await housekeeping(openDb(env.DB), NOW);
    const keys = await env.DB.prepare('SELECT key FROM rate_counters').all<{ key: string }>();
    expect(keys.results.map((r) => r.key)).toEqual(['live']);
    const challenges = await env.DB.prepare('SELECT phone_hash FROM otp_challenges').all<{ phone_hash: string }>();
    expect(challenges.results.map((r) => r.phone_hash)).toEqual(['b']);
    const outbox = await env.DB.prepare('SELECT phone_hash FROM dev_sms_outbox').all<{ phone_hash: string }>();
    expect(outbox.results.map((r) => r.phone_hash)).toEqual(['b']);
  });

  it('deletes sign-in failures a day old and unlocked, and keeps the rest', async () => {
    await env.DB.prepare(
      `INSERT INTO staff_sign_in_failures (username, network, failures, last_failure_at, locked_until) VALUES
        ('stale', '*', 3, ?1, NULL), ('recent', '*', 3, ?2, NULL), ('locked', '192.0.2.0/24', 30, ?1, ?3)`,
    )
      .bind(NOW - 25 * HOUR, NOW - HOUR, NOW + HOUR)
      .run();
    await housekeeping(openDb(env.DB), NOW);
    const rows = await env.DB.prepare('SELECT username FROM staff_sign_in_failures ORDER BY username').all<{
      username: string;
    }>();
    expect(rows.results.map((r) => r.username)).toEqual(['locked', 'recent']);
  });
});
