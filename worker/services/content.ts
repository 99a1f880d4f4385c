/**
 * The tracks' published content in the shapes the API returns (docs/api.md). Each page and its API twin
 * read through the same function here, so they cannot show different data.
 */
import type { TrackKey } from '../../contracts/enums';
import { read, reads, type Db } from '../../db/client';
import * as content from '../../db/queries/content';
import { listNotices } from '../../db/queries/notices';
import { listPolls } from '../../db/queries/polls';
import { toNoticeSummary } from './notices';
import { toPollSummary } from './polls';
import { publishedListsOfTrack, roundsOfTrack } from '../../db/queries/rounds';
import { toRoundSummary, withFinalLists } from './rounds';

const iso = (ms: number) => new Date(ms).toISOString();

/** A workflow stage as the API shows it. */
export function toStage(s: content.StageRow) {
  return { key: s.key, title: s.title, rule: s.rule, status: s.status, startsOn: s.startsOn, endsOn: s.endsOn };
}
export type Stage = ReturnType<typeof toStage>;

function withStages(tracks: content.TrackRow[], stages: content.StageRow[]) {
  return tracks.map((t) => ({ ...t, stages: stages.filter((s) => s.trackKey === t.key).map(toStage) }));
}

/** Every track with its stages, in programme order (GET /api/tracks). One D1 round trip. */
export async function trackOverview(db: Db) {
  const [tracks, stages] = await reads(db, [
    content.listTracks(db, {}),
    content.listStages(db, { track: null, year: null }),
  ]);
  return withStages(tracks, stages);
}

/** The year of a list's round; every list has one (migration 0013), its publication year stands in for the type. */
const listYear = (l: { roundYear: number | null; publishedAt: number | null }) =>
  l.roundYear ?? new Date(l.publishedAt! + 8 * 3600_000).getUTCFullYear();

function toListSummary(l: content.FinalListRow) {
  return { slug: l.slug, track: l.trackKey, title: l.title, publishedAt: iso(l.publishedAt!), year: listYear(l) };
}

/** What the home page shows: tracks with stages, polls, notices and published lists. One D1 round trip. */
export async function homeContent(db: Db, now: number) {
  const [tracks, stages, polls, notices, lists] = await reads(db, [
    content.listTracks(db, {}),
    content.listStages(db, { track: null, year: null }),
    listPolls(db, { track: null, year: null, current: null }),
    listNotices(db, { track: null, year: null, current: null }),
    content.listFinalLists(db, { track: null, year: null, current: null }),
  ]);
  return {
    tracks: withStages(tracks, stages),
    polls: polls.map((p) => toPollSummary(p, now)),
    notices: notices.map((n) => toNoticeSummary(n, now)),
    lists: lists.map(toListSummary),
  };
}

/**
 * The reads of one track with the stages, polls, notices and published lists of its current round,
 * and every round, for one batch.
 */
function trackQueries(db: Db, key: TrackKey) {
  return [
    content.trackByKey(db, { key }),
    content.listStages(db, { track: key, year: null }),
    listPolls(db, { track: key, year: null, current: 1 }),
    listNotices(db, { track: key, year: null, current: 1 }),
    content.listFinalLists(db, { track: key, year: null, current: 1 }),
    roundsOfTrack(db, key),
    publishedListsOfTrack(db, key),
  ] as const;
}
type TrackRows = Awaited<ReturnType<typeof reads<ReturnType<typeof trackQueries>>>>;

function toTrackDetail([[track], stages, polls, notices, lists, rounds, roundLists]: TrackRows, now: number) {
  if (!track) return undefined;
  const current = rounds.find((r) => r.status === 'open') ?? rounds[0];
  return {
    key: track.key,
    title: track.title,
    summary: track.summary,
    annex: track.annex,
    stages: stages.map(toStage),
    polls: polls.map((p) => toPollSummary(p, now)),
    notices: notices.map((n) => toNoticeSummary(n, now)),
    lists: lists.map((l) => ({ slug: l.slug, title: l.title, publishedAt: iso(l.publishedAt!), year: listYear(l) })),
    round: current ? toRoundSummary(current) : null,
    rounds: withFinalLists(rounds, roundLists),
  };
}

/**
 * One track with the stages, polls, notices and published lists of its current round, that round
 * and every round (GET /api/tracks/:track). One D1 round trip.
 */
export async function trackDetail(db: Db, key: TrackKey, now: number) {
  return toTrackDetail(await reads(db, trackQueries(db, key)), now);
}
export type TrackDetail = NonNullable<Awaited<ReturnType<typeof trackDetail>>>;

/** Published final lists, of every year or of one round's `year`, newest first (home page, GET /api/lists). */
export async function publishedLists(db: Db, year: number | null = null) {
  return (await read(db, content.listFinalLists(db, { track: null, year, current: null }))).map(toListSummary);
}
export type ListSummary = Awaited<ReturnType<typeof publishedLists>>[number];

/**
 * A published final list with its items and its track's title (list page, GET /api/lists/:slug);
 * undefined when there is none. One D1 round trip.
 */
export async function finalListDetail(db: Db, slug: string) {
  const [[list], items] = await db.batch([content.finalListBySlug(db, slug), content.finalListItemsBySlug(db, slug)]);
  if (!list) return undefined;
  return {
    slug: list.slug,
    track: list.trackKey,
    trackTitle: list.trackTitle,
    title: list.title,
    body: list.body,
    publishedAt: iso(list.publishedAt!),
    year: listYear(list),
    isDemo: list.isDemo === 1,
    items,
  };
}
export type FinalListDetail = NonNullable<Awaited<ReturnType<typeof finalListDetail>>>;

/** The competitions and the prize rules (competitions pages, GET /api/competitions). One D1 round trip. */
export async function competitionsWithAwards(db: Db) {
  const [competitions, awards] = await db.batch([content.listCompetitions(db), content.listAwardRules(db)]);
  return { competitions, awards };
}
export type CompetitionsWithAwards = Awaited<ReturnType<typeof competitionsWithAwards>>;

function toInstitution(r: content.InstitutionRow) {
  return {
    ...r,
    occupations: r.occupations ? (JSON.parse(r.occupations) as string[]) : [],
    isDemo: r.isDemo === 1,
  };
}

/** The appraisal institution directory (institutions pages, GET /api/institutions). */
export async function institutionDirectory(db: Db) {
  return (await content.listInstitutions(db)).map(toInstitution);
}
export type Institution = ReturnType<typeof toInstitution>;

/** What a track's page shows below the common sections: its own records, for four tracks. */
export type TrackRecords =
  | { kind: 'brands'; brands: Awaited<ReturnType<typeof content.listNamedBrands>> }
  | ({ kind: 'competitions' } & CompetitionsWithAwards)
  | { kind: 'recruitment'; events: Awaited<ReturnType<typeof content.listRecruitment>> }
  | { kind: 'institutions'; institutions: Institution[] }
  | { kind: 'none' };

/**
 * A track's page: the track as `trackDetail` gives it, and its own records (named brands,
 * competitions, recruitment events or the institution directory). One D1 round trip.
 */
export async function trackPage(
  db: Db,
  key: TrackKey,
  now: number,
): Promise<{ track: TrackDetail; records: TrackRecords } | undefined> {
  const common = trackQueries(db, key);
  let rows: TrackRows;
  let records: TrackRecords;
  if (key === 'brands') {
    const [a, b, c, d, e, f, g, brands] = await reads(db, [...common, content.listNamedBrands(db)]);
    [rows, records] = [[a, b, c, d, e, f, g], { kind: 'brands', brands }];
  } else if (key === 'competitions') {
    const [a, b, c, d, e, f, g, competitions, awards] = await reads(db, [
      ...common,
      content.listCompetitions(db),
      content.listAwardRules(db),
    ]);
    [rows, records] = [[a, b, c, d, e, f, g], { kind: 'competitions', competitions, awards }];
  } else if (key === 'recruitment') {
    const [a, b, c, d, e, f, g, events] = await reads(db, [...common, content.listRecruitment(db)]);
    [rows, records] = [[a, b, c, d, e, f, g], { kind: 'recruitment', events }];
  } else if (key === 'institutions') {
    const [a, b, c, d, e, f, g, institutions] = await reads(db, [...common, content.listInstitutions(db)]);
    [rows, records] = [[a, b, c, d, e, f, g], { kind: 'institutions', institutions: institutions.map(toInstitution) }];
  } else {
    [rows, records] = [await reads(db, common), { kind: 'none' }];
  }
  const track = toTrackDetail(rows, now);
  return track && { track, records };
}
