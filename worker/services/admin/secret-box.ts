/**
 * Encryption at rest for TOTP secrets: AES-256-GCM under a key derived (HKDF-SHA256) from the
 * STAFF_TOTP_KEY secret. A copy of the database alone does not let anyone mint second-factor codes.
 * The account id is the additional authenticated data, so a ciphertext moved to another account's
 * row does not decrypt.
 */
import { fromB64url, toB64url } from './bytes';

const enc = new TextEncoder();
const VERSION = 'v1';
const keys = new Map<string, Promise<CryptoKey>>();

/** The AES-GCM key for a secret, derived and imported once per isolate. */
function aesKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = (async () => {
      const material = await crypto.subtle.importKey('raw', enc.encode(secret), 'HKDF', false, ['deriveKey']);
      return crypto.subtle.deriveKey(
        { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: enc.encode('linfen staff totp secret v1') },
        material,
        { name: 'AES-GCM', length: 256 },
        false,
        ['encrypt', 'decrypt'],
      );
    })();
    keys.set(secret, key);
  }
  return key;
}

/** Encrypts `plaintext` for one account: `v1.<iv>.<ciphertext>` (base64url, 12-byte random IV). */
export async function seal(secret: string, accountId: number, plaintext: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: enc.encode(`account:${accountId}`) },
    await aesKey(secret),
    enc.encode(plaintext),
  );
  return `${VERSION}.${toB64url(iv)}.${toB64url(new Uint8Array(ct))}`;
}

/** Decrypts what `seal` made for this account; throws when the key, account or bytes differ. */
export async function open(secret: string, accountId: number, sealed: string): Promise<string> {
  const [version, iv, ct] = sealed.split('.');
  if (version !== VERSION || !iv || !ct) throw new Error('unknown sealed format');
  const pt = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: fromB64url(iv), additionalData: enc.encode(`account:${accountId}`) },
    await aesKey(secret),
    fromB64url(ct),
  );
  return new TextDecoder().decode(pt);
}
