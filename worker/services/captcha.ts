/**
 * Captcha check run before an SMS code is sent. Fails closed: a missing token, a network
 * failure or a vendor error all answer false.
 */
import { callAliyunRpc } from './sms/aliyun';
import { callTencentApi } from './sms/tencent';

/** Verifies one front-end captcha token for one client IP. */
export interface CaptchaVerifier {
  readonly name: 'none' | 'tencent' | 'aliyun' | 'turnstile';
  verify(token: string | undefined, clientIp: string): Promise<boolean>;
}

/** Provider choice and the credentials it needs. */
export interface CaptchaConfig {
  provider: 'none' | 'tencent' | 'aliyun' | 'turnstile';
  tencentSecretId?: string;
  tencentSecretKey?: string;
  tencentCaptchaAppId?: string;
  tencentCaptchaAppSecretKey?: string;
  aliyunAccessKeyId?: string;
  aliyunAccessKeySecret?: string;
  aliyunSceneId?: string;
  turnstileSecretKey?: string;
}

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

/** Throws when the chosen provider lacks one of its settings. */
function requireKeys<K extends keyof CaptchaConfig>(cfg: CaptchaConfig, keys: K[]): Required<Pick<CaptchaConfig, K>> {
  const missing = keys.filter((k) => !cfg[k]);
  if (missing.length) throw new Error(`captcha provider "${cfg.provider}" needs ${missing.join(', ')}`);
  return cfg as unknown as Required<Pick<CaptchaConfig, K>>;
}

/** Builds the verifier for `cfg.provider`; throws a clear Error when its credentials are missing. */
export function createCaptcha(cfg: CaptchaConfig, fetchFn: typeof fetch = fetch): CaptchaVerifier {
  switch (cfg.provider) {
    case 'none':
      return { name: 'none', verify: async () => true };

    case 'tencent': {
      const c = requireKeys(cfg, [
        'tencentSecretId',
        'tencentSecretKey',
        'tencentCaptchaAppId',
        'tencentCaptchaAppSecretKey',
      ]);
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
            secretId: c.tencentSecretId,
            secretKey: c.tencentSecretKey,
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
            CaptchaAppId: Number(c.tencentCaptchaAppId),
            AppSecretKey: c.tencentCaptchaAppSecretKey,
          },
          fetchFn,
        )) as { Error?: { Code?: string }; CaptchaCode?: number } | undefined;
        if (!reply || reply.Error) throw new Error(`vendor error ${reply?.Error?.Code ?? 'unreadable reply'}`);
        return reply.CaptchaCode === 1;
      });
    }

    case 'aliyun': {
      const c = requireKeys(cfg, ['aliyunAccessKeyId', 'aliyunAccessKeySecret']);
      return verifier('aliyun', async (token) => {
        const form: Record<string, string> = { CaptchaVerifyParam: token };
        if (cfg.aliyunSceneId) form.SceneId = cfg.aliyunSceneId;
        const { status, data } = await callAliyunRpc(
          {
            host: 'captcha.cn-shanghai.aliyuncs.com',
            action: 'VerifyIntelligentCaptcha',
            version: '2023-03-05',
            accessKeyId: c.aliyunAccessKeyId,
            accessKeySecret: c.aliyunAccessKeySecret,
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
      const c = requireKeys(cfg, ['turnstileSecretKey']);
      return verifier('turnstile', async (token, clientIp) => {
        const form = new URLSearchParams({ secret: c.turnstileSecretKey, response: token });
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
      throw new Error(`unknown captcha provider "${String((cfg as { provider: unknown }).provider)}"`);
  }
}
