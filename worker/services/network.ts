/** The client's address and network, for per-network limits and anti-brushing review. */
import type { Context } from 'hono';

/** The connecting address as Cloudflare reports it. */
export function clientIp(c: Context): string {
  // Only Cloudflare's header: anything a client sends itself could be forged to dodge limits.
  return c.req.header('CF-Connecting-IP') ?? '0.0.0.0';
}

/** Dotted IPv4 as four octets, or undefined. */
function ipv4Octets(ip: string): number[] | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.map(Number);
}

/** IPv6 as eight 16-bit groups with `::` expanded and an IPv4 tail folded in, or undefined. */
function ipv6Groups(ip: string): number[] | undefined {
  const halves = ip.split('::');
  if (halves.length > 2) return undefined;
  const split = (s: string) => (s === '' ? [] : s.split(':'));
  const head = split(halves[0]);
  const tail = halves.length === 2 ? split(halves[1]) : [];
  const last = halves.length === 2 ? tail : head;
  const v4 = last.length && last[last.length - 1].includes('.') ? ipv4Octets(last.pop()!) : undefined;
  if (v4) last.push(((v4[0] << 8) | v4[1]).toString(16), ((v4[2] << 8) | v4[3]).toString(16));
  if (![...head, ...tail].every((g) => /^[0-9a-f]{1,4}$/.test(g))) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  return [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail].map((g) => parseInt(g, 16));
}

/**
 * The network an address belongs to: IPv4 /24, IPv6 /48, so every spelling of one network
 * (`2001:db8::1`, `2001:0db8:0:1::1`) is one key. Many honest voters share one carrier NAT address in
 * China, so limits per network are generous and only stop industrial abuse. An IPv4-mapped IPv6
 * address counts as its IPv4 network; anything unparseable is its own (bounded) key.
 */
export function networkOf(ip: string): string {
  const addr = ip.trim().toLowerCase().split('%')[0];
  const v4 = ipv4Octets(addr);
  if (v4) return `${v4[0]}.${v4[1]}.${v4[2]}.0/24`;
  const v6 = addr.includes(':') ? ipv6Groups(addr) : undefined;
  if (v6) {
    if (v6.slice(0, 5).every((g) => g === 0) && v6[5] === 0xffff) {
      return `${v6[6] >> 8}.${v6[6] & 0xff}.${v6[7] >> 8}.0/24`;
    }
    return `${v6
      .slice(0, 3)
      .map((g) => g.toString(16))
      .join(':')}::/48`;
  }
  return `invalid:${ip.slice(0, 64)}`;
}
