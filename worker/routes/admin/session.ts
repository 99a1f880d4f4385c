/**
 * Staff sign-in (docs/admin.md): password, then the second factor (enrol an authenticator the first
 * time, a TOTP or recovery code after), the current session, sign-out and the own password.
 */
import { createRoute } from '@hono/zod-openapi';
import { accountByUsername } from '../../../db/queries/admin-accounts';
import {
  PasswordChangeRequest,
  SecondFactorDone,
  SecondFactorRequest,
  SignInRequest,
  StaffSessionState,
  TotpCodeRequest,
  TotpEnrolled,
  TotpEnrolment,
} from '../../../contracts/admin-api';
import { ApiError } from '../../errors';
import { staffOrigin, type Staff } from '../../middleware/admin';
import {
  changeOwnPassword,
  confirmTotpEnrolment,
  enrolTotp,
  pendingConfirmation,
  signIn,
  signOut,
  verifySecondFactor,
} from '../../services/admin/auth';
import { clearStaffCookie, setStaffCookie } from '../../services/admin/sessions';
import { errors, json, jsonBody, PUBLIC, router } from '../declare';
import { ROLES } from '../../../contracts/enums';
import { access, clientOf, depsOf } from './access';

const TAGS = ['admin-session'];

const summaryOf = (
  s: Pick<Staff, 'id' | 'username' | 'displayName' | 'role' | 'countyId' | 'pendingConfirmation'>,
) => ({
  id: s.id,
  username: s.username,
  displayName: s.displayName,
  role: s.role,
  countyId: s.countyId,
  pendingConfirmation: s.pendingConfirmation,
});

const startSession = createRoute({
  method: 'post',
  path: '/session',
  operationId: 'startStaffSession',
  tags: TAGS,
  summary: 'Sign in with username and password',
  description:
    'Sets the `__Host-lf_staff` cookie. Unless TOTP is off (development only) the session is half-open: `secondFactor` says whether to enrol an authenticator or enter a code next, and only those routes, GET and DELETE of the session accept it (for 10 minutes). Wrong username, wrong password and a disabled account answer alike. Repeated failures lock the username for the client network they come from and delay it from other networks; a network over its failure budget gets 429 for wrong passwords only (docs/admin.md, Lock-out).',
  security: PUBLIC,
  middleware: staffOrigin(),
  request: { body: jsonBody(SignInRequest) },
  responses: {
    200: json(StaffSessionState, 'The session (possibly half-open)'),
    ...errors('invalid_request', 'invalid_credentials', 'forbidden', 'rate_limited'),
  },
});

const getSession = createRoute({
  method: 'get',
  path: '/session',
  operationId: 'getStaffSession',
  tags: TAGS,
  summary: 'The current session, its CSRF token and account',
  ...access(ROLES, { halfOpen: true }),
  responses: { 200: json(StaffSessionState, 'The session'), ...errors('unauthenticated', 'forbidden') },
});

const endSession = createRoute({
  method: 'delete',
  path: '/session',
  operationId: 'endStaffSession',
  tags: TAGS,
  summary: 'Sign out',
  ...access(ROLES, { halfOpen: true, ownAccount: true }),
  responses: { 204: { description: 'Signed out; the cookie is removed' }, ...errors('unauthenticated', 'forbidden') },
});

const startTotpEnrolment = createRoute({
  method: 'post',
  path: '/session/totp/enrol',
  operationId: 'startTotpEnrolment',
  tags: TAGS,
  summary: 'A new authenticator secret and its QR code (half-open session, first sign-in)',
  description: 'Calling it again replaces the secret not yet confirmed.',
  ...access(ROLES, { halfOpen: true, ownAccount: true }),
  responses: {
    200: json(TotpEnrolment, 'Scan the QR code, then confirm with a code'),
    ...errors('invalid_request', 'unauthenticated', 'forbidden'),
  },
});

const confirmTotp = createRoute({
  method: 'post',
  path: '/session/totp/confirm',
  operationId: 'confirmTotpEnrolment',
  tags: TAGS,
  summary: 'Confirm the authenticator with its first code; completes the sign-in',
  description:
    'Returns ten recovery codes, shown this once, and the new CSRF token; the cookie is replaced. A wrong code counts toward the lock-out.',
  ...access(ROLES, { halfOpen: true, ownAccount: true }),
  request: { body: jsonBody(TotpCodeRequest) },
  responses: {
    200: json(TotpEnrolled, 'Signed in'),
    ...errors('invalid_request', 'invalid_code', 'unauthenticated', 'forbidden', 'rate_limited'),
  },
});

const verifyTotp = createRoute({
  method: 'post',
  path: '/session/totp',
  operationId: 'verifySecondFactor',
  tags: TAGS,
  summary: 'Enter a TOTP code (or a recovery code); completes the sign-in',
  description:
    'A code is accepted within one 30-second step either side and never twice; each recovery code once. The cookie is replaced and a new CSRF token returned. Failures count toward the lock-out.',
  ...access(ROLES, { halfOpen: true, ownAccount: true }),
  request: { body: jsonBody(SecondFactorRequest) },
  responses: {
    200: json(SecondFactorDone, 'Signed in'),
    ...errors('invalid_request', 'invalid_code', 'unauthenticated', 'forbidden', 'rate_limited'),
  },
});

const changePassword = createRoute({
  method: 'post',
  path: '/password',
  operationId: 'changeOwnPassword',
  tags: TAGS,
  summary: 'Change the own password; every session of the account ends',
  description:
    'The caller gets a new session (cookie and CSRF token); every other session of the account is revoked. A wrong current password counts toward the lock-out.',
  ...access(ROLES, { ownAccount: true }),
  request: { body: jsonBody(PasswordChangeRequest) },
  responses: {
    200: json(StaffSessionState, 'The new session'),
    ...errors('invalid_request', 'invalid_credentials', 'unauthenticated', 'forbidden', 'rate_limited'),
  },
});

export const adminSession = router()
  .openapi(startSession, async (c) => {
    const input = c.req.valid('json');
    const s = await signIn(depsOf(c), input, clientOf(c));
    const account = await accountByUsername(c.var.db, input.username.trim().toLowerCase());
    if (!account) throw new ApiError('invalid_credentials');
    setStaffCookie(c, s.token);
    const who = { ...account, pendingConfirmation: pendingConfirmation(account) };
    const body = { secondFactor: s.secondFactor, csrfToken: s.csrfToken, account: summaryOf(who) };
    return c.json(StaffSessionState.parse(body), 200, { 'Cache-Control': 'no-store' });
  })
  .openapi(getSession, (c) => {
    const s = c.var.staff;
    return c.json({ secondFactor: s.secondFactor, csrfToken: s.csrfToken, account: summaryOf(s) }, 200, {
      'Cache-Control': 'no-store',
    });
  })
  .openapi(endSession, async (c) => {
    await signOut(depsOf(c), c.var.staff, clientOf(c).network);
    clearStaffCookie(c);
    return c.body(null, 204);
  })
  .openapi(startTotpEnrolment, async (c) => {
    const e = await enrolTotp(depsOf(c), c.var.staff);
    return c.json({ uri: e.uri, qrSvg: e.qrSvg, secret: e.secret }, 200, { 'Cache-Control': 'no-store' });
  })
  .openapi(confirmTotp, async (c) => {
    const s = await confirmTotpEnrolment(depsOf(c), c.var.staff, c.req.valid('json').code, clientOf(c).network);
    setStaffCookie(c, s.token);
    return c.json({ secondFactor: 'done' as const, csrfToken: s.csrfToken, recoveryCodes: s.recoveryCodes }, 200, {
      'Cache-Control': 'no-store',
    });
  })
  .openapi(verifyTotp, async (c) => {
    const s = await verifySecondFactor(depsOf(c), c.var.staff, c.req.valid('json'), clientOf(c).network);
    setStaffCookie(c, s.token);
    return c.json({ secondFactor: 'done' as const, csrfToken: s.csrfToken }, 200, { 'Cache-Control': 'no-store' });
  })
  .openapi(changePassword, async (c) => {
    const s = await changeOwnPassword(depsOf(c), c.var.staff, c.req.valid('json'), clientOf(c));
    setStaffCookie(c, s.token);
    const body = { secondFactor: s.secondFactor, csrfToken: s.csrfToken, account: summaryOf(c.var.staff) };
    return c.json(body, 200, { 'Cache-Control': 'no-store' });
  });
