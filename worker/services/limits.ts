/** Rate limits as fixed windows counted exactly in D1 (see db/queries/limits.ts). */
import type { Db } from '../../db/client';
import { bumpCounter, claimOnce, counterValue, takeFromCounters } from '../../db/queries/limits';
import { chinaDate, chinaMidnight } from '../../contracts/china-time';
import { ApiError } from '../errors';

export interface Limit {
  /** What is limited, e.g. `otp:phone:<hash>`. */
  key: string;
  max: number;
  window: 'minute' | 'hour' | 'day';
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Window start and end; days are China days, so a daily budget resets at 00:00 China time. */
function windowOf(window: Limit['window'], now: number): [number, number] {
  if (window !== 'day') {
    const size = window === 'hour' ? HOUR : MINUTE;
    const start = now - (now % size);
    return [start, start + size];
  }
  const start = chinaMidnight(chinaDate(now));
  return [start, start + 24 * HOUR];
}

/**
 * Counts one request against every limit at once, or refuses it with `rate_limited` (Retry-After
 * set to the end of the longest exhausted window) without counting it anywhere. Returns each
 * counter's count including this request.
 */
export async function enforceLimits(db: Db, limits: Limit[], now: number): Promise<number[]> {
  const windows = limits.map((l) => windowOf(l.window, now));
  const counts = await takeFromCounters(
    db,
    limits.map((l, i) => ({
      key: `${l.key}:${l.window}`,
      windowStart: windows[i][0],
      expiresAt: windows[i][1],
      max: l.max,
    })),
  );
  const retryAt = Math.max(0, ...windows.filter((_, i) => counts[i] === null).map((w) => w[1]));
  if (retryAt) throw new ApiError('rate_limited', { retryAfter: (retryAt - now) / 1000 });
  return counts as number[];
}

/** Records that something happened once in a window (`key` once per China day, say); true the first time. */
export function firstInWindow(db: Db, key: string, window: Limit['window'], now: number): Promise<boolean> {
  const [start, end] = windowOf(window, now);
  return claimOnce(db, `${key}:${window}`, start, end);
}

/** The count of a counter's current window (what enforceLimits counted under `key`), 0 if none. */
export function countInWindow(db: Db, key: string, window: Limit['window'], now: number): Promise<number> {
  return counterValue(db, `${key}:${window}`, windowOf(window, now)[0]);
}

/**
 * A limit on failures rather than requests: `refuseWhenExhausted` throws `rate_limited` once the
 * window holds `max` failures (before the request is looked at), `countFailure` adds one.
 */
export function failureLimit(limit: Limit, now: number) {
  const [start, end] = windowOf(limit.window, now);
  const key = `${limit.key}:${limit.window}`;
  return {
    async refuseWhenExhausted(db: Db): Promise<void> {
      if ((await counterValue(db, key, start)) >= limit.max)
        throw new ApiError('rate_limited', { retryAfter: (end - now) / 1000 });
    },
    async countFailure(db: Db): Promise<void> {
      await bumpCounter(db, key, start, end);
    },
  };
}
