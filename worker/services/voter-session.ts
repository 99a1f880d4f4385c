/**
 * Voter sessions: one SMS verification lets a citizen vote in every open poll for a short while.
 * The token is a signed JWT (HS256), sent as an HttpOnly, Secure, SameSite=Lax cookie and returned
 * in the body for clients without cookies (Authorization: Bearer).
 */
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { sign, verify } from 'hono/jwt';
import type { AppEnv } from '../context';
import { hmacKey } from './crypto';
import { ApiError } from '../errors';

export const VOTER_COOKIE = 'lf_voter';

export interface Voter {
  phoneHash: string;
  masked: string;
  expiresAt: number;
}

/** Signs a session for a verified phone and sets the cookie. */
export async function startVoterSession(c: Context<AppEnv>, phoneHash: string, masked: string) {
  const now = c.var.now();
  const ttl = c.var.config.VOTER_SESSION_MINUTES * 60;
  const expiresAt = now + ttl * 1000;
  const token = await sign(
    { sub: phoneHash, msk: masked, iat: Math.floor(now / 1000), exp: Math.floor(expiresAt / 1000), aud: 'voter' },
    await hmacKey(c.var.config.SESSION_KEY),
    'HS256',
  );
  setCookie(c, VOTER_COOKIE, token, { httpOnly: true, secure: true, sameSite: 'Lax', path: '/', maxAge: ttl });
  return { token, expiresAt };
}

/** The voter of this request (bearer token first, then cookie), or `unauthenticated`. */
export async function requireVoter(c: Context<AppEnv>): Promise<Voter> {
  const auth = c.req.header('Authorization');
  const token = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : getCookie(c, VOTER_COOKIE);
  if (!token) throw new ApiError('unauthenticated');
  try {
    // Expiry is checked against the app clock (pinned in tests), not the verifier's own.
    const payload = await verify(token, await hmacKey(c.var.config.SESSION_KEY), {
      alg: 'HS256',
      exp: false,
      iat: false,
      nbf: false,
      aud: 'voter',
    });
    const expiresAt = Number(payload.exp) * 1000;
    if (!(expiresAt > c.var.now()) || typeof payload.sub !== 'string') throw new Error('expired');
    return { phoneHash: payload.sub, masked: String(payload.msk), expiresAt };
  } catch {
    throw new ApiError('unauthenticated');
  }
}
