/** Read endpoints for the tracks' published content: tracks, competitions, recruitment, lists. */
import { Hono } from 'hono';
import { SlugParam } from '../../contracts/api';
import { TrackKey } from '../../contracts/enums';
import * as content from '../../db/queries/content';
import { listNotices } from '../../db/queries/notices';
import { listPollsOfTrack } from '../../db/queries/polls';
import type { AppEnv } from '../context';
import { ApiError } from '../errors';
import { valid } from '../middleware/validate';
import { toNoticeSummary } from '../services/notices';
import { toPollSummary } from '../services/polls';

const CACHE = 'public, max-age=60, s-maxage=60';

export const tracksApi = new Hono<AppEnv>()
  .get('/', async (c) => {
    const [tracks, stages] = await Promise.all([content.listTracks(c.var.db), content.listStages(c.var.db)]);
    return c.json(
      {
        tracks: tracks.map((t) => ({
          key: t.key,
          title: t.title,
          summary: t.summary,
          annex: t.annex,
          stages: stages.filter((s) => s.trackKey === t.key).map(stageView),
        })),
      },
      200,
      { 'Cache-Control': CACHE },
    );
  })
  .get('/:track', async (c) => {
    const db = c.var.db;
    const parsed = TrackKey.safeParse(c.req.param('track'));
    if (!parsed.success) throw new ApiError('not_found');
    const key = parsed.data;
    const track = await content.findTrack(db, key);
    if (!track) throw new ApiError('not_found');
    const [stages, polls, notices, lists] = await Promise.all([
      content.listStages(db),
      listPollsOfTrack(db, key),
      listNotices(db, key),
      content.listFinalLists(db, key),
    ]);
    const now = c.var.now();
    return c.json(
      {
        track: {
          key: track.key,
          title: track.title,
          summary: track.summary,
          annex: track.annex,
          stages: stages.filter((s) => s.trackKey === key).map(stageView),
          polls: polls.map((p) => toPollSummary(p, now)),
          notices: notices.map((n) => toNoticeSummary(n, now)),
          lists: lists.map((l) => ({
            slug: l.slug,
            title: l.title,
            publishedAt: new Date(l.publishedAt!).toISOString(),
          })),
        },
      },
      200,
      { 'Cache-Control': 'public, max-age=0, s-maxage=30' },
    );
  });

function stageView(s: content.StageRow) {
  return { key: s.key, title: s.title, rule: s.rule, status: s.status, startsOn: s.startsOn, endsOn: s.endsOn };
}

export const competitionsApi = new Hono<AppEnv>().get('/', async (c) => {
  const [competitions, awards] = await Promise.all([
    content.listCompetitions(c.var.db),
    content.listAwardRules(c.var.db),
  ]);
  return c.json({ competitions, awards }, 200, { 'Cache-Control': CACHE });
});

export const recruitmentApi = new Hono<AppEnv>().get('/', async (c) => {
  return c.json({ events: await content.listRecruitment(c.var.db) }, 200, { 'Cache-Control': CACHE });
});

export const institutionsApi = new Hono<AppEnv>().get('/', async (c) => {
  const rows = await content.listInstitutions(c.var.db);
  return c.json(
    {
      institutions: rows.map((r) => ({
        ...r,
        occupations: r.occupations ? (JSON.parse(r.occupations) as string[]) : [],
        isDemo: r.isDemo === 1,
      })),
    },
    200,
    { 'Cache-Control': CACHE },
  );
});

export const countiesApi = new Hono<AppEnv>().get('/', async (c) => {
  return c.json({ counties: await content.listCounties(c.var.db) }, 200, { 'Cache-Control': CACHE });
});

export const brandsApi = new Hono<AppEnv>().get('/', async (c) => {
  return c.json({ brands: await content.listNamedBrands(c.var.db) }, 200, { 'Cache-Control': CACHE });
});

export const listsApi = new Hono<AppEnv>()
  .get('/', async (c) => {
    const lists = await content.listFinalLists(c.var.db);
    return c.json(
      {
        lists: lists.map((l) => ({
          slug: l.slug,
          track: l.trackKey,
          title: l.title,
          publishedAt: new Date(l.publishedAt!).toISOString(),
        })),
      },
      200,
      {
        'Cache-Control': CACHE,
      },
    );
  })
  .get('/:slug', valid('param', SlugParam), async (c) => {
    const list = await content.findFinalList(c.var.db, c.req.valid('param').slug);
    if (!list) throw new ApiError('not_found');
    const items = await content.finalListItemsOf(c.var.db, list.id);
    return c.json(
      {
        list: {
          slug: list.slug,
          track: list.trackKey,
          title: list.title,
          body: list.body,
          publishedAt: new Date(list.publishedAt!).toISOString(),
          isDemo: list.isDemo === 1,
          items,
        },
      },
      200,
      { 'Cache-Control': CACHE },
    );
  });
