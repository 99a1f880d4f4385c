/**
 * The QR posters of polls and notices (`/{polls|notices}/:slug/qr.png`, `/poster.svg`, `/poster/`),
 * mounted at the root. The results widget is a page view (worker/pages/views/widget.ts).
 */
import { Hono, type Context } from 'hono';
import { SlugParam } from '../../contracts/api';
import { findPublishedNotice } from '../../db/queries/notices';
import { findPoll } from '../../db/queries/polls';
import type { AppEnv } from '../context';
import { pollStatus } from '../services/polls';
import { POSTER_CACHE, posterCache, posterPage, posterSvg, qrPng, type PosterInput, type PosterKind } from './poster';

const NOT_FOUND_HTML =
  '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>找不到该内容</title></head>' +
  '<body style="font:15px system-ui,sans-serif;margin:12px">找不到该内容，它可能已下线。</body></html>';

/** The answer for an unknown poll or notice: a bare document, since it may be inside a frame. */
export function notFound(c: Context<AppEnv>): Response {
  return c.html(NOT_FOUND_HTML, 404, { 'Cache-Control': 'public, max-age=0, s-maxage=15' });
}

/** What the poster of the poll or notice a slug names shows, or undefined. */
async function posterTarget(c: Context<AppEnv>, kind: PosterKind): Promise<PosterInput | undefined> {
  const parsed = SlugParam.safeParse(c.req.param());
  if (!parsed.success) return undefined;
  const slug = parsed.data.slug;
  const origin = new URL(c.req.url).origin;
  const url = `${origin}/${kind === 'poll' ? 'polls' : 'notices'}/${slug}/`;
  if (kind === 'poll') {
    const poll = await findPoll(c.var.db, slug);
    if (!poll) return undefined;
    const { opensAt, closesAt, maxChoices, ballotMode } = poll;
    const status = pollStatus(poll, c.var.now());
    return { kind, title: poll.title, url, poll: { status, opensAt, closesAt, maxChoices, ballotMode } };
  }
  const notice = await findPublishedNotice(c.var.db, slug);
  if (!notice) return undefined;
  return { kind, title: notice.title, url, period: { startsOn: notice.startsOn, endsOn: notice.endsOn } };
}

const media = new Hono<AppEnv>();

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
      return c.body(posterSvg(target), 200, {
        'Content-Type': 'image/svg+xml',
        'Cache-Control': posterCache(target.poll, c.var.now()),
      });
    })
    .get(`${base}/:slug/poster/`, async (c) => {
      const target = await posterTarget(c, kind);
      if (!target) return notFound(c);
      return c.html(posterPage(target, `${base}/${c.req.param('slug')}/qr.png`), 200, {
        'Cache-Control': posterCache(target.poll, c.var.now()),
      });
    });
}

export { media };
