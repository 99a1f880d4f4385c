/**
 * Small WebCrypto helpers shared by the vendor request signers (Aliyun ACS3, Tencent TC3).
 * No Node APIs: everything runs on `crypto.subtle` inside workerd.
 */

const encoder = new TextEncoder();

/** Lower-case hex of a byte buffer. */
export function toHex(buf: ArrayBuffer | Uint8Array): string {
  const bytes = buf instanceof Uint8Array ? buf : new Uint8Array(buf);
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/** SHA-256 of a UTF-8 string, as lower-case hex. */
export async function sha256Hex(data: string): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', encoder.encode(data)));
}

/** HMAC-SHA256 of a UTF-8 string; a string key is taken as its UTF-8 bytes. */
export async function hmacSha256(key: ArrayBuffer | Uint8Array | string, data: string): Promise<ArrayBuffer> {
  const raw = typeof key === 'string' ? encoder.encode(key) : new Uint8Array(key);
  const cryptoKey = await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return crypto.subtle.sign('HMAC', cryptoKey, encoder.encode(data));
}

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
