/**
 * Account management by a city admin (and the account-creation command): each change is one D1
 * batch with its audit entry. Callers check the actor's role first (requireRole('city_admin')).
 */
import {
  accountById,
  accountIdOf,
  clearAllSignInFailures,
  clearTotp,
  confirmCityAdmin,
  insertAccount,
  requireConfirmationAgain,
  revokeAccountSessions,
  setAccountDisabled,
  setAccountRole,
  setPasswordHash,
  type AccountRow,
} from '../../../db/queries/admin-accounts';
import { newAccountProblems, type NewAccount, type StaffRole } from '../../../contracts/admin-accounts';
import { ApiError } from '../../errors';
import { auditedBatch, type Actor } from '../audit';
import { accountView, type StaffDeps } from './auth';
import { lockedUntilOf, lockInstant } from './lockout';
import { hashPassword, passwordPolicyProblems } from './password';

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
  if (!issues.some((i) => i.path[0] === 'password'))
    for (const message of await passwordPolicyProblems(a.password, a)) issues.push({ path: ['password'], message });
  if (issues.length) throw new ApiError('invalid_request', { issues });
  // A city admin made by a city admin waits for a second one; the operator's (actor id null) does not.
  const pending = a.role === 'city_admin' && actor.id !== null;
  const values = {
    username: a.username,
    displayName: a.displayName,
    role: a.role,
    countyId: a.countyId ?? null,
    passwordHash: await hashPassword(a.password),
    grantedBy: pending ? actor.id : null,
    confirmedAt: pending ? null : deps.now,
  };
  try {
    const [ins] = await auditedBatch(deps.db, actor, deps.now, [insertAccount(deps.db, values, deps.now)], {
      action: 'account.create',
      entityType: 'account',
      entityId: accountIdOf(a.username),
      after: {
        username: a.username,
        displayName: a.displayName,
        role: a.role,
        countyId: values.countyId,
        ...(pending ? { pendingConfirmation: true } : {}),
      },
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

/**
 * A city admin sets another account's password; all its sessions end. Their own goes through
 * changeOwnPassword, which asks for the current one (`forbidden` here).
 */
export async function resetPassword(deps: StaffDeps, actor: Actor, id: number, password: string): Promise<void> {
  if (id === actor.id)
    throw new ApiError('forbidden', { message: '不能在此重置自己的密码，请使用“修改密码”（需输入当前密码）。' });
  const account = await existing(deps, id);
  const problems = await passwordPolicyProblems(password, account);
  if (problems.length)
    throw new ApiError('invalid_request', { issues: problems.map((message) => ({ path: ['password'], message })) });
  const again = takeoverGuard(deps, actor, account);
  await auditedBatch(
    deps.db,
    actor,
    deps.now,
    [
      setPasswordHash(deps.db, id, await hashPassword(password), deps.now),
      revokeAccountSessions(deps.db, id, deps.now, 'password_changed'),
      ...again.statements,
    ],
    [
      { action: 'account.password_changed', entityType: 'account', entityId: account.id, reason: 'reset by admin' },
      { action: 'account.sessions_revoked', entityType: 'account', entityId: account.id, reason: 'password_changed' },
      ...again.entries,
    ],
  );
}

/**
 * Who resets a city admin's password or authenticator can sign in as it, so a staff reset (not the
 * operator's) puts it back to pending until a city admin other than the resetter confirms it.
 */
function takeoverGuard(deps: StaffDeps, actor: Actor, account: AccountRow) {
  if (actor.id === null || account.role !== 'city_admin') return { statements: [], entries: [] };
  return {
    statements: [requireConfirmationAgain(deps.db, account.id, actor.id)],
    entries: [
      {
        action: 'account.confirmation_required',
        entityType: 'account',
        entityId: account.id,
        before: accountView(account),
        after: { ...accountView(account), pendingConfirmation: true },
        reason: 'credentials reset by another admin',
      },
    ],
  };
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
  const again = takeoverGuard(deps, actor, account);
  await auditedBatch(
    deps.db,
    actor,
    deps.now,
    [clearTotp(deps.db, id), revokeAccountSessions(deps.db, id, deps.now, 'revoked'), ...again.statements],
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
      ...again.entries,
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

/**
 * A city admin changes another account's role (and county). Raising it to city admin leaves it
 * pending until a city admin other than this one confirms it (confirmAccount). Sessions stay: every
 * request reads the role from the account.
 */
export async function changeRole(
  deps: StaffDeps,
  actor: Actor & { id: number },
  id: number,
  change: { role: StaffRole; countyId?: string | null; reason: string },
): Promise<void> {
  const account = await existing(deps, id);
  if (account.id === actor.id) throw new ApiError('forbidden', { message: '不能修改自己的角色。' });
  const countyId = change.countyId ?? null;
  if ((change.role === 'county_officer') !== Boolean(countyId))
    throw new ApiError('invalid_request', {
      issues: [{ path: ['countyId'], message: '县级经办人必须指定所属县区，其他角色不指定。' }],
    });
  if (account.role === change.role && account.countyId === countyId) return;
  const update = setAccountRole(
    deps.db,
    id,
    { from: account.role, role: change.role, countyId, grantedBy: actor.id },
    deps.now,
  );
  const after = {
    ...accountView(account),
    role: change.role,
    countyId,
    pendingConfirmation: change.role === 'city_admin',
  };
  try {
    // Written only if the role was still the one read (a concurrent change wins, unaudited twice).
    await auditedBatch(
      deps.db,
      actor,
      deps.now,
      [update],
      {
        action: 'account.role_changed',
        entityType: 'account',
        entityId: id,
        before: accountView(account),
        after,
        reason: change.reason,
      },
      { onlyIfChanged: true },
    );
  } catch (err) {
    const text = String((err as Error)?.message ?? err) + String((err as { cause?: unknown })?.cause ?? '');
    if (/FOREIGN KEY/i.test(text))
      throw new ApiError('invalid_request', { issues: [{ path: ['countyId'], message: '县区不存在。' }] });
    throw err;
  }
}

/**
 * A second city admin confirms a city admin made or raised in the admin area. Not the one who made
 * or raised it, nor the account itself (`forbidden`); `conflict` when there is nothing to confirm.
 * The caller is a confirmed city admin (access() refuses a pending one).
 */
export async function confirmAccount(
  deps: StaffDeps,
  actor: Actor & { id: number },
  id: number,
  reason: string,
): Promise<void> {
  const account = await existing(deps, id);
  if (account.role !== 'city_admin' || account.confirmedAt !== null)
    throw new ApiError('conflict', { message: '该账号不是待确认的城市管理员账号。' });
  if (account.id === actor.id || account.grantedBy === actor.id)
    throw new ApiError('forbidden', {
      message: '城市管理员账号须由创建或授予该角色的管理员以外的另一位城市管理员确认。',
    });
  const [changed] = await auditedBatch(
    deps.db,
    actor,
    deps.now,
    [confirmCityAdmin(deps.db, id, actor.id, deps.now)],
    {
      action: 'account.confirmed',
      entityType: 'account',
      entityId: id,
      before: accountView(account),
      after: { ...accountView(account), pendingConfirmation: false },
      reason,
    },
    { onlyIfChanged: true },
  );
  // Another admin's change (a role change, a confirmation) got there between the read and the batch.
  if (!changed.length) throw new ApiError('conflict', { message: '该账号刚被其他人修改，请刷新后重试。' });
}
