/**
 * Every /api route, mounted in one place, and the OpenAPI 3.1 document generated from their
 * declarations (GET /api/openapi.json, `npm run openapi` for `dist/openapi.json`). Nothing in the
 * document is written by hand except the texts below.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { adminBallots } from './admin/ballots';
import { adminCalendar } from './admin/calendar';
import { adminNotices } from './admin/notices';
import { adminObjections } from './admin/objections';
import { adminAccounts } from './admin/accounts';
import { adminAudit } from './admin/audit';
import { adminDashboard } from './admin/dashboard';
import { adminSession } from './admin/session';
import { adminDecisions } from './admin/decisions';
import { adminPolls } from './admin/polls';
import { adminProgramme } from './admin/programme';
import { adminTracks } from './admin/tracks';
import { ballots, receipts } from './ballots';
import { bench } from './bench';
import { calendar } from './calendar';
import {
  brandsApi,
  competitionsApi,
  countiesApi,
  institutionsApi,
  listsApi,
  recruitmentApi,
  tracksApi,
} from './content';
import { ERRORS, errorBody } from '../../contracts/errors';
import { bodyTooLarge } from '../../contracts/messages';
import { json, PUBLIC, router, SECURITY_SCHEMES } from './declare';
import { dev } from './dev';
import { docsPage } from './docs-page';
import { health } from './health';
import { notices } from './notices';
import { noticeObjections, objectionStatus } from './objections';
import { oembed } from './oembed';
import { polls } from './polls';
import { transparency } from './transparency';
import { otp, voterSession } from './verification';
import { wechat } from './wechat';

const DOCUMENT: Parameters<OpenAPIHono['getOpenAPI31Document']>[0] = {
  openapi: '3.1.0',
  info: {
    title: '临汾技工 · 六个十 public API',
    version: '1',
    description:
      'Public voting and announcement API. Times are ISO-8601 UTC instants; China dates are YYYY-MM-DD. Every error is `{"error":{"code","message","issues"?}}` with a Chinese message; any operation may also answer 500 `internal`, and a known path with the wrong method 405 `method_not_allowed`. A path ending in `/` answers 308 to the same path without it (query kept), before any operation sees it.',
  },
  servers: [{ url: '/', description: 'The deployment serving this document' }],
  tags: [
    { name: 'health', description: 'Liveness' },
    { name: 'polls', description: 'Polls, their finalists and results' },
    { name: 'verification', description: 'SMS codes and voter sessions' },
    { name: 'voting', description: 'Ballots and receipts' },
    { name: 'transparency', description: 'The public ballot record: checkpoints and the recountable export' },
    { name: 'notices', description: '公示 notices' },
    { name: 'calendar', description: 'The working-day calendar' },
    { name: 'content', description: 'Tracks, competitions, recruitment, directories and final lists' },
    { name: 'development', description: 'Development and benchmark helpers, off in production' },
    {
      name: 'media',
      description: 'Embedding and sharing: oEmbed for poll and notice addresses, the WeChat share card',
    },
    { name: 'documentation', description: 'This document' },
    { name: 'admin-session', description: 'Staff sign-in: password, second factor, session, own password' },
    { name: 'admin-accounts', description: 'Staff accounts (city admins)' },
    { name: 'admin-audit', description: 'The audit log (city admins and auditors)' },
    { name: 'admin-dashboard', description: 'Where each track stands, SMS use and budget' },
    { name: 'admin-workflow', description: 'Admin: stages, recommendations, reviews, polls, decisions, final lists' },
    { name: 'admin-ballots', description: 'Review of quarantined ballots (two-person void)' },
    { name: 'admin-notices', description: 'Admin: 公示 notices, objections and the yearly holiday calendar' },
  ],
};

const getDocument = createRoute({
  method: 'get',
  path: '/openapi.json',
  operationId: 'getOpenApiDocument',
  tags: ['documentation'],
  summary: 'This API as OpenAPI 3.1',
  security: PUBLIC,
  responses: { 200: json(z.looseObject({ openapi: z.string() }), 'The OpenAPI document') },
});

const getDocs = createRoute({
  method: 'get',
  path: '/docs',
  operationId: 'getApiDocs',
  tags: ['documentation'],
  summary: 'This API as a readable page',
  security: PUBLIC,
  responses: { 200: { description: 'An HTML page', content: { 'text/html': { schema: z.string() } } } },
});

/** The /api sub-app: every resource router under `/api`, plus the document and its page. */
export function buildApi() {
  const api = router()
    .basePath('/api')
    .route('/health', health)
    .route('/polls', polls)
    .route('/polls', ballots)
    .route('/polls', transparency)
    .route('/receipts', receipts)
    .route('/otp', otp)
    .route('/voter-session', voterSession)
    .route('/dev', dev)
    .route('/bench', bench)
    .route('/notices', notices)
    .route('/notices', noticeObjections)
    .route('/objections', objectionStatus)
    .route('/admin', adminNotices)
    .route('/admin', adminObjections)
    .route('/admin', adminCalendar)
    .route('/calendar', calendar)
    .route('/tracks', tracksApi)
    .route('/competitions', competitionsApi)
    .route('/recruitment', recruitmentApi)
    .route('/institutions', institutionsApi)
    .route('/counties', countiesApi)
    .route('/brands', brandsApi)
    .route('/lists', listsApi)
    .route('/admin', adminSession)
    .route('/admin/accounts', adminAccounts)
    .route('/admin', adminAudit)
    .route('/admin', adminDashboard)
    .route('/admin', adminTracks)
    .route('/admin', adminPolls)
    .route('/admin', adminDecisions)
    .route('/admin', adminProgramme)
    .route('/admin/ballots', adminBallots)
    .route('/oembed', oembed)
    .route('/wechat', wechat);
  for (const [name, scheme] of Object.entries(SECURITY_SCHEMES))
    api.openAPIRegistry.registerComponent('securitySchemes', name, scheme);
  registerMethodNotAllowed(api);
  registerPayloadTooLarge(api);

  let document: ReturnType<typeof api.getOpenAPI31Document> | undefined;
  const generated = () => (document ??= generate(api));
  return api
    .openapi(getDocument, (c) =>
      c.json(generated(), 200, { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'public, max-age=300' }),
    )
    .openapi(getDocs, (c) => c.html(docsPage(generated()), 200));
}

/**
 * The type of the /api app: every route's path, parameters, body and answers as declared. The islands'
 * client (site/src/islands/api.ts, hono/client) imports it as a type only, the one import of worker/
 * that site/ may make (eslint.config.js).
 */
export type AppType = ReturnType<typeof buildApi>;

/** The generated OpenAPI document, without serving anything (scripts/openapi.ts, tests). */
export function apiDocument() {
  return generate(buildApi());
}

type Api = ReturnType<typeof router>;

const METHOD_NOT_ALLOWED = '#/components/responses/MethodNotAllowed';
const PAYLOAD_TOO_LARGE = '#/components/responses/PayloadTooLarge';

/**
 * The document of `api`. Every union in contracts/ is exclusive (z.union of strict objects, a
 * discriminated union, or disjoint types), so unions are `oneOf`; and every operation refers to
 * the one 405 response, and every operation with a method that carries a body to the one 413.
 */
function generate(api: Api) {
  const document = api.getOpenAPI31Document(DOCUMENT, { unionPreferredType: 'oneOf' });
  for (const item of Object.values(document.paths ?? {})) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const operation = item[method];
      if (!operation) continue;
      const tooLarge = method === 'get' ? {} : { 413: { $ref: PAYLOAD_TOO_LARGE } };
      operation.responses = { ...operation.responses, ...tooLarge, 405: { $ref: METHOD_NOT_ALLOWED } };
    }
  }
  return document;
}

/**
 * The 405 every /api path gives for a method it does not serve (worker/app.ts), documented once as
 * a response component with its `Allow` header; `generate` refers every operation to it.
 */
function registerMethodNotAllowed(api: Api) {
  api.openAPIRegistry.register('MethodNotAllowedError', errorBody(['method_not_allowed']));
  api.openAPIRegistry.registerComponent('responses', 'MethodNotAllowed', {
    description: `\`method_not_allowed\`: ${ERRORS.method_not_allowed.message} The path exists; \`Allow\` lists its methods.`,
    headers: {
      Allow: { description: 'The methods the path serves, e.g. `GET, POST`.', schema: { type: 'string' } },
    },
    content: { 'application/json': { schema: { $ref: '#/components/schemas/MethodNotAllowedError' } } },
  });
}

/**
 * The 413 of the body limit on every /api path (worker/app.ts), which applies before routing, with or
 * without a declared body: documented once; `generate` refers every POST, PUT, PATCH and DELETE to it.
 */
function registerPayloadTooLarge(api: Api) {
  api.openAPIRegistry.register('PayloadTooLargeError', errorBody(['invalid_request']));
  api.openAPIRegistry.registerComponent('responses', 'PayloadTooLarge', {
    description: `\`invalid_request\`: ${bodyTooLarge} The body is over the 16 KiB limit of every /api path.`,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/PayloadTooLargeError' } } },
  });
}
