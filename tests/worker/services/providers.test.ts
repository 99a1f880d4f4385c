import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../../db/client';
import { configProblems, readConfig, type Config } from '../../../worker/env';
import { createCaptcha } from '../../../worker/services/captcha';
import { CAPTCHA_SETTINGS, missingProviderSettings, SMS_SETTINGS } from '../../../worker/services/providers';
import { createSms } from '../../../worker/services/sms';

const base = readConfig(env);

describe('missingProviderSettings', () => {
  it('needs nothing for the console SMS and no captcha', () => {
    expect(missingProviderSettings({ SMS_PROVIDER: 'console', CAPTCHA_PROVIDER: 'none' })).toEqual([]);
  });

  it('lists a setting two providers share once, and counts an empty value as missing', () => {
    expect(
      missingProviderSettings({ SMS_PROVIDER: 'aliyun', CAPTCHA_PROVIDER: 'aliyun', ALIYUN_SMS_SIGN_NAME: '' }),
    ).toEqual([
      'ALIYUN_ACCESS_KEY_ID',
      'ALIYUN_ACCESS_KEY_SECRET',
      'ALIYUN_SMS_SIGN_NAME',
      'ALIYUN_SMS_TEMPLATE_CODE',
      'ALIYUN_CAPTCHA_SCENE_ID',
      'ALIYUN_CAPTCHA_PREFIX',
    ]);
  });

  it('is empty once every setting is present', () => {
    const set = Object.fromEntries(SMS_SETTINGS.tencent.map((k) => [k, 'x']));
    expect(missingProviderSettings({ SMS_PROVIDER: 'tencent', CAPTCHA_PROVIDER: 'none', ...set })).toEqual([]);
  });
});

describe('one table for the environment check and the factories', () => {
  for (const [provider, names] of Object.entries(SMS_SETTINGS).filter(([, n]) => n.length)) {
    it(`SMS provider ${provider}: readConfig and createSms refuse the same missing settings`, () => {
      expect(configProblems({ ...env, SMS_PROVIDER: provider })).toContain(
        names.map((n) => `${n}: required by the chosen SMS or captcha provider`).join('; '),
      );
      const config = { ...base, SMS_PROVIDER: provider } as Config;
      expect(() => createSms(config, openDb(env.DB), Date.now)).toThrow(
        `SMS provider ${provider} needs ${names.join(', ')}`,
      );
    });
  }

  for (const [provider, names] of Object.entries(CAPTCHA_SETTINGS).filter(([, n]) => n.length)) {
    it(`captcha provider ${provider}: readConfig and createCaptcha refuse the same missing settings`, () => {
      expect(configProblems({ ...env, CAPTCHA_PROVIDER: provider })).toContain(
        names.map((n) => `${n}: required by the chosen SMS or captcha provider`).join('; '),
      );
      const config = { ...base, CAPTCHA_PROVIDER: provider } as Config;
      expect(() => createCaptcha(config)).toThrow(`captcha provider "${provider}" needs ${names.join(', ')}`);
    });
  }
});
