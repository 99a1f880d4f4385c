/**
 * The one client of the API for every island, the citizens' and the staff pages'. `api` is typed by
 * hono/client's `hc` over the type of the /api app (worker/routes/api.ts, imported as a type only, so
 * no Worker code and no zod reaches the browser): each call's path, parameters, headers, body and
 * success answer are the ones its route declares, so a renamed field breaks the type-check here, not
 * a form at run time. `send` turns a call into a result the islands show: the data of a 2xx answer,
 * or the error envelope as a message with its field issues. Never throws.
 *
 *     const r = await send(api.otp.$post({ json: { phone, captcha } }));
 *     if (r.ok) r.data.resendIn; else r.error.message;
 */
import type { ClientResponse, hc } from 'hono/client';
import type { SuccessStatusCode } from 'hono/utils/http-status';
import type { ErrorBody, ErrorCode, ErrorIssue } from '../../../contracts/errors';
import type { AppType } from '../../../worker/routes/api';

/** The routes under /api as hc types them. */
type Api = ReturnType<typeof hc<AppType>>['api'];

/** What a citizen is told when something went wrong: an API error code, or `network`, and its message. */
export interface Refusal {
  code: ErrorCode | 'network';
  message: string;
  /** Seconds, from a 429's Retry-After. */
  retryAfter?: number;
}

/**
 * A refusal of the API, with its issues keyed by the first segment of their path (the forms show them
 * inline) and, for a nested issue, also by its full path joined with dots (`candidate.trainingShare`),
 * so a form can place it at the nested field. The first issue of a key wins.
 */
export interface ApiFailure extends Refusal {
  fields: Record<string, string>;
}

export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; status: number; error: ApiFailure };

/** The body of the 2xx answers a call's route declares; `null` for one without a body (204). */
export type Data<R> =
  R extends ClientResponse<infer T, infer S, infer F>
    ? S extends SuccessStatusCode
      ? F extends 'json'
        ? T
        : null
      : never
    : never;

/** The 2xx body of a call of `api`: `DataOf<typeof api.admin.session.$get>`. */
export type DataOf<F extends (...args: any[]) => Call> = Data<Awaited<ReturnType<F>>>;

/** Any call of `api`. */
export type Call = Promise<ClientResponse<unknown, number, any>>;

const NETWORK: ApiFailure = { code: 'network', message: '网络连接失败，请检查网络后重试。', fields: {} };
const UNAVAILABLE: ApiFailure = { code: 'internal', message: '服务暂时不可用，请稍后再试。', fields: {} };

/** The staff session's CSRF token, remembered from every answer that carries one. */
let csrfToken = '';

/** Remembers the staff session's CSRF token for the next state-changing call. */
export function setCsrfToken(token: string | undefined) {
  if (token) csrfToken = token;
}

/** The options of a call (hc's second argument) that the islands use. */
interface CallOptions {
  headers?: Record<string, string>;
}

/** The arguments of a call (hc's first argument) that the islands use. */
interface CallArgs {
  param?: Record<string, string | number>;
  query?: Record<string, string | number | undefined>;
  header?: Record<string, string>;
  json?: unknown;
}

type Fetcher = (url: string, init: RequestInit) => Promise<Response>;

/**
 * A client of the API under /api, typed by hc (hono/client) from the route declarations. The calls
 * are made by the few lines below instead of hc's own runtime, which weighs about 1.5 KB (gzip) more on
 * every citizen page (the poll page's budget is 15 KB) for features no island uses (forms, cookies, WebSockets, `$url`): `$get`, `$post`,
 * `$put` and `$delete` with `param` (encoded), `query`, `header` and `json`, and `headers` in the
 * options. A staff page's POST, PUT and DELETE carry the session's CSRF token (X-CSRF-Token); a
 * citizen's page never has one. tests/worker/islands-client.test.ts runs these calls against the app.
 */
export function client(fetcher: Fetcher): Api {
  const at = (path: string[]): any =>
    new Proxy(() => {}, {
      get: (_, key) => (typeof key === 'string' && key !== 'then' ? at([...path, key]) : undefined),
      apply: (_, __, [args = {}, options = {}]: [CallArgs?, CallOptions?]) => {
        const method = path[path.length - 1].slice(1).toUpperCase();
        let url = path
          .slice(0, -1)
          .map((s) => (s[0] === ':' ? encodeURIComponent(args.param![s.slice(1)]) : s))
          .join('/');
        const query = new URLSearchParams();
        for (const [k, v] of Object.entries(args.query ?? {})) if (v !== undefined) query.set(k, String(v));
        if (`${query}`) url += `?${query}`;
        const headers: Record<string, string> = { ...args.header, ...options.headers };
        if (args.json !== undefined) headers['Content-Type'] = 'application/json';
        if (csrfToken && method !== 'GET') headers['X-CSRF-Token'] = csrfToken;
        const body = args.json === undefined ? undefined : JSON.stringify(args.json);
        return fetcher(`/${url}`, { method, headers, body, credentials: 'same-origin' });
      },
    });
  return at(['api']);
}

/** Every route under /api: `api.polls[':slug'].ballots.$post({ param, json, header }, { headers })`. */
export const api = client((url, init) => fetch(url, init));

/** Awaits a call of `api`: its 2xx data, or what went wrong. */
export async function send<R extends Call>(call: R): Promise<ApiResult<Data<Awaited<R>>>> {
  let res: Awaited<Call>;
  try {
    res = await call;
  } catch {
    return { ok: false, status: 0, error: NETWORK };
  }
  let json: any;
  try {
    json = res.status === 204 ? null : await res.json();
  } catch {
    // An empty or non-JSON body: a 2xx of the API always has JSON, so this is a proxy or captive portal.
    return { ok: false, status: res.status, error: UNAVAILABLE };
  }
  if (res.ok) {
    setCsrfToken(json?.csrfToken);
    // The route's declaration (and its tests) guarantee the shape; Response.json() cannot know it.
    return { ok: true, status: res.status, data: json };
  }
  const envelope: Partial<ErrorBody> | null = json;
  if (!envelope?.error) return { ok: false, status: res.status, error: UNAVAILABLE };
  const { code, message, issues } = envelope.error;
  const error: ApiFailure = { code, message, fields: fieldsOf(issues) };
  const retry = Number(res.headers.get('Retry-After'));
  if (retry > 0) error.retryAfter = retry;
  return { ok: false, status: res.status, error };
}

function fieldsOf(issues: ErrorIssue[] | undefined): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const i of issues ?? []) {
    const keys = [String(i.path[0] ?? '')];
    if (i.path.length > 1) keys.push(i.path.join('.'));
    for (const key of keys) if (!(key in fields)) fields[key] = i.message;
  }
  return fields;
}

/** The Authorization header of a voter session's bearer token; none when the HttpOnly cookie speaks for the voter. */
export const bearer = (token: string | null): Record<string, string> =>
  token ? { Authorization: `Bearer ${token}` } : {};
