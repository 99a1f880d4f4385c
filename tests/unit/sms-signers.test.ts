import { describe, it, expect } from 'vitest';
import { hmacSha256, percentEncode, sha256Hex, toHex } from '../../worker/services/signing';
import { signAcs3 } from '../../worker/services/sms/aliyun';
import { signTc3 } from '../../worker/services/sms/tencent';

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

/* Encoding table of the same Aliyun page: space → %20, * → %2A, ~ stays (never %7E). */
describe('percentEncode — RFC 3986', () => {
  it('follows the vendor encoding table', () => {
    expect(percentEncode('a b')).toBe('a%20b');
    expect(percentEncode('*')).toBe('%2A');
    expect(percentEncode('~')).toBe('~');
    expect(percentEncode("AZaz09-_.~!'()")).toBe('AZaz09-_.~%21%27%28%29');
    expect(percentEncode('{"code":"1"}')).toBe('%7B%22code%22%3A%221%22%7D');
    expect(percentEncode('临汾')).toBe('%E4%B8%B4%E6%B1%BE');
  });
});
