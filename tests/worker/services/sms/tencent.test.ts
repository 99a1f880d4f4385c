import { describe, it, expect } from 'vitest';
import { hmacSha256, sha256Hex, toHex } from '../../../../worker/services/crypto';
import { signTc3, tencentSms } from '../../../../worker/services/sms/tencent';
import { fakeFetch } from '../../../fixtures/fetch';

const PHONE = '13800138000';
const CODE = '123456';

/*
 * Vector: Tencent Cloud "签名方法 v3" worked example (CVM DescribeInstances, ap-guangzhou),
 * https://cloud.tencent.com/document/api/362/4208 (same text on every product's "签名方法 v3" page).
 * Every expected value below is copied from the current text of that page: SecretId "AKID" + 32 "*",
 * SecretKey 32 "*" (the page's demo code says so), SignedHeaders content-type;host;x-tc-action,
 * the three derived keys and Signature 10b1a37a…6c4f.
 * An older revision of the page used SecretKey "Gu5t9xGARNpq86cd98joQYCN3*******", SignedHeaders
 * content-type;host and published Signature 2230eefd…652c; that revision is superseded and not used here.
 */
describe('signTc3 — Tencent Cloud published example', () => {
  const secretId = `AKID${'*'.repeat(32)}`;
  const secretKey = '*'.repeat(32);
  const payload = '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}';
  const input = {
    secretId,
    secretKey,
    service: 'cvm',
    host: 'cvm.tencentcloudapi.com',
    action: 'DescribeInstances',
    version: '2017-03-12',
    region: 'ap-guangzhou',
    timestamp: 1551113065,
    payload,
  };

  it('hashes the payload as published', async () => {
    expect(await sha256Hex(payload)).toBe('35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064');
  });

  it('builds the published canonical request and string to sign', async () => {
    const r = await signTc3(input);
    expect(r.canonicalRequest).toBe(
      [
        'POST',
        '/',
        '',
        'content-type:application/json; charset=utf-8',
        'host:cvm.tencentcloudapi.com',
        'x-tc-action:describeinstances',
        '',
        'content-type;host;x-tc-action',
        '35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064',
      ].join('\n'),
    );
    expect(await sha256Hex(r.canonicalRequest)).toBe(
      '7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84',
    );
    expect(r.stringToSign).toBe(
      'TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84',
    );
  });

  it('derives the published SecretDate, SecretService and SecretSigning', async () => {
    const secretDate = await hmacSha256(`TC3${secretKey}`, '2019-02-25');
    const secretService = await hmacSha256(secretDate, 'cvm');
    const secretSigning = await hmacSha256(secretService, 'tc3_request');
    expect(toHex(secretDate)).toBe('da98fb70dcf6b112dc21038d1eeeb3a95c74b4dcb12c1131f864f6066bd02be0');
    expect(toHex(secretService)).toBe('8d70cbefb03939f929db64d32dc2ba89b1095620119fe3e050e2b18c5bd2752f');
    expect(toHex(secretSigning)).toBe('b596b923aad85185e2d1f6659d2a062e0a86731226e021e61bfe06f7ed05f5af');
  });

  it('produces the published Authorization and the common headers', async () => {
    const r = await signTc3(input);
    const authorization =
      `TC3-HMAC-SHA256 Credential=${secretId}/2019-02-25/cvm/tc3_request, ` +
      'SignedHeaders=content-type;host;x-tc-action, ' +
      'Signature=10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f';
    expect(r.authorization).toBe(authorization);
    expect(r.headers).toEqual({
      Authorization: authorization,
      'Content-Type': 'application/json; charset=utf-8',
      'X-TC-Action': 'DescribeInstances',
      'X-TC-Timestamp': '1551113065',
      'X-TC-Version': '2017-03-12',
      'X-TC-Region': 'ap-guangzhou',
    });
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
