/**
 * Staff sessions: a random 32-byte token in a `__Host-` cookie, only its SHA-256 in D1, so a copy of
 * the table cannot be replayed. Server-side rows make sign-out and revocation immediate (unlike the
 * voters' signed tokens). The CSRF token is an HMAC of the session token: per session, nothing to
 * store, readable again by the page (GET of the session) but by no other site.
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Config } from '../../env';
import type { Db } from '../../../db/client';
import { sessionByTokenHash, touchSession, type AccountRow, type SessionRow } from '../../../db/queries/admin-accounts';
import { constantTimeEqual, hmacHex } from '../crypto';
import { toB64url } from './bytes';
import { STAFF_COOKIE } from '../../../contracts/admin-accounts';

export { STAFF_COOKIE };

/** The header every state-changing admin request carries the CSRF token in. */
export const CSRF_HEADER = 'X-CSRF-Token';
/** A half-open session (second factor pending) has this long to finish it. */
export const PENDING_SESSION_MS = 10 * 60_000;
/** last_seen_at is written at most this often, so browsing the admin is not a D1 write per request. */
const TOUCH_EVERY_MS = 60_000;

/** A new random session token (base64url of 32 bytes). */
export const newSessionToken = () => toB64url(crypto.getRandomValues(new Uint8Array(32)));

/** The stored form of a token. */
export async function hashSessionToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return toB64url(new Uint8Array(digest));
}

/** The CSRF token that belongs to a session token. */
export const csrfTokenFor = (config: Config, token: string) => hmacHex(config.SESSION_KEY, `staff-csrf:${token}`);

/** Whether `presented` is the CSRF token of `token`, compared in constant time. */
export async function csrfTokenMatches(config: Config, token: string, presented: string | undefined) {
  return presented !== undefined && constantTimeEqual(await csrfTokenFor(config, token), presented);
}

/** Idle and absolute lifetimes from the configuration, in milliseconds. */
export const sessionLimits = (config: Config) => ({
  idleMs: config.STAFF_IDLE_MINUTES * 60_000,
  absoluteMs: config.STAFF_SESSION_HOURS * 3_600_000,
});

/** Sets the session cookie (a browser-session cookie; the server enforces both timeouts). */
export function setStaffCookie(c: Context, token: string): void {
  setCookie(c, STAFF_COOKIE, token, { httpOnly: true, secure: true, sameSite: 'Strict', path: '/' });
}

/** Removes the session cookie (sign-out, or a cookie that no longer names a live session). */
export function clearStaffCookie(c: Context): void {
  deleteCookie(c, STAFF_COOKIE, { httpOnly: true, secure: true, sameSite: 'Strict', path: '/' });
}

/** The session token the request carries, if any. */
export const staffToken = (c: Context): string | undefined => getCookie(c, STAFF_COOKIE) || undefined;

/**
 * The live session for a token and its account, or null when the token is unknown, revoked,
 * expired (absolute), idle too long, or its account is disabled. Refreshes last_seen_at.
 */
export async function liveSession(
  db: Db,
  config: Config,
  token: string,
  now: number,
): Promise<{ session: SessionRow; account: AccountRow } | null> {
  const row = await sessionByTokenHash(db, await hashSessionToken(token));
  if (!row) return null;
  const { session, account } = row;
  if (session.revokedAt !== null || session.expiresAt <= now || account.disabledAt !== null) return null;
  if (now - session.lastSeenAt >= sessionLimits(config).idleMs) return null;
  if (now - session.lastSeenAt >= TOUCH_EVERY_MS) {
    await touchSession(db, session.id, now);
    session.lastSeenAt = now;
  }
  return row;
}
