/**
 * The admin pages' client of /api/admin/: same-origin fetch with the staff cookie, the session's
 * CSRF token in X-CSRF-Token on every POST, PUT and DELETE, and the error envelope turned into a message
 * plus field issues the forms show inline. Never throws. Only types are imported, so no zod reaches
 * the browser.
 */
import type { ErrorBody, ErrorIssue } from '../../../../contracts/errors';
import type { SecondFactorState, StaffRole } from '../../../../contracts/admin-accounts';

/** The signed-in staff member, as GET/POST /api/admin/session answer. */
export interface AdminAccount {
  id: number;
  username: string;
  displayName: string;
  role: StaffRole;
  countyId: string | null;
  /** A city admin waiting for a second city admin's confirmation: the server refuses its actions. */
  pendingConfirmation?: boolean;
}

/** GET/POST /api/admin/session. */
export interface AdminSession {
  secondFactor: SecondFactorState;
  csrfToken: string;
  account: AdminAccount;
}

/** What went wrong: the API's code and Chinese message, field issues keyed by their first path segment. */
export interface AdminFailure {
  code: string;
  message: string;
  fields: Record<string, string>;
}

export type AdminResult<T> = { ok: true; status: number; data: T } | { ok: false; status: number; error: AdminFailure };

const NETWORK: AdminFailure = { code: 'network', message: '网络连接失败，请检查网络后重试。', fields: {} };
const UNAVAILABLE: AdminFailure = { code: 'internal', message: '服务暂时不可用，请稍后再试。', fields: {} };

/** The CSRF token of the current session; set by every session answer that carries one. */
let csrfToken = '';

/** Remembers the session's CSRF token for the next state-changing call. */
export function setCsrfToken(token: string | undefined) {
  if (token) csrfToken = token;
}

function fieldsOf(issues: ErrorIssue[] | undefined): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const i of issues ?? []) {
    const key = String(i.path[0] ?? '');
    if (!(key in fields)) fields[key] = i.message;
  }
  return fields;
}

/**
 * Calls an admin API route. `T` is the success shape the route declares. A session answer's
 * `csrfToken` is remembered.
 */
export async function adminCall<T>(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<AdminResult<T>> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers,
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  } catch {
    return { ok: false, status: 0, error: NETWORK };
  }
  let json: unknown = null;
  try {
    json = res.status === 204 ? null : await res.json();
  } catch {
    if (res.ok) return { ok: true, status: res.status, data: null as T };
  }
  if (res.ok) {
    const token = (json as { csrfToken?: string } | null)?.csrfToken;
    setCsrfToken(token);
    return { ok: true, status: res.status, data: json as T };
  }
  const envelope = json as Partial<ErrorBody> | null;
  if (!envelope?.error) return { ok: false, status: res.status, error: UNAVAILABLE };
  return {
    ok: false,
    status: res.status,
    error: { code: envelope.error.code, message: envelope.error.message, fields: fieldsOf(envelope.error.issues) },
  };
}

/** A path segment, encoded. */
export const seg = (s: string | number) => encodeURIComponent(String(s));
