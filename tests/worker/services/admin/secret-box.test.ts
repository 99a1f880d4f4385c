import { describe, expect, it } from 'vitest';
import { open, seal } from '../../../../worker/services/admin/secret-box';

const KEY = 'a-test-key-for-totp-secrets-0123456789abcdef';

describe('seal / open', () => {
  it('round-trips, and the stored text does not contain the secret', async () => {
    const sealed = await seal(KEY, 7, 'JBSWY3DPEHPK3PXP');
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(await open(KEY, 7, sealed)).toBe('JBSWY3DPEHPK3PXP');
  });

  it('uses a fresh IV each time', async () => {
    expect(await seal(KEY, 7, 'same')).not.toBe(await seal(KEY, 7, 'same'));
  });

  it('refuses another key, another account, or altered bytes', async () => {
    const sealed = await seal(KEY, 7, 'JBSWY3DPEHPK3PXP');
    await expect(open(`${KEY}x`, 7, sealed)).rejects.toThrow();
    await expect(open(KEY, 8, sealed)).rejects.toThrow();
    const [v, iv, ct] = sealed.split('.');
    const flipped = `${v}.${iv}.${ct[0] === 'A' ? 'B' : 'A'}${ct.slice(1)}`;
    await expect(open(KEY, 7, flipped)).rejects.toThrow();
    await expect(open(KEY, 7, 'v2.x.y')).rejects.toThrow();
  });
});
