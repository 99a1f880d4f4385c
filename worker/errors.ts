/**
 * The one place where errors become responses: every failure the API sends is the envelope of
 * docs/api.md, with the status from contracts/errors.ts. Causes of 500s are logged, never sent.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ERRORS, type ErrorBody, type ErrorCode, type ErrorIssue } from '../contracts/errors';

/** A failure with a contract error code; throw it from anywhere in a request. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly options: { issues?: ErrorIssue[]; retryAfter?: number; status?: number; message?: string } = {},
  ) {
    super(code);
  }
}

/** Builds the envelope response for a code. */
export function errorResponse(c: Context, err: ApiError): Response {
  const def = ERRORS[err.code];
  const body: ErrorBody = { error: { code: err.code, message: err.options.message ?? def.message } };
  if (err.options.issues?.length) body.error.issues = err.options.issues;
  const headers: Record<string, string> = { 'Cache-Control': 'no-store' };
  if (err.options.retryAfter !== undefined)
    headers['Retry-After'] = String(Math.max(1, Math.ceil(err.options.retryAfter)));
  return c.json(body, (err.options.status ?? def.status) as 400, headers);
}

/** Hono onError handler: contract errors as they are, framework errors mapped, the rest as 500. */
export function handleError(err: Error, c: Context): Response {
  if (err instanceof ApiError) return errorResponse(c, err);
  if (err instanceof HTTPException) {
    if (err.status === 413)
      return errorResponse(c, new ApiError('invalid_request', { status: 413, message: '请求内容过大。' }));
    // A body that is not declared JSON (the route declarations' media-type check) is a bad request too.
    if (err.status === 415)
      return errorResponse(c, new ApiError('invalid_request', { issues: [{ path: [], message: '请求体应为 JSON' }] }));
    if (err.status === 400) {
      const message = /JSON/i.test(err.message) ? '请求体不是有效的 JSON' : '请求格式不正确';
      return errorResponse(c, new ApiError('invalid_request', { issues: [{ path: [], message }] }));
    }
    if (err.status === 401) return errorResponse(c, new ApiError('unauthenticated'));
    if (err.status === 403) return errorResponse(c, new ApiError('forbidden'));
    if (err.status === 404) return errorResponse(c, new ApiError('not_found'));
  }
  console.error('internal error', c.req.method, c.req.path, err);
  return errorResponse(c, new ApiError('internal'));
}
