/**
 * Recovery codes: ten one-time codes shown once at TOTP enrolment, for a lost or reset phone.
 * Only an HMAC of each (keyed with the TOTP key and bound to the account) is stored, so a copy of
 * the database cannot be searched offline for them.
 */
import { hmacHex, randomString } from '../crypto';

/** How many codes an enrolment hands out. */
export const RECOVERY_CODE_COUNT = 10;
/** No look-alike characters (0/O, 1/I/L), so a printed code can be typed back. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** Ten fresh codes, `XXXXX-XXXXX`. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const s = randomString(ALPHABET, 10);
    return `${s.slice(0, 5)}-${s.slice(5)}`;
  });
}

/** The stored form of a code for an account; input is normalised (case, spaces, dashes). */
export function hashRecoveryCode(key: string, accountId: number, code: string): Promise<string> {
  return hmacHex(key, `recovery:${accountId}:${code.replace(/[\s-]/g, '').toUpperCase()}`);
}
