/**
 * Sign-in lock-out (docs/admin.md, "Lock-out"). Each failed password or code counts under the
 * normalised username typed, whether or not an account has it, so an unknown name answers like a
 * real one, in three places:
 * - per username and client network (IPv4 /24, IPv6 /48): NETWORK_LOCK locks the name for that
 *   network only, so wrong passwords from elsewhere never stop the owner on their own network;
 * - per username across every network: NAME_DELAY makes each attempt wait a short, bounded while
 *   after many failures within the hour. It never applies from a network the account completed a
 *   sign-in from, and one failure an hour never starts it;
 * - per network, whatever the name: NETWORK_FAILURE_LIMITS. Over budget a wrong password is refused
 *   with 429, but the password is still checked and a correct one goes on to the second factor: a
 *   shared office or carrier network must not shut out its honest users.
 */
import type { Db } from '../../../db/client';
import { bumpCounter } from '../../../db/queries/limits';
import {
  counterRows,
  countSignInFailure,
  EVERY_NETWORK,
  signedInFrom,
  signInFailureRows,
  signInLocks,
  type BackOff,
} from '../../../db/queries/admin-accounts';
import { ApiError } from '../../errors';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** One name from one network: locked from the 5th failure, 5 minutes doubling up to an hour. */
export const NETWORK_LOCK: BackOff = { after: 5, firstMs: 5 * MINUTE, maxMs: HOUR, forgetMs: 24 * HOUR };

/**
 * One name from every network: from the 10th failure with less than an hour between failures, the
 * next attempt waits 15 s, doubling up to 5 minutes. A quiet hour starts the count again.
 */
export const NAME_DELAY: BackOff = { after: 10, firstMs: 15_000, maxMs: 5 * MINUTE, forgetMs: HOUR };

/** A network the account completed a sign-in from within this time is its owner's: no NAME_DELAY. */
export const KNOWN_NETWORK_MS = 90 * 24 * HOUR;

/** Failed sign-ins a network may make per hour and per day before its wrong passwords get 429. */
export const NETWORK_FAILURE_LIMITS = [
  { window: HOUR, max: 20, name: 'hour' },
  { window: 24 * HOUR, max: 60, name: 'day' },
] as const;

/** Who is trying: the normalised username and the client network (null: none known). */
export interface Attempt {
  username: string;
  network: string | null;
}

/** What stands in the way of an attempt at `now`. */
export interface LockState {
  /** This name is locked from this network until then. */
  lockedUntil: number | null;
  /** Attempts at this name from any network wait until then (not from a known network). */
  delayedUntil: number | null;
  /** The account completed a sign-in from this network recently. */
  knownNetwork: boolean;
  /** The network has spent its failure budget until then. */
  networkSpentUntil: number | null;
}

const keyOf = (network: string | null) => network ?? 'unknown';

const networkCounters = (network: string, now: number) =>
  NETWORK_FAILURE_LIMITS.map((l) => {
    const windowStart = now - (now % l.window);
    return {
      key: `staff-signin-fail:${network}:${l.name}`,
      windowStart,
      expiresAt: windowStart + l.window,
      max: l.max,
    };
  });

/** Reads the lock state of an attempt in one round trip (the same work for every name). */
export async function lockState(db: Db, a: Attempt, now: number): Promise<LockState> {
  const network = keyOf(a.network);
  const counters = networkCounters(network, now);
  const [rows, known, counts] = await db.batch([
    signInFailureRows(db, a.username, network),
    signedInFrom(db, a.username, network, now - KNOWN_NETWORK_MS),
    counterRows(db, counters),
  ]);
  const spent = counters
    .filter((c) => (counts.find((r) => r.key === c.key && r.windowStart === c.windowStart)?.count ?? 0) >= c.max)
    .map((c) => c.expiresAt);
  return {
    lockedUntil: rows.find((r) => r.network === network)?.lockedUntil ?? null,
    delayedUntil: rows.find((r) => r.network === EVERY_NETWORK)?.lockedUntil ?? null,
    knownNetwork: a.network !== null && known.length > 0,
    networkSpentUntil: spent.length ? Math.max(...spent) : null,
  };
}

const locked = (until: number, now: number) =>
  new ApiError('rate_limited', {
    retryAfter: (until - now) / 1000,
    message: '登录失败次数过多，已暂时锁定，请稍后再试。',
  });

/**
 * Refuses, before the password or code is checked and without counting, an attempt whose name is
 * locked from this network, or delayed (unless from a known network): `rate_limited` with Retry-After.
 */
export function assertOpen(s: LockState, now: number): void {
  if (s.lockedUntil !== null && s.lockedUntil > now) throw locked(s.lockedUntil, now);
  if (!s.knownNetwork && s.delayedUntil !== null && s.delayedUntil > now) {
    throw new ApiError('rate_limited', {
      retryAfter: (s.delayedUntil - now) / 1000,
      message: '该账号近期登录失败较多，请稍后再试。',
    });
  }
}

/**
 * The statements that count one failure (batch them with the audit entry). The first returns the
 * name's row for this network, which `failureAnswer` reads.
 */
export function countFailure(db: Db, a: Attempt, now: number) {
  const network = keyOf(a.network);
  return [
    countSignInFailure(db, a.username, network, now, NETWORK_LOCK),
    countSignInFailure(db, a.username, EVERY_NETWORK, now, NAME_DELAY),
    ...networkCounters(network, now).map(({ key, windowStart, expiresAt }) =>
      bumpCounter(db, key, windowStart, expiresAt),
    ),
  ] as const;
}

/**
 * The error for a counted failure: `rate_limited` if it locked the name for this network or (for a
 * password, `networkSpentUntil` given) the network is over its failure budget, else `error`.
 */
export function failureAnswer(
  counted: { lockedUntil: number | null } | undefined,
  networkSpentUntil: number | null,
  now: number,
  error: ApiError,
): ApiError {
  if (counted?.lockedUntil != null && counted.lockedUntil > now) return locked(counted.lockedUntil, now);
  if (networkSpentUntil !== null && networkSpentUntil > now) {
    return new ApiError('rate_limited', { retryAfter: (networkSpentUntil - now) / 1000 });
  }
  return error;
}

/** The network key under which a full sign-in clears the failures of its name. */
export const failureNetwork = keyOf;

/** Usernames locked from some network at `now` (all, or of `usernames`), with the latest lock end. */
export async function lockedUntilOf(db: Db, now: number, usernames?: string[]): Promise<Map<string, number>> {
  const rows = await signInLocks(db, now, usernames);
  return new Map(rows.flatMap((r) => (r.lockedUntil === null ? [] : [[r.username, r.lockedUntil] as const])));
}

/** An instant of a lock as the API shows it. */
export const lockInstant = (until: number | undefined) => (until === undefined ? null : new Date(until).toISOString());
