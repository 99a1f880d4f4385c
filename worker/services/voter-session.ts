/**
 * Voter sessions: one SMS verification lets a citizen vote in every open poll for a short while.
 * The token is a signed JWT (HS256), sent as an HttpOnly, Secure, SameSite=Lax cookie and returned
 * in the body for clients without cookies (Authorization: Bearer).
 */
import type { Context } from 'hono';
import { setCookie } from 'hono/cookie';
import { sign, verify } from 'hono/jwt';
import type { AppEnv } from '../context';
import { hmacKey } from './crypto';

export const VOTER_COOKIE = 'lf_voter';

export interface Voter {
  phoneHash: string;
  masked: string;
  expiresAt: number;
  /**
   * When the SMS code that opened the session was sent (claim `snt`), for the machine-timing rule
   * (contracts/detection-rules.ts); null for a token without it.
   */
  codeSentAt: number | null;
}

/** Signs a session for a verified phone (its code sent at `codeSentAt`) and sets the cookie. */
export async function startVoterSession(c: Context<AppEnv>, phoneHash: string, masked: string, codeSentAt: number) {
  const now = c.var.now();
  const ttl = c.var.config.VOTER_SESSION_MINUTES * 60;
  const expiresAt = now + ttl * 1000;
  const token = await sign(
    {
      sub: phoneHash,
      msk: masked,
      snt: codeSentAt,
      iat: Math.floor(now / 1000),
      exp: Math.floor(expiresAt / 1000),
      aud: 'voter',
    },
    await hmacKey(c.var.config.SESSION_KEY),
    'HS256',
  );
  setCookie(c, VOTER_COOKIE, token, { httpOnly: true, secure: true, sameSite: 'Lax', path: '/', maxAge: ttl });
  return { token, expiresAt };
}

/**
 * The voter a session token stands for, or null when the token is forged, for another audience or
 * expired. Reading the token from the request is the voter middleware's job (worker/middleware/voter.ts).
 */
export async function verifyVoterToken(token: string, sessionKey: string, now: number): Promise<Voter | null> {
  try {
    // Expiry is checked against the app clock (pinned in tests), not the verifier's own.
    const payload = await verify(token, await hmacKey(sessionKey), {
      alg: 'HS256',
      exp: false,
      iat: false,
      nbf: false,
      aud: 'voter',
    });
    const expiresAt = Number(payload.exp) * 1000;
    if (!(expiresAt > now) || typeof payload.sub !== 'string') return null;
    const codeSentAt = typeof payload.snt === 'number' ? payload.snt : null;
    return { phoneHash: payload.sub, masked: String(payload.msk), expiresAt, codeSentAt };
  } catch {
    return null;
  }
}
