import { describe, expect, it } from 'vitest';
import {
  hashPassword,
  needsRehash,
  passwordPolicyProblems,
  PBKDF2_ITERATIONS,
  verifyPassword,
} from '../../../../worker/services/admin/password';

describe('hashPassword / verifyPassword', () => {
  it('stores a self-describing PBKDF2-SHA256 string with a 16-byte salt and a 32-byte hash', async () => {
    const stored = await hashPassword('a long enough password');
    const [scheme, iterations, salt, hash] = stored.split('$');
    expect(scheme).toBe('pbkdf2-sha256');
    expect(Number(iterations)).toBe(100_000);
    expect(salt).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('accepts the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('a long enough password');
    expect(await verifyPassword('a long enough password', stored)).toBe(true);
    expect(await verifyPassword('a long enough passwore', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts: the same password hashes differently each time', async () => {
    const [a, b] = await Promise.all([hashPassword('same password here'), hashPassword('same password here')]);
    expect(a).not.toBe(b);
    expect(await verifyPassword('same password here', a)).toBe(true);
    expect(await verifyPassword('same password here', b)).toBe(true);
  });

  it('treats the NFC and NFD forms of a password as the same', async () => {
    const stored = await hashPassword('caf\u00e9 au lait, please');
    expect(await verifyPassword('cafe\u0301 au lait, please', stored)).toBe(true);
  });

  it('refuses malformed, foreign or missing hashes without throwing', async () => {
    const stored = await hashPassword('a long enough password');
    for (const bad of [
      null,
      undefined,
      '',
      'plain',
      stored.replace('pbkdf2-sha256', 'bcrypt'),
      stored.replace('$100000$', '$abc$'),
      stored.replace('$100000$', '$100001$'),
      `${stored}$x`,
      stored.slice(0, -5) + '!!!!!',
    ]) {
      expect(await verifyPassword('a long enough password', bad)).toBe(false);
    }
  });

  it('verifies an older hash with fewer iterations and says it needs a rehash', async () => {
    const old = await hashPassword('a long enough password', 1000);
    expect(await verifyPassword('a long enough password', old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash(await hashPassword('a long enough password'))).toBe(false);
  });
});

describe('the PBKDF2 iteration cap', () => {
  it('is 100000, the production Workers limit, and hashPassword refuses to go above it', async () => {
    expect(PBKDF2_ITERATIONS).toBe(100_000);
    await expect(hashPassword('a long enough password', PBKDF2_ITERATIONS + 1)).rejects.toThrow(RangeError);
  });

  it('is enforced by this code: local workerd derives above it, production would refuse', async () => {
    // Cloudflare's isolate limits refuse > 100000 iterations; the open-source workerd here does not.
    const key = await crypto.subtle.importKey('raw', new TextEncoder().encode('pw'), 'PBKDF2', false, ['deriveBits']);
    const params = { name: 'PBKDF2', hash: 'SHA-256', salt: new Uint8Array(16), iterations: PBKDF2_ITERATIONS + 1 };
    await expect(crypto.subtle.deriveBits(params, key, 256)).resolves.toBeInstanceOf(ArrayBuffer);
  });
});

describe('passwordPolicyProblems', () => {
  const who = { username: 'wang.li', displayName: '王丽' };

  it('refuses the short, single-class, repeated and blank passwords of the contract rule', async () => {
    for (const weak of ['password1234', 'aaaaaaaaaaaa', 'linfen123456', ' '.repeat(12)])
      expect(await passwordPolicyProblems(weak, who), weak).not.toEqual([]);
  });

  it('refuses common passwords that pass the character rules', async () => {
    for (const weak of ['Password1234', 'P@ssw0rd12345', 'Qwerty123456!', 'Password123!'])
      expect(await passwordPolicyProblems(weak, who), weak).toEqual([
        '密码过于常见或容易猜到（如常用密码、键盘序列，或含用户名、姓名、“临汾”等本站词语），请换一个更长、更不规则的密码。',
      ]);
  });

  it('refuses passwords made of the site, the username or the name plus digits and symbols', async () => {
    for (const weak of [
      'Linfen123456!',
      'Linfen2026!!',
      'Renshe2026!!ab',
      'Admin@12345678',
      'Wang.Li2026!!',
      'rsj-LINFEN-2026',
    ])
      expect(await passwordPolicyProblems(weak, who), weak).toHaveLength(1);
  });

  it('accepts a long passphrase and a random string', async () => {
    for (const ok of ['Correct horse battery 9', 'Tr0ub4dour&3xy', 'k7#Vq2mZ!pL9wR'])
      expect(await passwordPolicyProblems(ok, who), ok).toEqual([]);
  });
});
