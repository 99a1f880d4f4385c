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

/**
 * Opens a new challenge. Other open challenges of the phone stay open: each keeps its own code until
 * it is used, expires or runs out of tries, so a request from another client cancels nothing. Only
 * a resend by the client holding `supersedes` (the keyed hash of its earlier challenge) closes that
 * one, in the same transaction.
 */
export async function addChallenge(
  db: Db,
  row: {
    phoneHash: string;
    codeHash: string;
    clientHash: string;
    createdAt: number;
    expiresAt: number;
    network: string;
  },
  supersedes?: string,
): Promise<void> {
  const insert = db.insert(otpChallenges).values(row);
  if (supersedes === undefined) {
    await insert;
    return;
  }
  await db.batch([
    db
      .update(otpChallenges)
      .set({ closedAt: row.createdAt, closedReason: 'superseded' })
      .where(
        and(
          eq(otpChallenges.phoneHash, row.phoneHash),
          eq(otpChallenges.clientHash, supersedes),
          isNull(otpChallenges.closedAt),
        ),
      ),
    insert,
  ]);
}

/**
 * The phone's open, unexpired challenges, newest first. The 60 s resend wait and the 5-minute life
 * keep them to a handful; `limit` only guards the read.
 */
export function openChallenges(db: Db, phoneHash: string, now: number, limit = 20): Promise<ChallengeRow[]> {
  return db
    .select()
    .from(otpChallenges)
    .where(
      and(eq(otpChallenges.phoneHash, phoneHash), isNull(otpChallenges.closedAt), gt(otpChallenges.expiresAt, now)),
    )
    .orderBy(desc(otpChallenges.id))
    .limit(limit);
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
