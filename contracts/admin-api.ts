/**
 * Request and response schemas of the admin API's sign-in, accounts, audit and dashboard routes
 * (docs/admin.md). The worker declares its routes with them and the admin pages use their types.
 */
import { z } from 'zod';
import { isCalendarDate } from './china-time';
import { RoundStatus, StageStatus, TrackKey } from './enums';
import { decimalInt, MAX_ID, publicText } from './input';
import { RecoveryCode, SecondFactorState, StaffRole, TotpCode } from './admin-accounts';

const Instant = z.iso.datetime();

/**
 * A city admin made (or raised) in the admin area waits for a second city admin, other than the one
 * who made it, to confirm it; until then it may only read its own session and change its own password.
 */
const PendingConfirmation = z
  .boolean()
  .meta({ description: 'A city admin still waiting for a second city admin to confirm it (docs/admin.md).' });

/** Username and password, the first step of sign-in. */
export const SignInRequest = z
  .strictObject({
    username: z.string().min(1, '请输入用户名。').max(64),
    password: z.string().min(1, '请输入密码。').max(256),
  })
  .meta({ id: 'SignInRequest' });

/** Who is signed in, as the admin pages show it. */
export const StaffAccountSummary = z
  .object({
    id: z.number().int().meta({ description: 'the account id (as in proposals: `proposedBy`)' }),
    username: z.string(),
    displayName: z.string(),
    role: StaffRole,
    countyId: z.string().nullable(),
    pendingConfirmation: PendingConfirmation,
  })
  .meta({ id: 'StaffAccountSummary' });

/**
 * The current session: what the second step still needs, the CSRF token the page sends back in
 * `X-CSRF-Token` on every POST, PUT, PATCH and DELETE, and the account.
 */
export const StaffSessionState = z
  .object({ secondFactor: SecondFactorState, csrfToken: z.string(), account: StaffAccountSummary })
  .meta({ id: 'StaffSessionState' });
export type StaffSessionState = z.infer<typeof StaffSessionState>;

/** A new authenticator secret: the otpauth URI, its QR code as SVG, and the secret for typing by hand. */
export const TotpEnrolment = z
  .object({ uri: z.string(), qrSvg: z.string(), secret: z.string() })
  .meta({ id: 'TotpEnrolment' });

/** A TOTP code from the authenticator app. */
export const TotpCodeRequest = z.strictObject({ code: TotpCode }).meta({ id: 'TotpCodeRequest' });

/** The second step: a TOTP code, or one of the recovery codes instead. */
export const SecondFactorRequest = z
  .union([z.strictObject({ code: TotpCode }), z.strictObject({ recoveryCode: RecoveryCode })])
  .meta({ id: 'SecondFactorRequest' });

/** The second factor is done: the session has a new token (cookie) and so a new CSRF token. */
export const SecondFactorDone = z
  .object({ secondFactor: z.literal('done'), csrfToken: z.string() })
  .meta({ id: 'SecondFactorDone' });

/** Enrolment done: as SecondFactorDone, plus the ten recovery codes, shown this once. */
export const TotpEnrolled = z
  .object({ secondFactor: z.literal('done'), csrfToken: z.string(), recoveryCodes: z.array(z.string()) })
  .meta({ id: 'TotpEnrolled' });

/** A staff member changes their own password. */
export const PasswordChangeRequest = z
  .strictObject({ currentPassword: z.string().min(1).max(256), newPassword: z.string().min(1).max(256) })
  .meta({ id: 'PasswordChangeRequest' });

/** A staff account as the account list shows it (never hashes or secrets). */
export const StaffAccount = z
  .object({
    id: z.number().int(),
    username: z.string(),
    displayName: z.string(),
    role: StaffRole,
    countyId: z.string().nullable(),
    disabled: z.boolean(),
    totpEnrolled: z.boolean(),
    lockedUntil: Instant.nullable().meta({
      description:
        'Until when sign-in under this username is locked from some network (wrong passwords or codes from there); null when no network is locked. A city admin can lift it (`POST …/unlock`).',
    }),
    pendingConfirmation: PendingConfirmation,
  })
  .meta({ id: 'StaffAccount' });
export type StaffAccount = z.infer<typeof StaffAccount>;

export const StaffAccountList = z.object({ accounts: z.array(StaffAccount) }).meta({ id: 'StaffAccountList' });
export const StaffAccountBody = z.object({ account: StaffAccount }).meta({ id: 'StaffAccountBody' });

/** A new account; the fields' rules are `newAccountProblems` (contracts/admin-accounts.ts), checked by the service. */
export const NewAccountRequest = z
  .strictObject({
    username: z.string().max(64),
    displayName: z.string().max(100).check(publicText()),
    role: StaffRole,
    countyId: z.string().max(64).nullable().optional(),
    password: z.string().max(256),
  })
  .meta({ id: 'NewAccountRequest' });

/** Why staff change something (an account, the SMS budget); kept in the audit log. */
const Reason = z
  .string()
  .trim()
  .min(1, '请填写原因。')
  .max(500)
  .check(publicText({ multiline: true }));

/** Why an account is changed; kept in the audit log. */
export const ReasonRequest = z
  .strictObject({
    reason: Reason,
  })
  .meta({ id: 'ReasonRequest' });

/** A city admin sets another account's password. */
export const ResetPasswordRequest = z
  .strictObject({ password: z.string().max(256) })
  .meta({ id: 'ResetPasswordRequest' });

/** A city admin changes another account's role; a county officer needs `countyId`, other roles none. */
export const RoleChangeRequest = z
  .strictObject({
    role: StaffRole,
    countyId: z.string().max(64).nullable().optional(),
    reason: z.string().trim().min(1, '请填写原因。').max(500),
  })
  .meta({ id: 'RoleChangeRequest' });

/** The path parameter of one account. */
export const AccountIdParam = z.object({
  id: decimalInt(1, MAX_ID).meta({ param: { name: 'id', in: 'path' }, example: 1 }),
});

/** A China date (`YYYY-MM-DD`, the whole day) or an ISO-8601 instant. */
const DayOrInstant = z
  .string()
  .refine((s) => isCalendarDate(s) || z.iso.datetime({ offset: true }).safeParse(s).success, '请输入日期或时间。');

/** Filters of the audit log; entries come newest first, `before` (an entry id) pages back. */
export const AuditQuery = z.object({
  action: z.string().max(64).optional(),
  entityType: z.string().max(64).optional(),
  actorId: decimalInt(1, MAX_ID).optional(),
  from: DayOrInstant.optional().meta({ description: 'From this China date (its 00:00) or instant, inclusive.' }),
  to: DayOrInstant.optional().meta({ description: 'Through this China date (all of it), or before this instant.' }),
  limit: decimalInt(1, 500).default(100),
  before: decimalInt(1, MAX_ID).optional().meta({ description: 'Entries with a smaller id.' }),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

/** One audit entry; `before` and `after` are the JSON the change recorded. */
export const AuditEntry = z
  .object({
    id: z.number().int(),
    at: Instant,
    actorId: z.number().int().nullable(),
    actorLabel: z.string(),
    actorRole: StaffRole.nullable(),
    network: z.string().nullable(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string(),
    before: z.unknown(),
    after: z.unknown(),
    reason: z.string().nullable(),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof AuditEntry>;

/** A page of the audit log; `nextBefore` asks for the next (older) page, null at the end. */
export const AuditPage = z
  .object({ entries: z.array(AuditEntry), nextBefore: z.number().int().nullable() })
  .meta({ id: 'AuditPage' });
export type AuditPage = z.infer<typeof AuditPage>;

/** The day's SMS use against its budget (China day). */
export const SmsUsage = z
  .object({ day: z.string(), used: z.number().int(), budget: z.number().int() })
  .meta({ id: 'SmsUsage' });

/** Working days left before a deadline, today included (null: no deadline, or its holidays not entered). */
const WorkingDaysLeft = z.number().int().min(0).nullable();

/** Something that waits for staff on a track, and the page where it is handled. */
export const DashboardTodo = z
  .object({
    kind: z.enum(['objections', 'quarantine', 'void_proposals', 'release_proposals', 'scoring', 'recommendations']),
    label: z.string().meta({ description: 'what waits, in one line (待处理异议 3 件)' }),
    count: z.int().min(0),
    total: z.int().min(0).optional().meta({ description: 'scoring: assignments; recommendations: counties' }),
    href: z.string().meta({ description: 'the admin page where it is handled' }),
  })
  .meta({ id: 'DashboardTodo' });

/** A chart drawn by the server: its numbers and the SVG markup (escaped) of them. */
const DashboardChart = z.object({
  bars: z.array(z.object({ label: z.string(), value: z.int().min(0) })),
  svg: z.string(),
});

/** A poll open now: its ballots so far, its turnout per hour and per day, its quarantine rate. */
export const DashboardPoll = z
  .object({
    slug: z.string(),
    title: z.string(),
    opensAt: Instant,
    closesAt: Instant,
    ballots: z.int().min(0).meta({ description: 'ballots cast so far, every status' }),
    counted: z.int().min(0),
    quarantined: z.int().min(0).meta({ description: 'held now, waiting for review' }),
    voided: z.int().min(0),
    held: z.int().min(0).meta({ description: 'ballots the detection rules ever held, released or not' }),
    quarantineRate: z.number().min(0).max(1).meta({ description: 'held / ballots (0 before any ballot)' }),
    hourly: DashboardChart.meta({ description: 'ballots per hour, the last 72 hours (China time)' }),
    daily: DashboardChart.meta({ description: 'ballots per China day, from opening to closing' }),
  })
  .meta({ id: 'DashboardPoll' });

/** A track on the dashboard: its current round and stage, what waits for staff, its running poll. */
export const DashboardTrack = z
  .object({
    key: TrackKey,
    title: z.string(),
    round: z.object({ year: z.int(), title: z.string(), status: RoundStatus }).nullable(),
    stages: z.array(
      z.object({ key: z.string(), title: z.string(), status: StageStatus, deadlineAt: Instant.nullable() }),
    ),
    stage: z
      .object({
        key: z.string(),
        title: z.string(),
        deadlineAt: Instant.nullable(),
        workingDaysLeft: WorkingDaysLeft,
      })
      .nullable()
      .meta({ description: 'the stage running now' }),
    next: z.string().meta({ description: '下一步：…' }),
    todo: z.array(DashboardTodo).meta({ description: 'city admins and auditors only; empty for other roles' }),
    poll: DashboardPoll.nullable().meta({ description: 'city admins and auditors only' }),
  })
  .meta({ id: 'DashboardTrack' });

/** A county officer's open task: a stage running on a track that takes their county's submissions. */
export const DashboardCountyTask = z
  .object({
    track: TrackKey,
    trackTitle: z.string(),
    stage: z.string(),
    stageTitle: z.string(),
    deadlineAt: Instant.nullable(),
    workingDaysLeft: WorkingDaysLeft,
    recommended: z.int().min(0).meta({ description: "the county's recommendations in the round" }),
    quota: z.object({ min: z.int(), max: z.int(), aim: z.int().optional() }).nullable(),
    href: z.string(),
  })
  .meta({ id: 'DashboardCountyTask' });

/** A candidate assigned to an expert, scored or not. */
export const DashboardAssignment = z
  .object({
    track: TrackKey,
    trackTitle: z.string(),
    candidateId: z.int(),
    name: z.string(),
    county: z.string().nullable(),
    score: z.number().nullable(),
    deadlineAt: Instant.nullable().meta({ description: "the running review stage's deadline" }),
    workingDaysLeft: WorkingDaysLeft,
    href: z.string(),
  })
  .meta({ id: 'DashboardAssignment' });

/**
 * The dashboard (工作台), by role: every track's current round and stage with its deadline; for
 * city admins and auditors what waits and the running polls; a county officer's open tasks; an
 * expert's assignments; today's SMS use.
 */
export const Dashboard = z
  .object({
    tracks: z.array(DashboardTrack),
    county: z
      .object({ id: z.string(), name: z.string(), tasks: z.array(DashboardCountyTask) })
      .nullable()
      .meta({ description: 'county officers only' }),
    expert: z
      .object({ assignments: z.array(DashboardAssignment), missing: z.int().min(0) })
      .nullable()
      .meta({ description: 'experts only' }),
    sms: SmsUsage,
  })
  .meta({ id: 'Dashboard' });
export type Dashboard = z.infer<typeof Dashboard>;

/** A city admin sets today's SMS budget. */
export const SmsBudgetRequest = z
  .strictObject({
    budget: z.number().int().min(1).max(10_000_000),
    reason: Reason,
  })
  .meta({ id: 'SmsBudgetRequest' });
