/**
 * Staff sign-in, in two steps. `signIn` checks the password and opens a half-open session that can
 * do nothing but finish the second factor: `enrolTotp` + `confirmTotpEnrolment` the first time,
 * `verifySecondFactor` (TOTP code or recovery code) after. Finishing it replaces the session token.
 * Failed passwords and codes count toward the lock-out of the name alike (lockout.ts), and are
 * only forgotten after a full sign-in, so a known password cannot be used to guess codes forever.
 */
import type { Db } from '../../../db/client';
import {
  accountById,
  accountByUsername,
  clearSignInFailures,
  confirmTotp,
  insertSession,
  rehashPassword,
  replaceRecoveryCodes,
  revokeAccountSessions,
  revokeSession,
  setPasswordHash,
  setPendingTotpSecret,
  takeTotpStep,
  upgradeSession,
  useRecoveryCode,
  type AccountRow,
} from '../../../db/queries/admin-accounts';
import type { SecondFactorState, StaffRole } from '../../../contracts/admin-accounts';
import type { Config } from '../../env';
import { ApiError } from '../../errors';
import { auditedBatch, staffActor, type Actor } from '../audit';
import { qrSvg } from '../qr';
import { assertOpen, countFailure, failureAnswer, failureNetwork, lockState, type Attempt } from './lockout';
import { dummyHash, hashPassword, needsRehash, passwordPolicyProblems, verifyPassword } from './password';
import { hashRecoveryCode, newRecoveryCodes } from './recovery-codes';
import { open, seal } from './secret-box';
import { csrfTokenFor, hashSessionToken, newSessionToken, PENDING_SESSION_MS, sessionLimits } from './sessions';
import { newTotpSecret, totpUri, verifyTotp } from './totp';

/** What every staff service needs: the database, the configuration and the clock. */
export interface StaffDeps {
  db: Db;
  config: Config;
  now: number;
}

/** Where a request came from, kept on the session and in audit entries. */
export interface ClientInfo {
  network: string | null;
  userAgent: string | null;
}

/** A session token just issued: set it as the cookie, hand `csrfToken` to the page. */
export interface IssuedSession {
  token: string;
  csrfToken: string;
  sessionId: number;
  expiresAt: number;
  secondFactor: SecondFactorState;
}

/** The key TOTP secrets and recovery codes are protected with. */
export function staffSecretKey(config: Config): string {
  // Production refuses to start without STAFF_TOTP_KEY (worker/env.ts); a development checkout
  // made before the key existed falls back to one derived from its session key.
  return config.STAFF_TOTP_KEY ?? `development-only:${config.SESSION_KEY}`;
}

/** What of an account may appear in an audit entry or a response: never hashes or secrets. */
export function accountView(a: AccountRow) {
  return {
    id: a.id,
    username: a.username,
    displayName: a.displayName,
    role: a.role,
    countyId: a.countyId,
    disabled: a.disabledAt !== null,
    totpEnrolled: a.totpEnrolledAt !== null,
    pendingConfirmation: pendingConfirmation(a),
  };
}

/** A city admin made or raised in the admin area that no second city admin has confirmed yet. */
export const pendingConfirmation = (a: Pick<AccountRow, 'role' | 'confirmedAt'>): boolean =>
  a.role === 'city_admin' && a.confirmedAt === null;

const secondFactorOf = (config: Config, a: AccountRow): SecondFactorState =>
  config.STAFF_TOTP === 'off' ? 'done' : a.totpEnrolledAt === null ? 'enrol' : 'verify';

async function issue(deps: StaffDeps, account: AccountRow, client: ClientInfo, full: boolean) {
  const token = newSessionToken();
  const expiresAt = deps.now + (full ? sessionLimits(deps.config).absoluteMs : PENDING_SESSION_MS);
  return {
    token,
    expiresAt,
    insert: insertSession(deps.db, {
      tokenHash: await hashSessionToken(token),
      accountId: account.id,
      now: deps.now,
      expiresAt,
      secondFactorAt: full ? deps.now : null,
      network: client.network,
      userAgent: client.userAgent?.slice(0, 300) ?? null,
    }),
  };
}

/**
 * Counts a failed password or code against the name (its network, every network, the network's
 * budget), writes the audit entry, and throws `failureAnswer`. A name no account has costs the same
 * statements; its entry names no username (a password typed into the username field is not kept).
 */
async function fail(
  deps: StaffDeps,
  attempt: Attempt,
  account: AccountRow | undefined,
  error: ApiError,
  networkSpentUntil: number | null = null,
): Promise<never> {
  const { db, now } = deps;
  const actor = account ? staffActor(account, attempt.network) : { ...UNKNOWN_NAME, network: attempt.network };
  const [counted] = await auditedBatch(db, actor, now, [...countFailure(db, attempt, now)], {
    action: error.code === 'invalid_credentials' ? 'account.sign_in_failed' : 'account.second_factor_failed',
    entityType: 'account',
    entityId: account?.id ?? 'unknown',
  });
  throw failureAnswer(counted[0], networkSpentUntil, now, error);
}

/** The audit actor of a failed sign-in under a name no account has. */
const UNKNOWN_NAME: Actor = { id: null, label: 'unknown-username', role: null };

/** Lock state of an account's own name from `network`, refused with 429 if locked or delayed. */
async function assertAccountOpen(deps: StaffDeps, account: AccountRow, network: string | null): Promise<Attempt> {
  const attempt = { username: account.username, network };
  assertOpen(await lockState(deps.db, attempt, deps.now), deps.now);
  return attempt;
}

/**
 * Step one: username and password. Refuses a name locked from this network or delayed with
 * `rate_limited` (Retry-After), before checking the password; a wrong username or password or a
 * disabled account with `invalid_credentials`, or `rate_limited` once that failure locks the name
 * or the network is over its failure budget (the same answers and work for a name no account has).
 * A correct password goes on whatever the network's budget. Returns a half-open session, or a full
 * one when TOTP is off (development only).
 */
export async function signIn(
  deps: StaffDeps,
  input: { username: string; password: string },
  client: ClientInfo,
): Promise<IssuedSession> {
  const { db, now, config } = deps;
  const attempt = { username: input.username.trim().toLowerCase(), network: client.network };
  const [account, state] = await Promise.all([accountByUsername(db, attempt.username), lockState(db, attempt, now)]);
  assertOpen(state, now);
  const ok = await verifyPassword(input.password, account?.passwordHash ?? (await dummyHash()));
  if (!ok || !account || account.disabledAt !== null) {
    return fail(deps, attempt, account, new ApiError('invalid_credentials'), state.networkSpentUntil);
  }
  const secondFactor = secondFactorOf(config, account);
  const full = secondFactor === 'done';
  const s = await issue(deps, account, client, full);
  const extra = needsRehash(account.passwordHash!)
    ? [rehashPassword(db, account.id, await hashPassword(input.password))]
    : [];
  let sessionId: number;
  if (full) {
    const [ins] = await auditedBatch(
      db,
      staffActor(account, client.network),
      now,
      [s.insert, clearSignInFailures(db, account.username, failureNetwork(client.network)), ...extra],
      {
        action: 'account.sign_in',
        entityType: 'account',
        entityId: account.id,
        after: { secondFactor: 'off' },
      },
    );
    sessionId = ins[0].id;
  } else {
    const [ins] = await db.batch([s.insert, ...extra]);
    sessionId = ins[0].id;
  }
  return {
    token: s.token,
    csrfToken: await csrfTokenFor(config, s.token),
    sessionId,
    expiresAt: s.expiresAt,
    secondFactor,
  };
}

/** The caller of a second-factor step: `c.var.staff` (from `staff({ pending: true })`) fits. */
export interface SessionHolder {
  /** The account id. */
  id: number;
  sessionId: number;
  secondFactor: SecondFactorState;
}

/** The half-open session's account; `invalid_request` if the session is already complete. */
async function pendingAccount(deps: StaffDeps, who: SessionHolder) {
  if (who.secondFactor === 'done') throw new ApiError('invalid_request', { message: '已完成两步验证。' });
  const account = await accountById(deps.db, who.id);
  if (!account || account.disabledAt !== null) throw new ApiError('unauthenticated');
  return account;
}

async function completed(deps: StaffDeps, sessionId: number) {
  const token = newSessionToken();
  const expiresAt = deps.now + sessionLimits(deps.config).absoluteMs;
  const stmt = upgradeSession(deps.db, sessionId, await hashSessionToken(token), deps.now, expiresAt);
  return { token, expiresAt, stmt };
}

/**
 * Step two for an enrolled account: a TOTP code (±1 step, never a step already used) or one unused
 * recovery code. Wrong or replayed: `invalid_code`, counted toward the lock-out. Returns the full
 * session under a new token.
 */
export async function verifySecondFactor(
  deps: StaffDeps,
  who: SessionHolder,
  input: { code: string } | { recoveryCode: string },
  network: string | null,
): Promise<IssuedSession & { recoveryCodesLeft?: number }> {
  const { db, now, config } = deps;
  const account = await pendingAccount(deps, who);
  if (account.totpEnrolledAt === null || account.totpSecret === null) {
    throw new ApiError('invalid_request', { message: '请先绑定身份验证器。' });
  }
  const attempt = await assertAccountOpen(deps, account, network);
  const key = staffSecretKey(config);
  const actor = staffActor(account, network);
  const done = await completed(deps, who.sessionId);
  let entries;
  if ('code' in input) {
    const step = verifyTotp(await open(key, account.id, account.totpSecret), input.code, now, account.totpLastStep);
    const taken = step === null ? [] : await takeTotpStep(db, account.id, step);
    if (!taken.length)
      return fail(deps, attempt, account, new ApiError('invalid_code', { message: '动态验证码错误或已使用。' }));
    entries = [
      { action: 'account.sign_in', entityType: 'account', entityId: account.id, after: { secondFactor: 'totp' } },
    ];
  } else {
    const used = await useRecoveryCode(
      db,
      account.id,
      await hashRecoveryCode(key, account.id, input.recoveryCode),
      now,
    );
    if (!used.length)
      return fail(deps, attempt, account, new ApiError('invalid_code', { message: '恢复码错误或已使用。' }));
    entries = [
      { action: 'account.recovery_code_used', entityType: 'account', entityId: account.id },
      {
        action: 'account.sign_in',
        entityType: 'account',
        entityId: account.id,
        after: { secondFactor: 'recovery_code' },
      },
    ];
  }
  const [upgraded] = await auditedBatch(
    db,
    actor,
    now,
    [done.stmt, clearSignInFailures(db, account.username, failureNetwork(network))],
    entries,
  );
  if (!upgraded.length) throw new ApiError('unauthenticated');
  return {
    token: done.token,
    csrfToken: await csrfTokenFor(config, done.token),
    sessionId: who.sessionId,
    expiresAt: done.expiresAt,
    secondFactor: 'done',
  };
}

/**
 * Enrolment, part one (half-open session of an account without an authenticator): a new secret,
 * stored encrypted as pending; the page shows the QR code (and the secret for typing by hand).
 * Calling it again replaces the pending secret.
 */
export async function enrolTotp(
  deps: StaffDeps,
  who: SessionHolder,
): Promise<{ secret: string; uri: string; qrSvg: string }> {
  const account = await pendingAccount(deps, who);
  if (account.totpEnrolledAt !== null) throw new ApiError('invalid_request', { message: '身份验证器已绑定。' });
  const secret = newTotpSecret();
  const stored = await setPendingTotpSecret(
    deps.db,
    account.id,
    await seal(staffSecretKey(deps.config), account.id, secret),
  );
  if (!stored.length) throw new ApiError('invalid_request', { message: '身份验证器已绑定。' });
  const uri = totpUri(secret, account.username);
  return { secret, uri, qrSvg: qrSvg(uri) };
}

/**
 * Enrolment, part two: the first code from the app proves it holds the secret. Marks TOTP enrolled,
 * replaces the recovery codes with ten new ones (returned once, only their hashes are kept) and
 * completes the session under a new token. A wrong code counts toward the lock-out.
 */
export async function confirmTotpEnrolment(
  deps: StaffDeps,
  who: SessionHolder,
  code: string,
  network: string | null,
): Promise<IssuedSession & { recoveryCodes: string[] }> {
  const { db, now, config } = deps;
  const account = await pendingAccount(deps, who);
  if (account.totpEnrolledAt !== null || account.totpSecret === null) {
    throw new ApiError('invalid_request', { message: '请先生成绑定二维码。' });
  }
  const attempt = await assertAccountOpen(deps, account, network);
  const key = staffSecretKey(config);
  const step = verifyTotp(await open(key, account.id, account.totpSecret), code, now, account.totpLastStep);
  if (step === null)
    return fail(
      deps,
      attempt,
      account,
      new ApiError('invalid_code', { message: '动态验证码错误，请核对手机时间后重试。' }),
    );
  const recoveryCodes = newRecoveryCodes();
  const hashes = await Promise.all(recoveryCodes.map((c) => hashRecoveryCode(key, account.id, c)));
  const done = await completed(deps, who.sessionId);
  const [, , , upgraded] = await auditedBatch(
    db,
    staffActor(account, network),
    now,
    [
      confirmTotp(db, account.id, step, now),
      ...replaceRecoveryCodes(db, account.id, hashes, now),
      done.stmt,
      clearSignInFailures(db, account.username, failureNetwork(network)),
    ],
    [
      {
        action: 'account.totp_enrolled',
        entityType: 'account',
        entityId: account.id,
        after: { recoveryCodes: recoveryCodes.length },
      },
      { action: 'account.sign_in', entityType: 'account', entityId: account.id, after: { secondFactor: 'totp' } },
    ],
  );
  if (!upgraded.length) throw new ApiError('unauthenticated');
  return {
    token: done.token,
    csrfToken: await csrfTokenFor(config, done.token),
    sessionId: who.sessionId,
    expiresAt: done.expiresAt,
    secondFactor: 'done',
    recoveryCodes,
  };
}

/** Ends one session (sign-out). */
export async function signOut(
  deps: StaffDeps,
  staff: { id: number; username: string; role: StaffRole; sessionId: number },
  network: string | null,
) {
  await auditedBatch(
    deps.db,
    { id: staff.id, label: staff.username, role: staff.role, network },
    deps.now,
    [revokeSession(deps.db, staff.sessionId, deps.now, 'sign_out')],
    {
      action: 'account.sign_out',
      entityType: 'account',
      entityId: staff.id,
    },
  );
}

/**
 * A staff member changes their own password: the current one must match (a wrong one counts toward
 * the lock-out), the new one must pass the policy (`invalid_request` with issues). Every session of
 * the account is revoked, this one included; the caller gets a new full session.
 */
export async function changeOwnPassword(
  deps: StaffDeps,
  staff: { id: number; sessionId: number },
  input: { currentPassword: string; newPassword: string },
  client: ClientInfo,
): Promise<IssuedSession> {
  const { db, now, config } = deps;
  const account = await accountById(db, staff.id);
  if (!account || account.disabledAt !== null) throw new ApiError('unauthenticated');
  const attempt = await assertAccountOpen(deps, account, client.network);
  if (!(await verifyPassword(input.currentPassword, account.passwordHash))) {
    return fail(deps, attempt, account, new ApiError('invalid_credentials', { message: '当前密码不正确。' }));
  }
  const problems = await passwordPolicyProblems(input.newPassword, account);
  if (problems.length) {
    throw new ApiError('invalid_request', { issues: problems.map((message) => ({ path: ['newPassword'], message })) });
  }
  const s = await issue(deps, account, client, true);
  const [, , ins] = await auditedBatch(
    db,
    staffActor(account, client.network),
    now,
    [
      setPasswordHash(db, account.id, await hashPassword(input.newPassword), now),
      revokeAccountSessions(db, account.id, now, 'password_changed'),
      s.insert,
    ],
    [
      { action: 'account.password_changed', entityType: 'account', entityId: account.id },
      { action: 'account.sessions_revoked', entityType: 'account', entityId: account.id, reason: 'password_changed' },
    ],
  );
  return {
    token: s.token,
    csrfToken: await csrfTokenFor(config, s.token),
    sessionId: ins[0].id,
    expiresAt: s.expiresAt,
    secondFactor: 'done',
  };
}
