/**
 * The settings each SMS and captcha provider needs, listed once. The environment check
 * (worker/env.ts), the SMS factory (sms/index.ts) and the captcha factory (captcha.ts) all read
 * these tables, so adding a provider or a setting is one edit here.
 */
import type { Config } from '../env';

type Setting = keyof Config;

/** Settings (environment names) each SMS provider needs; `console` needs none. */
export const SMS_SETTINGS = {
  console: [],
  aliyun: ['ALIYUN_ACCESS_KEY_ID', 'ALIYUN_ACCESS_KEY_SECRET', 'ALIYUN_SMS_SIGN_NAME', 'ALIYUN_SMS_TEMPLATE_CODE'],
  tencent: [
    'TENCENT_SECRET_ID',
    'TENCENT_SECRET_KEY',
    'TENCENT_SMS_SDK_APP_ID',
    'TENCENT_SMS_SIGN_NAME',
    'TENCENT_SMS_TEMPLATE_ID',
  ],
} as const satisfies Record<Config['SMS_PROVIDER'], readonly Setting[]>;

/**
 * Settings each captcha provider needs: the server-side credentials and the public identifiers the
 * vote form shows the captcha with (see `publicCaptcha`).
 */
export const CAPTCHA_SETTINGS = {
  none: [],
  tencent: ['TENCENT_SECRET_ID', 'TENCENT_SECRET_KEY', 'TENCENT_CAPTCHA_APP_ID', 'TENCENT_CAPTCHA_APP_SECRET_KEY'],
  aliyun: ['ALIYUN_ACCESS_KEY_ID', 'ALIYUN_ACCESS_KEY_SECRET', 'ALIYUN_CAPTCHA_SCENE_ID', 'ALIYUN_CAPTCHA_PREFIX'],
  turnstile: ['TURNSTILE_SECRET_KEY', 'TURNSTILE_SITE_KEY'],
} as const satisfies Record<Config['CAPTCHA_PROVIDER'], readonly Setting[]>;

/** Every setting some captcha provider reads. */
export type CaptchaSetting = (typeof CAPTCHA_SETTINGS)[keyof typeof CAPTCHA_SETTINGS][number];

/** The settings the chosen SMS and captcha providers need that are missing or empty, each once. */
export function missingProviderSettings(
  config: Pick<Config, 'SMS_PROVIDER' | 'CAPTCHA_PROVIDER'> & Partial<Record<Setting, unknown>>,
): Setting[] {
  const needed = new Set<Setting>([...SMS_SETTINGS[config.SMS_PROVIDER], ...CAPTCHA_SETTINGS[config.CAPTCHA_PROVIDER]]);
  return [...needed].filter((name) => !config[name]);
}

/**
 * Returns `settings` typed with every name in `names` present; throws an Error naming the missing
 * ones (`who` says which provider asked). env.ts has refused such a configuration already; this
 * keeps a factory called with hand-built settings (tests, scripts) from failing later and vaguely.
 */
export function requireSettings<S extends Partial<Record<Setting, unknown>>, K extends Setting>(
  settings: S,
  names: readonly K[],
  who: string,
): S & Record<K, string> {
  const missing = names.filter((name) => !settings[name]);
  if (missing.length) throw new Error(`${who} needs ${missing.join(', ')}`);
  return settings as S & Record<K, string>;
}
