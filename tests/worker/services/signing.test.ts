import { describe, it, expect } from 'vitest';
import { canonicalQuery, percentEncode } from '../../../worker/services/signing';

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

describe('canonicalQuery', () => {
  it('sorts keys by code unit and encodes keys and values per RFC 3986', () => {
    expect(canonicalQuery({ b: '2 3', A: '*', a: '~x' })).toBe('A=%2A&a=~x&b=2%203');
    expect(canonicalQuery({})).toBe('');
  });
});
