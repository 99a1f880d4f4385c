import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { newTotpSecret, totpCode, totpStep, totpUri, verifyTotp } from '../../../../worker/services/admin/totp';

// RFC 6238 Appendix B: the SHA-1 seed is the ASCII string "12345678901234567890".
const RFC_SEED = '12345678901234567890';
const RFC_BASE32 = Secret.fromLatin1(RFC_SEED).base32;
const VECTORS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('otpauth in workerd', () => {
  it.each(VECTORS)('gives the RFC 6238 SHA-1 8-digit code at T=%i', (t, code) => {
    expect(TOTP.generate({ secret: Secret.fromLatin1(RFC_SEED), digits: 8, timestamp: t * 1000 })).toBe(code);
  });
});

describe('totpCode / verifyTotp (6 digits, 30 s)', () => {
  it.each(VECTORS)('at T=%i gives the last six digits of the RFC code', (t, code) => {
    expect(totpCode(RFC_BASE32, t * 1000)).toBe(code.slice(2));
  });

  it('accepts the code of the current step and of one step either side, nothing further', () => {
    const now = 1111111111_000;
    const at = (offset: number) => totpCode(RFC_BASE32, now + offset * 30_000);
    expect(verifyTotp(RFC_BASE32, at(0), now, null)).toBe(totpStep(now));
    expect(verifyTotp(RFC_BASE32, at(-1), now, null)).toBe(totpStep(now) - 1);
    expect(verifyTotp(RFC_BASE32, at(1), now, null)).toBe(totpStep(now) + 1);
    expect(verifyTotp(RFC_BASE32, at(-2), now, null)).toBeNull();
    expect(verifyTotp(RFC_BASE32, at(2), now, null)).toBeNull();
  });

  it('refuses a code of a step already used, or of an earlier step', () => {
    const now = 1234567890_000;
    const step = verifyTotp(RFC_BASE32, totpCode(RFC_BASE32, now), now, null)!;
    expect(verifyTotp(RFC_BASE32, totpCode(RFC_BASE32, now), now, step)).toBeNull();
    expect(verifyTotp(RFC_BASE32, totpCode(RFC_BASE32, now - 30_000), now, step)).toBeNull();
    expect(verifyTotp(RFC_BASE32, totpCode(RFC_BASE32, now + 30_000), now, step)).toBe(step + 1);
  });

  it('accepts spaces as apps display them, refuses wrong and malformed codes', () => {
    const now = 2000000000_000;
    const code = totpCode(RFC_BASE32, now);
    expect(verifyTotp(RFC_BASE32, `${code.slice(0, 3)} ${code.slice(3)}`, now, null)).toBe(totpStep(now));
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    for (const bad of [wrong, '', '12345', '1234567', 'abcdef', `${code}0`]) {
      expect(verifyTotp(RFC_BASE32, bad, now, null)).toBeNull();
    }
  });
});

describe('newTotpSecret / totpUri', () => {
  it('makes 160-bit base32 secrets, different every time', () => {
    const a = newTotpSecret();
    expect(a).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(a);
  });

  it('writes the otpauth URI authenticator apps scan', () => {
    const uri = new URL(totpUri(RFC_BASE32, 'wang.li'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/临汾技工六个十:wang.li');
    expect(Object.fromEntries(uri.searchParams)).toEqual({
      issuer: '临汾技工六个十',
      secret: RFC_BASE32,
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
  });
});
