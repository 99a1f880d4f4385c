/**
 * Account management by a city admin (and the account-creation command): each change is one D1
 * batch with its audit entry. Callers check the actor's role first (requireRole('city_admin')).
 */
import { sql } from 'drizzle-orm';
import {
  accountById,
  clearAllSignInFailures,
  clearTotp,
  insertAccount,
  revokeAccountSessions,
  setAccountDisabled,
  setPasswordHash,
  type AccountRow,
} from '../../../db/queries/staff';
import { accounts } from '../../../db/schema';
import { newAccountProblems, passwordProblems, type NewAccount } from '../../../contracts/staff';
import { ApiError } from '../../errors';
import { auditedBatch, type Actor } from '../audit';
import { accountView, type StaffDeps } from './auth';
import { lockedUntilOf, lockInstant } from './lockout';
import { hashPassword } from './password';

async function existing(deps: StaffDeps, id: number): Promise<AccountRow> {
  const account = await accountById(deps.db, id);
  if (!account) throw new ApiError('not_found');
  return account;
}

/**
 * Creates an account (TOTP is enrolled at its first sign-in). `invalid_request` with issues for bad
 * fields, an unknown county or a username already taken.
 */
export async function createAccount(deps: StaffDeps, actor: Actor, input: NewAccount): Promise<number> {
  const a = { ...input, username: input.username.trim().toLowerCase(), displayName: input.displayName.trim() };
  const issues = newAccountProblems(a);
  if (issues.length) throw new ApiError('invalid_request', { issues });
  const values = {
    username: a.username,
    displayName: a.displayName,
    role: a.role,
    countyId: a.countyId ?? null,
    passwordHash: await hashPassword(a.password),
  };
  try {
    const [ins] = await auditedBatch(deps.db, actor, deps.now, [insertAccount(deps.db, values, deps.now)], {
      action: 'account.create',
      entityType: 'account',
      entityId: sql`(select ${accounts.id} from ${accounts} where ${accounts.username} = ${a.username})`,
      after: { username: a.username, displayName: a.displayName, role: a.role, countyId: values.countyId },
    });
    return ins[0].id;
  } catch (err) {
    const text = String((err as Error)?.message ?? err) + String((err as { cause?: unknown })?.cause ?? '');
    if (/UNIQUE/i.test(text))
      throw new ApiError('invalid_request', { issues: [{ path: ['username'], message: '用户名已被使用。' }] });
    if (/FOREIGN KEY/i.test(text))
      throw new ApiError('invalid_request', { issues: [{ path: ['countyId'], message: '县区不存在。' }] });
    throw err;
  }
}

/** A city admin sets another account's password; all its sessions end. */
export async function resetPassword(deps: StaffDeps, actor: Actor, id: number, password: string): Promise<void> {
  const problems = passwordProblems(password);
  if (problems.length)
    throw new ApiError('invalid_request', { issues: problems.map((message) => ({ path: ['password'], message })) });
  const account = await existing(deps, id);
  await auditedBatch(
    deps.db,
    actor,
    deps.now,
    [
      setPasswordHash(deps.db, id, await hashPassword(password), deps.now),
      revokeAccountSessions(deps.db, id, deps.now, 'password_changed'),
    ],
    [
      { action: 'account.password_changed', entityType: 'account', entityId: account.id, reason: 'reset by admin' },
      { action: 'account.sessions_revoked', entityType: 'account', entityId: account.id, reason: 'password_changed' },
    ],
  );
}

/** Disables an account (it can no longer sign in) and ends its sessions; `reason` is recorded. */
export async function disableAccount(deps: StaffDeps, actor: Actor, id: number, reason: string): Promise<void> {
  const account = await existing(deps, id);
  if (account.disabledAt !== null) return;
  if (account.id === actor.id) throw new ApiError('forbidden', { message: '不能停用自己的账号。' });
  await auditedBatch(
    deps.db,
    actor,
    deps.now,
    [setAccountDisabled(deps.db, id, deps.now), revokeAccountSessions(deps.db, id, deps.now, 'disabled')],
    [
      {
        action: 'account.disabled',
        entityType: 'account',
        entityId: id,
        before: accountView(account),
        after: { ...accountView(account), disabled: true },
        reason,
      },
      { action: 'account.sessions_revoked', entityType: 'account', entityId: id, reason: 'disabled' },
    ],
  );
}

/** Enables a disabled account again. */
export async function enableAccount(deps: StaffDeps, actor: Actor, id: number, reason: string): Promise<void> {
  const account = await existing(deps, id);
  if (account.disabledAt === null) return;
  await auditedBatch(deps.db, actor, deps.now, [setAccountDisabled(deps.db, id, null)], {
    action: 'account.enabled',
    entityType: 'account',
    entityId: id,
    before: accountView(account),
    after: { ...accountView(account), disabled: false },
    reason,
  });
}

/** Ends every session of an account (a lost laptop, a suspicion). */
export async function revokeSessions(deps: StaffDeps, actor: Actor, id: number, reason: string): Promise<void> {
  await existing(deps, id);
  await auditedBatch(deps.db, actor, deps.now, [revokeAccountSessions(deps.db, id, deps.now, 'revoked')], {
    action: 'account.sessions_revoked',
    entityType: 'account',
    entityId: id,
    reason,
  });
}

/** Forgets an account's authenticator (a lost phone): its sessions end, the next sign-in enrols anew. */
export async function resetTotp(deps: StaffDeps, actor: Actor, id: number, reason: string): Promise<void> {
  const account = await existing(deps, id);
  await auditedBatch(
    deps.db,
    actor,
    deps.now,
    [clearTotp(deps.db, id), revokeAccountSessions(deps.db, id, deps.now, 'revoked')],
    [
      {
        action: 'account.totp_reset',
        entityType: 'account',
        entityId: id,
        before: accountView(account),
        after: { ...accountView(account), totpEnrolled: false },
        reason,
      },
      { action: 'account.sessions_revoked', entityType: 'account', entityId: id, reason: 'totp_reset' },
    ],
  );
}

/**
 * Lifts every sign-in lock and delay of an account's username, from every network (the owner
 * called in). A no-op, with no audit entry, when nothing is counted against it.
 */
export async function unlockAccount(deps: StaffDeps, actor: Actor, id: number, reason: string): Promise<void> {
  const account = await existing(deps, id);
  const lockedUntil = lockInstant((await lockedUntilOf(deps.db, deps.now, [account.username])).get(account.username));
  await auditedBatch(
    deps.db,
    actor,
    deps.now,
    [clearAllSignInFailures(deps.db, account.username)],
    {
      action: 'account.unlocked',
      entityType: 'account',
      entityId: id,
      before: { ...accountView(account), lockedUntil },
      after: { ...accountView(account), lockedUntil: null },
      reason,
    },
    { onlyIfChanged: true },
  );
}
