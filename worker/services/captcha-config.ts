/** The captcha verifier for the configured provider (see captcha.ts), built once per isolate. */
import type { Config } from '../env';
import { createCaptcha, type CaptchaVerifier } from './captcha';

let cached: { config: Config; verifier: CaptchaVerifier } | undefined;

export function captchaFor(config: Config): CaptchaVerifier {
  if (cached?.config === config) return cached.verifier;
  const verifier = createCaptcha({
    provider: config.CAPTCHA_PROVIDER,
    tencentSecretId: config.TENCENT_SECRET_ID,
    tencentSecretKey: config.TENCENT_SECRET_KEY,
    tencentCaptchaAppId: config.TENCENT_CAPTCHA_APP_ID,
    tencentCaptchaAppSecretKey: config.TENCENT_CAPTCHA_APP_SECRET_KEY,
    aliyunAccessKeyId: config.ALIYUN_ACCESS_KEY_ID,
    aliyunAccessKeySecret: config.ALIYUN_ACCESS_KEY_SECRET,
    aliyunSceneId: config.ALIYUN_CAPTCHA_SCENE_ID,
    turnstileSecretKey: config.TURNSTILE_SECRET_KEY,
  });
  cached = { config, verifier };
  return verifier;
}

/** What the vote form needs to show the captcha: only public identifiers, never secrets. */
export function publicCaptcha(config: Config) {
  switch (config.CAPTCHA_PROVIDER) {
    case 'tencent':
      return { provider: 'tencent' as const, appId: config.TENCENT_CAPTCHA_APP_ID ?? '' };
    case 'aliyun':
      return {
        provider: 'aliyun' as const,
        sceneId: config.ALIYUN_CAPTCHA_SCENE_ID ?? '',
        prefix: config.ALIYUN_CAPTCHA_PREFIX ?? '',
      };
    case 'turnstile':
      return { provider: 'turnstile' as const, siteKey: config.TURNSTILE_SITE_KEY ?? '' };
    default:
      return { provider: 'none' as const };
  }
}
