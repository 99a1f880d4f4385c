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
 * - `purge(urls)` deletes entries after a publish action. The Cache API needs a custom domain in
 *   production (not workers.dev), and `delete` purges only the data centre that runs it.
 * - Counts never go backwards for one viewer: a refresh never replaces a newer copy with an older
 *   one (the generation time is kept with the entry), and the widget's script ignores any answer
 *   whose `asOf` is not later than the one it shows, which covers other data centres and purges.
 */
import { DevSmsQuery, PeriodQuery } from '../../contracts/api';
import { OembedQuery } from '../../contracts/oembed';
import { STAFF_COOKIE } from '../../contracts/staff';
import { JssdkSignatureQuery } from '../../contracts/wechat';

/**
 * The query parameters each route reads, by path without its trailing slash (so `/receipts?code=`
 * keeps its code through the redirect to `/receipts/`). Every other parameter (tracking ones such as
 * utm_* or WeChat's `from`, and made-up ones) is left out of the cache key and of the request the
 * app sees, so a random query string can neither make a new entry nor reach D1. API routes take the
 * names from their declared query schema; a test checks that every public API read is listed.
 */
const QUERY_KEYS = new Map<string, readonly string[]>([
  ['/api/oembed', Object.keys(OembedQuery.shape)],
  ['/api/calendar/period', Object.keys(PeriodQuery.shape)],
  ['/api/wechat/jssdk-signature', Object.keys(JssdkSignatureQuery.shape)],
  ['/api/dev/sms', Object.keys(DevSmsQuery.shape)],
  ['/receipts', ['code']],
  ['/objections', ['no']],
]);

/** The query parameters the route at `path` reads (none when it is not listed). */
export function queryKeys(path: string): readonly string[] | undefined {
  return QUERY_KEYS.get(path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path);
}

const GENERATED_AT = 'X-Edge-Generated-At';
const ORIGINAL_CC = 'X-Edge-Cache-Control';
/**
 * Paths whose answers depend on who asks (voter and staff sessions): never looked up or stored, and
 * the app sees the request with its cookies.
 */
const PRIVATE_PATHS = [/^\/api\/voter-session$/, /^\/api\/admin(\/|$)/, /^\/admin(\/|$)/];
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
 * The normalised URL of a request: only the query parameters its route reads (and `extra`, kept
 * on every route), sorted.
 */
export function cacheUrl(url: string | URL, extra?: readonly string[]): string {
  const u = new URL(url);
  u.hash = '';
  // Most reads carry no query at all, and most routes read none: nothing to sort (this runs on
  // every cache hit). A bare '?' is dropped too, so purging `/p` also purges what `/p?` stored.
  const declared = u.search ? queryKeys(u.pathname) : undefined;
  const keys = extra && u.search ? [...(declared ?? []), ...extra] : declared;
  if (!keys) {
    u.search = '';
    return u.href;
  }
  const kept = [...u.searchParams].filter(([k]) => keys.includes(k));
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  u.search = new URLSearchParams(kept).toString();
  return u.href;
}

/** The cache key of a URL: a plain GET of its normalised form, with no headers at all. */
export function cacheKey(url: string | URL, extra?: readonly string[]): Request {
  return new Request(cacheUrl(url, extra), { method: 'GET' });
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

/** `caches.default` (the DOM lib's CacheStorage type, also in scope, lacks it). */
export function defaultCache(): Cache {
  return (caches as unknown as { default: Cache }).default;
}

/**
 * Wraps a Worker fetch handler so public GETs are answered from the edge cache.
 *
 * @example export default { fetch: withEdgeCache(app.fetch), scheduled }
 */
export function withEdgeCache<E>(handler: FetchHandler<E>, opts: EdgeCacheOptions<E> = {}): FetchHandler<E> {
  const swrDefault = opts.swr ?? 30;
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

/**
 * Deletes the cached copies of `urls` (absolute) after a publish action, so the next read is
 * fresh. Only the data centre that runs it; see the note at the top.
 * @returns how many entries were there.
 */
export async function purge(urls: string[], cache: Cache = defaultCache()): Promise<number> {
  const deleted = await Promise.all(urls.map((u) => cache.delete(cacheKey(u))));
  return deleted.filter(Boolean).length;
}

/**
 * The oEmbed answers for a page as consumers ask for them: the discovery link's form
 * (`format=json`) and the bare one, for the address with and without its slash, over https and
 * http. Answers sized with maxwidth/maxheight are not listed: they show only the title and the
 * widget's address, which no publish action changes, and expire after their `s-maxage`.
 */
function oembedUrls(origin: string, page: string): string[] {
  const urls = new Set<string>();
  for (const o of new Set([origin, origin.replace(/^https:/, 'http:')]))
    for (const url of [o + page, o + page.replace(/\/$/, '')])
      for (const format of ['', '&format=json'])
        urls.add(`${origin}/api/oembed?url=${encodeURIComponent(url)}${format}`);
  return [...urls];
}

/** The page of a poll or notice with its QR code, poster and oEmbed answers. */
function pageUrls(origin: string, page: string): string[] {
  return [page, `${page}qr.png`, `${page}poster.svg`, `${page}poster/`]
    .map((p) => origin + p)
    .concat(oembedUrls(origin, page));
}

/**
 * The public addresses that show a poll: its page (with poster and oEmbed), widget, API reads,
 * ballot record (checkpoints, export), the poll list, its track and the home page. Purge them when
 * its results are published, its window changes or its counts change on review.
 */
export function pollUrls(origin: string, slug: string, track: string): string[] {
  return [
    ...pageUrls(origin, `/polls/${slug}/`),
    ...[
      `/embed/polls/${slug}`,
      `/api/polls/${slug}`,
      `/api/polls/${slug}/results`,
      `/api/polls/${slug}/checkpoints`,
      `/api/polls/${slug}/ballots.csv`,
      '/api/polls',
      `/tracks/${track}/`,
      `/api/tracks/${track}`,
      '/',
    ].map((p) => origin + p),
  ];
}

/** Pages and read endpoints of one track's own records, beside its track page. */
const TRACK_RECORDS: Record<string, string[]> = {
  brands: ['/api/brands'],
  competitions: ['/competitions/', '/api/competitions'],
  recruitment: ['/recruitment/', '/api/recruitment'],
  institutions: ['/institutions/', '/api/institutions'],
};

/**
 * The public addresses that show a track: its page and API, the track overview, the home page and
 * the track's own record pages. Purge them when a stage opens or closes or a record changes.
 */
export function trackUrls(origin: string, track: string): string[] {
  return [`/tracks/${track}/`, `/api/tracks/${track}`, '/api/tracks', '/', ...(TRACK_RECORDS[track] ?? [])].map(
    (p) => origin + p,
  );
}

/** The public addresses that show a final list: purge them when it is published. */
export function listUrls(origin: string, slug: string, track: string): string[] {
  return [
    origin + `/lists/${slug}/`,
    origin + `/api/lists/${slug}`,
    origin + '/api/lists',
    ...trackUrls(origin, track),
  ];
}

/** The public addresses that show a notice (page with poster and oEmbed): purge them when it is published or changed. */
export function noticeUrls(origin: string, slug: string, track: string): string[] {
  return [
    ...pageUrls(origin, `/notices/${slug}/`),
    ...[`/api/notices/${slug}`, '/api/notices', `/tracks/${track}/`, `/api/tracks/${track}`, '/'].map(
      (p) => origin + p,
    ),
  ];
}

/**
 * Purges every cached address that shows a poll. Admin routes call it, awaited, through `purgeCommitted`
 * (worker/routes/admin/workflow.ts) after a publish action on a poll (results published, poll
 * closed early, window extended), so the next read of this data centre comes from D1.
 *
 * @param origin the site origin, e.g. `new URL(c.req.url).origin`
 * @example await purgePoll(new URL(c.req.url).origin, poll.slug, poll.trackKey)
 * @returns how many entries were there.
 */
export function purgePoll(origin: string, slug: string, track: string, cache?: Cache): Promise<number> {
  return purge(pollUrls(origin, slug, track), cache);
}

/**
 * Purges every cached address that shows a notice. Admin routes call it, awaited, through
 * `purgeCommitted` after a notice is published, changed or withdrawn.
 *
 * @example await purgeNotice(new URL(c.req.url).origin, notice.slug, notice.trackKey)
 * @returns how many entries were there.
 */
export function purgeNotice(origin: string, slug: string, track: string, cache?: Cache): Promise<number> {
  return purge(noticeUrls(origin, slug, track), cache);
}

/**
 * Purges every cached address that shows a track (stage opened or closed, a directory entry,
 * competition or recruitment record changed).
 *
 * @example await purgeTrack(new URL(c.req.url).origin, 'institutions')
 * @returns how many entries were there.
 */
export function purgeTrack(origin: string, track: string, cache?: Cache): Promise<number> {
  return purge(trackUrls(origin, track), cache);
}

/**
 * Purges every cached address that shows a final list, after it is published.
 *
 * @example await purgeList(new URL(c.req.url).origin, 'trades-2026', 'trades')
 * @returns how many entries were there.
 */
export function purgeList(origin: string, slug: string, track: string, cache?: Cache): Promise<number> {
  return purge(listUrls(origin, slug, track), cache);
}
