/** The scheduled integrity work, run by the cron triggers in worker/index.ts. */
import type { Db } from '../../../db/client';
import type { IntegrityConfig } from './config';
import { scanRecentBallots } from './detection';
import { sealAll } from './record';
import { clearExpiredPhoneHashes } from './retention';

/**
 * Every few minutes: quarantine what the rules find, then seal checkpoints, so the quarantine events
 * are in the record at once.
 */
export async function recordJob(db: Db, config: IntegrityConfig, now: number): Promise<void> {
  await scanRecentBallots(db, config, now);
  await sealAll(db, now, config.RECEIPT_HASH_KEY);
}

/** Hourly: phone data past its retention period. */
export async function retentionJob(db: Db, config: IntegrityConfig, now: number): Promise<void> {
  await clearExpiredPhoneHashes(db, config, now);
}
