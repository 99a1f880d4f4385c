/**
 * oEmbed for this site's poll and notice addresses, and the snippet editors paste: the answer of
 * `GET /api/oembed`, the discovery `<link>` for poll pages, the embed snippet for the "嵌入本投票"
 * panel and the oEmbed `html`.
 */
import type { OembedQuery, OembedRich } from '../../contracts/oembed';
import { escapeHtml, widgetTitle } from '../../contracts/widget';
import type { Db } from '../../db/client';
import { findPublishedNotice } from '../../db/queries/notices';
import { ApiError } from '../errors';
import { pollDetail } from '../services/polls';

export type EmbedKind = 'poll' | 'notice';

/** Finds the title of a poll or notice by slug; undefined when there is none. */
export type OembedLookup = (
  kind: EmbedKind,
  slug: string,
) => Promise<{ title: string; candidates: number } | undefined>;

export const PROVIDER_NAME = '临汾技工 · 六个十';
/** oEmbed cache_age (s): the snippet of an address does not change; a new title shows within the hour. */
export const OEMBED_CACHE_AGE = 3600;
const POLL_WIDTH = 600;
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

/**
 * Heights of the widget (px) at the narrowest width a host gives it (320 px), with some room for
 * a name that wraps: its title, status and footer (137 measured in Chromium, or 218 with the
 * embargo notice and the voting times), one finalist's row (41) and the final-list note (106).
 * tests/e2e/embed.spec.ts checks that the script-less fallback shows the whole widget.
 */
const WIDGET_HEIGHT = { frame: 170, row: 44, note: 110 };

/** A height that fits the widget of a poll with `candidates` finalists, for when no script sizes it. */
export function widgetHeight(candidates: number): number {
  return WIDGET_HEIGHT.frame + WIDGET_HEIGHT.note + candidates * WIDGET_HEIGHT.row;
}

/**
 * The snippet editors paste (the "嵌入本投票" panel, the oEmbed `html`): a placeholder that the
 * loader turns into a self-sizing iframe, holding a plain iframe of the widget sized to its
 * finalists, which is what shows where a CMS strips scripts. Both name the poll in `title`.
 */
export function embedSnippet(
  siteOrigin: string,
  poll: { slug: string; title: string; candidates: number },
  width = POLL_WIDTH,
  height = widgetHeight(poll.candidates),
): string {
  const src = escapeHtml(`${siteOrigin}/embed/polls/${poll.slug}`);
  return (
    `<div data-linfen-poll="${escapeHtml(poll.slug)}"><iframe src="${src}" title="${escapeHtml(widgetTitle(poll.title))}" ` +
    `width="${width}" height="${height}" loading="lazy" ` +
    `style="display:block;width:100%;max-width:${width}px;height:${height}px;border:0"></iframe></div>\n` +
    `<script src="${escapeHtml(siteOrigin)}/embed.js" async></script>`
  );
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
  const pageUrl = `${siteOrigin}/${target.kind === 'poll' ? 'polls' : 'notices'}/${target.slug}/`;
  let html: string, width: number, height: number;
  if (target.kind === 'poll') {
    // The loader sizes the frame to its content; `height` is that of the script-less fallback
    // (which scrolls inside itself when maxheight is less).
    width = Math.min(POLL_WIDTH, query.maxwidth ?? Infinity);
    height = Math.min(widgetHeight(found.candidates), query.maxheight ?? Infinity);
    html = embedSnippet(siteOrigin, { slug: target.slug, ...found }, width, height);
  } else {
    width = Math.min(NOTICE_SIZE.width, query.maxwidth ?? Infinity);
    height = Math.min(NOTICE_SIZE.height, query.maxheight ?? Infinity);
    html =
      `<blockquote style="margin:0;padding:12px 16px;border-left:4px solid #c2410c;max-width:${width}px">` +
      `<p style="margin:0 0 4px;color:#57606a">公示 · ${PROVIDER_NAME}</p>` +
      `<a href="${escapeHtml(pageUrl)}" target="_blank" rel="noopener">${escapeHtml(found.title)}</a></blockquote>`;
  }
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

/** The lookup over D1 (one round trip). */
export function dbLookup(db: Db, now: number): OembedLookup {
  return async (kind, slug) => {
    if (kind === 'notice') {
      const notice = await findPublishedNotice(db, slug);
      return notice && { title: notice.title, candidates: 0 };
    }
    const poll = await pollDetail(db, slug, now);
    return poll && { title: poll.detail.title, candidates: poll.detail.candidates.length };
  };
}
