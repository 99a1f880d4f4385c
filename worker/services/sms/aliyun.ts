/**
 * Aliyun (阿里云) Dysmsapi SendSms, signed with ACS3-HMAC-SHA256 (V3 signature).
 * Spec: https://help.aliyun.com/zh/sdk/product-overview/v3-request-structure-and-signature
 */
import { hmacSha256, sha256Hex, toHex } from '../crypto';
import { canonicalQuery, percentEncode, type SignedRequest } from '../signing';
import type { SmsProvider } from './types';

const ALGORITHM = 'ACS3-HMAC-SHA256';

/** Inputs of one ACS3 signature; `headers` carries x-acs-action, x-acs-version and optional content-type. */
export interface Acs3Input {
  method: string;
  host: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string;
  accessKeyId: string;
  accessKeySecret: string;
  /** UTC, `yyyy-MM-ddTHH:mm:ssZ`. */
  date: string;
  nonce: string;
}

/** Signs a request with ACS3-HMAC-SHA256; host, content-type and every x-acs-* header are signed. */
export async function signAcs3(input: Acs3Input): Promise<SignedRequest> {
  const hashedPayload = await sha256Hex(input.body);
  const all: Record<string, string> = {};
  for (const [k, v] of Object.entries(input.headers)) all[k.toLowerCase()] = v.trim();
  all['host'] = input.host;
  all['x-acs-content-sha256'] = hashedPayload;
  all['x-acs-date'] = input.date;
  all['x-acs-signature-nonce'] = input.nonce;

  const names = Object.keys(all)
    .filter((k) => k === 'host' || k === 'content-type' || k.startsWith('x-acs-'))
    .sort();
  const canonicalHeaders = names.map((k) => `${k}:${all[k]}\n`).join('');
  const signedHeaders = names.join(';');
  const canonicalUri = input.path.split('/').map(percentEncode).join('/') || '/';
  const canonicalRequest = [
    input.method.toUpperCase(),
    canonicalUri,
    canonicalQuery(input.query),
    canonicalHeaders,
    signedHeaders,
    hashedPayload,
  ].join('\n');
  const stringToSign = `${ALGORITHM}\n${await sha256Hex(canonicalRequest)}`;
  const signature = toHex(await hmacSha256(input.accessKeySecret, stringToSign));
  const authorization = `${ALGORITHM} Credential=${input.accessKeyId},SignedHeaders=${signedHeaders},Signature=${signature}`;

  const { host: _host, ...headers } = all;
  return { authorization, headers: { ...headers, authorization }, canonicalRequest, stringToSign };
}

/** One Aliyun RPC-style call (POST /), params in the query string and/or a form body. */
export interface AliyunRpcCall {
  host: string;
  action: string;
  version: string;
  accessKeyId: string;
  accessKeySecret: string;
  query?: Record<string, string>;
  form?: Record<string, string>;
}

/** Signs and sends an Aliyun RPC call; returns the HTTP status and the parsed JSON body (undefined if not JSON). */
export async function callAliyunRpc(
  call: AliyunRpcCall,
  fetchFn: typeof fetch = fetch,
): Promise<{ status: number; data: unknown }> {
  const query = call.query ?? {};
  const body = call.form ? canonicalQuery(call.form) : '';
  const headers: Record<string, string> = { 'x-acs-action': call.action, 'x-acs-version': call.version };
  if (call.form) headers['content-type'] = 'application/x-www-form-urlencoded';
  const signed = await signAcs3({
    method: 'POST',
    host: call.host,
    path: '/',
    query,
    headers,
    body,
    accessKeyId: call.accessKeyId,
    accessKeySecret: call.accessKeySecret,
    date: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    nonce: crypto.randomUUID(),
  });
  const qs = canonicalQuery(query);
  const res = await fetchFn(`https://${call.host}/${qs ? `?${qs}` : ''}`, {
    method: 'POST',
    headers: signed.headers,
    body: call.form ? body : undefined,
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    data = undefined;
  }
  return { status: res.status, data };
}

/** Aliyun SMS settings; `endpoint` defaults to dysmsapi.aliyuncs.com. */
export interface AliyunSmsConfig {
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  templateCode: string;
  endpoint?: string;
}

/** SMS provider for Aliyun Dysmsapi SendSms (2017-05-25); the template receives `{"code": "<code>"}`. */
export function aliyunSms(cfg: AliyunSmsConfig, fetchFn: typeof fetch = fetch): SmsProvider {
  return {
    name: 'aliyun',
    async send(phone, code) {
      if (!/^1\d{10}$/.test(phone)) throw new Error('aliyun SendSms: phone must be 11 digits without prefix');
      const { status, data } = await callAliyunRpc(
        {
          host: cfg.endpoint ?? 'dysmsapi.aliyuncs.com',
          action: 'SendSms',
          version: '2017-05-25',
          accessKeyId: cfg.accessKeyId,
          accessKeySecret: cfg.accessKeySecret,
          query: {
            PhoneNumbers: phone,
            SignName: cfg.signName,
            TemplateCode: cfg.templateCode,
            TemplateParam: JSON.stringify({ code }),
          },
        },
        fetchFn,
      );
      const reply = data as { Code?: string; Message?: string } | undefined;
      if (reply?.Code !== 'OK') {
        throw new Error(`aliyun SendSms failed: ${reply?.Code ?? `HTTP ${status}`} ${reply?.Message ?? ''}`.trim());
      }
    },
  };
}
