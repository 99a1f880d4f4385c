import { describe, expect, it } from 'vitest';
import { networkOf } from '../../../worker/services/network';

describe('networkOf', () => {
  it('keys an IPv4 address by its /24', () => {
    expect(networkOf('203.0.113.7')).toBe('203.0.113.0/24');
    expect(networkOf('203.0.113.250')).toBe('203.0.113.0/24');
  });

  it('keys every spelling of one IPv6 /48 the same', () => {
    const key = networkOf('2001:db8::1');
    expect(key).toBe('2001:db8:0::/48');
    for (const ip of [
      '2001:db8:0:1::1',
      '2001:0db8:0000:ffff:1:2:3:4',
      '2001:DB8::',
      '2001:db8:0::abcd',
      '2001:db8:0:0:0:0:0:1',
      'fe80::1%eth0'.replace('fe80', '2001:db8'), // zone id dropped
    ]) {
      expect(networkOf(ip), ip).toBe(key);
    }
  });

  it('tells different /48s apart, including when :: hides the third group', () => {
    expect(networkOf('2001:db8:1::1')).toBe('2001:db8:1::/48');
    expect(networkOf('2001::1')).toBe('2001:0:0::/48');
    expect(networkOf('::1')).toBe('0:0:0::/48');
    expect(networkOf('::')).toBe('0:0:0::/48');
    expect(networkOf('2001:db8:abcd:12::')).toBe('2001:db8:abcd::/48');
  });

  it('keys an IPv4-mapped IPv6 address by its IPv4 /24', () => {
    expect(networkOf('::ffff:203.0.113.7')).toBe('203.0.113.0/24');
    expect(networkOf('::FFFF:203.0.113.9')).toBe('203.0.113.0/24');
    expect(networkOf('::ffff:cb00:7107')).toBe('203.0.113.0/24');
  });

  it('reads an IPv6 address with an embedded IPv4 tail', () => {
    expect(networkOf('64:ff9b::203.0.113.7')).toBe('64:ff9b:0::/48');
  });

  it('keeps odd inputs as one bounded key of their own instead of merging them with a real network', () => {
    for (const odd of [
      '',
      'abc',
      '1.2.3',
      '1.2.3.4.5',
      '256.1.1.1',
      '2001:db8::1::2',
      '2001:db8:12345::1',
      ':::',
      'x'.repeat(500),
    ]) {
      const key = networkOf(odd);
      expect(key.startsWith('invalid:'), odd).toBe(true);
      expect(key.length, odd).toBeLessThanOrEqual(80);
    }
    expect(networkOf('1.2.3')).not.toBe(networkOf('1.2.4'));
  });
});
