import { describe, it, expect, vi, afterEach } from 'vitest';
import { aliyunSms, signAcs3 } from '../../worker/services/sms/aliyun';
import { signTc3, tencentSms } from '../../worker/services/sms/tencent';
import { createCaptcha, type CaptchaConfig } from '../../worker/services/captcha';

interface Call {
  url: URL;
  init: RequestInit;
  headers: Record<string, string>;
  body: string;
}

/** A fetch double that records every call and answers `reply` (or throws it when it is an Error). */
function fakeFetch(reply: unknown, status = 200) {
  const calls: Call[] = [];
  const fn = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    calls.push({
      url: new URL(String(input)),
      init,
      headers: (init.headers ?? {}) as Record<string, string>,
      body: typeof init.body === 'string' ? init.body : '',
    });
    if (reply instanceof Error) throw reply;
    return new Response(JSON.stringify(reply), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return { fn, calls };
}

afterEach(() => vi.restoreAllMocks());

const PHONE = '13800138000';
const CODE = '123456';

describe('aliyunSms', () => {
  const cfg = {
    accessKeyId: 'LTAI-test',
    accessKeySecret: 'secret-test',
    signName: '临汾技工',
    templateCode: 'SMS_123456789',
  };
  const ok = {
    Code: 'OK',
    Message: 'OK',
    BizId: '9006197469364984^0',
    RequestId: 'F655A8D5-B967-440B-8683-DAD6FF8DE990',
  };

  it('POSTs a signed SendSms to dysmsapi with phone, sign name, template and code', async () => {
    const { fn, calls } = fakeFetch(ok);
    await aliyunSms(cfg, fn).send(PHONE, CODE);

    expect(calls).toHaveLength(1);
    const [{ url, init, headers }] = calls;
    expect(init.method).toBe('POST');
    expect(url.origin).toBe('https://dysmsapi.aliyuncs.com');
    expect(url.pathname).toBe('/');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      PhoneNumbers: PHONE,
      SignName: '临汾技工',
      TemplateCode: 'SMS_123456789',
      TemplateParam: '{"code":"123456"}',
    });
    expect(init.body).toBeUndefined();
    expect(headers['x-acs-action']).toBe('SendSms');
    expect(headers['x-acs-version']).toBe('2017-05-25');
    expect(headers['x-acs-date']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(headers['x-acs-signature-nonce']).toMatch(/^[0-9a-f-]{36}$/);
    expect(headers['x-acs-content-sha256']).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(headers['authorization']).toMatch(
      /^ACS3-HMAC-SHA256 Credential=LTAI-test,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=[0-9a-f]{64}$/,
    );

    // The query string actually sent is the one that was signed.
    const resigned = await signAcs3({
      method: 'POST',
      host: 'dysmsapi.aliyuncs.com',
      path: '/',
      query: Object.fromEntries(url.searchParams),
      headers: { 'x-acs-action': 'SendSms', 'x-acs-version': '2017-05-25' },
      body: '',
      accessKeyId: cfg.accessKeyId,
      accessKeySecret: cfg.accessKeySecret,
      date: headers['x-acs-date'],
      nonce: headers['x-acs-signature-nonce'],
    });
    expect(headers['authorization']).toBe(resigned.authorization);
  });

  it('uses a custom endpoint', async () => {
    const { fn, calls } = fakeFetch(ok);
    await aliyunSms({ ...cfg, endpoint: 'dysmsapi.ap-southeast-1.aliyuncs.com' }, fn).send(PHONE, CODE);
    expect(calls[0].url.host).toBe('dysmsapi.ap-southeast-1.aliyuncs.com');
  });

  it('throws with the vendor Code and Message, never the SMS code', async () => {
    const { fn } = fakeFetch({
      Code: 'isv.BUSINESS_LIMIT_CONTROL',
      Message: '触发小时级流控Permits:5',
      RequestId: 'x',
    });
    const err = await aliyunSms(cfg, fn)
      .send(PHONE, CODE)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain('isv.BUSINESS_LIMIT_CONTROL');
    expect((err as Error).message).toContain('触发小时级流控');
    expect((err as Error).message).not.toContain(CODE);
  });

  it('throws on an HTTP error reply', async () => {
    const { fn } = fakeFetch(
      { Code: 'InvalidAccessKeyId.NotFound', Message: 'Specified access key is not found.' },
      404,
    );
    await expect(aliyunSms(cfg, fn).send(PHONE, CODE)).rejects.toThrow(/InvalidAccessKeyId\.NotFound/);
  });

  it('refuses a malformed phone number without calling the vendor', async () => {
    const { fn, calls } = fakeFetch(ok);
    await expect(aliyunSms(cfg, fn).send('+8613800138000', CODE)).rejects.toThrow(/11 digits/);
    expect(calls).toHaveLength(0);
  });
});

describe('tencentSms', () => {
  const cfg = {
    secretId: 'AKID-test',
    secretKey: 'key-test',
    sdkAppId: '1400006666',
    signName: '临汾技工',
    templateId: '1110',
    region: 'ap-guangzhou',
  };
  const ok = {
    Response: {
      SendStatusSet: [
        {
          SerialNo: '5000:1045710669157053657849499619',
          PhoneNumber: `+86${PHONE}`,
          Fee: 1,
          SessionContext: '',
          Code: 'Ok',
          Message: 'send success',
          IsoCode: 'CN',
        },
      ],
      RequestId: 'a0aabda6-cf91-4f3e-a81f-9198114a2279',
    },
  };

  it('POSTs a signed SendSms to sms.tencentcloudapi.com with +86 phone, sign, template and code', async () => {
    const { fn, calls } = fakeFetch(ok);
    await tencentSms(cfg, fn).send(PHONE, CODE);

    expect(calls).toHaveLength(1);
    const [{ url, init, headers, body }] = calls;
    expect(init.method).toBe('POST');
    expect(url.href).toBe('https://sms.tencentcloudapi.com/');
    expect(JSON.parse(body)).toEqual({
      PhoneNumberSet: [`+86${PHONE}`],
      SmsSdkAppId: '1400006666',
      SignName: '临汾技工',
      TemplateId: '1110',
      TemplateParamSet: [CODE],
    });
    expect(headers['Content-Type']).toBe('application/json; charset=utf-8');
    expect(headers['X-TC-Action']).toBe('SendSms');
    expect(headers['X-TC-Version']).toBe('2021-01-11');
    expect(headers['X-TC-Region']).toBe('ap-guangzhou');
    expect(headers['X-TC-Timestamp']).toMatch(/^\d{10}$/);
    expect(headers['Authorization']).toMatch(
      /^TC3-HMAC-SHA256 Credential=AKID-test\/\d{4}-\d{2}-\d{2}\/sms\/tc3_request, SignedHeaders=content-type;host;x-tc-action, Signature=[0-9a-f]{64}$/,
    );

    // The body actually sent is the one that was signed.
    const resigned = await signTc3({
      secretId: cfg.secretId,
      secretKey: cfg.secretKey,
      service: 'sms',
      host: 'sms.tencentcloudapi.com',
      action: 'SendSms',
      version: '2021-01-11',
      region: 'ap-guangzhou',
      timestamp: Number(headers['X-TC-Timestamp']),
      payload: body,
    });
    expect(headers['Authorization']).toBe(resigned.authorization);
  });

  it('throws when Response.Error is present', async () => {
    const { fn } = fakeFetch({
      Response: {
        Error: { Code: 'AuthFailure.SignatureFailure', Message: 'The provided credentials could not be validated.' },
        RequestId: 'x',
      },
    });
    const err = await tencentSms(cfg, fn)
      .send(PHONE, CODE)
      .catch((e: unknown) => e);
    expect((err as Error).message).toContain('AuthFailure.SignatureFailure');
    expect((err as Error).message).not.toContain(CODE);
  });

  it('throws when the send status is not Ok', async () => {
    const { fn } = fakeFetch({
      Response: {
        SendStatusSet: [
          {
            PhoneNumber: `+86${PHONE}`,
            Code: 'LimitExceeded.PhoneNumberDailyLimit',
            Message: 'the number of sms messages sent from a single mobile number every day exceeds the upper limit',
          },
        ],
        RequestId: 'x',
      },
    });
    const err = await tencentSms(cfg, fn)
      .send(PHONE, CODE)
      .catch((e: unknown) => e);
    expect((err as Error).message).toContain('LimitExceeded.PhoneNumberDailyLimit');
    expect((err as Error).message).not.toContain(CODE);
  });

  it('refuses a malformed phone number without calling the vendor', async () => {
    const { fn, calls } = fakeFetch(ok);
    await expect(tencentSms(cfg, fn).send('1380013800', CODE)).rejects.toThrow(/11 digits/);
    expect(calls).toHaveLength(0);
  });
});

describe('createCaptcha', () => {
  const IP = '203.0.113.7';
  const tencentCfg: CaptchaConfig = {
    provider: 'tencent',
    tencentSecretId: 'AKID-test',
    tencentSecretKey: 'key-test',
    tencentCaptchaAppId: '190000000',
    tencentCaptchaAppSecretKey: 'app-secret',
  };
  const aliyunCfg: CaptchaConfig = {
    provider: 'aliyun',
    aliyunAccessKeyId: 'LTAI-test',
    aliyunAccessKeySecret: 'secret-test',
    aliyunSceneId: 'scene-1',
  };
  const turnstileCfg: CaptchaConfig = { provider: 'turnstile', turnstileSecretKey: '0x4AAAAAAA-secret' };
  const tencentToken = JSON.stringify({ ticket: 't03abc', randstr: '@xyz' });

  const cases: [CaptchaConfig, string, unknown, unknown][] = [
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
    const captcha = createCaptcha({ provider: 'none' }, fn);
    expect(captcha.name).toBe('none');
    expect(await captcha.verify(undefined, IP)).toBe(true);
    expect(calls).toHaveLength(0);
  });

  for (const [cfg, token, pass, fail] of cases) {
    describe(cfg.provider, () => {
      it('returns false for a missing token without a network call', async () => {
        const { fn, calls } = fakeFetch(pass);
        const captcha = createCaptcha(cfg, fn);
        expect(captcha.name).toBe(cfg.provider);
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

  it('throws for missing credentials', () => {
    expect(() => createCaptcha({ provider: 'tencent', tencentSecretId: 'x' })).toThrow(
      /tencentSecretKey.*tencentCaptchaAppId.*tencentCaptchaAppSecretKey/,
    );
    expect(() => createCaptcha({ provider: 'aliyun', aliyunAccessKeyId: 'x' })).toThrow(/aliyunAccessKeySecret/);
    expect(() => createCaptcha({ provider: 'turnstile' })).toThrow(/turnstileSecretKey/);
  });
});
