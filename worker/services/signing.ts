/**
 * Canonical-request pieces shared by the vendor request signers (Aliyun ACS3 in sms/aliyun.ts,
 * Tencent TC3 in sms/tencent.ts). The hashes they sign with are in crypto.ts.
 */

/**
 * Percent-encodes per RFC 3986: only `A-Z a-z 0-9 - _ . ~` stay as is, so space is `%20`,
 * `*` is `%2A` and `~` is never `%7E` (what both Aliyun and Tencent require).
 */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `k=v&k=v` sorted by key (code-unit order), keys and values RFC 3986 encoded. */
export function canonicalQuery(params: Record<string, string>): string {
  return Object.keys(params)
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k] ?? '')}`)
    .join('&');
}

/** A signed request: `headers` are ready for fetch (Authorization included, Host left to fetch). */
export interface SignedRequest {
  authorization: string;
  headers: Record<string, string>;
  canonicalRequest: string;
  stringToSign: string;
}
