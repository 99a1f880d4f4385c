/**
 * Purging the edge cache (worker/middleware/edge-cache.ts) after a publish action, and the cache
 * keys both share. An admin change builds a `Purge` (`pollPurge`, `noticePurge`, `trackPurge`,
 * `listPurge`) and runs it through `purgeCommitted`, which logs a failure instead of answering it;
 * eslint keeps the raw `purge` out of every other file.
 */
import type { Db } from '../../db/client';
import { read } from '../../db/client';
import { findPoll, listPolls } from '../../db/queries/polls';
import type { TrackKey } from '../../contracts/enums';
import { DevSmsQuery, PeriodQuery, YearQuery } from '../../contracts/api';
import { OembedQuery } from '../../contracts/oembed';
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
  ['/api/polls', Object.keys(YearQuery.shape)],
  ['/api/notices', Object.keys(YearQuery.shape)],
  ['/api/lists', Object.keys(YearQuery.shape)],
  ['/receipts', ['code']],
  ['/objections', ['no']],
]);

/** The query parameters the route at `path` reads (none when it is not listed). */
export function queryKeys(path: string): readonly string[] | undefined {
  return QUERY_KEYS.get(path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path);
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

/** `caches.default` (the DOM lib's CacheStorage type, also in scope, lacks it). */
export function defaultCache(): Cache {
  return (caches as unknown as { default: Cache }).default;
}

/**
 * Deletes the cached copies of `urls` (absolute), so the next read is fresh. Only the data centre
 * that runs it: the Cache API's `delete` is local (and needs a custom domain in production).
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
function pollUrls(origin: string, slug: string, track: string): string[] {
  return [
    ...pageUrls(origin, `/polls/${slug}/`),
    ...[
      `/embed/polls/${slug}`,
      `/api/polls/${slug}`,
      `/api/polls/${slug}/results`,
      `/api/polls/${slug}/checkpoints`,
      `/api/polls/${slug}/ballots.csv`,
      '/api/polls',
      '/polls/',
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
function trackUrls(origin: string, track: string): string[] {
  return [`/tracks/${track}/`, `/api/tracks/${track}`, '/api/tracks', '/', ...(TRACK_RECORDS[track] ?? [])].map(
    (p) => origin + p,
  );
}

/**
 * The public addresses that show a final list: purge them when it is published. The track's poll
 * pages and widgets name the final list beside their vote ranking, so they go too.
 */
function listUrls(origin: string, slug: string, track: string, pollSlugs: string[]): string[] {
  return [
    origin + `/lists/${slug}/`,
    origin + `/api/lists/${slug}`,
    origin + '/api/lists',
    origin + '/lists/',
    ...trackUrls(origin, track),
    ...pollSlugs.flatMap((p) => [...pageUrls(origin, `/polls/${p}/`), origin + `/embed/polls/${p}`]),
  ];
}

/** The public addresses that show a notice (page with poster and oEmbed): purge them when it is published or changed. */
function noticeUrls(origin: string, slug: string, track: string): string[] {
  return [
    ...pageUrls(origin, `/notices/${slug}/`),
    ...[`/api/notices/${slug}`, '/api/notices', '/notices/', `/tracks/${track}/`, `/api/tracks/${track}`, '/'].map(
      (p) => origin + p,
    ),
  ];
}

/**
 * Deletes the edge-cache entries that show what a change touched, given the site origin, so the
 * public site shows the change at once instead of after its cache lifetime.
 * @returns how many entries were there.
 */
export type Purge = (origin: string) => Promise<number>;

/**
 * Runs `purge` for a change that is already committed, with the origin of `requestUrl`: a failure
 * is logged with the request's path, not answered, because the change stands and the copies left
 * behind expire within their short lifetime anyway. Every purge goes through here.
 */
export async function purgeCommitted(requestUrl: string, run: Purge): Promise<void> {
  const url = new URL(requestUrl);
  try {
    await run(url.origin);
  } catch (e) {
    console.error('edge cache purge failed', url.pathname, e);
  }
}

/** A poll's public addresses (its track, unless given, read from D1 after the change). */
export const pollPurge =
  (db: Db, slug: string, track?: string): Purge =>
  async (origin) => {
    const trackKey = track ?? (await findPoll(db, slug))?.trackKey;
    return trackKey ? purge(pollUrls(origin, slug, trackKey)) : 0;
  };

/** The public addresses of these notices. */
export const noticePurge =
  (...notices: { slug: string; trackKey: string }[]): Purge =>
  (origin) =>
    purge([...new Set(notices.flatMap((n) => noticeUrls(origin, n.slug, n.trackKey)))]);

/** A track's public addresses (stages, its records, the home page). */
export const trackPurge =
  (track: string): Purge =>
  (origin) =>
    purge(trackUrls(origin, track));

/** A final list's public addresses, its track's, and its track's poll pages and widgets. */
export const listPurge =
  (db: Db, slug: string, track: TrackKey): Purge =>
  async (origin) => {
    const polls = await read(db, listPolls(db, { track, year: null, current: null }));
    return purge(
      listUrls(
        origin,
        slug,
        track,
        polls.map((p) => p.slug),
      ),
    );
  };
