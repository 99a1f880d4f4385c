/**
 * Who may call an admin route, declared once in the route's createRoute() config with
 * `...access(roles)`. The same object enforces it (the route's middleware) and documents it
 * (`x-roles` on the operation), so tests/worker/routes/admin/access.test.ts and the roles × routes
 * matrix in docs/admin.md read the roles from the generated OpenAPI document and cannot disagree
 * with what the server does.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { StaffRole } from '../../../contracts/admin-accounts';
import type { AppEnv } from '../../context';
import { pendingConfirmation, roleForbidden } from '../../../contracts/messages';
import { ApiError } from '../../errors';
import { staff } from '../../middleware/admin';
import { staffActor, type StaffActor } from '../../services/audit';
import { clientIp, networkOf } from '../../services/network';
import { type ClientInfo, type StaffDeps } from '../../services/admin/auth';
import { STAFF } from '../declare';

export interface AccessOptions {
  /**
   * A half-open session (password given, second factor pending) may call it: only the routes that
   * finish the second factor, read the session and sign out.
   */
  halfOpen?: boolean;
  /**
   * It acts only on the caller's own session or account (sign-out, own password, own
   * authenticator), so an auditor, who changes nothing else, may call it although it is a POST.
   */
  ownAccount?: boolean;
}

/**
 * One middleware: `staff()` (session, CSRF on writes) and then the role check, whose refusal has its
 * own message so a test can tell it from a refusal about the data (another county's, say). A city
 * admin awaiting confirmation is refused everything but `halfOpen` and `ownAccount` routes.
 */
function staffWithRole(roles: readonly StaffRole[], opts: AccessOptions): MiddlewareHandler<AppEnv> {
  const session = staff({ pending: opts.halfOpen });
  return async function staffAccess(c, next) {
    await session(c, async () => {
      if (!roles.includes(c.var.staff.role)) throw new ApiError('forbidden', { message: roleForbidden });
      // An unconfirmed city admin is nobody's second person: it reads its own session and changes
      // its own password and authenticator, nothing else.
      if (c.var.staff.pendingConfirmation && !opts.ownAccount && !opts.halfOpen)
        throw new ApiError('forbidden', { message: pendingConfirmation });
      await next();
    });
  };
}

/**
 * The access part of an admin route's declaration: `security`, the middleware that enforces it, and
 * `x-roles` (plus `x-half-open`, `x-own-account`) for the document and the access test. An
 * anonymous caller gets 401 `unauthenticated`, a half-open session 401 unless `halfOpen`, another
 * role 403 `forbidden`; a POST, PUT, PATCH or DELETE without our Origin and the CSRF token 403.
 * List `unauthenticated` and `forbidden` in the route's `errors()`.
 *
 * @example
 * const listAccounts = createRoute({
 *   method: 'get', path: '/', operationId: 'listStaffAccounts', tags: ['admin'], summary: '…',
 *   ...access(['city_admin']),
 *   responses: { 200: json(StaffAccountList, 'The accounts'), ...errors('unauthenticated', 'forbidden') },
 * });
 */
export function access(roles: readonly StaffRole[], opts: AccessOptions = {}) {
  if (!roles.length) throw new Error('access() needs at least one role');
  return {
    security: STAFF,
    middleware: staffWithRole(roles, opts),
    'x-roles': [...roles],
    ...(opts.halfOpen ? { 'x-half-open': true } : {}),
    ...(opts.ownAccount ? { 'x-own-account': true } : {}),
  };
}

/** The staff services' dependencies for this request. */
export const depsOf = (c: Context<AppEnv>): StaffDeps => ({ db: c.var.db, config: c.var.config, now: c.var.now() });

/** The caller's network (IPv4 /24, IPv6 /48) and user agent, kept on sessions and audit entries. */
export const clientOf = (c: Context<AppEnv>): ClientInfo => ({
  network: networkOf(clientIp(c)),
  userAgent: c.req.header('User-Agent') ?? null,
});

/** The signed-in caller as an audit actor. */
export const actorFrom = (c: Context<AppEnv>): StaffActor => staffActor(c.var.staff, clientOf(c).network);
