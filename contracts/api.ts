/**
 * Request schemas and response types of the public API (API.md). The worker validates with these
 * schemas and the islands build requests against them, so both sides agree by construction.
 */
import { z } from 'zod';
import { isCalendarDate } from './china-time';
import type { BallotStatus, NoticeStatus, PollStatus, TrackKey } from './enums';

export const Slug = z
  .string()
  .max(64)
  .regex(/^[a-z0-9][a-z0-9-]*$/, '只能包含小写字母、数字和连字符');
export const SlugParam = z.object({ slug: Slug });

export const ChinaDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期格式应为 YYYY-MM-DD', abort: true })
  .refine(isCalendarDate, '日期不存在');

export const OtpRequest = z.object({
  phone: z.string().min(1).max(32),
  captcha: z.string().max(4096).optional(),
});
export type OtpRequest = z.infer<typeof OtpRequest>;

export const VoterSessionRequest = z.object({
  phone: z.string().min(1).max(32),
  code: z.string().regex(/^\d{6}$/, '验证码为 6 位数字'),
});
export type VoterSessionRequest = z.infer<typeof VoterSessionRequest>;

/** Shape only; count, distinctness and membership are checked against the poll (invalid_choices). */
export const BallotRequest = z.object({
  choices: z.array(z.number().int().positive()).max(100),
});
export type BallotRequest = z.infer<typeof BallotRequest>;

export const IdempotencyKey = z
  .string()
  .min(8)
  .max(128)
  .regex(/^[A-Za-z0-9_.:-]+$/);

export const ReceiptParam = z.object({
  receipt: z.string().regex(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/, '回执码格式不正确'),
});

export const DevSmsQuery = z.object({ phone: z.string().min(1).max(32) });

export const PeriodQuery = z.object({
  start: ChinaDate,
  workingDays: z.coerce.number().int().min(1).max(30),
});

export interface PollSummary {
  slug: string;
  title: string;
  track: TrackKey;
  status: PollStatus;
  opensAt: string;
  closesAt: string;
  maxChoices: number;
  liveCounts: boolean;
}

export interface Candidate {
  id: number;
  name: string;
  county: string | null;
  summary: string;
}

export interface PollDetail extends PollSummary {
  description: string;
  ballotMode: 'once' | 'daily';
  windowChangeReason: string | null;
  weights: { county: number; expert: number; vote: number };
  isDemo: boolean;
  candidates: Candidate[];
}

export interface ResultsBody {
  poll: { slug: string; title: string; status: PollStatus; closesAt: string };
  asOf: string;
  totalBallots: number | null;
  results: { candidateId: number; name: string; county: string | null; votes: number; rank: number }[] | null;
}

export interface BallotReceipt {
  receipt: string;
  choices: number[];
  castAt: string;
}

export interface ReceiptBody {
  poll: string;
  choices: number[];
  castAt: string;
  status: BallotStatus;
}

export interface NoticeItem {
  id: number;
  name: string;
  county: string | null;
  score: number | null;
  note: string | null;
}

export interface Notice {
  slug: string;
  title: string;
  track: TrackKey;
  status: NoticeStatus;
  publishedOn: string;
  startsOn: string;
  endsOn: string;
  workingDays: number;
  body: string;
  isDemo: boolean;
  items: NoticeItem[];
  contact: { name: string; phone: string; address: string };
}
