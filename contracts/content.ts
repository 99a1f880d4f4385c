/**
 * Response schemas of the programme-content API: tracks, competitions, recruitment, institutions,
 * counties, brands and published final lists (docs/api.md). Text columns with a closed set of values are
 * enums here, so a response parsed with these schemas is typed without casts.
 */
import { z } from 'zod';
import { PollSummary } from './api';
import { RoundListItem, RoundSummary, RoundYear } from './rounds';
import {
  BrandLevel,
  CANDIDATE_STATUSES,
  CompetitionBoard,
  CountyKind,
  InstitutionType,
  NoticeStatus,
  Prize,
  StageStatus,
  TrackKey,
} from './enums';

const Instant = z.iso.datetime();
const Month = z.number().int().min(1).max(12);

export const Stage = z
  .object({
    key: z.string(),
    title: z.string(),
    rule: z.string(),
    status: StageStatus,
    startsOn: z.string().nullable(),
    endsOn: z.string().nullable(),
  })
  .meta({ id: 'Stage' });

const TrackHead = z.object({
  key: TrackKey,
  title: z.string(),
  summary: z.string(),
  annex: z.number().int().meta({ description: 'annex number in the programme document' }),
  stages: z.array(Stage),
});

export const TrackList = z.object({ tracks: z.array(TrackHead.meta({ id: 'Track' })) });
export type TrackList = z.infer<typeof TrackList>;

const Year = z.number().int().meta({ description: 'the year of its round (年度)' });

export const NoticeSummary = z
  .object({
    slug: z.string(),
    title: z.string(),
    status: NoticeStatus,
    startsOn: z.string(),
    endsOn: z.string(),
    year: Year,
  })
  .meta({ id: 'NoticeSummary' });

export const ListSummary = z
  .object({ slug: z.string(), track: TrackKey, title: z.string(), publishedAt: Instant, year: Year })
  .meta({ id: 'ListSummary' });

export const TrackBody = z.object({
  track: TrackHead.extend({
    polls: z.array(PollSummary).meta({ description: 'the polls of the current round' }),
    notices: z.array(NoticeSummary).meta({ description: 'the notices of the current round' }),
    lists: z.array(ListSummary.omit({ track: true })).meta({ description: 'the final list of the current round' }),
    round: RoundSummary.nullable().meta({ description: 'the current round: the open one, else the newest' }),
    rounds: z.array(RoundListItem).meta({ description: 'every round, newest first' }),
  }).meta({ id: 'TrackDetail' }),
});

/** GET /api/tracks/{track}/rounds/{year}: one round with its stages, polls, notices and final list. */
export const RoundBody = z.object({
  track: z.object({ key: TrackKey, title: z.string() }),
  round: RoundSummary.extend({
    startsOn: z.string().nullable(),
    finishedAt: Instant.nullable(),
    closedAt: Instant.nullable(),
    closedReason: z.string().nullable().meta({ description: 'the public reason, when closed early' }),
  }).meta({ id: 'RoundDetail' }),
  stages: z.array(Stage),
  polls: z.array(PollSummary),
  notices: z.array(NoticeSummary),
  finalList: z
    .object({
      slug: z.string(),
      title: z.string(),
      publishedAt: Instant,
      items: z.array(
        z.object({
          rank: z.number().int(),
          name: z.string(),
          county: z.string().nullable(),
          note: z.string().nullable(),
        }),
      ),
    })
    .nullable(),
  candidates: z
    .array(
      z.object({
        id: z.number().int(),
        name: z.string(),
        county: z.string().nullable(),
        status: z.enum(CANDIDATE_STATUSES),
        otherYears: z
          .array(z.number().int())
          .meta({ description: "years of the track's other rounds with a candidate of the same name, newest first" }),
      }),
    )
    .meta({ description: "the round's public candidates (recommended, shortlisted, finalist, selected)" }),
});
export type RoundBody = z.infer<typeof RoundBody>;

export const RoundParam = z.object({ track: TrackKey, year: RoundYear });
export type TrackBody = z.infer<typeof TrackBody>;

export const CompetitionList = z.object({
  competitions: z.array(
    z.object({
      id: z.number().int(),
      year: z.number().int(),
      seq: z.number().int(),
      name: z.string(),
      board: CompetitionBoard,
      monthFrom: Month.nullable().meta({ description: 'null: to be decided (待定)' }),
      monthTo: Month.nullable(),
      organisers: z.string(),
      venue: z.string().meta({ description: 'county name' }),
    }),
  ),
  awards: z.array(
    z.object({
      prize: Prize,
      title: z.string(),
      placesPerTrade: z.number().int().nullable(),
      amountYuan: z.number().int().nullable(),
      benefit: z.string(),
      sort: z.number().int(),
    }),
  ),
});
export type CompetitionList = z.infer<typeof CompetitionList>;

export const RecruitmentList = z.object({
  events: z.array(
    z.object({
      id: z.number().int(),
      year: z.number().int(),
      seq: z.number().int(),
      name: z.string(),
      period: z.string(),
      monthFrom: Month.nullable(),
      monthTo: Month.nullable(),
      audience: z.string(),
      description: z.string(),
    }),
  ),
});
export type RecruitmentList = z.infer<typeof RecruitmentList>;

export const InstitutionList = z.object({
  institutions: z.array(
    z.object({
      id: z.number().int(),
      name: z.string(),
      county: z.string().nullable(),
      type: InstitutionType.nullable(),
      occupations: z.array(z.string()),
      validFrom: z.string().nullable(),
      validUntil: z.string().nullable(),
      isDemo: z.boolean(),
    }),
  ),
});
export type InstitutionList = z.infer<typeof InstitutionList>;

export const CountyList = z.object({
  counties: z.array(z.object({ id: z.string(), name: z.string(), kind: CountyKind, sort: z.number().int() })),
});
export type CountyList = z.infer<typeof CountyList>;

export const BrandList = z.object({
  brands: z.array(
    z.object({
      id: z.number().int(),
      name: z.string(),
      county: z.string().nullable(),
      level: BrandLevel,
      summary: z.string(),
    }),
  ),
});
export type BrandList = z.infer<typeof BrandList>;

export const FinalListList = z.object({ lists: z.array(ListSummary) });

export const FinalListBody = z.object({
  list: ListSummary.extend({
    body: z.string(),
    isDemo: z.boolean(),
    items: z.array(
      z.object({
        rank: z.number().int(),
        name: z.string(),
        county: z.string().nullable(),
        note: z.string().nullable(),
      }),
    ),
  }).meta({ id: 'FinalList' }),
});
export type FinalListBody = z.infer<typeof FinalListBody>;
