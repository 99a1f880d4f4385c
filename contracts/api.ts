/**
 * Request and response schemas of the public API (docs/api.md). The worker declares its routes with these
 * schemas (validation and the OpenAPI document come from them), the tests parse real responses with
 * them, and the islands use their inferred types, so every side agrees by construction.
 * `.meta({ id })` names a schema in the OpenAPI document's components.
 */
import { z } from 'zod';
import { BallotMode, BallotStatus, NoticeStatus, PollStatus, TrackKey } from './enums';
import { decimalInt } from './input';

export const Slug = z
  .string()
  .min(1, '请填写网址标识')
  .max(64)
  .regex(/^[a-z0-9][a-z0-9-]*$/, '网址标识只能包含小写字母、数字和横线（-），并以字母或数字开头');
export const SlugParam = z.object({ slug: Slug });

const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A China date, `YYYY-MM-DD`, that exists (no 2026-02-30): `format: date` in the document, which
 * zod checks as a calendar date (as `isCalendarDate` does). The one schema for every date the API
 * accepts or answers. Years before 1000 are refused: no date here is that old, and `Date.UTC`
 * reads a year below 100 as 19xx.
 */
export const ChinaDate = z.iso
  .date({
    error: (iss) =>
      typeof iss.input === 'string' && DATE_SHAPE.test(iss.input) ? '日期不存在' : '日期格式应为 YYYY-MM-DD',
    abort: true,
  })
  .regex(/^[1-9]/, '日期不存在')
  // The year check replaces the format zod-to-openapi reads; say it again.
  .meta({ format: 'date' });

/** An instant as JSON: ISO-8601 in UTC. */
const Instant = z.iso.datetime();

/** A phone as typed; any string that is not a mainland mobile number is `invalid_phone`, not a shape error. */
const PhoneInput = z.string().max(32);

export const OtpRequest = z.object({
  phone: PhoneInput,
  captcha: z.string().max(4096).optional(),
  challenge: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .meta({ description: "on a resend, this client's earlier challenge: its code is invalidated. Nobody else's is" }),
});
export type OtpRequest = z.infer<typeof OtpRequest>;

export const VoterSessionRequest = z.object({
  phone: PhoneInput,
  code: z.string().regex(/^\d{6}$/, '验证码为 6 位数字'),
  challenge: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .meta({ description: 'from POST /api/otp; may come from its HttpOnly cookie lf_otp instead' }),
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

/** Optional on a ballot: a retry with the same key returns the first receipt. */
export const IdempotencyHeader = z.object({ 'Idempotency-Key': IdempotencyKey.optional() });

export const ReceiptCode = z.string().regex(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/, '回执码格式不正确');
export const ReceiptParam = z.object({ receipt: ReceiptCode });

export const DevSmsQuery = z.object({ phone: z.string().min(1).max(32) });

export const PeriodQuery = z.object({
  start: ChinaDate,
  workingDays: decimalInt(1, 30),
});

export const PollSummary = z
  .object({
    slug: z.string(),
    title: z.string(),
    track: TrackKey,
    status: PollStatus,
    opensAt: Instant,
    closesAt: Instant,
    maxChoices: z.number().int(),
    liveCounts: z.boolean(),
    year: z.number().int().meta({ description: 'the year of its round (年度)' }),
  })
  .meta({ id: 'PollSummary' });
export type PollSummary = z.infer<typeof PollSummary>;

export const Candidate = z
  .object({ id: z.number().int(), name: z.string(), county: z.string().nullable(), summary: z.string() })
  .meta({ id: 'Candidate' });
export type Candidate = z.infer<typeof Candidate>;

export const PollDetail = PollSummary.extend({
  description: z.string(),
  ballotMode: BallotMode,
  windowChangeReason: z.string().nullable(),
  weights: z.object({ county: z.number(), expert: z.number(), vote: z.number() }),
  isDemo: z.boolean(),
  candidates: z.array(Candidate),
}).meta({ id: 'PollDetail' });
export type PollDetail = z.infer<typeof PollDetail>;

/** The poll as the poll page hands it to its vote island: finalists by id and name only. */
export type VotePagePoll = Omit<PollDetail, 'candidates'> & { candidates: { id: number; name: string }[] };

/**
 * The poll for the vote island's data block. The page already shows each finalist's county and
 * summary; the island needs only the names (for the receipt), so the block stays small.
 */
export function votePagePoll(poll: PollDetail): VotePagePoll {
  return { ...poll, candidates: poll.candidates.map(({ id, name }) => ({ id, name })) };
}

export const PollList = z.object({ polls: z.array(PollSummary) });

/** The optional `year` of the public lists (GET /api/polls, /api/notices, /api/lists): one round's year. */
export const YearQuery = z.object({ year: decimalInt(2000, 2100).optional() });
export const PollBody = z.object({ poll: PollDetail });

/** Counts are null while the embargo holds. Ranks are competition ranks (1, 2, 2, 4). */
export const ResultsBody = z
  .object({
    poll: z.object({ slug: z.string(), title: z.string(), status: PollStatus, closesAt: Instant }),
    asOf: Instant,
    totalBallots: z.number().int().nullable(),
    quarantinedBallots: z.number().int().nullable().optional().meta({
      description:
        'ballots held out of the count by a detection rule, pending staff review (extension; null under embargo). totalBallots and results count only counted ballots',
    }),
    results: z
      .array(
        z.object({
          candidateId: z.number().int(),
          name: z.string(),
          county: z.string().nullable(),
          votes: z.number().int(),
          rank: z.number().int(),
        }),
      )
      .nullable(),
  })
  .meta({ id: 'Results' });
export type ResultsBody = z.infer<typeof ResultsBody>;

export const BallotReceipt = z
  .object({ receipt: ReceiptCode, choices: z.array(z.number().int()), castAt: Instant })
  .meta({ id: 'BallotReceipt' });
export type BallotReceipt = z.infer<typeof BallotReceipt>;

/**
 * GET /api/polls/:slug/my-ballot: the ballot the voter session's own phone cast in this poll (today's
 * in a `daily` poll), or null; never anyone else's.
 */
export const MyBallot = z.object({ ballot: BallotReceipt.nullable() }).meta({ id: 'MyBallot' });
export type MyBallot = z.infer<typeof MyBallot>;

/** What anyone holding a receipt code may see: never the phone. */
export const ReceiptBody = z
  .object({
    poll: z.string(),
    choices: z.array(z.number().int()),
    castAt: Instant,
    status: BallotStatus,
    receiptHash: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional()
      .meta({
        description: "this ballot's receipt_hash in the public record (ballots.csv, checkpoints); extension",
      }),
    sealedBy: z
      .object({ seq: z.number().int(), hash: z.string(), sealedAt: Instant })
      .nullable()
      .optional()
      .meta({ description: 'the checkpoint that sealed this ballot, null until one has (extension)' }),
  })
  .meta({ id: 'Receipt' });
export type ReceiptBody = z.infer<typeof ReceiptBody>;

export const OtpAccepted = z.object({
  expiresIn: z.number().int().meta({ description: 'seconds the code stays valid' }),
  resendIn: z.number().int().meta({ description: 'seconds before a new code may be requested' }),
  challenge: z.string().meta({
    description:
      'opaque; binds the code to this client. Send it back to POST /api/voter-session (it is also set as the HttpOnly cookie lf_otp)',
  }),
});
export type OtpAccepted = z.infer<typeof OtpAccepted>;

export const VoterSessionStarted = z.object({
  expiresAt: Instant,
  token: z.string().meta({ description: 'the session as a bearer token, for clients without cookies' }),
  phone: z.string().meta({ description: 'the masked phone, 138****1234' }),
});
export type VoterSessionStarted = z.infer<typeof VoterSessionStarted>;

export const VoterSessionInfo = VoterSessionStarted.omit({ token: true });
export type VoterSessionInfo = z.infer<typeof VoterSessionInfo>;

/** GET /api/voter-session: the session the request carries, or null when there is none (not an error). */
export const VoterSessionCurrent = z.object({ session: VoterSessionInfo.nullable() });
export type VoterSessionCurrent = z.infer<typeof VoterSessionCurrent>;

export const NoticeItem = z
  .object({
    id: z.number().int(),
    name: z.string(),
    county: z.string().nullable(),
    score: z.number().nullable(),
    note: z.string().nullable(),
  })
  .meta({ id: 'NoticeItem' });
export type NoticeItem = z.infer<typeof NoticeItem>;

export const Notice = z
  .object({
    slug: z.string(),
    title: z.string(),
    track: TrackKey,
    status: NoticeStatus,
    publishedOn: ChinaDate,
    startsOn: ChinaDate,
    endsOn: ChinaDate,
    workingDays: z.number().int(),
    body: z.string(),
    isDemo: z.boolean(),
    items: z.array(NoticeItem),
    contact: z.object({ name: z.string(), phone: z.string(), address: z.string() }),
    postmarkRule: z.string().meta({ description: 'the rule for objections by letter' }),
    withdrawnReason: z.string().nullable().meta({ description: 'the public reason, when withdrawn' }),
    replaces: z.string().nullable().meta({ description: 'slug of the notice this one re-publishes' }),
    replacedBy: z.string().nullable().meta({ description: 'slug of the notice that re-published this one' }),
    year: z.number().int().meta({ description: 'the year of its round (年度)' }),
  })
  .meta({ id: 'Notice' });
export type Notice = z.infer<typeof Notice>;

export const NoticeList = z.object({ notices: z.array(Notice) });
export const NoticeBody = z.object({ notice: Notice });

/** A publicity period by the working-day rule: its first and last working day and every one between. */
export const WorkingPeriod = z.object({ startsOn: ChinaDate, endsOn: ChinaDate, days: z.array(ChinaDate) });

export const DevSmsList = z.object({ messages: z.array(z.object({ code: z.string(), sentAt: Instant })) });

export const Ok = z.object({ ok: z.literal(true) });
