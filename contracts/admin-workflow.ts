/**
 * Request and response schemas of the admin workflow API (/api/admin/tracks, polls, decisions,
 * programme): the routes validate with them, the OpenAPI document is generated from them and the
 * admin pages use their inferred types. Rules that need data (quotas, stages, assignments) are
 * checked by the services; these schemas check shape only.
 */
import { z } from 'zod';
import { ChinaDate, PollSummary, Slug } from './api';
import {
  CANDIDATE_STATUSES,
  CountyKind,
  DECISION_MODES,
  InstitutionType,
  StageKey,
  StageStatus,
  TrackKey,
} from './enums';
import { decimalInt, MAX_ID, publicText } from './input';
import { StaffRole } from './admin-accounts';
import {
  EXPERT_SCORE_RULE,
  isExpertScore,
  POLL_MAX_DAYS,
  POLL_MAX_LEAD_DAYS,
  STAGE_MAX_DEADLINE_DAYS,
} from './workflow';
import { AdminRound } from './rounds';

/** An instant as JSON: ISO-8601 in UTC. */
const Instant = z.iso.datetime();
const Id = z.number().int().positive();
/** A reason the public reads (poll page, notice, directory) or the audit log keeps. */
const Reason = z
  .string()
  .trim()
  .min(1, '请填写理由')
  .max(500, '理由不超过500字')
  .check(publicText({ multiline: true }));

/** A track key; another value is `invalid_request`, as the document's enum says. */
export const AdminTrackParam = z.object({ track: TrackKey });
/** A stage key of any track; one the track lacks is `invalid_request` from the service. */
export const AdminStageParam = AdminTrackParam.extend({ stage: StageKey });
export const IdParam = z.object({ id: decimalInt(1, MAX_ID) });
export const AdminSlugParam = z.object({ slug: Slug });

export const OpenStageRequest = z
  .object({
    deadlineAt: Instant.meta({
      description: `after now, no later than ${STAGE_MAX_DEADLINE_DAYS} days ahead; null: no deadline; absent: the default, the annex's length counted from today (the stage's defaultDeadlineAt)`,
    }).nullish(),
    deadlineWorkingDays: z.number().int().min(1).max(30).nullish(),
    targetCount: z.number().int().min(1).max(100).nullish(),
  })
  .refine((b) => b.deadlineAt == null || b.deadlineWorkingDays == null, {
    message: '截止时间与工作日天数只填一项',
    path: ['deadlineWorkingDays'],
  })
  .meta({ id: 'OpenStageRequest' });
export type OpenStageRequest = z.infer<typeof OpenStageRequest>;

/** A candidate named in a recommendation or application; criteria fields by track (annexes 2-7). */
export const NewCandidate = z
  .object({
    name: z.string().trim().min(1, '请填写名称').max(100).check(publicText()),
    summary: z
      .string()
      .max(2000)
      .check(publicText({ multiline: true }))
      .optional(),
    applicant: z.string().max(200).check(publicText()).nullish(),
    trainedCount: z.number().int().min(0).nullish(),
    employmentRatePct: z.number().min(0).max(100).nullish(),
    cultivatedSince: ChinaDate.nullish(),
    trainingSharePct: z.number().min(0).max(100).nullish(),
    facilities: z
      .string()
      .max(2000)
      .check(publicText({ multiline: true }))
      .nullish(),
    fullTimeTeacherPct: z.number().min(0).max(100).nullish(),
    institutionType: InstitutionType.nullish(),
    occupations: z.array(z.string().trim().min(1).max(50).check(publicText())).max(50).nullish(),
  })
  .meta({ id: 'NewCandidate' });
export type NewCandidate = z.infer<typeof NewCandidate>;

const RecommendationFields = {
  countyId: z.string().min(1).max(40),
  rank: z.number().int().min(1).max(5).optional(),
  note: z
    .string()
    .max(500)
    .check(publicText({ multiline: true }))
    .nullish(),
};

/**
 * An existing candidate (`candidateId`) or a new one (`candidate`), never both: a union of strict
 * objects, `oneOf` in the document. A problem inside the one that fits is reported at its field.
 */
export const RecommendationRequest = z
  .union(
    [
      z.strictObject({ ...RecommendationFields, candidateId: Id }),
      z.strictObject({ ...RecommendationFields, candidate: NewCandidate }),
    ],
    { error: '请选择已有候选项或填写新候选项（二选一）' },
  )
  .meta({ id: 'RecommendationRequest' });

export const ApplicationRequest = z
  .object({ countyId: z.string().min(1).max(40), candidate: NewCandidate })
  .meta({ id: 'ApplicationRequest' });

export const AssignExpertsRequest = z
  .object({ candidateIds: z.array(Id).min(1).max(100), expertIds: z.array(Id).min(1).max(20) })
  .meta({ id: 'AssignExpertsRequest' });

/** A score as typed: a JSON number, never an empty field read as 0. */
export const ExpertScore = z
  .number({
    error: (iss) =>
      iss.input === undefined || iss.input === null || iss.input === '' ? '请填写评分' : EXPERT_SCORE_RULE,
  })
  .refine(isExpertScore, EXPERT_SCORE_RULE)
  .meta({ description: '0-100 with at most two decimals (64.1, 79.45)', example: 64.1 });

export const ScoreRequest = z
  .object({
    score: ExpertScore,
    comment: z
      .string()
      .max(2000)
      .check(publicText({ multiline: true }))
      .nullish(),
  })
  .meta({ id: 'ScoreRequest' });

export const ShortlistRequest = z
  .object({ candidateIds: z.array(Id).min(1).max(100).optional() })
  .meta({ id: 'ShortlistRequest' });

export const WeightsBody = z
  .object({ county: z.number().int(), expert: z.number().int(), vote: z.number().int() })
  .meta({ id: 'Weights', description: 'whole percentages summing to 100' });

export const CreatePollRequest = z
  .object({
    slug: Slug,
    title: z.string().trim().min(1).max(200).check(publicText()),
    description: z
      .string()
      .max(4000)
      .check(publicText({ multiline: true }))
      .optional(),
    opensAt: Instant.meta({ description: `no earlier than now, no later than ${POLL_MAX_LEAD_DAYS} days ahead` }),
    days: z
      .number()
      .int()
      .min(1)
      .max(POLL_MAX_DAYS)
      .optional()
      .meta({ description: 'calendar days of the window; day 1 is the China date of opening' }),
    maxChoices: z.number().int().min(1).max(100).optional(),
    liveCounts: z.boolean(),
    weights: WeightsBody,
  })
  .meta({ id: 'CreatePollRequest' });

export const ClosePollRequest = z.object({ reason: Reason }).meta({ id: 'ClosePollRequest' });
export const ExtendPollRequest = z
  .object({
    lastDay: ChinaDate.meta({
      description: `the new last day (China date), at most day ${POLL_MAX_DAYS} of the window counted from the China date of opening`,
    }),
    reason: Reason,
  })
  .meta({ id: 'ExtendPollRequest' });

export const DecisionRequest = z
  .discriminatedUnion('mode', [
    z.object({ mode: z.literal('top_n'), selectCount: z.number().int().min(1).max(100).optional() }),
    z.object({ mode: z.literal('override'), selected: z.array(Id).min(1).max(100), reason: Reason }),
  ])
  .meta({ id: 'DecisionRequest' });

export const FinalListRequest = z
  .object({
    slug: Slug,
    title: z.string().trim().min(1).max(200).check(publicText()),
    body: z
      .string()
      .max(8000)
      .check(publicText({ multiline: true }))
      .optional(),
    noticeId: Id.nullish(),
    noticeSlug: Slug.nullish().meta({
      description:
        'the 公示 notice the list follows, by slug (instead of noticeId): it must have ended with no objection pending',
    }),
  })
  .meta({ id: 'FinalListRequest' });

export const InstitutionDecisionRequest = z
  .object({
    approve: z.boolean(),
    reason: z
      .string()
      .max(500)
      .check(publicText({ multiline: true }))
      .nullish(),
  })
  .meta({ id: 'InstitutionDecisionRequest' });
export const RenewRequest = z
  .object({
    reason: z
      .string()
      .max(500)
      .check(publicText({ multiline: true }))
      .nullish(),
  })
  .meta({ id: 'RenewRequest' });
export const RevokeRequest = z.object({ reason: Reason }).meta({ id: 'RevokeRequest' });

const Month = z.number().int().min(1).max(12).nullable();

export const CompetitionScheduleRequest = z
  .object({
    monthFrom: Month,
    monthTo: Month,
    name: z.string().trim().min(1).max(200).check(publicText()).optional(),
    organisers: z.string().max(500).check(publicText()).optional(),
    venueCountyId: z.string().min(1).max(40).optional(),
  })
  .meta({ id: 'CompetitionScheduleRequest', description: 'both months null: 待定' });

export const WinnersRequest = z
  .object({
    trade: z.string().trim().min(1).max(50).check(publicText()),
    winners: z
      .array(
        z.object({
          prize: z.enum(['first', 'second', 'third']),
          place: z.number().int().min(1).max(3),
          winnerName: z.string().max(50).check(publicText()),
          organisation: z.string().max(200).check(publicText()).nullish(),
        }),
      )
      .max(6),
  })
  .meta({ id: 'WinnersRequest' });

export const RecruitmentScheduleRequest = z
  .object({ period: z.string().max(100).check(publicText()), monthFrom: Month, monthTo: Month })
  .meta({ id: 'RecruitmentScheduleRequest' });

const Count = z.number().int().min(0).nullish();
export const RecruitmentOutcomeRequest = z
  .object({
    heldOn: ChinaDate,
    employers: Count,
    positions: Count,
    attendees: Count,
    agreements: Count,
    outcome: z
      .string()
      .max(2000)
      .check(publicText({ multiline: true }))
      .nullish(),
  })
  .meta({ id: 'RecruitmentOutcomeRequest' });

/** What every state-changing admin route answers: the audit entry it wrote. */
export const ChangeResult = z
  .object({ ok: z.literal(true), action: z.string(), entityType: z.string(), entityId: z.string() })
  .meta({ id: 'ChangeResult' });
export type ChangeResult = z.infer<typeof ChangeResult>;

const Quota = z.object({ min: z.number().int(), max: z.number().int(), aim: z.number().int().optional() });

export const AdminStage = z.object({
  key: z.string(),
  seq: z.number().int(),
  title: z.string(),
  rule: z.string(),
  status: StageStatus,
  deadlineAt: Instant.nullable(),
  defaultDeadlineAt: Instant.nullable().optional().meta({
    description:
      "a pending stage: the deadline it gets if opened now without one (its annex's length from today); the open form pre-fills it",
  }),
  targetCount: z.number().int().nullable(),
  openedAt: Instant.nullable(),
  closedAt: Instant.nullable(),
});

export const AdminCandidate = z.object({
  id: z.number().int(),
  name: z.string(),
  countyId: z.string().nullable(),
  county: z.string().nullable(),
  status: z.enum(CANDIDATE_STATUSES),
  summary: z.string(),
  isDemo: z.boolean(),
  recommendations: z.array(z.object({ id: z.number().int(), countyId: z.string(), rank: z.number().int() })),
  /** Assigned experts and submitted scores; an expert sees only their own. */
  reviews: z.array(
    z.object({
      expertId: z.number().int(),
      expert: z.string(),
      score: z.number().nullable(),
      comment: z.string().nullable(),
      submittedAt: Instant.nullable(),
    }),
  ),
  /** Mean of the submitted scores (null before any, and for experts and county officers). */
  expertScore: z.number().nullable(),
  /** Directory entries (institutions): validity and revocation; null elsewhere. */
  validFrom: ChinaDate.nullable(),
  validUntil: ChinaDate.nullable(),
  revokedAt: Instant.nullable(),
  revokedReason: z.string().nullable(),
});

export const AdminTrackBody = z
  .object({
    track: z.object({ key: TrackKey, title: z.string() }),
    stages: z.array(AdminStage),
    candidates: z.array(AdminCandidate),
    recommendationProgress: z.array(
      z.object({
        countyId: z.string(),
        name: z.string(),
        kind: CountyKind,
        count: z.number().int(),
        quota: Quota.nullable(),
        state: z.enum(['missing', 'below_aim', 'ok', 'full', 'direct', 'not_applicable']),
      }),
    ),
    /** The track's polls, read from D1 at once (the public lists may be served from the edge cache). */
    polls: z.array(PollSummary.extend({ windowChangeReason: z.string().nullable() })),
    /** The staff member's role, so a page can hide what the server would refuse. */
    viewer: z.object({ role: StaffRole, countyId: z.string().nullable() }),
    /** What a final list published now would follow, or why 公示 stops it (the final-list form mirrors this). */
    publicity: z.object({
      /** Whether the programme asks for 公示 on this track (bases, brands). */
      required: z.boolean(),
      /** The fewest working days a notice must run to count (null: any period). */
      workingDays: z.number().int().nullable(),
      /**
       * The notice the list would follow: where 公示 is required, the one the server follows when none is
       * named; elsewhere the latest ended notice, which the admin may choose.
       */
      notice: z.object({ slug: z.string(), title: z.string(), endsOn: ChinaDate }).nullable(),
      /** Why a final list cannot be published now because of 公示 (null: nothing about 公示 stops it). */
      blocked: z.string().nullable(),
    }),
    /** The current round (the open one, else the newest), which every write on the track acts on. */
    round: AdminRound.nullable(),
    /** Every round of the track, newest first; the earlier ones are read-only. */
    rounds: z.array(AdminRound.extend({ finalList: z.object({ slug: z.string(), title: z.string() }).nullable() })),
  })
  .meta({ id: 'AdminTrack' });
export type AdminTrackBody = z.infer<typeof AdminTrackBody>;

const DecisionRowBody = z.object({
  candidateId: z.number().int(),
  name: z.string(),
  countyScore: z.number(),
  expertScore: z.number().nullable(),
  voteScore: z.number(),
  votes: z.number().int().nullable(),
  total: z.number(),
  rank: z.number().int(),
  tied: z.boolean(),
});

export const DecisionBody = z
  .object({
    trackKey: TrackKey,
    pollSlug: z.string().nullable(),
    weights: WeightsBody,
    selectCount: z.number().int().nullable(),
    rows: z.array(DecisionRowBody),
    missingExpert: z.array(z.number().int()),
    confirmed: z
      .object({
        mode: z.enum(DECISION_MODES),
        overrideReason: z.string().nullable(),
        selectCount: z.number().int(),
        decidedAt: Instant,
        weights: WeightsBody,
        items: z.array(
          DecisionRowBody.omit({ tied: true }).extend({
            tied: z.boolean(),
            selected: z.boolean(),
            countyId: z.string().nullable(),
            county: z.string().nullable(),
          }),
        ),
      })
      .nullable(),
  })
  .meta({ id: 'Decision' });
export type DecisionBody = z.infer<typeof DecisionBody>;
