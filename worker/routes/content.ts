/** Read endpoints for the tracks' published content: tracks, competitions, recruitment, lists. */
import { Hono } from 'hono';
import { SlugParam } from '../../contracts/api';
import { TrackKey } from '../../contracts/enums';
import * as content from '../../db/queries/content';
import type { AppEnv } from '../context';
import { ApiError } from '../errors';
import { valid } from '../middleware/validate';
import {
  competitionsWithAwards,
  finalListDetail,
  institutionDirectory,
  publishedLists,
  trackDetail,
  trackOverview,
} from '../services/content';

const CACHE = 'public, max-age=60, s-maxage=60';

export const tracksApi = new Hono<AppEnv>()
  .get('/', async (c) => {
    const tracks = await trackOverview(c.var.db);
    return c.json(
      {
        tracks: tracks.map((t) => ({
          key: t.key,
          title: t.title,
          summary: t.summary,
          annex: t.annex,
          stages: t.stages,
        })),
      },
      200,
      { 'Cache-Control': CACHE },
    );
  })
  .get('/:track', async (c) => {
    const parsed = TrackKey.safeParse(c.req.param('track'));
    if (!parsed.success) throw new ApiError('not_found');
    const track = await trackDetail(c.var.db, parsed.data, c.var.now());
    if (!track) throw new ApiError('not_found');
    return c.json({ track }, 200, { 'Cache-Control': 'public, max-age=0, s-maxage=30' });
  });

export const competitionsApi = new Hono<AppEnv>().get('/', async (c) => {
  return c.json(await competitionsWithAwards(c.var.db), 200, { 'Cache-Control': CACHE });
});

export const recruitmentApi = new Hono<AppEnv>().get('/', async (c) => {
  return c.json({ events: await content.listRecruitment(c.var.db) }, 200, { 'Cache-Control': CACHE });
});

export const institutionsApi = new Hono<AppEnv>().get('/', async (c) => {
  return c.json({ institutions: await institutionDirectory(c.var.db) }, 200, { 'Cache-Control': CACHE });
});

export const countiesApi = new Hono<AppEnv>().get('/', async (c) => {
  return c.json({ counties: await content.listCounties(c.var.db) }, 200, { 'Cache-Control': CACHE });
});

export const brandsApi = new Hono<AppEnv>().get('/', async (c) => {
  return c.json({ brands: await content.listNamedBrands(c.var.db) }, 200, { 'Cache-Control': CACHE });
});

export const listsApi = new Hono<AppEnv>()
  .get('/', async (c) => {
    return c.json({ lists: await publishedLists(c.var.db) }, 200, {
      'Cache-Control': CACHE,
    });
  })
  .get('/:slug', valid('param', SlugParam), async (c) => {
    const list = await finalListDetail(c.var.db, c.req.valid('param').slug);
    if (!list) throw new ApiError('not_found');
    return c.json({ list }, 200, { 'Cache-Control': CACHE });
  });
