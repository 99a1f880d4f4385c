/**
 * Staff accounts, sessions, recovery codes and sign-in failure counters. Functions that change
 * something return the unexecuted drizzle statement, so services can batch it with its audit row.
 */
import type { Role } from '../../contracts/enums';
import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { accounts, rateCounters, staffRecoveryCodes, staffSessions } from '../schema';

export type AccountRow = typeof accounts.$inferSelect;
export type SessionRow = typeof staffSessions.$inferSelect;

/** Failures before an account locks, the first lock, and the longest (the lock doubles between). */
export const LOCK_AFTER_FAILURES = 5;
export const LOCK_FIRST_MS = 5 * 60_000;
export const LOCK_MAX_MS = 60 * 60_000;

export function accountByUsername(db: Db, username: string) {
  return db.select().from(accounts).where(eq(accounts.username, username)).get();
}

export function accountById(db: Db, id: number) {
  return db.select().from(accounts).where(eq(accounts.id, id)).get();
}

/**
 * Inserts an account; returns its id. `grantedBy` and `confirmedAt` say who made a city admin and
 * whether it is confirmed yet (null: pending); the other roles are confirmed when made.
 */
export function insertAccount(
  db: Db,
  a: {
    username: string;
    displayName: string;
    role: Role;
    countyId: string | null;
    passwordHash: string;
    grantedBy: number | null;
    confirmedAt: number | null;
  },
  now: number,
) {
  return db
    .insert(accounts)
    .values({ ...a, createdAt: now, passwordChangedAt: now })
    .returning({ id: accounts.id });
}

/**
 * Counts one failed password or second factor and, from the LOCK_AFTER_FAILURES-th on, locks the
 * account for LOCK_FIRST_MS doubling with each further failure up to LOCK_MAX_MS. Computed in SQL
 * from the stored count, so parallel failures are all counted.
 */
export function countAccountFailure(db: Db, id: number, now: number) {
  const n = sql`${accounts.failedSignIns} + 1`;
  return db
    .update(accounts)
    .set({
      failedSignIns: n,
      lockedUntil: sql`case when ${n} >= ${LOCK_AFTER_FAILURES}
        then ${now} + min(${LOCK_FIRST_MS} * (1 << min(${n} - ${LOCK_AFTER_FAILURES}, 10)), ${LOCK_MAX_MS})
        else ${accounts.lockedUntil} end`,
    })
    .where(eq(accounts.id, id))
    .returning({ failedSignIns: accounts.failedSignIns, lockedUntil: accounts.lockedUntil });
}

/** Clears the failure count and any lock after a full sign-in. */
export function clearAccountFailures(db: Db, id: number) {
  return db.update(accounts).set({ failedSignIns: 0, lockedUntil: null }).where(eq(accounts.id, id));
}

/** Sets a new password hash. */
export function setPasswordHash(db: Db, id: number, passwordHash: string, now: number) {
  return db.update(accounts).set({ passwordHash, passwordChangedAt: now }).where(eq(accounts.id, id));
}

/** Replaces the hash with a stronger one (same password, more iterations), without a new date. */
export function rehashPassword(db: Db, id: number, passwordHash: string) {
  return db.update(accounts).set({ passwordHash }).where(eq(accounts.id, id));
}

/** Stores a pending (not yet confirmed) TOTP secret; only while the account has none enrolled. */
export function setPendingTotpSecret(db: Db, id: number, sealed: string) {
  return db
    .update(accounts)
    .set({ totpSecret: sealed, totpLastStep: null })
    .where(and(eq(accounts.id, id), isNull(accounts.totpEnrolledAt)))
    .returning({ id: accounts.id });
}

/** Marks the pending secret enrolled, remembering the step of the code that confirmed it. */
export function confirmTotp(db: Db, id: number, step: number, now: number) {
  return db
    .update(accounts)
    .set({ totpEnrolledAt: now, totpLastStep: step })
    .where(and(eq(accounts.id, id), isNull(accounts.totpEnrolledAt)));
}

/**
 * Records the step of an accepted code, only if it is later than the last one: of two requests
 * with the same code, exactly one gets a row back.
 */
export function takeTotpStep(db: Db, id: number, step: number) {
  return db
    .update(accounts)
    .set({ totpLastStep: step })
    .where(and(eq(accounts.id, id), or(isNull(accounts.totpLastStep), lt(accounts.totpLastStep, step))))
    .returning({ id: accounts.id });
}

/** Forgets an account's authenticator, so its next sign-in enrols a new one. */
export function clearTotp(db: Db, id: number) {
  return db
    .update(accounts)
    .set({ totpSecret: null, totpEnrolledAt: null, totpLastStep: null })
    .where(eq(accounts.id, id));
}

export function setAccountDisabled(db: Db, id: number, disabledAt: number | null) {
  return db.update(accounts).set({ disabledAt }).where(eq(accounts.id, id));
}

/** Inserts a session; returns its id. */
export function insertSession(
  db: Db,
  s: {
    tokenHash: string;
    accountId: number;
    now: number;
    expiresAt: number;
    secondFactorAt: number | null;
    network: string | null;
    userAgent: string | null;
  },
) {
  return db
    .insert(staffSessions)
    .values({
      tokenHash: s.tokenHash,
      accountId: s.accountId,
      createdAt: s.now,
      lastSeenAt: s.now,
      expiresAt: s.expiresAt,
      secondFactorAt: s.secondFactorAt,
      network: s.network,
      userAgent: s.userAgent,
    })
    .returning({ id: staffSessions.id });
}

/** A session by the hash of its token, with its account. */
export function sessionByTokenHash(db: Db, tokenHash: string) {
  return db
    .select({ session: staffSessions, account: accounts })
    .from(staffSessions)
    .innerJoin(accounts, eq(accounts.id, staffSessions.accountId))
    .where(eq(staffSessions.tokenHash, tokenHash))
    .get();
}

export function touchSession(db: Db, id: number, now: number) {
  return db.update(staffSessions).set({ lastSeenAt: now }).where(eq(staffSessions.id, id));
}

/**
 * Completes a half-open session: new token (so a token seen before the second factor is worth
 * nothing after it), second factor time, and the absolute expiry counted from now.
 */
export function upgradeSession(db: Db, id: number, tokenHash: string, now: number, expiresAt: number) {
  return db
    .update(staffSessions)
    .set({ tokenHash, secondFactorAt: now, lastSeenAt: now, expiresAt })
    .where(and(eq(staffSessions.id, id), isNull(staffSessions.revokedAt), isNull(staffSessions.secondFactorAt)))
    .returning({ id: staffSessions.id });
}

export type RevokeReason = 'sign_out' | 'password_changed' | 'disabled' | 'revoked';

export function revokeSession(db: Db, id: number, now: number, reason: RevokeReason) {
  return db
    .update(staffSessions)
    .set({ revokedAt: now, revokedReason: reason })
    .where(and(eq(staffSessions.id, id), isNull(staffSessions.revokedAt)));
}

/** Revokes every live session of an account. */
export function revokeAccountSessions(db: Db, accountId: number, now: number, reason: RevokeReason) {
  return db
    .update(staffSessions)
    .set({ revokedAt: now, revokedReason: reason })
    .where(
      and(eq(staffSessions.accountId, accountId), isNull(staffSessions.revokedAt), gt(staffSessions.expiresAt, now)),
    );
}

/** Replaces an account's recovery codes with new ones (hashes). */
export function replaceRecoveryCodes(db: Db, accountId: number, hashes: string[], now: number) {
  return [
    db.delete(staffRecoveryCodes).where(eq(staffRecoveryCodes.accountId, accountId)),
    db.insert(staffRecoveryCodes).values(hashes.map((codeHash) => ({ accountId, codeHash, createdAt: now }))),
  ] as const;
}

/** Uses a recovery code once: a row back means it was unused and is now used. */
export function useRecoveryCode(db: Db, accountId: number, codeHash: string, now: number) {
  return db
    .update(staffRecoveryCodes)
    .set({ usedAt: now })
    .where(
      and(
        eq(staffRecoveryCodes.accountId, accountId),
        eq(staffRecoveryCodes.codeHash, codeHash),
        isNull(staffRecoveryCodes.usedAt),
      ),
    )
    .returning({ id: staffRecoveryCodes.id });
}

/** How many unused recovery codes an account has left. */
export async function unusedRecoveryCodes(db: Db, accountId: number): Promise<number> {
  const row = await db
    .select({ n: sql<number>`count(*)` })
    .from(staffRecoveryCodes)
    .where(and(eq(staffRecoveryCodes.accountId, accountId), isNull(staffRecoveryCodes.usedAt)))
    .get();
  return row?.n ?? 0;
}

/** Current counts of fixed-window counters (0 for a counter not yet written). */
export async function counterValues(db: Db, keys: { key: string; windowStart: number }[]): Promise<number[]> {
  const rows = await db
    .select()
    .from(rateCounters)
    .where(or(...keys.map((k) => and(eq(rateCounters.key, k.key), eq(rateCounters.windowStart, k.windowStart)))));
  return keys.map((k) => rows.find((r) => r.key === k.key && r.windowStart === k.windowStart)?.count ?? 0);
}

/** Adds one to a fixed-window counter. */
export function bumpCounter(db: Db, c: { key: string; windowStart: number; expiresAt: number }) {
  return db
    .insert(rateCounters)
    .values({ ...c, count: 1 })
    .onConflictDoUpdate({
      target: [rateCounters.key, rateCounters.windowStart],
      set: { count: sql`${rateCounters.count} + 1` },
    });
}

/** Every account, by role then username (the account list of the admin area). */
export function listAccounts(db: Db) {
  return db.select().from(accounts).orderBy(accounts.role, accounts.username);
}

/**
 * Changes an account's role (and county). Raising it to city admin by `grantedBy` leaves it pending
 * (confirmed_at null); any other role needs no confirmation. Only if the role is still `from`, so a
 * concurrent change is not overwritten.
 */
export function setAccountRole(
  db: Db,
  id: number,
  change: { from: Role; role: Role; countyId: string | null; grantedBy: number },
  now: number,
) {
  const raised = change.role === 'city_admin';
  return db
    .update(accounts)
    .set({
      role: change.role,
      countyId: change.countyId,
      grantedBy: raised ? change.grantedBy : null,
      confirmedAt: raised ? null : now,
      confirmedBy: null,
    })
    .where(and(eq(accounts.id, id), eq(accounts.role, change.from)));
}

/**
 * A second city admin confirms a pending city admin; only while it is still a pending city admin and
 * not by the one who granted the role (checked again here, so a race cannot slip past the service).
 */
export function confirmCityAdmin(db: Db, id: number, by: number, now: number) {
  return db
    .update(accounts)
    .set({ confirmedAt: now, confirmedBy: by })
    .where(
      and(
        eq(accounts.id, id),
        eq(accounts.role, 'city_admin'),
        isNull(accounts.confirmedAt),
        sql`${accounts.grantedBy} is not ${by}`,
        sql`${accounts.id} <> ${by}`,
      ),
    )
    .returning({ id: accounts.id });
}

/**
 * A city admin's credentials were reset by another city admin (`by`), who could now sign in as it:
 * it waits again for a confirmation by a city admin other than `by`. Other roles are left alone.
 */
export function requireConfirmationAgain(db: Db, id: number, by: number) {
  return db
    .update(accounts)
    .set({ grantedBy: by, confirmedAt: null, confirmedBy: null })
    .where(and(eq(accounts.id, id), eq(accounts.role, 'city_admin')));
}
