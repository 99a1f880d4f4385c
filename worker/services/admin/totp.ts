/**
 * TOTP second factor (RFC 6238) through the `otpauth` library: 6 digits, 30-second steps, SHA-1,
 * which is what every authenticator app (Google, Microsoft, 腾讯身份验证器, FreeOTP …) understands.
 * Each accepted code is remembered by its time step, so a code seen once is refused after.
 */
import { Secret, TOTP } from 'otpauth';

/** The issuer shown in authenticator apps. */
export const TOTP_ISSUER = '临汾技工六个十';
const PERIOD = 30;
const DIGITS = 6;
/** One step either side: a phone clock 30 s off, or a code typed as it turned, still works. */
const WINDOW = 1;

/** A new random 160-bit secret, base32 (what authenticator apps take when typed by hand). */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

const totp = (secret: string, label = '') =>
  new TOTP({ issuer: TOTP_ISSUER, label, secret: Secret.fromBase32(secret), digits: DIGITS, period: PERIOD });

/** The 30-second step an instant falls in. */
export const totpStep = (now: number) => Math.floor(now / 1000 / PERIOD);

/** The `otpauth://totp/…` URI an authenticator app scans during enrolment. */
export function totpUri(secret: string, username: string): string {
  return totp(secret, username).toString();
}

/** The code for an instant (for tests and for the development tools). */
export function totpCode(secret: string, now: number): string {
  return totp(secret).generate({ timestamp: now });
}

/**
 * The step `code` is valid for at `now` (±1 step), or null when it is wrong, malformed, or of a
 * step at or before `lastStep` (a replay, or an older code after a newer one was used).
 */
export function verifyTotp(secret: string, code: string, now: number, lastStep: number | null): number | null {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totp(secret).validate({ token, timestamp: now, window: WINDOW });
  if (delta === null) return null;
  const step = totpStep(now) + delta;
  return lastStep !== null && step <= lastStep ? null : step;
}
