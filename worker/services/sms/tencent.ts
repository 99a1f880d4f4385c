/**
 * Tencent Cloud (腾讯云) SMS SendSms, signed with TC3-HMAC-SHA256 (签名方法 v3).
 * Spec: https://cloud.tencent.com/document/api/362/4208
 */
import { hmacSha256, sha256Hex, toHex } from '../crypto';
import type { SignedRequest } from '../signing';
import type { SmsProvider } from './types';

const ALGORITHM = 'TC3-HMAC-SHA256';
const SIGNED_HEADERS = 'content-type;host;x-tc-action';

/** One Tencent Cloud API 3.0 call. */
export interface Tc3Call {
  secretId: string;
  secretKey: string;
  service: string;
  host: string;
  action: string;
  version: string;
  region?: string;
}

/** Inputs of one TC3 signature (always POST / with an empty query string). */
export interface Tc3Input extends Tc3Call {
  /** Unix seconds; also fixes the UTC date of the credential scope. */
  timestamp: number;
  payload: string;
  contentType?: string;
}

/** Signs a POST with TC3-HMAC-SHA256; signed headers are content-type, host and x-tc-action. */
export async function signTc3(input: Tc3Input): Promise<SignedRequest> {
  const contentType = input.contentType ?? 'application/json; charset=utf-8';
  const date = new Date(input.timestamp * 1000).toISOString().slice(0, 10);
  const canonicalHeaders =
    `content-type:${contentType.toLowerCase()}\n` +
    `host:${input.host.toLowerCase()}\n` +
    `x-tc-action:${input.action.toLowerCase()}\n`;
  const canonicalRequest = ['POST', '/', '', canonicalHeaders, SIGNED_HEADERS, await sha256Hex(input.payload)].join(
    '\n',
  );
  const scope = `${date}/${input.service}/tc3_request`;
  const stringToSign = [ALGORITHM, String(input.timestamp), scope, await sha256Hex(canonicalRequest)].join('\n');

  const secretDate = await hmacSha256(`TC3${input.secretKey}`, date);
  const secretService = await hmacSha256(secretDate, input.service);
  const secretSigning = await hmacSha256(secretService, 'tc3_request');
  const signature = toHex(await hmacSha256(secretSigning, stringToSign));
  const authorization = `${ALGORITHM} Credential=${input.secretId}/${scope}, SignedHeaders=${SIGNED_HEADERS}, Signature=${signature}`;

  const headers: Record<string, string> = {
    Authorization: authorization,
    'Content-Type': contentType,
    'X-TC-Action': input.action,
    'X-TC-Timestamp': String(input.timestamp),
    'X-TC-Version': input.version,
  };
  if (input.region) headers['X-TC-Region'] = input.region;
  return { authorization, headers, canonicalRequest, stringToSign };
}

/** Signs and sends a JSON call; returns the `Response` object of the reply (undefined if not JSON). */
export async function callTencentApi(call: Tc3Call, params: object, fetchFn: typeof fetch = fetch): Promise<unknown> {
  const payload = JSON.stringify(params);
  const signed = await signTc3({ ...call, timestamp: Math.floor(Date.now() / 1000), payload });
  const res = await fetchFn(`https://${call.host}/`, {
    method: 'POST',
    headers: signed.headers,
    body: payload,
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  try {
    return (JSON.parse(text) as { Response?: unknown }).Response;
  } catch {
    return undefined;
  }
}

/** Tencent SMS settings (SmsSdkAppId, approved sign name and template, API region such as ap-guangzhou). */
export interface TencentSmsConfig {
  secretId: string;
  secretKey: string;
  sdkAppId: string;
  signName: string;
  templateId: string;
  region: string;
}

interface SendSmsReply {
  Error?: { Code?: string; Message?: string };
  SendStatusSet?: { Code?: string; Message?: string }[];
}

/** SMS provider for Tencent SMS SendSms (2021-01-11); the template receives the code as its only parameter. */
export function tencentSms(cfg: TencentSmsConfig, fetchFn: typeof fetch = fetch): SmsProvider {
  return {
    name: 'tencent',
    async send(phone, code) {
      if (!/^1\d{10}$/.test(phone)) throw new Error('tencent SendSms: phone must be 11 digits without prefix');
      const reply = (await callTencentApi(
        {
          secretId: cfg.secretId,
          secretKey: cfg.secretKey,
          service: 'sms',
          host: 'sms.tencentcloudapi.com',
          action: 'SendSms',
          version: '2021-01-11',
          region: cfg.region,
        },
        {
          PhoneNumberSet: [`+86${phone}`],
          SmsSdkAppId: cfg.sdkAppId,
          SignName: cfg.signName,
          TemplateId: cfg.templateId,
          TemplateParamSet: [code],
        },
        fetchFn,
      )) as SendSmsReply | undefined;
      if (!reply) throw new Error('tencent SendSms failed: unreadable reply');
      if (reply.Error)
        throw new Error(`tencent SendSms failed: ${reply.Error.Code} ${reply.Error.Message ?? ''}`.trim());
      const status = reply.SendStatusSet?.[0];
      if (status?.Code !== 'Ok') {
        throw new Error(`tencent SendSms failed: ${status?.Code ?? 'no status'} ${status?.Message ?? ''}`.trim());
      }
    },
  };
}
