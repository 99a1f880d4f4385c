/**
 * Sign-in lock-out. Per account: the failure count on the account row (db/queries/staff.ts,
 * countAccountFailure) locks it with a doubling back-off. Per network: failed attempts from one
 * client network (IPv4 /24, IPv6 /48) are counted in fixed windows in rate_counters; a network over
 * its budget is refused until the window ends, whichever usernames it tries.
 */
import type { Db } from '../../../db/client';
import { bumpCounter, counterValues } from '../../../db/queries/staff';
import { ApiError } from '../../errors';

const HOUR = 3_600_000;

/** Failed sign-ins a network may make per hour and per day before it is refused. */
export const NETWORK_FAILURE_LIMITS = [
  { window: HOUR, max: 20, name: 'hour' },
  { window: 24 * HOUR, max: 60, name: 'day' },
] as const;

const counters = (network: string, now: number) =>
  NETWORK_FAILURE_LIMITS.map((l) => {
    const windowStart = now - (now % l.window);
    return {
      key: `staff-signin-fail:${network}:${l.name}`,
      windowStart,
      expiresAt: windowStart + l.window,
      max: l.max,
    };
  });

/** Refuses with `rate_limited` (Retry-After: end of the longest spent window) a network over budget. */
export async function assertNetworkOpen(db: Db, network: string, now: number): Promise<void> {
  const cs = counters(network, now);
  const counts = await counterValues(db, cs);
  const retryAt = Math.max(0, ...cs.filter((c, i) => counts[i] >= c.max).map((c) => c.expiresAt));
  if (retryAt) throw new ApiError('rate_limited', { retryAfter: (retryAt - now) / 1000 });
}

/** The statements that count one failed attempt against a network (batch them with the rest). */
export function countNetworkFailure(db: Db, network: string, now: number) {
  return counters(network, now).map(({ key, windowStart, expiresAt }) =>
    bumpCounter(db, { key, windowStart, expiresAt }),
  );
}

/** Refuses with `rate_limited` and Retry-After an account that is locked at `now`. */
export function assertAccountOpen(lockedUntil: number | null, now: number): void {
  if (lockedUntil !== null && lockedUntil > now) {
    throw new ApiError('rate_limited', {
      retryAfter: (lockedUntil - now) / 1000,
      message: '登录失败次数过多，账号已暂时锁定，请稍后再试。',
    });
  }
}
