import { afterEach, describe, it, expect, vi } from 'vitest';
import { createCaptcha, type CaptchaSettings } from '../../../worker/services/captcha';
import { fakeFetch } from '../../fixtures/fetch';

afterEach(() => vi.restoreAllMocks());

describe('createCaptcha', () => {
  const IP = '203.0.113.7';
  const tencentCfg: CaptchaSettings = {
    CAPTCHA_PROVIDER: 'tencent',
    TENCENT_SECRET_ID: 'AKID-test',
    TENCENT_SECRET_KEY: 'key-test',
    TENCENT_CAPTCHA_APP_ID: '190000000',
    TENCENT_CAPTCHA_APP_SECRET_KEY: 'app-secret',
  };
  const aliyunCfg: CaptchaSettings = {
    CAPTCHA_PROVIDER: 'aliyun',
    ALIYUN_ACCESS_KEY_ID: 'LTAI-test',
    ALIYUN_ACCESS_KEY_SECRET: 'secret-test',
    ALIYUN_CAPTCHA_SCENE_ID: 'scene-1',
    ALIYUN_CAPTCHA_PREFIX: 'prefix-1',
  };
  const turnstileCfg: CaptchaSettings = {
    CAPTCHA_PROVIDER: 'turnstile',
    TURNSTILE_SECRET_KEY: '0x4AAAAAAA-secret',
    TURNSTILE_SITE_KEY: '0x4AAAAAAA-site',
  };
  const tencentToken = JSON.stringify({ ticket: 't03abc', randstr: '@xyz' });

  const cases: [CaptchaSettings, string, unknown, unknown][] = [
    [
      tencentCfg,
      tencentToken,
      { Response: { CaptchaCode: 1, CaptchaMsg: 'OK', RequestId: 'x' } },
      { Response: { CaptchaCode: 9, CaptchaMsg: 'verify ticket error', RequestId: 'x' } },
    ],
    [
      aliyunCfg,
      'captcha-verify-param',
      { RequestId: 'x', Success: true, Code: 'Success', Result: { VerifyResult: true, VerifyCode: 'T001' } },
      { RequestId: 'x', Success: true, Code: 'Success', Result: { VerifyResult: false, VerifyCode: 'F001' } },
    ],
    [
      turnstileCfg,
      'turnstile-token',
      { success: true, 'error-codes': [] },
      { success: false, 'error-codes': ['invalid-input-response'] },
    ],
  ];

  it('none always passes, without a network call', async () => {
    const { fn, calls } = fakeFetch({});
    const captcha = createCaptcha({ CAPTCHA_PROVIDER: 'none' }, fn);
    expect(captcha.name).toBe('none');
    expect(await captcha.verify(undefined, IP)).toBe(true);
    expect(calls).toHaveLength(0);
  });

  for (const [cfg, token, pass, fail] of cases) {
    describe(cfg.CAPTCHA_PROVIDER, () => {
      it('returns false for a missing token without a network call', async () => {
        const { fn, calls } = fakeFetch(pass);
        const captcha = createCaptcha(cfg, fn);
        expect(captcha.name).toBe(cfg.CAPTCHA_PROVIDER);
        expect(await captcha.verify(undefined, IP)).toBe(false);
        expect(await captcha.verify('', IP)).toBe(false);
        expect(await captcha.verify('   ', IP)).toBe(false);
        expect(calls).toHaveLength(0);
      });

      it('follows the vendor verdict', async () => {
        expect(await createCaptcha(cfg, fakeFetch(pass).fn).verify(token, IP)).toBe(true);
        expect(await createCaptcha(cfg, fakeFetch(fail).fn).verify(token, IP)).toBe(false);
      });

      it('fails closed on a network error', async () => {
        const log = vi.spyOn(console, 'error').mockImplementation(() => {});
        const { fn, calls } = fakeFetch(new TypeError('network connection lost'));
        expect(await createCaptcha(cfg, fn).verify(token, IP)).toBe(false);
        expect(calls).toHaveLength(1);
        expect(log).toHaveBeenCalledOnce();
      });
    });
  }

  it('tencent sends a signed DescribeCaptchaResult with ticket, randstr, IP and app keys', async () => {
    const { fn, calls } = fakeFetch(cases[0][2]);
    await createCaptcha(tencentCfg, fn).verify(tencentToken, IP);
    const [{ url, headers, body }] = calls;
    expect(url.href).toBe('https://captcha.tencentcloudapi.com/');
    expect(headers['X-TC-Action']).toBe('DescribeCaptchaResult');
    expect(headers['X-TC-Version']).toBe('2019-07-22');
    expect(headers['Authorization']).toMatch(
      /^TC3-HMAC-SHA256 Credential=AKID-test\/\d{4}-\d{2}-\d{2}\/captcha\/tc3_request, /,
    );
    expect(JSON.parse(body)).toEqual({
      CaptchaType: 9,
      Ticket: 't03abc',
      UserIp: IP,
      Randstr: '@xyz',
      CaptchaAppId: 190000000,
      AppSecretKey: 'app-secret',
    });
  });

  it('tencent rejects a token that is not {ticket, randstr} JSON without a network call', async () => {
    const { fn, calls } = fakeFetch(cases[0][2]);
    expect(await createCaptcha(tencentCfg, fn).verify('not-json', IP)).toBe(false);
    expect(await createCaptcha(tencentCfg, fn).verify('{"ticket":"t"}', IP)).toBe(false);
    expect(calls).toHaveLength(0);
  });

  it('tencent fails closed on Response.Error', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { fn } = fakeFetch({
      Response: { Error: { Code: 'AuthFailure.SecretIdNotFound', Message: 'x' }, RequestId: 'x' },
    });
    expect(await createCaptcha(tencentCfg, fn).verify(tencentToken, IP)).toBe(false);
    expect(log.mock.calls[0][0]).toContain('AuthFailure.SecretIdNotFound');
  });

  it('aliyun sends a signed VerifyIntelligentCaptcha form with the token and scene', async () => {
    const { fn, calls } = fakeFetch(cases[1][2]);
    await createCaptcha(aliyunCfg, fn).verify('captcha verify*param~', IP);
    const [{ url, headers, body }] = calls;
    expect(url.href).toBe('https://captcha.cn-shanghai.aliyuncs.com/');
    expect(headers['x-acs-action']).toBe('VerifyIntelligentCaptcha');
    expect(headers['x-acs-version']).toBe('2023-03-05');
    expect(headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(headers['authorization']).toMatch(
      /^ACS3-HMAC-SHA256 Credential=LTAI-test,SignedHeaders=content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=[0-9a-f]{64}$/,
    );
    expect(Object.fromEntries(new URLSearchParams(body))).toEqual({
      CaptchaVerifyParam: 'captcha verify*param~',
      SceneId: 'scene-1',
    });
  });

  it('aliyun fails closed on a vendor error reply', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { fn } = fakeFetch(
      { RequestId: 'x', Code: 'InvalidAccessKeyId.NotFound', Message: 'Specified access key is not found.' },
      404,
    );
    expect(await createCaptcha(aliyunCfg, fn).verify('param', IP)).toBe(false);
    expect(log.mock.calls[0][0]).toContain('InvalidAccessKeyId.NotFound');
  });

  it('turnstile posts secret, response and remoteip as a form', async () => {
    const { fn, calls } = fakeFetch(cases[2][2]);
    await createCaptcha(turnstileCfg, fn).verify('turnstile-token', IP);
    const [{ url, headers, body }] = calls;
    expect(url.href).toBe('https://challenges.cloudflare.com/turnstile/v0/siteverify');
    expect(headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(body))).toEqual({
      secret: '0x4AAAAAAA-secret',
      response: 'turnstile-token',
      remoteip: IP,
    });
  });

  it('throws naming every setting the provider lacks', () => {
    expect(() => createCaptcha({ CAPTCHA_PROVIDER: 'tencent', TENCENT_SECRET_ID: 'x' })).toThrow(
      'captcha provider "tencent" needs TENCENT_SECRET_KEY, TENCENT_CAPTCHA_APP_ID, TENCENT_CAPTCHA_APP_SECRET_KEY',
    );
    expect(() => createCaptcha({ CAPTCHA_PROVIDER: 'aliyun', ALIYUN_ACCESS_KEY_ID: 'x' })).toThrow(
      'captcha provider "aliyun" needs ALIYUN_ACCESS_KEY_SECRET, ALIYUN_CAPTCHA_SCENE_ID, ALIYUN_CAPTCHA_PREFIX',
    );
    expect(() => createCaptcha({ CAPTCHA_PROVIDER: 'turnstile', TURNSTILE_SITE_KEY: 'site' })).toThrow(
      'captcha provider "turnstile" needs TURNSTILE_SECRET_KEY',
    );
  });
});
