/**
 * Read endpoints for the tracks' published content: tracks, competitions, recruitment, institutions,
 * counties, brands, lists. Rows whose text columns hold a closed set of values go through their
 * contract schema, which checks and types them (the database CHECKs guarantee they pass).
 */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { SlugParam } from '../../contracts/api';
import {
  BrandList,
  CompetitionList,
  CountyList,
  FinalListBody,
  FinalListList,
  InstitutionList,
  RecruitmentList,
  TrackBody,
  TrackList,
} from '../../contracts/content';
import { TrackKey } from '../../contracts/enums';
import * as content from '../../db/queries/content';
import { listNotices } from '../../db/queries/notices';
import { listPollsOfTrack } from '../../db/queries/polls';
import { ApiError } from '../errors';
import { toNoticeSummary } from '../services/notices';
import { toPollSummary } from '../services/polls';
import { errors, json, PUBLIC, router } from './declare';

const CACHE = 'public, max-age=60, s-maxage=60';

/** Any string: an unknown track is a 404 like an unknown page, not a 400. */
const TrackParam = z.object({
  track: z.string().meta({ description: `a track key: ${TrackKey.options.join(', ')}`, example: 'trades' }),
});

const listTracks = createRoute({
  method: 'get',
  path: '/',
  operationId: 'listTracks',
  tags: ['content'],
  summary: 'The six tracks with their stages',
  security: PUBLIC,
  responses: { 200: json(TrackList, 'The tracks in programme order') },
});

const getTrack = createRoute({
  method: 'get',
  path: '/{track}',
  operationId: 'getTrack',
  tags: ['content'],
  summary: 'One track with its stages, polls, notices and published lists',
  security: PUBLIC,
  request: { params: TrackParam },
  responses: { 200: json(TrackBody, 'The track'), ...errors('not_found') },
});

export const tracksApi = router()
  .openapi(listTracks, async (c) => {
    const [tracks, stages] = await Promise.all([content.listTracks(c.var.db), content.listStages(c.var.db)]);
    const body = TrackList.parse({
      tracks: tracks.map((t) => ({
        key: t.key,
        title: t.title,
        summary: t.summary,
        annex: t.annex,
        stages: stages.filter((s) => s.trackKey === t.key).map(stageView),
      })),
    });
    return c.json(body, 200, { 'Cache-Control': CACHE });
  })
  .openapi(getTrack, async (c) => {
    const db = c.var.db;
    const parsed = TrackKey.safeParse(c.req.valid('param').track);
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
    const body = TrackBody.parse({
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
    });
    return c.json(body, 200, { 'Cache-Control': 'public, max-age=0, s-maxage=30' });
  });

function stageView(s: content.StageRow) {
  return { key: s.key, title: s.title, rule: s.rule, status: s.status, startsOn: s.startsOn, endsOn: s.endsOn };
}

const listCompetitions = createRoute({
  method: 'get',
  path: '/',
  operationId: 'listCompetitions',
  tags: ['content'],
  summary: 'The ten competitions and the prize rules',
  security: PUBLIC,
  responses: { 200: json(CompetitionList, 'Competitions, latest year first, and prize rules') },
});

export const competitionsApi = router().openapi(listCompetitions, async (c) => {
  const [competitions, awards] = await Promise.all([
    content.listCompetitions(c.var.db),
    content.listAwardRules(c.var.db),
  ]);
  return c.json(CompetitionList.parse({ competitions, awards }), 200, { 'Cache-Control': CACHE });
});

const listRecruitment = createRoute({
  method: 'get',
  path: '/',
  operationId: 'listRecruitment',
  tags: ['content'],
  summary: 'The ten recruitment events',
  security: PUBLIC,
  responses: { 200: json(RecruitmentList, 'Events, latest year first') },
});

export const recruitmentApi = router().openapi(listRecruitment, async (c) => {
  const events = await content.listRecruitment(c.var.db);
  return c.json({ events }, 200, { 'Cache-Control': CACHE });
});

const listInstitutions = createRoute({
  method: 'get',
  path: '/',
  operationId: 'listInstitutions',
  tags: ['content'],
  summary: 'The appraisal institutions directory (selected and not revoked)',
  security: PUBLIC,
  responses: { 200: json(InstitutionList, 'The institutions') },
});

export const institutionsApi = router().openapi(listInstitutions, async (c) => {
  const rows = await content.listInstitutions(c.var.db);
  const body = InstitutionList.parse({
    institutions: rows.map((r) => ({
      ...r,
      occupations: r.occupations ? JSON.parse(r.occupations) : [],
      isDemo: r.isDemo === 1,
    })),
  });
  return c.json(body, 200, { 'Cache-Control': CACHE });
});

const listCounties = createRoute({
  method: 'get',
  path: '/',
  operationId: 'listCounties',
  tags: ['content'],
  summary: 'Counties (plain, mountain, 市直)',
  security: PUBLIC,
  responses: { 200: json(CountyList, 'The 17 counties and 市直') },
});

export const countiesApi = router().openapi(listCounties, async (c) => {
  const counties = await content.listCounties(c.var.db);
  return c.json(CountyList.parse({ counties }), 200, { 'Cache-Control': CACHE });
});

const listBrands = createRoute({
  method: 'get',
  path: '/',
  operationId: 'listBrands',
  tags: ['content'],
  summary: 'Labour brands named or in creation',
  security: PUBLIC,
  responses: { 200: json(BrandList, 'The brands') },
});

export const brandsApi = router().openapi(listBrands, async (c) => {
  const brands = await content.listNamedBrands(c.var.db);
  return c.json(BrandList.parse({ brands }), 200, { 'Cache-Control': CACHE });
});

const listLists = createRoute({
  method: 'get',
  path: '/',
  operationId: 'listFinalLists',
  tags: ['content'],
  summary: 'Published final lists',
  security: PUBLIC,
  responses: { 200: json(FinalListList, 'The lists, newest first') },
});

const getList = createRoute({
  method: 'get',
  path: '/{slug}',
  operationId: 'getFinalList',
  tags: ['content'],
  summary: 'One published final list',
  security: PUBLIC,
  request: { params: SlugParam },
  responses: { 200: json(FinalListBody, 'The list'), ...errors('invalid_request', 'not_found') },
});

export const listsApi = router()
  .openapi(listLists, async (c) => {
    const lists = await content.listFinalLists(c.var.db);
    const body = FinalListList.parse({
      lists: lists.map((l) => ({
        slug: l.slug,
        track: l.trackKey,
        title: l.title,
        publishedAt: new Date(l.publishedAt!).toISOString(),
      })),
    });
    return c.json(body, 200, { 'Cache-Control': CACHE });
  })
  .openapi(getList, async (c) => {
    const list = await content.findFinalList(c.var.db, c.req.valid('param').slug);
    if (!list) throw new ApiError('not_found');
    const items = await content.finalListItemsOf(c.var.db, list.id);
    const body = FinalListBody.parse({
      list: {
        slug: list.slug,
        track: list.trackKey,
        title: list.title,
        body: list.body,
        publishedAt: new Date(list.publishedAt!).toISOString(),
        isDemo: list.isDemo === 1,
        items,
      },
    });
    return c.json(body, 200, { 'Cache-Control': CACHE });
  });
