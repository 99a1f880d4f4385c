/**
 * Captcha check run before an SMS code is sent. Fails closed: a missing token, a network
 * failure or a vendor error all answer false.
 */
import type { Config } from '../env';
import { CAPTCHA_SETTINGS, requireSettings, type CaptchaSetting } from './providers';
import { callAliyunRpc } from './sms/aliyun';
import { callTencentApi } from './sms/tencent';

/** Verifies one front-end captcha token for one client IP. */
export interface CaptchaVerifier {
  readonly name: 'none' | 'tencent' | 'aliyun' | 'turnstile';
  verify(token: string | undefined, clientIp: string): Promise<boolean>;
}

/** The captcha provider and its settings, named as in the environment (a slice of `Config`). */
export type CaptchaSettings = Pick<Config, 'CAPTCHA_PROVIDER'> & Partial<Pick<Config, CaptchaSetting>>;

type Check = (token: string, clientIp: string) => Promise<boolean>;

/** Wraps a vendor check: empty token → false without a call; any throw → logged, false. */
function verifier(name: CaptchaVerifier['name'], check: Check): CaptchaVerifier {
  return {
    name,
    async verify(token, clientIp) {
      if (!token?.trim()) return false;
      try {
        return await check(token, clientIp);
      } catch (err) {
        console.error(`captcha ${name}: ${err instanceof Error ? err.message : String(err)}`);
        return false;
      }
    },
  };
}

/**
 * Builds the verifier for the chosen provider; throws an Error naming the settings it lacks
 * (`CAPTCHA_SETTINGS` in providers.ts).
 */
export function createCaptcha(settings: CaptchaSettings, fetchFn: typeof fetch = fetch): CaptchaVerifier {
  const provider = settings.CAPTCHA_PROVIDER;
  const needs = <P extends keyof typeof CAPTCHA_SETTINGS>(p: P) =>
    requireSettings(settings, CAPTCHA_SETTINGS[p], `captcha provider "${p}"`);
  switch (provider) {
    case 'none':
      return { name: 'none', verify: async () => true };

    case 'tencent': {
      const c = needs('tencent');
      return verifier('tencent', async (token, clientIp) => {
        // The front-end callback gives {"ticket": "...", "randstr": "..."}.
        let parsed: { ticket?: unknown; randstr?: unknown };
        try {
          parsed = JSON.parse(token);
        } catch {
          return false;
        }
        if (typeof parsed?.ticket !== 'string' || typeof parsed.randstr !== 'string' || !parsed.ticket) return false;
        const reply = (await callTencentApi(
          {
            secretId: c.TENCENT_SECRET_ID,
            secretKey: c.TENCENT_SECRET_KEY,
            service: 'captcha',
            host: 'captcha.tencentcloudapi.com',
            action: 'DescribeCaptchaResult',
            version: '2019-07-22',
          },
          {
            CaptchaType: 9,
            Ticket: parsed.ticket,
            UserIp: clientIp,
            Randstr: parsed.randstr,
            CaptchaAppId: Number(c.TENCENT_CAPTCHA_APP_ID),
            AppSecretKey: c.TENCENT_CAPTCHA_APP_SECRET_KEY,
          },
          fetchFn,
        )) as { Error?: { Code?: string }; CaptchaCode?: number } | undefined;
        if (!reply || reply.Error) throw new Error(`vendor error ${reply?.Error?.Code ?? 'unreadable reply'}`);
        return reply.CaptchaCode === 1;
      });
    }

    case 'aliyun': {
      const c = needs('aliyun');
      return verifier('aliyun', async (token) => {
        const form = { CaptchaVerifyParam: token, SceneId: c.ALIYUN_CAPTCHA_SCENE_ID };
        const { status, data } = await callAliyunRpc(
          {
            host: 'captcha.cn-shanghai.aliyuncs.com',
            action: 'VerifyIntelligentCaptcha',
            version: '2023-03-05',
            accessKeyId: c.ALIYUN_ACCESS_KEY_ID,
            accessKeySecret: c.ALIYUN_ACCESS_KEY_SECRET,
            form,
          },
          fetchFn,
        );
        const reply = data as { Code?: string; Result?: { VerifyResult?: unknown } } | undefined;
        if (!reply?.Result) throw new Error(`vendor error ${reply?.Code ?? `HTTP ${status}`}`);
        return reply.Result.VerifyResult === true;
      });
    }

    case 'turnstile': {
      // Cloudflare Turnstile is not served in mainland China; use it only for audiences outside it.
      const c = needs('turnstile');
      return verifier('turnstile', async (token, clientIp) => {
        const form = new URLSearchParams({ secret: c.TURNSTILE_SECRET_KEY, response: token });
        if (clientIp) form.set('remoteip', clientIp);
        const res = await fetchFn('https://challenges.cloudflare.com/turnstile/v0/siteverify', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: form.toString(),
          signal: AbortSignal.timeout(10_000),
        });
        const reply = (await res.json()) as { success?: unknown; 'error-codes'?: string[] };
        const vendorFault = reply['error-codes']?.find((e) => /secret|internal/.test(e));
        if (vendorFault) throw new Error(`vendor error ${vendorFault}`);
        return reply.success === true;
      });
    }

    default:
      throw new Error(`unknown captcha provider "${String(provider)}"`);
  }
}
