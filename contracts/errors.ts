/**
 * The closed list of API error codes (docs/api.md), their HTTP status and the Chinese message shown to
 * people (worded in contracts/messages.ts). The one place where a code maps to a status.
 */
import { z } from 'zod';
import * as msg from './messages';

export const ERRORS = {
  invalid_request: { status: 400, message: msg.invalidRequest },
  invalid_phone: { status: 400, message: msg.invalidPhone },
  captcha_failed: { status: 400, message: msg.captchaFailed },
  invalid_code: { status: 401, message: msg.invalidCode },
  invalid_credentials: { status: 401, message: msg.invalidCredentials },
  unauthenticated: { status: 401, message: msg.unauthenticated },
  forbidden: { status: 403, message: msg.forbidden },
  not_found: { status: 404, message: msg.notFound },
  method_not_allowed: { status: 405, message: msg.methodNotAllowed },
  already_voted: { status: 409, message: msg.alreadyVoted },
  poll_not_open: { status: 409, message: msg.pollNotOpen },
  notice_closed: { status: 409, message: msg.noticeClosed },
  calendar_missing: { status: 409, message: msg.calendarMissing },
  embargoed: { status: 409, message: msg.embargoed },
  stage_not_open: { status: 409, message: msg.stageNotOpen },
  deadline_passed: { status: 409, message: msg.deadlinePassed },
  quota_exceeded: { status: 409, message: msg.quotaExceeded },
  conflict: { status: 409, message: msg.conflict },
  round_open: { status: 409, message: msg.roundOpen },
  round_closed: { status: 409, message: msg.roundClosed },
  invalid_choices: { status: 422, message: msg.invalidChoices },
  idempotency_mismatch: { status: 422, message: msg.idempotencyMismatch },
  rate_limited: { status: 429, message: msg.rateLimited },
  internal: { status: 500, message: msg.internal },
  not_implemented: { status: 501, message: msg.notImplemented },
  upstream_failed: { status: 502, message: msg.upstreamFailed },
  not_configured: { status: 503, message: msg.notConfigured },
} as const;

export type ErrorCode = keyof typeof ERRORS;

// Object.keys loses the key type; ERRORS is a closed `as const` object, so the keys are exactly ErrorCode.
const CODES = Object.keys(ERRORS) as ErrorCode[];

/** One field-level problem, as returned in `error.issues`. */
export const ErrorIssue = z
  .object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() })
  .meta({ id: 'ErrorIssue' });
export type ErrorIssue = z.infer<typeof ErrorIssue>;

/**
 * The error envelope restricted to `codes` (every code when none are given), so a route's documented
 * 404 says exactly which codes it can carry.
 */
export function errorBody(codes: readonly ErrorCode[] = CODES) {
  return z.object({
    error: z.object({
      code: z.enum(codes),
      message: z.string().meta({ description: 'Chinese, for people' }),
      issues: z.array(ErrorIssue).optional(),
    }),
  });
}

/** The error envelope every failing API response carries. */
export const ErrorBody = errorBody().meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof ErrorBody>;
