/**
 * oEmbed for this site's poll and notice addresses, and the snippets editors paste: the answer of
 * `GET /api/oembed`, the discovery `<link>` for poll pages, the loader snippet for the
 * "嵌入本投票" panel.
 */
import type { OembedQuery, OembedRich } from '../../contracts/oembed';
import { escapeHtml } from '../../contracts/widget';
import type { Db } from '../../db/client';
import { findPublishedNotice } from '../../db/queries/notices';
import { findPoll } from '../../db/queries/polls';
import { ApiError } from '../errors';

export type EmbedKind = 'poll' | 'notice';

/** Finds the title of a poll or notice by slug; undefined when there is none. */
export type OembedLookup = (kind: EmbedKind, slug: string) => Promise<{ title: string } | undefined>;

export const PROVIDER_NAME = '临汾技工 · 六个十';
/** oEmbed cache_age (s): the snippet of an address does not change; a new title shows within the hour. */
export const OEMBED_CACHE_AGE = 3600;
const POLL_SIZE = { width: 600, height: 360 };
const NOTICE_SIZE = { width: 600, height: 120 };
const PAGE_PATH = /^\/(polls|notices)\/([a-z0-9][a-z0-9-]{0,63})\/?$/;

/** The poll or notice a URL of this site (same host, http or https) addresses, if any. */
export function siteTarget(url: string, siteOrigin: string): { kind: EmbedKind; slug: string } | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.host !== new URL(siteOrigin).host || (u.protocol !== 'https:' && u.protocol !== 'http:')) return undefined;
  const m = PAGE_PATH.exec(u.pathname);
  if (!m) return undefined;
  return { kind: m[1] === 'polls' ? 'poll' : 'notice', slug: m[2] };
}

/** A plain iframe of the results widget, for CMSs that strip scripts. */
export function iframeSnippet(siteOrigin: string, slug: string, title: string, width: number, height: number): string {
  const src = escapeHtml(`${siteOrigin}/embed/polls/${slug}`);
  return (
    `<iframe src="${src}" width="${width}" height="${height}" title="${escapeHtml(title)} · 投票结果" ` +
    `loading="lazy" style="border:0;max-width:100%"></iframe>`
  );
}

/** The loader snippet (self-sizing iframe) for the "嵌入本投票" panel and the README. */
export function loaderSnippet(siteOrigin: string, slug: string): string {
  return `<div data-linfen-poll="${escapeHtml(slug)}"></div>\n<script src="${escapeHtml(siteOrigin)}/embed.js" async></script>`;
}

/** The oEmbed discovery `<link>` for a page's `<head>`. */
export function oembedDiscoveryLink(siteOrigin: string, pageUrl: string, title: string): string {
  const href = `${siteOrigin}/api/oembed?url=${encodeURIComponent(pageUrl)}&format=json`;
  return `<link rel="alternate" type="application/json+oembed" href="${escapeHtml(href)}" title="${escapeHtml(title)}">`;
}

/**
 * The oEmbed `rich` answer for a poll (the results widget in an iframe) or a notice (a link card).
 * Throws `not_implemented` (501) for a format other than json and `not_found` (404) for a URL that
 * is not a poll or notice of this site.
 */
export async function oembedFor(query: OembedQuery, siteOrigin: string, lookup: OembedLookup): Promise<OembedRich> {
  if (query.format !== undefined && query.format !== 'json') throw new ApiError('not_implemented');
  const target = siteTarget(query.url, siteOrigin);
  const found = target && (await lookup(target.kind, target.slug));
  if (!target || !found) throw new ApiError('not_found');
  const size = target.kind === 'poll' ? POLL_SIZE : NOTICE_SIZE;
  const width = Math.min(size.width, query.maxwidth ?? Infinity);
  const height = Math.min(size.height, query.maxheight ?? Infinity);
  const pageUrl = `${siteOrigin}/${target.kind === 'poll' ? 'polls' : 'notices'}/${target.slug}/`;
  const html =
    target.kind === 'poll'
      ? iframeSnippet(siteOrigin, target.slug, found.title, width, height)
      : `<blockquote style="margin:0;padding:12px 16px;border-left:4px solid #c2410c;max-width:${width}px">` +
        `<p style="margin:0 0 4px;color:#57606a">公示 · ${PROVIDER_NAME}</p>` +
        `<a href="${escapeHtml(pageUrl)}" target="_blank" rel="noopener">${escapeHtml(found.title)}</a></blockquote>`;
  return {
    version: '1.0',
    type: 'rich',
    title: found.title,
    provider_name: PROVIDER_NAME,
    provider_url: `${siteOrigin}/`,
    cache_age: OEMBED_CACHE_AGE,
    html,
    width,
    height,
  };
}

/** The lookup over D1 (one query). */
export function dbLookup(db: Db): OembedLookup {
  return async (kind, slug) => {
    const row = kind === 'poll' ? await findPoll(db, slug) : await findPublishedNotice(db, slug);
    return row && { title: row.title };
  };
}
