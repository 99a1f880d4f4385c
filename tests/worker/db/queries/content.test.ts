import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDb, read } from '../../../../db/client';
import {
  findFinalList,
  finalListItemsOf,
  listAwardRules,
  listCompetitions,
  listCounties,
  listFinalLists,
  listInstitutions,
  listNamedBrands,
  listRecruitment,
  listStages,
  listTracks,
  trackByKey,
} from '../../../../db/queries/content';
import { DEMO_INSTITUTIONS } from '../../../../db/seed/demo';
import { AWARD_RULES, BRANDS, COMPETITIONS, COUNTIES, RECRUITMENT_EVENTS, TRACKS } from '../../../../db/seed/programme';
import { seed } from '../../../fixtures/app';

const NOW = Date.UTC(2026, 10, 27, 2, 0);
const db = openDb(env.DB);
beforeAll(() => seed(NOW));

describe('tracks and stages', () => {
  it('lists the six tracks in programme order', async () => {
    expect((await read(db, listTracks(db, {}))).map((t) => [t.key, t.title])).toEqual(
      TRACKS.map((t) => [t.key, t.title]),
    );
  });

  it('finds one track by key', async () => {
    const [trades] = await read(db, trackByKey(db, { key: 'trades' }));
    expect(trades).toMatchObject({ title: '十大精品工种', targetCount: 10 });
    expect(await read(db, trackByKey(db, { key: 'no-such-track' }))).toEqual([]);
  });

  it('lists the stages by track, then in order', async () => {
    const stages = await read(db, listStages(db, { track: null, year: null }));
    expect(stages).toHaveLength(TRACKS.reduce((n, t) => n + t.stages.length, 0));
    const trades = stages.filter((s) => s.trackKey === 'trades');
    expect(trades.map((s) => [s.seq, s.title])).toEqual(TRACKS[0].stages.map((s, i) => [i + 1, s.title]));
    expect(trades.map((s) => s.status)).toEqual(['done', 'done', 'active', 'pending']);
    const keys = stages.map((s) => s.trackKey);
    expect(keys).toEqual([...keys].sort());
  });
});

describe('directories and schedules', () => {
  it('lists the counties in document order', async () => {
    expect((await listCounties(db)).map((c) => c.name)).toEqual(COUNTIES.map((c) => c.name));
  });

  it('lists the competitions with their venue county', async () => {
    const rows = await listCompetitions(db);
    expect(rows.map((r) => r.name)).toEqual(COMPETITIONS.map((c) => c.name));
    const venue = COUNTIES.find((c) => c.id === COMPETITIONS[0].venueCountyId)!.name;
    expect(rows[0]).toMatchObject({ seq: 1, venue });
  });

  it('lists the award rules and the recruitment events in order', async () => {
    expect((await listAwardRules(db)).map((a) => a.title)).toEqual(AWARD_RULES.map((a) => a.title));
    expect((await listRecruitment(db)).map((e) => e.name)).toEqual(RECRUITMENT_EVENTS.map((e) => e.name));
  });

  it('lists the named brands with their level', async () => {
    const rows = await listNamedBrands(db);
    expect(rows.map((r) => [r.name, r.level])).toEqual(BRANDS.map((b) => [b.name, b.level]));
  });

  it('lists the selected institutions and leaves out a revoked one', async () => {
    const rows = await listInstitutions(db);
    expect(rows.map((r) => r.name)).toEqual(DEMO_INSTITUTIONS.map((i) => i.name));
    expect(rows[0]).toMatchObject({ type: DEMO_INSTITUTIONS[0].type, isDemo: 1 });
    expect(JSON.parse(rows[0].occupations!)).toEqual(DEMO_INSTITUTIONS[0].occupations);

    await env.DB.prepare('UPDATE candidates SET revoked_at = ? WHERE id = ?').bind(NOW, rows[0].id).run();
    expect((await listInstitutions(db)).map((r) => r.name)).toEqual(DEMO_INSTITUTIONS.slice(1).map((i) => i.name));
  });
});

describe('final lists', () => {
  it('lists only published lists, optionally of one track', async () => {
    await env.DB.prepare(
      "INSERT INTO final_lists (slug, track_key, title, round_id) VALUES ('draft-list', 'trades', '未发布的名单', (SELECT id FROM rounds WHERE track_key = 'trades' ORDER BY status = 'open' DESC, year DESC LIMIT 1))",
    ).run();
    expect((await read(db, listFinalLists(db, { track: null, year: null, current: null }))).map((l) => l.slug)).toEqual(
      ['institutions-directory'],
    );
    expect(
      (await read(db, listFinalLists(db, { track: 'institutions', year: null, current: null }))).map((l) => l.slug),
    ).toEqual(['institutions-directory']);
    expect(await read(db, listFinalLists(db, { track: 'trades', year: null, current: null }))).toEqual([]);
    expect(await findFinalList(db, 'draft-list')).toBeUndefined();
  });

  it('finds a published list and its items by rank', async () => {
    const list = (await findFinalList(db, 'institutions-directory'))!;
    expect(list).toMatchObject({ trackKey: 'institutions', publishedAt: NOW });
    const items = await finalListItemsOf(db, list.id);
    expect(items.map((i) => [i.rank, i.name])).toEqual(DEMO_INSTITUTIONS.map((inst, i) => [i + 1, inst.name]));
    expect(items[0].county).toBe(COUNTIES.find((c) => c.id === DEMO_INSTITUTIONS[0].countyId)!.name);
  });
});
