/** Small WebCrypto helpers: keyed hashes, CSPRNG codes, constant-time comparison. */

const enc = new TextEncoder();
const keyCache = new Map<string, Promise<CryptoKey>>();

/** An HMAC-SHA256 key for a secret, imported once per isolate (hot paths use it on every request). */
export function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]);
    keyCache.set(secret, key);
  }
  return key;
}

/** HMAC-SHA256 of `data` under `secret`, as lowercase hex. */
export async function hmacHex(secret: string, data: string): Promise<string> {
  const sig = await crypto.subtle.sign('HMAC', await hmacKey(secret), enc.encode(data));
  return [...new Uint8Array(sig)].map((b) => b.toString(16).padStart(2, '0')).join('');
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
