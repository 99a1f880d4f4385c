/**
 * Closed value sets. Each tuple is the one list of its values: the zod schemas of the API, the
 * enumerated columns of db/schema.ts (so rows come back typed) and the UI labels all use it.
 */
import { z } from 'zod';

/** Track keys of the six tracks, in the order of the programme document. */
export const TRACK_KEYS = ['trades', 'brands', 'institutions', 'competitions', 'recruitment', 'bases'] as const;
export const TrackKey = z.enum(TRACK_KEYS);
export type TrackKey = z.infer<typeof TrackKey>;

export const PollStatus = z.enum(['scheduled', 'open', 'closed', 'published']);
export type PollStatus = z.infer<typeof PollStatus>;

export const NoticeStatus = z.enum(['scheduled', 'open', 'ended', 'withdrawn']);
export type NoticeStatus = z.infer<typeof NoticeStatus>;

export const BALLOT_STATUSES = ['counted', 'quarantined', 'void'] as const;
export const BallotStatus = z.enum(BALLOT_STATUSES);
export type BallotStatus = z.infer<typeof BallotStatus>;

/** `once`: one ballot per phone for the whole poll; `daily`: one per phone per China date. */
export const BALLOT_MODES = ['once', 'daily'] as const;
export const BallotMode = z.enum(BALLOT_MODES);
export type BallotMode = z.infer<typeof BallotMode>;

export const OBJECTION_STATUSES = ['received', 'under_review', 'upheld', 'dismissed'] as const;
export const ObjectionStatus = z.enum(OBJECTION_STATUSES);
export type ObjectionStatus = z.infer<typeof ObjectionStatus>;

/** Keys of the tracks' stages (db/seed/programme.ts), across all tracks; each track has some of them. */
export const STAGE_KEYS = [
  'cultivate',
  'promote',
  'schedule',
  'apply',
  'recommend',
  'review',
  'vote',
  'publicity',
  'decide',
  'publish',
  'name',
  'hold',
  'award',
  'evaluate',
] as const;
export const StageKey = z.enum(STAGE_KEYS);
export type StageKey = z.infer<typeof StageKey>;

export const STAGE_STATUSES = ['pending', 'active', 'done', 'skipped'] as const;
export const StageStatus = z.enum(STAGE_STATUSES);
export type StageStatus = z.infer<typeof StageStatus>;

/** A round (年度评选) of a track: open (the current work), finished (its final list or last stage is out), closed early. */
export const ROUND_STATUSES = ['open', 'finished', 'closed'] as const;
export const RoundStatus = z.enum(ROUND_STATUSES);
export type RoundStatus = z.infer<typeof RoundStatus>;

export const CANDIDATE_STATUSES = [
  'applied',
  'recommended',
  'shortlisted',
  'finalist',
  'selected',
  'rejected',
  'withdrawn',
] as const;
export type CandidateStatus = (typeof CANDIDATE_STATUSES)[number];

export const BRAND_LEVELS = ['provincial', 'city', 'creating'] as const;
export const BrandLevel = z.enum(BRAND_LEVELS);
export type BrandLevel = z.infer<typeof BrandLevel>;

export const INSTITUTION_TYPES = ['technical_school', 'enterprise', 'social_organisation'] as const;
export const InstitutionType = z.enum(INSTITUTION_TYPES);
export type InstitutionType = z.infer<typeof InstitutionType>;

export const COUNTY_KINDS = ['plain', 'mountain', 'city'] as const;
export const CountyKind = z.enum(COUNTY_KINDS);
export type CountyKind = z.infer<typeof CountyKind>;

/** The four staff roles; every other list of roles derives from this one. */
export const ROLES = ['city_admin', 'county_officer', 'expert', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** The three boards of the competitions (annex 5), plus general. */
export const BOARDS = ['poverty', 'brand', 'high_skill', 'general'] as const;
export const CompetitionBoard = z.enum(BOARDS);
export type Board = z.infer<typeof CompetitionBoard>;
export type CompetitionBoard = Board;

export const PRIZES = ['first', 'second', 'third', 'organisation'] as const;
export const Prize = z.enum(PRIZES);
export type Prize = z.infer<typeof Prize>;

/** A dated exception to the Monday-Friday week: a statutory holiday or a make-up working day. */
export const CALENDAR_DAY_KINDS = ['holiday', 'workday'] as const;
export type CalendarDayKind = (typeof CALENDAR_DAY_KINDS)[number];

export const CALENDAR_YEAR_STATUSES = ['entered', 'confirmed'] as const;

/** How a track's decision picked its list: the top N by weighted score, or an override with a written reason. */
export const DECISION_MODES = ['top_n', 'override'] as const;

export const OTP_CLOSED_REASONS = ['used', 'superseded', 'attempts'] as const;
