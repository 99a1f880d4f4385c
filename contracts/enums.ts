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
