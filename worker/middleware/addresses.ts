/**
 * Addresses as people type them (docs/api.md, public page addresses): links travel through chats, posters
 * and printed notices, where the trailing slash is often lost.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context';
import { ApiError } from '../errors';

/**
 * A page address without its trailing slash answers 308 to the slash form; an API path with one
 * answers 308 to the path without it (method and body kept); `/api` itself is the JSON 404. The
 * query string is kept. Paths whose last segment has a dot are files and are left alone, and so is
 * `/embed/*`: widget addresses go into iframes and oEmbed answers without a slash, and a redirect
 * would cost every embed a round trip.
 *
 * Requests reach this only when the Worker runs: `/rules` is listed in `run_worker_first`
 * (wrangler.toml) because Workers Static Assets would otherwise answer it with a 307.
 *
 * @example app.use(canonicalAddresses())
 */
export function canonicalAddresses(): MiddlewareHandler<AppEnv> {
  return async function canonicalAddresses(c, next) {
    const url = new URL(c.req.url);
    const path = url.pathname;
    // `//host` would be a protocol-relative Location: never redirect such a path.
    if (path.startsWith('//')) return next();
    if (path === '/api') throw new ApiError('not_found');
    if (path.startsWith('/api/')) {
      if (path === '/api/' || !path.endsWith('/')) return next();
      return c.redirect(`${path.replace(/\/+$/, '')}${url.search}`, 308);
    }
    if (path.startsWith('/embed/')) return next();
    const method = c.req.method;
    const last = path.slice(path.lastIndexOf('/') + 1);
    if ((method === 'GET' || method === 'HEAD') && last !== '' && !last.includes('.')) {
      return c.redirect(`${path}/${url.search}`, 308);
    }
    return next();
  };
}
