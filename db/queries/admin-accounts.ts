/**
 * Staff accounts, sessions, recovery codes and sign-in failure counts. Functions that change
 * something return the unexecuted drizzle statement, so services can batch it with its audit row.
 */
import type { Role } from '../../contracts/enums';
import { and, eq, gt, inArray, isNotNull, isNull, lt, max, ne, or, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { accounts, rateCounters, staffRecoveryCodes, staffSessions, staffSignInFailures } from '../schema';

export type AccountRow = typeof accounts.$inferSelect;
export type SessionRow = typeof staffSessions.$inferSelect;

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

/** The rows of fixed-window counters (absent: 0), as a query to batch. */
export function counterRows(db: Db, keys: { key: string; windowStart: number }[]) {
  return db
    .select()
    .from(rateCounters)
    .where(or(...keys.map((k) => and(eq(rateCounters.key, k.key), eq(rateCounters.windowStart, k.windowStart)))));
}

/** Every account, by role then username (the account list of the admin area). */
export function listAccounts(db: Db) {
  return db.select().from(accounts).orderBy(accounts.role, accounts.username);
}

/** The `network` of the failure row that counts every network of a username. */
export const EVERY_NETWORK = '*';

/**
 * How a failure row grows: a failure more than `forgetMs` after the previous one starts the count
 * again at 1; from the `after`-th failure on, `locked_until` is now + `firstMs` doubling with each
 * further failure up to `maxMs`.
 */
export interface BackOff {
  after: number;
  firstMs: number;
  maxMs: number;
  forgetMs: number;
}

/** The failure rows of a username for one network and for every network. */
export function signInFailureRows(db: Db, username: string, network: string) {
  const f = staffSignInFailures;
  return db
    .select()
    .from(f)
    .where(and(eq(f.username, username), inArray(f.network, [network, EVERY_NETWORK])));
}

/**
 * Counts one failure on a row (created at 1), computed in SQL from the stored row so parallel
 * failures are all counted; returns the row's count and lock.
 */
export function countSignInFailure(db: Db, username: string, network: string, now: number, b: BackOff) {
  const f = staffSignInFailures;
  const n = sql`(case when ${f.lastFailureAt} <= ${now - b.forgetMs} then 1 else ${f.failures} + 1 end)`;
  const lock = (count: SQL) =>
    sql`case when ${count} >= ${b.after}
      then ${now} + min(${b.firstMs} * (1 << min(${count} - ${b.after}, 20)), ${b.maxMs}) else null end`;
  return db
    .insert(f)
    .values({ username, network, failures: 1, lastFailureAt: now, lockedUntil: b.after <= 1 ? now + b.firstMs : null })
    .onConflictDoUpdate({
      target: [f.username, f.network],
      set: { failures: n, lastFailureAt: now, lockedUntil: lock(n) },
    })
    .returning({ failures: f.failures, lockedUntil: f.lockedUntil });
}

/** Forgets the failures of a username from one network (after a full sign-in from it). */
export function clearSignInFailures(db: Db, username: string, network: string) {
  const f = staffSignInFailures;
  return db.delete(f).where(and(eq(f.username, username), eq(f.network, network)));
}

/** Forgets every failure of a username, every network's lock and the delay (a city admin's unlock). */
export function clearAllSignInFailures(db: Db, username: string) {
  return db.delete(staffSignInFailures).where(eq(staffSignInFailures.username, username));
}

/** Usernames locked from some network at `now`, with the latest end of their locks. */
export function signInLocks(db: Db, now: number, usernames?: string[]) {
  const f = staffSignInFailures;
  return db
    .select({ username: f.username, lockedUntil: max(f.lockedUntil) })
    .from(f)
    .where(
      and(ne(f.network, EVERY_NETWORK), gt(f.lockedUntil, now), usernames ? inArray(f.username, usernames) : undefined),
    )
    .groupBy(f.username);
}

/** Failure rows neither locked nor counted for `forgetMs` (the hourly clean-up). */
export function deleteStaleSignInFailures(db: Db, now: number, forgetMs: number) {
  const f = staffSignInFailures;
  return db
    .delete(f)
    .where(and(lt(f.lastFailureAt, now - forgetMs), or(isNull(f.lockedUntil), lt(f.lockedUntil, now))));
}

/**
 * Whether the account of `username` completed a sign-in (second factor included) from `network`
 * since `since`: the owner's own network, which the delay across networks does not slow.
 */
export function signedInFrom(db: Db, username: string, network: string, since: number) {
  return db
    .select({ id: staffSessions.id })
    .from(staffSessions)
    .innerJoin(accounts, eq(accounts.id, staffSessions.accountId))
    .where(
      and(
        eq(accounts.username, username),
        eq(staffSessions.network, network),
        isNotNull(staffSessions.secondFactorAt),
        gt(staffSessions.createdAt, since),
      ),
    )
    .limit(1);
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

/** The id of the account `username` as SQL, for an audit row beside the INSERT that creates it. */
export const accountIdOf = (username: string) =>
  sql`(select ${accounts.id} from ${accounts} where ${accounts.username} = ${username})`;
