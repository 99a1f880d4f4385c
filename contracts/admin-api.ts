/**
 * Request and response schemas of the admin API's sign-in, accounts, audit and dashboard routes
 * (docs/admin.md). The worker declares its routes with them and the admin pages use their types.
 */
import { z } from 'zod';
import { isCalendarDate } from './china-time';
import { StageStatus, TrackKey } from './enums';
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

/** The six tracks and where each stands, and today's SMS use. */
export const Dashboard = z
  .object({
    tracks: z.array(
      z.object({
        key: TrackKey,
        title: z.string(),
        stages: z.array(z.object({ key: z.string(), title: z.string(), status: StageStatus })),
      }),
    ),
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
