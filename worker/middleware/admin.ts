/**
 * Staff authentication and authorisation for the admin API: who is calling (session cookie), whether
 * a state-changing request really comes from the admin pages (origin + CSRF token), and whether the
 * caller's role may do it. The server enforces all of it; the admin UI only hides what is refused.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
import type { SecondFactorState, StaffRole } from '../../contracts/admin-accounts';
import type { AppEnv } from '../context';
import { ApiError } from '../errors';
import { pendingConfirmation } from '../services/admin/auth';
import { CSRF_HEADER, csrfTokenFor, csrfTokenMatches, liveSession, staffToken } from '../services/admin/sessions';

/** The signed-in staff member, as `c.var.staff`. */
export interface Staff {
  id: number;
  username: string;
  displayName: string;
  role: StaffRole;
  /** The county a county officer is bound to; null for the other roles. */
  countyId: string | null;
  sessionId: number;
  /** 'done' unless the session is half-open (only with `staff({ pending: true })`). */
  secondFactor: SecondFactorState;
  /** The session's CSRF token, for the page to send back in X-CSRF-Token. */
  csrfToken: string;
  /** A city admin not yet confirmed by a second one: only its own session and password (access()). */
  pendingConfirmation: boolean;
}

const UNSAFE = /^(POST|PUT|PATCH|DELETE)$/;
const SIGN_IN_FIRST = '请先登录管理后台（未登录或登录已过期）。';

const honoCsrf = csrf();

/**
 * Refuses (`forbidden`) a state-changing request that did not come from this site's own pages:
 * Hono's `csrf` (Origin / Sec-Fetch-Site for form posts), and for every content type an Origin that
 * is not ours or a `Sec-Fetch-Site: cross-site`. Safe methods pass.
 *
 * @example
 * // Sign-in has no session yet, so it needs the origin check on its own:
 * admin.post('/session', staffOrigin(), async (c) => { … });
 */
export function staffOrigin(): MiddlewareHandler<AppEnv> {
  return async function staffOrigin(c, next) {
    if (UNSAFE.test(c.req.method)) {
      const origin = c.req.header('Origin');
      const site = c.req.header('Sec-Fetch-Site');
      if ((origin !== undefined && origin !== new URL(c.req.url).origin) || site === 'cross-site') {
        throw new ApiError('forbidden', { message: '请求来源校验失败，请刷新页面后重试。' });
      }
      try {
        await honoCsrf(c, async () => {});
      } catch {
        throw new ApiError('forbidden', { message: '请求来源校验失败，请刷新页面后重试。' });
      }
    }
    await next();
  };
}

/**
 * Requires a live staff session (cookie `__Host-lf_staff`) and sets `c.var.staff`; otherwise
 * `unauthenticated`. A half-open session (second factor not yet done) is refused too, unless
 * `pending: true` (only for the routes that finish the second factor). On POST, PUT, PATCH and
 * DELETE it also runs `staffOrigin()` and requires the session's CSRF token in `X-CSRF-Token`,
 * compared in constant time (`forbidden` when missing or wrong).
 *
 * @example
 * const admin = new Hono<AppEnv>();
 * admin.use('*', staff());
 * admin.get('/me', (c) => c.json({ username: c.var.staff.username }));
 * admin.post('/polls/:slug/close', requireRole('city_admin'), async (c) => { … });
 */
export function staff(opts: { pending?: boolean } = {}): MiddlewareHandler<AppEnv> {
  const origin = staffOrigin();
  return async function staff(c, next) {
    const token = staffToken(c);
    const live = token ? await liveSession(c.var.db, c.var.config, token, c.var.now()) : null;
    if (!token || !live) throw new ApiError('unauthenticated', { message: SIGN_IN_FIRST });
    const { session, account } = live;
    const secondFactor: SecondFactorState =
      session.secondFactorAt !== null ? 'done' : account.totpEnrolledAt === null ? 'enrol' : 'verify';
    if (secondFactor !== 'done' && !opts.pending) {
      throw new ApiError('unauthenticated', { message: '请先完成两步验证。' });
    }
    if (UNSAFE.test(c.req.method)) {
      await origin(c, async () => {});
      if (!(await csrfTokenMatches(c.var.config, token, c.req.header(CSRF_HEADER)))) {
        throw new ApiError('forbidden', { message: '页面已过期，请刷新后重试。' });
      }
    }
    c.set('staff', {
      id: account.id,
      username: account.username,
      displayName: account.displayName,
      role: account.role,
      countyId: account.countyId,
      sessionId: session.id,
      secondFactor,
      csrfToken: await csrfTokenFor(c.var.config, token),
      pendingConfirmation: pendingConfirmation(account),
    });
    await next();
  };
}

/**
 * Allows the request only for the given roles (`forbidden` otherwise). Put it after `staff()`.
 *
 * @example
 * admin.get('/audit', requireRole('city_admin', 'auditor'), (c) => …);
 */
export function requireRole(...roles: StaffRole[]): MiddlewareHandler<AppEnv> {
  return async function requireRole(c, next) {
    const who = c.get('staff');
    if (!who) throw new ApiError('unauthenticated', { message: SIGN_IN_FIRST });
    if (!roles.includes(who.role)) throw new ApiError('forbidden');
    await next();
  };
}

/**
 * Refuses (`forbidden`) a county officer acting on another county's data; other roles pass (their
 * routes are limited by requireRole).
 */
export function assertCounty(c: Context<AppEnv>, countyId: string | null): void {
  const who = c.var.staff;
  if (who.role === 'county_officer' && who.countyId !== countyId) throw new ApiError('forbidden');
}
