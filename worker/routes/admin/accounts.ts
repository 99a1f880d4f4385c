/** Staff accounts, managed by city admins (docs/admin.md); each change is audited in its own batch. */
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { accountById, listAccounts } from '../../../db/queries/admin-accounts';
import {
  AccountIdParam,
  NewAccountRequest,
  ReasonRequest,
  ResetPasswordRequest,
  RoleChangeRequest,
  StaffAccount,
  StaffAccountBody,
  StaffAccountList,
} from '../../../contracts/admin-api';
import type { AppEnv } from '../../context';
import { ApiError } from '../../errors';
import {
  changeRole,
  confirmAccount,
  createAccount,
  disableAccount,
  enableAccount,
  resetPassword,
  resetTotp,
  revokeSessions,
  unlockAccount,
} from '../../services/admin/accounts';
import { accountView } from '../../services/admin/auth';
import { lockedUntilOf, lockInstant } from '../../services/admin/lockout';
import { errors, json, jsonBody, router } from '../declare';
import { access, actorFrom, depsOf } from './access';

const TAGS = ['admin-accounts'];
const CITY_ADMIN = ['city_admin'] as const;

const listStaffAccounts = createRoute({
  method: 'get',
  path: '/',
  operationId: 'listStaffAccounts',
  tags: TAGS,
  summary: 'Every staff account',
  ...access(CITY_ADMIN),
  responses: { 200: json(StaffAccountList, 'The accounts'), ...errors('unauthenticated', 'forbidden') },
});

const createStaffAccount = createRoute({
  method: 'post',
  path: '/',
  operationId: 'createStaffAccount',
  tags: TAGS,
  summary: 'Create an account (its authenticator is enrolled at its first sign-in)',
  description:
    'A county officer needs `countyId`, other roles must not have one. The password needs at least 12 characters, three of the four classes (lower, upper, digit, other) and must not be common or derived from the site, the username or the name. A city admin made here is pending (`pendingConfirmation`) until a second city admin confirms it.',
  ...access(CITY_ADMIN),
  request: { body: jsonBody(NewAccountRequest) },
  responses: {
    201: json(StaffAccountBody, 'The new account'),
    ...errors('invalid_request', 'unauthenticated', 'forbidden'),
  },
});

const actionResponses = {
  200: json(StaffAccountBody, 'The account after the change'),
  ...errors('invalid_request', 'unauthenticated', 'forbidden', 'not_found'),
};

/**
 * The declaration of `POST /{id}/<verb>` with a written reason (kept in the audit log). `verb` stays a
 * literal type, so the islands' typed client (hono/client) knows each route apart.
 */
function reasonAction<V extends string>(verb: V, operationId: string, summary: string) {
  return createRoute({
    method: 'post',
    path: `/{id}/${verb}`,
    operationId,
    tags: TAGS,
    summary,
    ...access(CITY_ADMIN),
    request: { params: AccountIdParam, body: jsonBody(ReasonRequest) },
    responses: actionResponses,
  });
}

const disable = reasonAction(
  'disable',
  'disableStaffAccount',
  'Disable an account and end its sessions (not the own account)',
);
const enable = reasonAction('enable', 'enableStaffAccount', 'Enable a disabled account');
const resetAuthenticator = reasonAction(
  'reset-totp',
  'resetStaffTotp',
  "Forget an account's authenticator (lost phone); its sessions end, the next sign-in enrols anew; a city admin is pending again until another confirms it",
);
const revoke = reasonAction('revoke-sessions', 'revokeStaffSessions', 'End every session of an account');
const unlock = reasonAction(
  'unlock',
  'unlockStaffAccount',
  "Lift every sign-in lock and delay of an account's username, from every network",
);
const resetPw = createRoute({
  method: 'post',
  path: '/{id}/reset-password',
  operationId: 'resetStaffPassword',
  tags: TAGS,
  summary: "Set another account's password; its sessions end",
  description:
    'The password policy of account creation applies. The own account is refused (403): it changes its password with `POST /api/admin/password` and the current one. A city admin whose password another city admin resets is pending again until a third confirms it.',
  ...access(CITY_ADMIN),
  request: { params: AccountIdParam, body: jsonBody(ResetPasswordRequest) },
  responses: actionResponses,
});

const confirm = createRoute({
  method: 'post',
  path: '/{id}/confirm',
  operationId: 'confirmStaffAccount',
  tags: TAGS,
  summary: 'Confirm a city admin made or raised by another city admin',
  description:
    'Until then that account may only read its session and change its own password and authenticator. Refused (403) for the admin who made or raised it and for the account itself; 409 when the account is no pending city admin. Audited with the reason.',
  ...access(CITY_ADMIN),
  request: { params: AccountIdParam, body: jsonBody(ReasonRequest) },
  responses: {
    ...actionResponses,
    ...errors('invalid_request', 'unauthenticated', 'forbidden', 'not_found', 'conflict'),
  },
});

const role = createRoute({
  method: 'post',
  path: '/{id}/role',
  operationId: 'changeStaffRole',
  tags: TAGS,
  summary: "Change another account's role",
  description:
    'A county officer needs `countyId`, other roles must not have one. Raised to city admin, the account is pending until a city admin other than the caller confirms it. Refused (403) for the own account. Audited with the reason.',
  ...access(CITY_ADMIN),
  request: { params: AccountIdParam, body: jsonBody(RoleChangeRequest) },
  responses: actionResponses,
});

/** The account as it is now, or 404. */
async function current(c: Context<AppEnv>, id: number): Promise<StaffAccount> {
  const row = await accountById(c.var.db, id);
  if (!row) throw new ApiError('not_found');
  const locks = await lockedUntilOf(c.var.db, c.var.now(), [row.username]);
  return StaffAccount.parse({ ...accountView(row), lockedUntil: lockInstant(locks.get(row.username)) });
}

export const adminAccounts = router()
  .openapi(listStaffAccounts, async (c) => {
    const [rows, locks] = await Promise.all([listAccounts(c.var.db), lockedUntilOf(c.var.db, c.var.now())]);
    const accounts = rows.map((r) =>
      StaffAccount.parse({ ...accountView(r), lockedUntil: lockInstant(locks.get(r.username)) }),
    );
    return c.json({ accounts }, 200, {
      'Cache-Control': 'no-store',
    });
  })
  .openapi(createStaffAccount, async (c) => {
    const id = await createAccount(depsOf(c), actorFrom(c), c.req.valid('json'));
    return c.json({ account: await current(c, id) }, 201);
  })
  .openapi(disable, async (c) => {
    const { id } = c.req.valid('param');
    await disableAccount(depsOf(c), actorFrom(c), id, c.req.valid('json').reason);
    return c.json({ account: await current(c, id) }, 200);
  })
  .openapi(enable, async (c) => {
    const { id } = c.req.valid('param');
    await enableAccount(depsOf(c), actorFrom(c), id, c.req.valid('json').reason);
    return c.json({ account: await current(c, id) }, 200);
  })
  .openapi(resetPw, async (c) => {
    const { id } = c.req.valid('param');
    await resetPassword(depsOf(c), actorFrom(c), id, c.req.valid('json').password);
    return c.json({ account: await current(c, id) }, 200);
  })
  .openapi(resetAuthenticator, async (c) => {
    const { id } = c.req.valid('param');
    await resetTotp(depsOf(c), actorFrom(c), id, c.req.valid('json').reason);
    return c.json({ account: await current(c, id) }, 200);
  })
  .openapi(revoke, async (c) => {
    const { id } = c.req.valid('param');
    await revokeSessions(depsOf(c), actorFrom(c), id, c.req.valid('json').reason);
    return c.json({ account: await current(c, id) }, 200);
  })
  .openapi(unlock, async (c) => {
    const { id } = c.req.valid('param');
    await unlockAccount(depsOf(c), actorFrom(c), id, c.req.valid('json').reason);
    return c.json({ account: await current(c, id) }, 200);
  })
  .openapi(confirm, async (c) => {
    const { id } = c.req.valid('param');
    await confirmAccount(depsOf(c), { ...actorFrom(c), id: c.var.staff.id }, id, c.req.valid('json').reason);
    return c.json({ account: await current(c, id) }, 200);
  })
  .openapi(role, async (c) => {
    const { id } = c.req.valid('param');
    await changeRole(depsOf(c), { ...actorFrom(c), id: c.var.staff.id }, id, c.req.valid('json'));
    return c.json({ account: await current(c, id) }, 200);
  });
