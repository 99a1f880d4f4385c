/**
 * The tracks' published content in the shapes the API returns (API.md). Each page and its API twin
 * read through the same function here, so they cannot show different data.
 */
import type { TrackKey } from '../../contracts/enums';
import type { Db } from '../../db/client';
import * as content from '../../db/queries/content';
import { listNotices } from '../../db/queries/notices';
import { listPolls, listPollsOfTrack } from '../../db/queries/polls';
import { toNoticeSummary } from './notices';
import { toPollSummary } from './polls';

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
  const [tracks, stages] = await db.batch([content.listTracks(db), content.listStages(db)]);
  return withStages(tracks, stages);
}

function toListSummary(l: content.FinalListRow) {
  return { slug: l.slug, track: l.trackKey, title: l.title, publishedAt: iso(l.publishedAt!) };
}

/** What the home page shows: tracks with stages, polls, notices and published lists. One D1 round trip. */
export async function homeContent(db: Db, now: number) {
  const [tracks, stages, polls, notices, lists] = await db.batch([
    content.listTracks(db),
    content.listStages(db),
    listPolls(db),
    listNotices(db),
    content.listFinalLists(db),
  ]);
  return {
    tracks: withStages(tracks, stages),
    polls: polls.map((p) => toPollSummary(p, now)),
    notices: notices.map((n) => toNoticeSummary(n, now)),
    lists: lists.map(toListSummary),
  };
}

/**
 * One track with its stages, polls, notices and published lists (track page, GET /api/tracks/:track).
 * One D1 round trip.
 */
export async function trackDetail(db: Db, key: TrackKey, now: number) {
  const [[track], stages, polls, notices, lists] = await db.batch([
    content.trackByKey(db, key),
    content.listStages(db, key),
    listPollsOfTrack(db, key),
    listNotices(db, key),
    content.listFinalLists(db, key),
  ]);
  if (!track) return undefined;
  return {
    key: track.key,
    title: track.title,
    summary: track.summary,
    annex: track.annex,
    stages: stages.map(toStage),
    polls: polls.map((p) => toPollSummary(p, now)),
    notices: notices.map((n) => toNoticeSummary(n, now)),
    lists: lists.map((l) => ({ slug: l.slug, title: l.title, publishedAt: iso(l.publishedAt!) })),
  };
}
export type TrackDetail = NonNullable<Awaited<ReturnType<typeof trackDetail>>>;

/** Published final lists, newest first (home page, GET /api/lists). */
export async function publishedLists(db: Db) {
  return (await content.listFinalLists(db)).map(toListSummary);
}
export type ListSummary = Awaited<ReturnType<typeof publishedLists>>[number];

/** A published final list with its items (list page, GET /api/lists/:slug); undefined when there is none. */
export async function finalListDetail(db: Db, slug: string) {
  const list = await content.findFinalList(db, slug);
  if (!list) return undefined;
  const items = await content.finalListItemsOf(db, list.id);
  return {
    slug: list.slug,
    track: list.trackKey,
    title: list.title,
    body: list.body,
    publishedAt: iso(list.publishedAt!),
    isDemo: list.isDemo === 1,
    items,
  };
}
export type FinalListDetail = NonNullable<Awaited<ReturnType<typeof finalListDetail>>>;

/** The competitions and the prize rules (competitions pages, GET /api/competitions). */
export async function competitionsWithAwards(db: Db) {
  const [competitions, awards] = await Promise.all([content.listCompetitions(db), content.listAwardRules(db)]);
  return { competitions, awards };
}
export type CompetitionsWithAwards = Awaited<ReturnType<typeof competitionsWithAwards>>;

/** The appraisal institution directory (institutions pages, GET /api/institutions). */
export async function institutionDirectory(db: Db) {
  const rows = await content.listInstitutions(db);
  return rows.map((r) => ({
    ...r,
    occupations: r.occupations ? (JSON.parse(r.occupations) as string[]) : [],
    isDemo: r.isDemo === 1,
  }));
}
export type Institution = Awaited<ReturnType<typeof institutionDirectory>>[number];
