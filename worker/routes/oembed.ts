/** `GET /api/oembed` (docs/media.md): the oEmbed answer for this site's poll and notice addresses. */
import { createRoute } from '@hono/zod-openapi';
import { cors } from 'hono/cors';
import { OembedQuery, OembedRich } from '../../contracts/oembed';
import { dbLookup, oembedFor } from '../embed/oembed';
import { errors, json, PUBLIC, router } from './declare';

/** Consumers (CMSs, chat unfurlers) fetch it from anywhere; a title change shows within minutes. */
const OEMBED_CACHE = 'public, max-age=300, s-maxage=60';

const getOembed = createRoute({
  method: 'get',
  path: '/',
  operationId: 'getOembed',
  tags: ['media'],
  summary: 'oEmbed `rich` answer for a poll (results widget) or notice (link card) address',
  security: PUBLIC,
  request: { query: OembedQuery },
  responses: {
    200: json(OembedRich, 'The oEmbed answer'),
    ...errors('invalid_request', 'not_found', 'not_implemented'),
  },
});

export const oembed = router();
// Errors too carry CORS, so a consumer on another origin can read the envelope.
oembed.use('*', cors({ origin: '*', allowMethods: ['GET'] }));
oembed.openapi(getOembed, async (c) => {
  const body = await oembedFor(c.req.valid('query'), new URL(c.req.url).origin, dbLookup(c.var.db, c.var.now()));
  return c.json(body, 200, { 'Cache-Control': OEMBED_CACHE });
});
