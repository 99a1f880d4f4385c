/** Hourly clean-up run by the cron trigger: expired rate counters, old SMS challenges, stale sign-in failures. */
import type { Db } from '../../db/client';
import { deleteExpiredCounters } from '../../db/queries/limits';
import { deleteOldChallenges } from '../../db/queries/otp';
import { deleteStaleSignInFailures } from '../../db/queries/admin-accounts';
import { NETWORK_LOCK } from './admin/lockout';

/** Codes live 5 minutes; a day of history is kept for abuse review, then deleted. */
const CHALLENGE_RETENTION_MS = 24 * 3_600_000;

export async function housekeeping(db: Db, now: number): Promise<void> {
  await db.batch([
    deleteExpiredCounters(db, now),
    ...deleteOldChallenges(db, now - CHALLENGE_RETENTION_MS),
    // A failure row older than the longest forgetting time counts as nothing either way.
    deleteStaleSignInFailures(db, now, NETWORK_LOCK.forgetMs),
  ]);
}
