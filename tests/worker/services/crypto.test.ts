import { describe, expect, it } from 'vitest';
import {
  constantTimeEqual,
  hmacHex,
  hmacKey,
  hmacSha256,
  randomCode,
  randomReceipt,
  sha256Hex,
  toHex,
} from '../../../worker/services/crypto';

describe('hashes and their hex form', () => {
  // FIPS 180-2 example "abc" and RFC 4231 test case 2.
  it('sha256Hex matches the published SHA-256 of "abc"', async () => {
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('hmacHex matches RFC 4231 test case 2', async () => {
    expect(await hmacHex('Jefe', 'what do ya want for nothing?')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('hmacSha256 gives the same MAC for a string key and for its bytes', async () => {
    const fromString = await hmacSha256('Jefe', 'what do ya want for nothing?');
    const fromBytes = await hmacSha256(new TextEncoder().encode('Jefe'), 'what do ya want for nothing?');
    expect(toHex(fromBytes)).toBe(toHex(fromString));
    expect(toHex(fromString)).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });

  it('imports the key of a secret once per isolate', () => {
    expect(hmacKey('a-secret-for-the-cache')).toBe(hmacKey('a-secret-for-the-cache'));
    expect(hmacKey('a-secret-for-the-cache')).not.toBe(hmacKey('another-secret'));
  });

  it('toHex writes two lower-case digits per byte, from bytes or a buffer', () => {
    expect(toHex(new Uint8Array([0, 9, 171, 255]))).toBe('0009abff');
    expect(toHex(new Uint8Array([1, 254]).buffer)).toBe('01fe');
  });
});

describe('constantTimeEqual', () => {
  it('is true only for equal strings', () => {
    expect(constantTimeEqual('abc123', 'abc123')).toBe(true);
    expect(constantTimeEqual('abc123', 'abc124')).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
  });
});

describe('random codes', () => {
  it('randomCode is six digits', () => {
    for (let i = 0; i < 50; i++) expect(randomCode()).toMatch(/^\d{6}$/);
  });

  it('randomReceipt is XXXX-XXXX-XXXX without look-alike characters', () => {
    for (let i = 0; i < 50; i++)
      expect(randomReceipt()).toMatch(/^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
  });
});
