import { z } from 'zod';

/** Track keys of the six tracks, in the order of the programme document. */
export const TRACK_KEYS = ['trades', 'brands', 'institutions', 'competitions', 'recruitment', 'bases'] as const;
export const TrackKey = z.enum(TRACK_KEYS);
export type TrackKey = z.infer<typeof TrackKey>;

export const PollStatus = z.enum(['scheduled', 'open', 'closed', 'published']);
export type PollStatus = z.infer<typeof PollStatus>;

export const NoticeStatus = z.enum(['scheduled', 'open', 'ended', 'withdrawn']);
export type NoticeStatus = z.infer<typeof NoticeStatus>;

export const BallotStatus = z.enum(['counted', 'quarantined', 'void']);
export type BallotStatus = z.infer<typeof BallotStatus>;

export const ObjectionStatus = z.enum(['received', 'under_review', 'upheld', 'dismissed']);
export type ObjectionStatus = z.infer<typeof ObjectionStatus>;

export const BallotMode = z.enum(['once', 'daily']);
export type BallotMode = z.infer<typeof BallotMode>;

export const StageStatus = z.enum(['pending', 'active', 'done', 'skipped']);
export type StageStatus = z.infer<typeof StageStatus>;

export const CountyKind = z.enum(['plain', 'mountain', 'city']);
export type CountyKind = z.infer<typeof CountyKind>;

export const CompetitionBoard = z.enum(['poverty', 'brand', 'high_skill', 'general']);
export type CompetitionBoard = z.infer<typeof CompetitionBoard>;

export const Prize = z.enum(['first', 'second', 'third', 'organisation']);
export type Prize = z.infer<typeof Prize>;

export const BrandLevel = z.enum(['provincial', 'city', 'creating']);
export type BrandLevel = z.infer<typeof BrandLevel>;

export const InstitutionType = z.enum(['technical_school', 'enterprise', 'social_organisation']);
export type InstitutionType = z.infer<typeof InstitutionType>;
