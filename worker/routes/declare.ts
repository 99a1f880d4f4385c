/**
 * What every /api route is declared with (docs/architecture.md, "Route declarations"): a router whose
 * validation failures become `invalid_request`, response helpers that pair a status with its zod
 * schema, and the security requirements. The OpenAPI document is generated from these declarations.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { ZodType } from 'zod';
import { ERRORS, errorBody, type ErrorCode } from '../../contracts/errors';
import type { AppEnv } from '../context';
import { invalidRequest } from '../middleware/validate';

/** A sub-app for one resource; `.openapi(route, handler)` both serves and documents a route. */
export const router = () => new OpenAPIHono<AppEnv>({ defaultHook: invalidRequest });

/** A JSON response (or request body content) with its schema. */
export function json<T extends ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

/** A required JSON request body: without `required`, a request lacking Content-Type would skip validation. */
export function jsonBody<T extends ZodType>(schema: T) {
  return { required: true, content: { 'application/json': { schema } } };
}

type ErrorResponse = ReturnType<typeof json<ReturnType<typeof errorBody>>>;
type StatusOf<C extends ErrorCode> = (typeof ERRORS)[C]['status'];

/**
 * The error responses a route can give: one per status, its envelope restricted to the given codes
 * of that status, so the document says exactly which codes a 404 or a 409 may carry.
 */
export function errors<C extends ErrorCode>(...codes: C[]): { [S in StatusOf<C>]: ErrorResponse } {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) byStatus.set(ERRORS[code].status, [...(byStatus.get(ERRORS[code].status) ?? []), code]);
  const entries = [...byStatus].map(([status, cs]) => [status, json(errorBody(cs), describe(cs))]);
  // Object.fromEntries cannot type its keys; they are exactly the statuses of `codes`.
  return Object.fromEntries(entries) as { [S in StatusOf<C>]: ErrorResponse };
}

const describe = (codes: ErrorCode[]) => codes.map((c) => `\`${c}\`: ${ERRORS[c].message}`).join(' ');

/** An operation's `security`: alternatives, each naming the schemes it needs. */
type Security = Record<string, string[]>[];

/** `security` of a route anyone may call. */
export const PUBLIC: Security = [];

/** `security` of a route that needs a voter session (worker/middleware/voter.ts): bearer token or cookie. */
export const VOTER: Security = [{ voterBearer: [] }, { voterCookie: [] }];

/** `security` of a route that reads a voter session if there is one and answers without one too. */
export const VOTER_OPTIONAL: Security = [{}, ...VOTER];

/** `security` of an admin route (worker/routes/admin/): the staff session cookie (declare it with `...access(roles)` from worker/routes/admin/access.ts). */
export const STAFF: Security = [{ staffCookie: [] }];

/** The security schemes `VOTER` and `STAFF` name, registered once in the document (worker/routes/api.ts). */
export const SECURITY_SCHEMES = {
  voterBearer: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'The `token` from POST /api/voter-session.',
  },
  voterCookie: {
    type: 'apiKey',
    in: 'cookie',
    name: 'lf_voter',
    description: 'The HttpOnly cookie POST /api/voter-session sets.',
  },
  staffCookie: {
    type: 'apiKey',
    in: 'cookie',
    name: '__Host-lf_staff',
    description:
      "The HttpOnly staff session cookie POST /api/admin/session sets. POST, PUT, PATCH and DELETE also need our own Origin and the session's `csrfToken` in the `X-CSRF-Token` header.",
  },
} as const;
