/** The client's address and network, for per-network limits and anti-brushing review. */
import type { Context } from 'hono';

/** The connecting address as Cloudflare reports it. */
export function clientIp(c: Context): string {
  // Only Cloudflare's header: anything a client sends itself could be forged to dodge limits.
  return c.req.header('CF-Connecting-IP') ?? '0.0.0.0';
}

/**
 * The network an address belongs to: IPv4 /24, IPv6 /48. Many honest voters share one carrier NAT
 * address in China, so limits per network are generous and only stop industrial abuse.
 */
export function networkOf(ip: string): string {
  if (ip.includes(':')) {
    const parts = ip.split('::')[0].split(':');
    return `${parts.slice(0, 3).join(':')}::/48`;
  }
  const parts = ip.split('.');
  return parts.length === 4 ? `${parts.slice(0, 3).join('.')}.0/24` : ip;
}
