/**
 * Public reads from the Workers Cache API (`caches.default`) with stale-while-revalidate.
 *
 * Custom rather than `hono/cache`, because the Cache API keeps an entry until its `s-maxage` runs out
 * and then `match` misses: it has no stale window, so the entry is stored for ttl + swr and its
 * generation time is kept beside it to tell fresh from stale here. `hono/cache` is a plain
 * match-or-put around `next()`: no stale answer with a background refresh, no guard against an older
 * copy replacing a newer one, and no purge (here `delete` of the normalised keys, per data centre).
 *
 * It wraps the Worker's fetch handler (not a Hono middleware) because a stale hit must be answered
 * at once while the same request runs the app again in `waitUntil`, and a Hono middleware can call
 * `next()` only once.
 *
 * - What is cached is decided by the response: a 200 to a GET without `Authorization` or the staff
 *   session cookie (staff always read D1, so their own changes show at once), whose
 *   `Cache-Control` is `public` with `s-maxage=N` (results and the widget send 10, pages 15), and
 *   that sets no cookie and does not vary on cookies. It is fresh for N seconds and then served
 *   stale for `stale-while-revalidate=M` seconds (its own directive, else `swr`) while the app
 *   refreshes it in the background (at most once per key and N seconds in an isolate).
 * - The key is the URL with only the query parameters its route reads (`QUERY_KEYS`), sorted;
 *   never cookies. The app sees the request as it is keyed: without the other parameters, Cookie
 *   and Authorization, so a cached copy cannot depend on who asked first or on a made-up query.
 * - Purging after a publish action, and the keys (`QUERY_KEYS`), live in
 *   worker/services/edge-cache-purge.ts. The Cache API needs a custom domain in production (not
 *   workers.dev), and `delete` purges only the data centre that runs it.
 * - Counts never go backwards for one viewer: a refresh never replaces a newer copy with an older
 *   one (the generation time is kept with the entry), and the widget's script ignores any answer
 *   whose `asOf` is not later than the one it shows, which covers other data centres and purges.
 */
import { PAGE_STALE_SECONDS } from '../../contracts/site';
import { STAFF_COOKIE } from '../../contracts/admin-accounts';
import { cacheKey, defaultCache } from '../services/edge-cache-purge';

const GENERATED_AT = 'X-Edge-Generated-At';
const ORIGINAL_CC = 'X-Edge-Cache-Control';
/**
 * Paths whose answers depend on who asks (voter and staff sessions): never looked up or stored, and
 * the app sees the request with its cookies.
 */
const PRIVATE_PATHS = [
  /^\/api\/voter-session$/,
  /^\/api\/polls\/[^/]+\/my-ballot$/,
  /^\/api\/admin(\/|$)/,
  /^\/admin(\/|$)/,
];
/** Response header telling tests and benchmarks what happened: HIT, STALE, MISS or BYPASS. */
export const CACHE_STATUS = 'X-Edge-Cache';

export type FetchHandler<E> = (request: Request, env: E, ctx: ExecutionContext) => Response | Promise<Response>;

export interface EdgeCacheOptions<E = unknown> {
  /** Seconds a copy may be served stale while it is refreshed, unless the response says otherwise. */
  swr?: number;
  /** The cache to use; `caches.default` unless given. */
  cache?: () => Cache | Promise<Cache>;
  /** Epoch milliseconds; tests move it. */
  now?: () => number;
  /**
   * Query parameters every route's key keeps in this environment, beside the ones the route
   * reads: `bench` when BENCH_ROUTES=on (never in production), so `npm run bench:reads` can time a
   * cache miss with a unique address.
   */
  extraQueryKeys?: (env: E) => readonly string[] | undefined;
}

/**
 * `s-maxage` and `stale-while-revalidate` of a cacheable response (or of a stored copy, by the
 * Cache-Control it was sent with), or undefined when it must not be stored.
 */
function freshness(res: Response, swrDefault: number): { ttl: number; swr: number } | undefined {
  if (res.status !== 200 || res.headers.has('Set-Cookie')) return undefined;
  const vary = (res.headers.get('Vary') ?? '').toLowerCase();
  if (vary.includes('*') || vary.includes('cookie')) return undefined;
  const cc = (res.headers.get(ORIGINAL_CC) ?? res.headers.get('Cache-Control') ?? '').toLowerCase();
  if (!/\bpublic\b/.test(cc) || /\b(no-store|private|no-cache)\b/.test(cc)) return undefined;
  const ttl = Number(/\bs-maxage=(\d+)/.exec(cc)?.[1]);
  if (!(ttl > 0)) return undefined;
  const swr = Number(/\bstale-while-revalidate=(\d+)/.exec(cc)?.[1] ?? swrDefault);
  return { ttl, swr };
}

/** A copy with its headers writable, `status` recorded, and the storage headers turned back. */
function served(res: Response, status: string, ageSeconds?: number): Response {
  const out = new Response(res.body, res);
  const original = out.headers.get(ORIGINAL_CC);
  if (original !== null) out.headers.set('Cache-Control', original);
  out.headers.delete(ORIGINAL_CC);
  out.headers.delete(GENERATED_AT);
  if (ageSeconds !== undefined) out.headers.set('Age', String(Math.floor(ageSeconds)));
  out.headers.set(CACHE_STATUS, status);
  return out;
}

/** The request the app sees for a cacheable read: the normalised URL (`key`'s), no credentials. */
function originRequest(request: Request, key: Request): Request {
  const headers = new Headers(request.headers);
  headers.delete('Cookie');
  headers.delete('Authorization');
  return new Request(key.url, { method: 'GET', headers });
}

/** When this isolate last started refreshing each key: at most one refresh per key and ttl. */
const refreshedAt = new Map<string, number>();
const MAX_TRACKED = 1000;

/**
 * Wraps a Worker fetch handler so public GETs are answered from the edge cache.
 *
 * @example export default { fetch: withEdgeCache(app.fetch), scheduled }
 */
export function withEdgeCache<E>(handler: FetchHandler<E>, opts: EdgeCacheOptions<E> = {}): FetchHandler<E> {
  const swrDefault = opts.swr ?? PAGE_STALE_SECONDS;
  const open = opts.cache ?? defaultCache;
  const now = opts.now ?? Date.now;

  /** Runs the app for `request` and stores a cacheable answer under `key`, unless a newer copy got there first. */
  async function generate(request: Request, key: Request, env: E, ctx: ExecutionContext, cache: Cache) {
    const at = now();
    const res = await handler(originRequest(request, key), env, ctx);
    const f = freshness(res, swrDefault);
    if (f) {
      const copy = new Response(res.clone().body, res);
      copy.headers.set(ORIGINAL_CC, res.headers.get('Cache-Control')!);
      copy.headers.set('Cache-Control', `public, s-maxage=${f.ttl + f.swr}`);
      copy.headers.set(GENERATED_AT, String(at));
      ctx.waitUntil(
        (async () => {
          const existing = await cache.match(key);
          if (Number(existing?.headers.get(GENERATED_AT)) > at) return;
          await cache.put(key, copy);
        })(),
      );
    }
    return res;
  }

  return async function edgeCached(request, env, ctx) {
    const url = new URL(request.url);
    const path = url.pathname;
    // Staff (signed in to the admin) always read D1, so a change they just made shows at once.
    const staff = request.headers.get('Cookie')?.includes(`${STAFF_COOKIE}=`) ?? false;
    if (
      request.method !== 'GET' ||
      request.headers.has('Authorization') ||
      staff ||
      PRIVATE_PATHS.some((p) => p.test(path))
    ) {
      return served(await handler(request, env, ctx), 'BYPASS');
    }
    const cache = await open();
    const key = cacheKey(url, opts.extraQueryKeys?.(env));
    const hit = await cache.match(key);
    if (hit) {
      const age = (now() - Number(hit.headers.get(GENERATED_AT))) / 1000;
      const f = freshness(hit, swrDefault);
      if (f && age < f.ttl) return served(hit, 'HIT', age);
      if (f && age < f.ttl + f.swr) {
        const t = now();
        if (t - (refreshedAt.get(key.url) ?? -Infinity) >= f.ttl * 1000) {
          if (refreshedAt.size >= MAX_TRACKED) refreshedAt.clear();
          refreshedAt.set(key.url, t);
          ctx.waitUntil(generate(request, key, env, ctx, cache));
        }
        return served(hit, 'STALE', age);
      }
    }
    return served(await generate(request, key, env, ctx, cache), 'MISS');
  };
}
