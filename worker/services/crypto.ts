/**
 * Small WebCrypto helpers: hashes and keyed hashes with their hex form (used by the phone and code
 * hashes, voter sessions and the vendor request signers), CSPRNG codes, constant-time comparison.
 */

const enc = new TextEncoder();
const keyCache = new Map<string, Promise<CryptoKey>>();

function importHmacKey(raw: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
}

/** An HMAC-SHA256 key for a secret, imported once per isolate (hot paths use it on every request). */
export function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (!key) {
    key = importHmacKey(enc.encode(secret));
    keyCache.set(secret, key);
  }
  return key;
}

/** Lower-case hex of a byte buffer. */
export function toHex(buf: ArrayBuffer | Uint8Array): string {
  const bytes = buf instanceof Uint8Array ? buf : new Uint8Array(buf);
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/** SHA-256 of a UTF-8 string, as lower-case hex. */
export async function sha256Hex(data: string): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', enc.encode(data)));
}

/**
 * HMAC-SHA256 of a UTF-8 string. A string key is its UTF-8 bytes (imported once per isolate); a
 * byte key is a derived one (the vendor signers chain them) and is imported each time.
 */
export async function hmacSha256(key: string | ArrayBuffer | Uint8Array, data: string): Promise<ArrayBuffer> {
  const cryptoKey = typeof key === 'string' ? await hmacKey(key) : await importHmacKey(new Uint8Array(key));
  return crypto.subtle.sign('HMAC', cryptoKey, enc.encode(data));
}

/** HMAC-SHA256 of `data` under `secret`, as lower-case hex. */
export async function hmacHex(secret: string, data: string): Promise<string> {
  return toHex(await hmacSha256(secret, data));
}

/** Equal-length strings compared without an early exit (timing-safe). */
export function constantTimeEqual(a: string, b: string): boolean {
  const x = enc.encode(a);
  const y = enc.encode(b);
  if (x.byteLength !== y.byteLength) return false;
  // A Workers extension of WebCrypto; the DOM typings do not know it.
  return (crypto.subtle as unknown as { timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean }).timingSafeEqual(x, y);
}

/** `length` characters drawn uniformly from `alphabet` by a CSPRNG (rejection sampling, no modulo bias). */
export function randomString(alphabet: string, length: number): string {
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < length) {
    for (const b of crypto.getRandomValues(new Uint8Array(length * 2))) {
      if (b < limit && out.length < length) out += alphabet[b % alphabet.length];
    }
  }
  return out;
}

/** A 6-digit SMS code. */
export const randomCode = () => randomString('0123456789', 6);

/** Receipt codes avoid look-alike characters (0/O, 1/I/L) so they can be read aloud or typed. */
const RECEIPT_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export function randomReceipt(): string {
  const s = randomString(RECEIPT_ALPHABET, 12);
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}
