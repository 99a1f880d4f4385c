/**
 * Read endpoints for the tracks' published content: tracks, competitions, recruitment, institutions,
 * counties, brands, lists. Rows whose text columns hold a closed set of values go through their
 * contract schema, which checks and types them (the database CHECKs guarantee they pass).
 */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { SlugParam, YearQuery } from '../../contracts/api';
import {
  BrandList,
  CompetitionList,
  CountyList,
  FinalListBody,
  FinalListList,
  InstitutionList,
  RecruitmentList,
  RoundBody,
  RoundParam,
  TrackBody,
  TrackList,
} from '../../contracts/content';
import { TrackKey } from '../../contracts/enums';
import * as content from '../../db/queries/content';
import { ApiError } from '../errors';
import {
  competitionsWithAwards,
  finalListDetail,
  institutionDirectory,
  publishedLists,
  trackDetail,
  trackOverview,
} from '../services/content';
import { roundDetail } from '../services/rounds';
import { errors, json, PUBLIC, router } from './declare';

const CACHE = 'public, max-age=60, s-maxage=60';

/** A track key; another value is `invalid_request`, as the document's enum says. */
const TrackParam = z.object({ track: TrackKey });

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
  summary: 'One track with its current round (stages, polls, notices, final list) and its rounds',
  security: PUBLIC,
  request: { params: TrackParam },
  responses: { 200: json(TrackBody, 'The track'), ...errors('invalid_request', 'not_found') },
});

const getRound = createRoute({
  method: 'get',
  path: '/{track}/rounds/{year}',
  operationId: 'getTrackRound',
  tags: ['content'],
  summary: 'One round (年度) of a track: its stages, polls, notices, final list and candidates',
  security: PUBLIC,
  request: { params: RoundParam },
  responses: { 200: json(RoundBody, 'The round'), ...errors('invalid_request', 'not_found') },
});

export const tracksApi = router()
  .openapi(listTracks, async (c) => {
    const tracks = await trackOverview(c.var.db);
    const body = TrackList.parse({
      tracks: tracks.map((t) => ({ key: t.key, title: t.title, summary: t.summary, annex: t.annex, stages: t.stages })),
    });
    return c.json(body, 200, { 'Cache-Control': CACHE });
  })
  .openapi(getTrack, async (c) => {
    const track = await trackDetail(c.var.db, c.req.valid('param').track, c.var.now());
    if (!track) throw new ApiError('not_found');
    return c.json(TrackBody.parse({ track }), 200, { 'Cache-Control': 'public, max-age=0, s-maxage=30' });
  })
  .openapi(getRound, async (c) => {
    const { track, year } = c.req.valid('param');
    const round = await roundDetail(c.var.db, track, year, c.var.now());
    if (!round) throw new ApiError('not_found', { message: '该年度没有这项评选。' });
    return c.json(RoundBody.parse(round), 200, { 'Cache-Control': 'public, max-age=0, s-maxage=30' });
  });

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
  return c.json(CompetitionList.parse(await competitionsWithAwards(c.var.db)), 200, { 'Cache-Control': CACHE });
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
  const body = InstitutionList.parse({ institutions: await institutionDirectory(c.var.db) });
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
  summary: "Published final lists, of every year or of one round's year",
  security: PUBLIC,
  request: { query: YearQuery },
  responses: { 200: json(FinalListList, 'The lists, newest first'), ...errors('invalid_request') },
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
    const body = FinalListList.parse({ lists: await publishedLists(c.var.db, c.req.valid('query').year ?? null) });
    return c.json(body, 200, { 'Cache-Control': CACHE });
  })
  .openapi(getList, async (c) => {
    const list = await finalListDetail(c.var.db, c.req.valid('param').slug);
    if (!list) throw new ApiError('not_found');
    return c.json(FinalListBody.parse({ list }), 200, { 'Cache-Control': CACHE });
  });
