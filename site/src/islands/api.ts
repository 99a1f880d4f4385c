/**
 * The vote island's client of the API: one function per operation it calls, typed by the contract
 * schemas those routes declare (contracts/api.ts), so a response shape that changes breaks the
 * type-check here. Only types are imported, so no zod reaches the browser. Never throws: every
 * outcome reaches the citizen as a message.
 */
import type {
  BallotReceipt,
  BallotRequest,
  MyBallot,
  OtpAccepted,
  OtpRequest,
  VoterSessionCurrent,
  VoterSessionRequest,
  VoterSessionStarted,
} from '../../../contracts/api';
import type { ErrorBody, ErrorCode } from '../../../contracts/errors';
import type { ObjectionCreated, ObjectionRequest } from '../../../contracts/objections';

/** What went wrong, as the citizen is told: an API error code, or `network`. */
export interface ApiFailure {
  code: ErrorCode | 'network';
  message: string;
  retryAfter?: number;
}

export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; status: number; error: ApiFailure };

const NETWORK_ERROR: ApiFailure = { code: 'network', message: '网络连接失败，请检查网络后重试。' };
const UNAVAILABLE: ApiFailure = { code: 'internal', message: '服务暂时不可用，请稍后再试。' };

/** The bearer token when the island holds one; otherwise the HttpOnly cookie speaks for the voter. */
type Auth = { token: string | null };
const bearer = ({ token }: Auth): Record<string, string> => (token ? { Authorization: `Bearer ${token}` } : {});

/** POST /api/otp (requestOtp): send an SMS code. */
export const requestCode = (body: OtpRequest) => call<OtpAccepted>('POST', '/api/otp', body);

/** POST /api/voter-session (startVoterSession): trade the code for a session. */
export const startSession = (body: VoterSessionRequest) =>
  call<VoterSessionStarted>('POST', '/api/voter-session', body);

/** GET /api/voter-session (getVoterSession): the session the cookie carries, if any. */
export const currentSession = () => call<VoterSessionCurrent>('GET', '/api/voter-session');

/** POST /api/polls/{slug}/ballots (castBallot); the same Idempotency-Key on a retry returns the same receipt. */
export const castBallot = (slug: string, body: BallotRequest, idempotencyKey: string, auth: Auth) =>
  call<BallotReceipt>('POST', `/api/polls/${encodeURIComponent(slug)}/ballots`, body, {
    'Idempotency-Key': idempotencyKey,
    ...bearer(auth),
  });

/** GET /api/polls/{slug}/my-ballot (getMyBallot): this session's own ballot in the poll (today's in a daily poll). */
export const myBallot = (slug: string, auth: Auth) =>
  call<MyBallot>('GET', `/api/polls/${encodeURIComponent(slug)}/my-ballot`, undefined, bearer(auth));

/** POST /api/notices/{slug}/objections (fileObjection): an objection with the voter session. */
export const fileObjection = (slug: string, body: ObjectionRequest, auth: Auth) =>
  call<ObjectionCreated>('POST', `/api/notices/${encodeURIComponent(slug)}/objections`, body, bearer(auth));

/** `T` is the success schema the route declares for this path; each call above names its own. */
async function call<T>(
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  } catch {
    return { ok: false, status: 0, error: NETWORK_ERROR };
  }
  // Response.json() is untyped: the route's declaration (and its tests) guarantee the shape `T` and the envelope.
  if (res.ok) {
    try {
      const data: T = await res.json();
      return { ok: true, status: res.status, data };
    } catch {
      return { ok: false, status: res.status, error: { ...UNAVAILABLE } };
    }
  }
  let envelope: Partial<ErrorBody> | null = null;
  try {
    envelope = await res.json();
  } catch {
    // A proxy or captive portal page: not an answer of the API.
  }
  const error: ApiFailure = envelope?.error ? { ...envelope.error } : { ...UNAVAILABLE };
  const retry = Number(res.headers.get('Retry-After'));
  if (retry > 0) error.retryAfter = retry;
  return { ok: false, status: res.status, error };
}
