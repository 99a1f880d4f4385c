import { describe, it, expect } from 'vitest';
import { aliyunSms, signAcs3 } from '../../../../worker/services/sms/aliyun';
import { fakeFetch } from '../../../fixtures/fetch';

const PHONE = '13800138000';
const CODE = '123456';

/*
 * Vector: Alibaba Cloud "V3 request structure and signature" (V3版本请求体&签名机制), section
 * "Signature examples / Fixed parameter values" (ECS RunInstances, cn-shanghai),
 * https://www.alibabacloud.com/help/en/sdk/product-overview/v3-request-structure-and-signature
 * (Chinese: https://help.aliyun.com/zh/sdk/product-overview/v3-request-structure-and-signature).
 * Canonical request, string to sign and Signature 06563a9e…83c0 are copied from that page.
 */
describe('signAcs3 — Aliyun published example', () => {
  const input = {
    method: 'POST',
    host: 'ecs.cn-shanghai.aliyuncs.com',
    path: '/',
    query: { ImageId: 'win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd', RegionId: 'cn-shanghai' },
    headers: { 'x-acs-action': 'RunInstances', 'x-acs-version': '2014-05-26' },
    body: '',
    accessKeyId: 'YourAccessKeyId',
    accessKeySecret: 'YourAccessKeySecret',
    date: '2023-10-26T10:22:32Z',
    nonce: '3156853299f313e23d1673dc12e1703d',
  };

  it('builds the published canonical request', async () => {
    const r = await signAcs3(input);
    expect(r.canonicalRequest).toBe(
      [
        'POST',
        '/',
        'ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai',
        'host:ecs.cn-shanghai.aliyuncs.com',
        'x-acs-action:RunInstances',
        'x-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        'x-acs-date:2023-10-26T10:22:32Z',
        'x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d',
        'x-acs-version:2014-05-26',
        '',
        'host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version',
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      ].join('\n'),
    );
  });

  it('produces the published string to sign and Authorization', async () => {
    const r = await signAcs3(input);
    expect(r.stringToSign).toBe('ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259');
    const authorization =
      'ACS3-HMAC-SHA256 Credential=YourAccessKeyId,' +
      'SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,' +
      'Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0';
    expect(r.authorization).toBe(authorization);
    expect(r.headers).toEqual({
      authorization,
      'x-acs-action': 'RunInstances',
      'x-acs-version': '2014-05-26',
      'x-acs-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      'x-acs-date': '2023-10-26T10:22:32Z',
      'x-acs-signature-nonce': '3156853299f313e23d1673dc12e1703d',
    });
  });
});

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
