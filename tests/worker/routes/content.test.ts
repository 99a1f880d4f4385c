import { beforeAll, describe, expect, it } from 'vitest';
import { seed, testApp } from '../../fixtures/app';
import { Ok } from '../../../contracts/api';
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
} from '../../../contracts/content';
import { errorBody } from '../../../contracts/errors';
import { conforms } from '../../fixtures/contract';

const NOW = Date.UTC(2026, 10, 27, 2, 0);
const t = testApp();
t.clock.set(NOW);
beforeAll(() => seed(NOW));

describe('content read endpoints', () => {
  it('GET /api/tracks lists the six tracks with their stages', async () => {
    const { body } = await t.json('/api/tracks');
    conforms(TrackList, body);
    expect(body.tracks.map((x: any) => x.key)).toEqual([
      'trades',
      'brands',
      'institutions',
      'competitions',
      'recruitment',
      'bases',
    ]);
    expect(body.tracks[0].stages.map((s: any) => s.title)).toEqual(['县级推荐', '市级评审', '公众评选', '审核确定']);
  });

  it('GET /api/tracks/:track shows its polls, notices and lists; an unknown track is invalid_request', async () => {
    const trades = await t.json('/api/tracks/trades');
    conforms(TrackBody, trades.body);
    expect(trades.body.track.polls.map((p: any) => p.slug)).toEqual(['trades-vote']);
    const bases = await t.json('/api/tracks/bases');
    expect(bases.body.track.notices[0]).toMatchObject({ slug: 'bases-publicity', status: 'open' });
    const bad = await t.json('/api/tracks/nope');
    expect(bad.res.status).toBe(400);
    conforms(errorBody(['invalid_request']), bad.body);
    expect(bad.body.error.issues[0].path).toEqual(['track']);
  });

  it('GET /api/competitions returns the ten competitions and the prize rules of annex 5', async () => {
    const { body } = await t.json('/api/competitions');
    conforms(CompetitionList, body);
    expect(body.competitions).toHaveLength(10);
    expect(body.competitions[2]).toMatchObject({
      name: '临汾市“桐封杯”焊接职业技能大赛',
      venue: '翼城县',
      monthFrom: 6,
      monthTo: 7,
    });
    expect(body.competitions[6]).toMatchObject({ venue: '隰县', monthFrom: null });
    expect(body.awards.slice(0, 3).map((a: any) => [a.placesPerTrade, a.amountYuan])).toEqual([
      [1, 5000],
      [2, 3000],
      [3, 2000],
    ]);
  });

  it('GET /api/recruitment returns the ten events in order', async () => {
    const { body } = await t.json('/api/recruitment');
    conforms(RecruitmentList, body);
    expect(body.events).toHaveLength(10);
    expect(body.events[0].name).toBe('春风行动暨就业援助月招聘活动');
  });

  it('GET /api/counties has 17 counties (7 plain, 10 mountain) plus 市直', async () => {
    const { body } = await t.json('/api/counties');
    conforms(CountyList, body);
    const kinds = body.counties.reduce((m: any, c: any) => ({ ...m, [c.kind]: (m[c.kind] ?? 0) + 1 }), {});
    expect(kinds).toEqual({ plain: 7, mountain: 10, city: 1 });
  });

  it('GET /api/brands lists the five existing and three creating brands of the document', async () => {
    const { body } = await t.json('/api/brands');
    conforms(BrandList, body);
    const byLevel = (l: string) => body.brands.filter((b: any) => b.level === l).map((b: any) => b.name);
    expect(byLevel('provincial')).toEqual(['襄汾晋襄酥烧饼']);
    expect(byLevel('city')).toEqual(['浮山厨师', '蒲县柳编', '曲沃手工编织', '华翔工匠']);
    expect(byLevel('creating')).toEqual(['西山果树工', '好帮手家政', '尧乡姐妹']);
  });

  it('GET /api/institutions and /api/lists/:slug serve the published directory', async () => {
    const inst = await t.json('/api/institutions');
    conforms(InstitutionList, inst.body);
    expect(inst.body.institutions).toHaveLength(10);
    expect(inst.body.institutions[0].occupations.length).toBeGreaterThan(0);
    conforms(FinalListList, (await t.json('/api/lists')).body);
    const list = await t.json('/api/lists/institutions-directory');
    conforms(FinalListBody, list.body);
    expect(list.body.list.items).toHaveLength(10);
    expect((await t.json('/api/lists/nope')).res.status).toBe(404);
  });
});

describe('API errors', () => {
  it('answers unknown API paths with the not_found envelope', async () => {
    const { res, body } = await t.json('/api/nothing/here');
    expect(res.status).toBe(404);
    conforms(errorBody(['not_found']), body);
    expect(body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });

  it('answers a wrong method on a known path with 405 and Allow', async () => {
    const res = await t.request('/api/polls/trades-vote', { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('Allow')).toContain('GET');
    expect((await res.json<any>()).error.code).toBe('method_not_allowed');
  });

  it('GET /api/health', async () => {
    const { res, body } = await t.json('/api/health');
    expect(res.status).toBe(200);
    conforms(Ok, body);
    expect(body).toEqual({ ok: true });
  });
});
