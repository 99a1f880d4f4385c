/** Reads of the tracks' published content: tracks, counties, competitions, recruitment, lists. */
import { and, asc, desc, eq, getTableColumns, isNotNull, isNull, sql } from 'drizzle-orm';
import { currentRoundId, roundFilter, roundYearOf } from './rounds';
import { compiledRead, eqUnlessNull, type Db } from '../client';
import {
  awardRules,
  candidates,
  competitions,
  counties,
  finalListItems,
  finalLists,
  recruitmentEvents,
  trackStages,
  tracks,
} from '../schema';

export type TrackRow = typeof tracks.$inferSelect;

/**
 * The county's name under its own column name: D1 answers a batch as objects keyed by column name,
 * so a county `name` beside another `name` column would collapse into one.
 */
const countyName = sql<string | null>`${counties.name}`.as('county_name');
export type StageRow = typeof trackStages.$inferSelect;

export const listTracks = compiledRead([], (db) => db.select().from(tracks).orderBy(asc(tracks.sort)).prepare());

/** The track with this key (zero or one row), compiled for `reads`. */
export const trackByKey = compiledRead(['key'], (db, p) =>
  db.select().from(tracks).where(eq(tracks.key, p.key)).limit(1).prepare(),
);

/**
 * Workflow stages in order, of one track or (`track: null`) of every track: of each track's current
 * round, or (`year`) of that year's round. Compiled for `reads`.
 */
export const listStages = compiledRead(['track', 'year'], (db, p) =>
  db
    .select()
    .from(trackStages)
    .where(
      and(
        eqUnlessNull(trackStages.trackKey, p.track),
        sql`${trackStages.roundId} = CASE WHEN ${p.year} IS NULL THEN ${currentRoundId(trackStages.trackKey)}
          ELSE (SELECT r.id FROM rounds r WHERE r.track_key = ${trackStages.trackKey} AND r.year = ${p.year}) END`,
      ),
    )
    .orderBy(asc(trackStages.trackKey), asc(trackStages.seq))
    .prepare(),
);

export function listCounties(db: Db) {
  return db.select().from(counties).orderBy(asc(counties.sort));
}

export function listCompetitions(db: Db) {
  return db
    .select({
      id: competitions.id,
      year: competitions.year,
      seq: competitions.seq,
      name: competitions.name,
      board: competitions.board,
      monthFrom: competitions.monthFrom,
      monthTo: competitions.monthTo,
      organisers: competitions.organisers,
      venue: sql<string>`${counties.name}`.as('venue'),
    })
    .from(competitions)
    .innerJoin(counties, eq(counties.id, competitions.venueCountyId))
    .orderBy(desc(competitions.year), asc(competitions.seq));
}

export function listAwardRules(db: Db) {
  return db.select().from(awardRules).orderBy(asc(awardRules.sort));
}

export function listRecruitment(db: Db) {
  return db.select().from(recruitmentEvents).orderBy(desc(recruitmentEvents.year), asc(recruitmentEvents.seq));
}

export type InstitutionRow = Awaited<ReturnType<typeof listInstitutions>>[number];

/** Appraisal institutions in the published directory: selected and not revoked. */
export function listInstitutions(db: Db) {
  return db
    .select({
      id: candidates.id,
      name: candidates.name,
      county: countyName,
      type: candidates.institutionType,
      occupations: candidates.occupations,
      validFrom: candidates.validFrom,
      validUntil: candidates.validUntil,
      isDemo: candidates.isDemo,
    })
    .from(candidates)
    .leftJoin(counties, eq(counties.id, candidates.countyId))
    .where(
      and(eq(candidates.trackKey, 'institutions'), eq(candidates.status, 'selected'), isNull(candidates.revokedAt)),
    )
    .orderBy(asc(candidates.id));
}

/** Brands already named (provincial or city level). */
export function listNamedBrands(db: Db) {
  return db
    .select({
      id: candidates.id,
      name: candidates.name,
      county: countyName,
      level: candidates.brandLevel,
      summary: candidates.summary,
    })
    .from(candidates)
    .leftJoin(counties, eq(counties.id, candidates.countyId))
    .where(and(eq(candidates.trackKey, 'brands'), isNotNull(candidates.brandLevel)))
    .orderBy(asc(candidates.id));
}

export type FinalListRow = typeof finalLists.$inferSelect & { roundYear: number | null };

/** A final list's columns and the year of its round, for the public reads. */
const listWithYear = { ...getTableColumns(finalLists), roundYear: roundYearOf(finalLists.roundId).as('round_year') };

/**
 * Published final lists, optionally of one track, of one round's `year`, of the current rounds
 * only (`current: 1`); newest first. Compiled for `reads`.
 */
export const listFinalLists = compiledRead(['track', 'year', 'current'], (db, p) =>
  db
    .select(listWithYear)
    .from(finalLists)
    .where(
      and(
        isNotNull(finalLists.publishedAt),
        eqUnlessNull(finalLists.trackKey, p.track),
        roundFilter(finalLists.roundId, finalLists.trackKey, p),
      ),
    )
    .orderBy(desc(finalLists.publishedAt))
    .prepare(),
);

export function findFinalList(db: Db, slug: string): Promise<typeof finalLists.$inferSelect | undefined> {
  return db
    .select()
    .from(finalLists)
    .where(and(eq(finalLists.slug, slug), isNotNull(finalLists.publishedAt)))
    .get();
}

const publishedSlug = (slug: string) => and(eq(finalLists.slug, slug), isNotNull(finalLists.publishedAt));

/** The published final list with this slug and its track's title (zero or one row), batchable. */
export function finalListBySlug(db: Db, slug: string) {
  return db
    .select({
      slug: finalLists.slug,
      trackKey: finalLists.trackKey,
      title: finalLists.title,
      body: finalLists.body,
      publishedAt: finalLists.publishedAt,
      isDemo: finalLists.isDemo,
      trackTitle: sql<string>`${tracks.title}`.as('track_title'),
      roundYear: roundYearOf(finalLists.roundId).as('round_year'),
    })
    .from(finalLists)
    .innerJoin(tracks, eq(tracks.key, finalLists.trackKey))
    .where(publishedSlug(slug))
    .limit(1);
}

/** The items of the published final list with this slug, by rank, batchable. */
export function finalListItemsBySlug(db: Db, slug: string) {
  return db
    .select({ rank: finalListItems.rank, name: finalListItems.name, county: countyName, note: finalListItems.note })
    .from(finalListItems)
    .innerJoin(finalLists, eq(finalLists.id, finalListItems.listId))
    .leftJoin(counties, eq(counties.id, finalListItems.countyId))
    .where(publishedSlug(slug))
    .orderBy(asc(finalListItems.rank));
}

export function finalListItemsOf(db: Db, listId: number) {
  return db
    .select({ rank: finalListItems.rank, name: finalListItems.name, county: counties.name, note: finalListItems.note })
    .from(finalListItems)
    .leftJoin(counties, eq(counties.id, finalListItems.countyId))
    .where(eq(finalListItems.listId, listId))
    .orderBy(asc(finalListItems.rank));
}
