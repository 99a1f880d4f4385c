/** Retention of phone data in ballots (PIPL; docs/privacy.md). */
import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { clearPhoneData, pollsDueForClearing } from '../../../db/queries/retention';
import { auditedBatch } from '../audit';
import type { IntegrityConfig } from './config';

const DAY_MS = 86_400_000;

/**
 * A ballot's phone hash (and masked number and network) is needed only while the poll can take
 * ballots and objections: once the final list of the poll's track, published after the poll closed,
 * has been out for PHONE_RETENTION_DAYS, they are cleared. Ballot rows, choices, receipts, statuses
 * and checkpoints stay; each poll's clearing is one batch with an audit entry saying how many.
 * Returns the number of ballots cleared per poll id.
 */
export async function clearExpiredPhoneHashes(
  db: Db,
  config: Pick<IntegrityConfig, 'PHONE_RETENTION_DAYS'>,
  now: number,
): Promise<Map<number, number>> {
  const cleared = new Map<number, number>();
  const days = config.PHONE_RETENTION_DAYS;
  for (const pollId of await pollsDueForClearing(db, now - days * DAY_MS)) {
    const reason = `最终名单公布满 ${days} 天，依个人信息保护法清除手机号哈希、掩码号码和网络信息`;
    const [done] = await auditedBatch(
      db,
      { id: null, label: 'system', role: null },
      now,
      [clearPhoneData(db, pollId)],
      {
        action: 'retention.clear_phone_data',
        entityType: 'poll',
        entityId: pollId,
        // changes(): the rows the UPDATE just before this entry cleared.
        after: sql`json_object('ballotsCleared', changes())`,
        reason,
      },
    );
    cleared.set(pollId, done.meta.changes);
  }
  return cleared;
}
