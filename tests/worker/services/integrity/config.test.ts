import { describe, expect, it } from 'vitest';
import { DEFAULT_RULE_SETTINGS } from '../../../../contracts/detection-rules';
import { IntegrityConfig, ruleSettings } from '../../../../worker/services/integrity/config';

const KEY = 'k'.repeat(32);

describe('IntegrityConfig', () => {
  it('has the documented defaults', () => {
    const c = IntegrityConfig.parse({ RECEIPT_HASH_KEY: KEY });
    expect(c.PHONE_RETENTION_DAYS).toBe(90);
    expect(ruleSettings(c)).toEqual(DEFAULT_RULE_SETTINGS);
    expect(ruleSettings(c)).toEqual({
      virtualSegment: { enabled: true, action: 'quarantine' },
      burst: { enabled: true, maxBallots: 20, minutes: 10 },
      machineTiming: { enabled: true, minSeconds: 5 },
      networkShare: { enabled: true, minBallots: 30, minPercent: 20, factor: 5, baselineBallots: 200 },
    });
  });

  it('reads switches and thresholds from strings, and refuses a short key or a bad number', () => {
    const c = IntegrityConfig.parse({
      RECEIPT_HASH_KEY: KEY,
      RULE_VIRTUAL_SEGMENT: 'captcha',
      RULE_BURST: 'off',
      RULE_BURST_MINUTES: '3',
    });
    expect(ruleSettings(c).virtualSegment).toEqual({ enabled: true, action: 'captcha' });
    expect(ruleSettings(c).burst).toMatchObject({ enabled: false, minutes: 3 });
    expect(IntegrityConfig.safeParse({ RECEIPT_HASH_KEY: 'short' }).success).toBe(false);
    expect(IntegrityConfig.safeParse({ RECEIPT_HASH_KEY: KEY, PHONE_RETENTION_DAYS: '0' }).success).toBe(false);
  });
});
