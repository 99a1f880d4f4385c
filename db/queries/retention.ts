/** Retention of personal data in ballots (PIPL): which polls are due, and the clearing itself. */
import { and, eq, isNotNull, ne, or } from 'drizzle-orm';
import type { Db } from '../client';
import { ballots } from '../schema';

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
 * The UPDATE that clears phone_hash, phone_masked and network of a poll's ballots, as a batch item.
 * Rows, choices, receipts, statuses and checkpoints stay.
 */
export function clearPhoneData(db: Db, pollId: number) {
  return db
    .update(ballots)
    .set({ phoneHash: null, phoneMasked: '', network: null })
    .where(
      and(
        eq(ballots.pollId, pollId),
        or(isNotNull(ballots.phoneHash), ne(ballots.phoneMasked, ''), isNotNull(ballots.network)),
      ),
    );
}
