/** Retention of personal data in ballots (PIPL): which polls are due, and the clearing itself. */
import type { Db } from '../client';

/**
 * Polls whose ballots still hold phone data although the final list of the poll's track, published
 * after the poll closed, has been out since `publishedBefore` or earlier.
 */
export async function pollsDueForClearing(db: Db, publishedBefore: number): Promise<number[]> {
  const { results } = await db.$client
    .prepare(
      `SELECT p.id FROM polls p
       WHERE EXISTS (SELECT 1 FROM final_lists f WHERE f.track_key = p.track_key AND f.published_at IS NOT NULL
                     AND f.published_at >= p.closes_at AND f.published_at <= ?)
         AND EXISTS (SELECT 1 FROM ballots b WHERE b.poll_id = p.id
                     AND (b.phone_hash IS NOT NULL OR b.phone_masked <> '' OR b.network IS NOT NULL))
       ORDER BY p.id`,
    )
    .bind(publishedBefore)
    .all<{ id: number }>();
  return results.map((r) => r.id);
}

/**
 * Clears phone_hash, phone_masked and network of a poll's ballots, with an audit entry saying how
 * many, in one batch. Rows, choices, receipts, statuses and checkpoints stay. Returns the number of
 * ballots cleared.
 */
export async function clearPhoneData(db: Db, pollId: number, now: number, reason: string): Promise<number> {
  const d1 = db.$client;
  const held = `FROM ballots WHERE poll_id = ?1 AND (phone_hash IS NOT NULL OR phone_masked <> '' OR network IS NOT NULL)`;
  const [, cleared] = await d1.batch([
    d1
      .prepare(
        `INSERT INTO audit_log (at, actor_label, action, entity_type, entity_id, after, reason)
         SELECT ?2, 'system', 'retention.clear_phone_data', 'poll', ?4,
                json_object('ballotsCleared', count(*)), ?3 ${held}`,
      )
      .bind(pollId, now, reason, String(pollId)),
    d1
      .prepare(
        `UPDATE ballots SET phone_hash = NULL, phone_masked = '', network = NULL WHERE id IN (SELECT id ${held})`,
      )
      .bind(pollId),
  ]);
  return cleared.meta.changes;
}
