/**
 * Voter authentication as middleware, in the shape of Hono's own `jwt()`: read the token, verify it,
 * `c.set('voter', …)`, then `await next()`. Declared as a route's `middleware`, it runs before that
 * route's input validation, so an anonymous request is 401 whatever its body.
 *
 * Staff get the same shape: `staff()` (worker/middleware/admin.ts) reads the staff session and sets
 * `c.var.staff` (declared beside `voter` in worker/context.ts); admin routes run it through
 * `...access(roles)` (worker/routes/admin/access.ts), which also sets `security: STAFF`.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppEnv } from '../context';
import { ApiError } from '../errors';
import { VOTER_COOKIE, verifyVoterToken, type Voter } from '../services/voter-session';

/**
 * The environment of a handler behind `requireVoter()`: `c.var.voter` is always set there. Pass the
 * middleware itself (not an array) as a route's `middleware`, so @hono/zod-openapi carries this type
 * into the handler.
 */
export type VoterEnv = AppEnv & { Variables: { voter: Voter } };

/**
 * Requires a voter session: the bearer token (`Authorization: Bearer …`) if present, else the
 * `lf_voter` cookie. Sets `c.var.voter`; answers 401 `unauthenticated` when there is no valid session.
 *
 * @example
 * const route = createRoute({ method: 'get', path: '/', middleware: requireVoter(), security: VOTER, … });
 * voterSession.openapi(route, (c) => c.json({ phone: c.var.voter.masked }, 200));
 */
export function requireVoter(): MiddlewareHandler<VoterEnv> {
  return async function requireVoter(c, next) {
    const found = await currentVoter(c);
    if (!found) throw new ApiError('unauthenticated');
    c.set('voter', found);
    await next();
  };
}

/**
 * The voter session a request carries (bearer token, else the `lf_voter` cookie), or null when it
 * has none or an invalid or expired one. For routes where no session is a normal answer.
 */
export async function currentVoter<E extends AppEnv>(c: Context<E>): Promise<Voter | null> {
  const auth = c.req.header('Authorization');
  const token = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : getCookie(c, VOTER_COOKIE);
  return token ? await verifyVoterToken(token, c.var.config.SESSION_KEY, c.var.now()) : null;
}
