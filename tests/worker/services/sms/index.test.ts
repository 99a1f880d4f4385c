import { env } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import { openDb } from '../../../../db/client';
import { devSmsFor } from '../../../../db/queries/otp';
import { readConfig } from '../../../../worker/env';
import { phoneHash } from '../../../../worker/services/otp';
import { createSms } from '../../../../worker/services/sms';

describe('createSms', () => {
  it('console records the code under the phone hash, for GET /api/dev/sms', async () => {
    const config = readConfig(env);
    const db = openDb(env.DB);
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const sms = createSms(config, db, () => 1_700_000_000_000);
    expect(sms.name).toBe('console');
    await sms.send('13800138000', '654321');
    expect(await devSmsFor(db, await phoneHash(config, '13800138000'))).toEqual([
      { code: '654321', sentAt: 1_700_000_000_000 },
    ]);
    expect(log.mock.calls[0][0]).toContain('138****8000');
    expect(log.mock.calls[0][0]).not.toContain('654321');
    log.mockRestore();
  });
});
