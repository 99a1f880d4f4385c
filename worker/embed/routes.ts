/**
 * Media pages outside /api: the results widget (`/embed/polls/:slug`) and the QR posters of polls
 * and notices (`/{polls|notices}/:slug/qr.png`, `/poster.svg`, `/poster/`). Mounted at the root.
 */
import { Hono, type Context } from 'hono';
import { SlugParam } from '../../contracts/api';
import { findPublishedNotice } from '../../db/queries/notices';
import { findPoll } from '../../db/queries/polls';
import type { AppEnv } from '../context';
import { resultsBySlug } from '../services/polls';
import { POSTER_CACHE, posterPage, posterSvg, qrPng, type PosterKind } from './poster';
import { WIDGET_CACHE, widgetDocument } from './widget';

const NOT_FOUND_HTML =
  '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>找不到该内容</title></head>' +
  '<body style="font:15px system-ui,sans-serif;margin:12px">找不到该内容，它可能已下线。</body></html>';

function notFound(c: Context<AppEnv>): Response {
  return c.html(NOT_FOUND_HTML, 404, { 'Cache-Control': 'public, max-age=0, s-maxage=15' });
}

/** The title of the poll or notice a slug names, or undefined. */
async function posterTarget(c: Context<AppEnv>, kind: PosterKind) {
  const parsed = SlugParam.safeParse(c.req.param());
  if (!parsed.success) return undefined;
  const slug = parsed.data.slug;
  const row = kind === 'poll' ? await findPoll(c.var.db, slug) : await findPublishedNotice(c.var.db, slug);
  if (!row) return undefined;
  const origin = new URL(c.req.url).origin;
  return { kind, title: row.title, url: `${origin}/${kind === 'poll' ? 'polls' : 'notices'}/${slug}/` };
}

const media = new Hono<AppEnv>().get('/embed/polls/:slug', async (c) => {
  const parsed = SlugParam.safeParse(c.req.param());
  const body = parsed.success ? await resultsBySlug(c.var.db, parsed.data.slug, c.var.now()) : undefined;
  if (!body) return notFound(c);
  const pageUrl = `${new URL(c.req.url).origin}/polls/${body.poll.slug}/`;
  return c.html(widgetDocument(body, pageUrl), 200, { 'Cache-Control': WIDGET_CACHE });
});

for (const [kind, base] of [
  ['poll', '/polls'],
  ['notice', '/notices'],
] as const) {
  media
    .get(`${base}/:slug/qr.png`, async (c) => {
      const target = await posterTarget(c, kind);
      if (!target) return notFound(c);
      return c.body(qrPng(target.url), 200, { 'Content-Type': 'image/png', 'Cache-Control': POSTER_CACHE });
    })
    .get(`${base}/:slug/poster.svg`, async (c) => {
      const target = await posterTarget(c, kind);
      if (!target) return notFound(c);
      return c.body(posterSvg(target), 200, { 'Content-Type': 'image/svg+xml', 'Cache-Control': POSTER_CACHE });
    })
    .get(`${base}/:slug/poster/`, async (c) => {
      const target = await posterTarget(c, kind);
      if (!target) return notFound(c);
      return c.html(posterPage(target, `${base}/${c.req.param('slug')}/qr.png`), 200, {
        'Cache-Control': POSTER_CACHE,
      });
    });
}

export { media };
