/**
 * Response schemas of the programme-content API: tracks, competitions, recruitment, institutions,
 * counties, brands and published final lists (docs/api.md). Text columns with a closed set of values are
 * enums here, so a response parsed with these schemas is typed without casts.
 */
import { z } from 'zod';
import { PollSummary } from './api';
import {
  BrandLevel,
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

export const NoticeSummary = z
  .object({ slug: z.string(), title: z.string(), status: NoticeStatus, startsOn: z.string(), endsOn: z.string() })
  .meta({ id: 'NoticeSummary' });

export const ListSummary = z
  .object({ slug: z.string(), track: TrackKey, title: z.string(), publishedAt: Instant })
  .meta({ id: 'ListSummary' });

export const TrackBody = z.object({
  track: TrackHead.extend({
    polls: z.array(PollSummary),
    notices: z.array(NoticeSummary),
    lists: z.array(ListSummary.omit({ track: true })),
  }).meta({ id: 'TrackDetail' }),
});
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
