/** SMS code challenges and the development outbox. */
import { and, desc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { devSmsOutbox, otpChallenges } from '../schema';

export type ChallengeRow = typeof otpChallenges.$inferSelect;

/** The newest challenge of a phone, open or not. */
export function latestChallenge(db: Db, phoneHash: string): Promise<ChallengeRow | undefined> {
  return db
    .select()
    .from(otpChallenges)
    .where(eq(otpChallenges.phoneHash, phoneHash))
    .orderBy(desc(otpChallenges.id))
    .get();
}

/** Closes every open challenge of the phone (a resend invalidates the old code) and opens a new one, atomically. */
export async function replaceChallenge(
  db: Db,
  row: {
    phoneHash: string;
    codeHash: string;
    clientHash: string;
    createdAt: number;
    expiresAt: number;
    network: string;
  },
): Promise<void> {
  await db.batch([
    db
      .update(otpChallenges)
      .set({ closedAt: row.createdAt, closedReason: 'superseded' })
      .where(and(eq(otpChallenges.phoneHash, row.phoneHash), isNull(otpChallenges.closedAt))),
    db.insert(otpChallenges).values(row),
  ]);
}

/** The phone's open, unexpired challenge. */
export function openChallenge(db: Db, phoneHash: string, now: number): Promise<ChallengeRow | undefined> {
  return db
    .select()
    .from(otpChallenges)
    .where(
      and(eq(otpChallenges.phoneHash, phoneHash), isNull(otpChallenges.closedAt), gt(otpChallenges.expiresAt, now)),
    )
    .orderBy(desc(otpChallenges.id))
    .get();
}

/**
 * Counts one attempt, atomically, only while the challenge is open and under `maxAttempts`.
 * Returns the new attempt count, or undefined when no attempt is left.
 */
export async function countAttempt(db: Db, id: number, maxAttempts: number): Promise<number | undefined> {
  const row = await db
    .update(otpChallenges)
    .set({ attempts: sql`${otpChallenges.attempts} + 1` })
    .where(and(eq(otpChallenges.id, id), isNull(otpChallenges.closedAt), lt(otpChallenges.attempts, maxAttempts)))
    .returning({ attempts: otpChallenges.attempts })
    .get();
  return row?.attempts;
}

/** Closes a challenge if still open; true when this call closed it (so a code is used once). */
export async function closeChallenge(db: Db, id: number, now: number, reason: 'used' | 'attempts'): Promise<boolean> {
  const row = await db
    .update(otpChallenges)
    .set({ closedAt: now, closedReason: reason })
    .where(and(eq(otpChallenges.id, id), isNull(otpChallenges.closedAt)))
    .returning({ id: otpChallenges.id })
    .get();
  return row !== undefined;
}

export function recordDevSms(db: Db, phoneHash: string, code: string, sentAt: number) {
  return db.insert(devSmsOutbox).values({ phoneHash, code, sentAt });
}

export function devSmsFor(db: Db, phoneHash: string) {
  return db
    .select({ code: devSmsOutbox.code, sentAt: devSmsOutbox.sentAt })
    .from(devSmsOutbox)
    .where(eq(devSmsOutbox.phoneHash, phoneHash))
    .orderBy(desc(devSmsOutbox.id))
    .limit(20);
}

/** Removes challenges and development outbox rows older than `before` (data minimisation). */
export function deleteOldChallenges(db: Db, before: number) {
  return [
    db.delete(otpChallenges).where(lt(otpChallenges.expiresAt, before)),
    db.delete(devSmsOutbox).where(lt(devSmsOutbox.sentAt, before)),
  ] as const;
}
