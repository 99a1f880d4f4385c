/** The configured captcha: its verifier (see captcha.ts), built once per isolate, and its public settings. */
import type { PublicCaptcha } from '../../contracts/captcha';
import type { Config } from '../env';
import { createCaptcha, type CaptchaVerifier } from './captcha';

let cached: { config: Config; verifier: CaptchaVerifier } | undefined;

/** The verifier for `config.CAPTCHA_PROVIDER`. */
export function captchaFor(config: Config): CaptchaVerifier {
  if (cached?.config === config) return cached.verifier;
  const verifier = createCaptcha(config);
  cached = { config, verifier };
  return verifier;
}

/** What the vote form needs to show the captcha: only public identifiers, never secrets. */
export function publicCaptcha(config: Config): PublicCaptcha {
  switch (config.CAPTCHA_PROVIDER) {
    case 'tencent':
      return { provider: 'tencent', appId: config.TENCENT_CAPTCHA_APP_ID ?? '' };
    case 'aliyun':
      return {
        provider: 'aliyun',
        sceneId: config.ALIYUN_CAPTCHA_SCENE_ID ?? '',
        prefix: config.ALIYUN_CAPTCHA_PREFIX ?? '',
      };
    case 'turnstile':
      return { provider: 'turnstile', siteKey: config.TURNSTILE_SITE_KEY ?? '' };
    default:
      return { provider: 'none' };
  }
}
