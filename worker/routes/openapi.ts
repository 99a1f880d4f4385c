/**
 * The public API documented as OpenAPI 3.1 (GET /api/openapi.json) and as a readable page
 * (GET /api/docs). Request bodies come from the same zod schemas the routes validate with.
 */
import { Hono } from 'hono';
import { html } from 'hono/html';
import { z, type ZodType } from 'zod';
import { BallotRequest, OtpRequest, VoterSessionRequest } from '../../contracts/api';
import { ERRORS } from '../../contracts/errors';
import type { AppEnv } from '../context';

const schema = (s: ZodType) => {
  const { $schema: _, ...rest } = z.toJSONSchema(s) as Record<string, unknown>;
  return rest;
};
const json = (description: string, s?: object) => ({
  description,
  content: { 'application/json': { schema: s ?? { type: 'object' } } },
});
const errorRef = { $ref: '#/components/schemas/Error' };
const errors = (...codes: (keyof typeof ERRORS)[]) =>
  Object.fromEntries(
    [...new Set(codes.map((c) => ERRORS[c].status))].map((status) => [
      String(status),
      json(codes.filter((c) => ERRORS[c].status === status).join(' / '), errorRef),
    ]),
  );
const slug = { name: 'slug', in: 'path', required: true, schema: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' } };

interface Op {
  summary: string;
  parameters?: object[];
  requestBody?: object;
  responses: Record<string, object>;
  security?: object[];
}
const get = (summary: string, ok: string, extra: Partial<Op> = {}): { get: Op } => ({
  get: {
    summary,
    ...extra,
    responses: { '200': json(ok), ...errors('invalid_request', 'not_found'), ...(extra.responses ?? {}) },
  },
});

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: '临汾技工 · 六个十 public API',
    version: '1',
    description:
      'Public voting and announcement API. Times are ISO-8601 UTC instants; China dates are YYYY-MM-DD. Every error is {"error":{"code","message","issues?"}}.',
  },
  servers: [{ url: '/' }],
  components: {
    schemas: {
      Error: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['code', 'message'],
            properties: {
              code: { type: 'string', enum: Object.keys(ERRORS) },
              message: { type: 'string', description: 'Chinese, for people' },
              issues: {
                type: 'array',
                items: { type: 'object', properties: { path: { type: 'array' }, message: { type: 'string' } } },
              },
            },
          },
        },
      },
    },
    securitySchemes: {
      voterCookie: { type: 'apiKey', in: 'cookie', name: 'lf_voter' },
      voterBearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
    },
  },
  paths: {
    '/api/health': get('Liveness', '{"ok":true}'),
    '/api/polls': get('All polls with their status (scheduled, open, closed, published)', '{"polls":[…]}'),
    '/api/polls/{slug}': get('A poll with its finalists (never counts)', '{"poll":{…,"candidates":[…]}}', {
      parameters: [slug],
    }),
    '/api/polls/{slug}/results': get(
      'Results; totalBallots and results are null while the embargo holds. CORS *, short s-maxage.',
      '{"poll","asOf","totalBallots","results"}',
      { parameters: [slug] },
    ),
    '/api/polls/{slug}/ballots': {
      post: {
        summary: 'Cast a ballot with a voter session; Idempotency-Key retries return the same receipt',
        parameters: [
          slug,
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            schema: { type: 'string', minLength: 8, maxLength: 128 },
          },
        ],
        security: [{ voterCookie: [] }, { voterBearer: [] }],
        requestBody: { required: true, content: { 'application/json': { schema: schema(BallotRequest) } } },
        responses: {
          '201': json('{"receipt","choices","castAt"}'),
          ...errors(
            'invalid_request',
            'unauthenticated',
            'not_found',
            'already_voted',
            'poll_not_open',
            'invalid_choices',
          ),
        },
      },
    },
    '/api/otp': {
      post: {
        summary: 'Send a 6-digit SMS code (captcha token required when a captcha provider is on)',
        requestBody: { required: true, content: { 'application/json': { schema: schema(OtpRequest) } } },
        responses: {
          '202': json('{"expiresIn":300,"resendIn":60}'),
          ...errors('invalid_request', 'invalid_phone', 'captcha_failed', 'rate_limited'),
        },
      },
    },
    '/api/voter-session': {
      post: {
        summary: 'Verify the code; sets the HttpOnly session cookie and returns the same token for Bearer use',
        requestBody: { required: true, content: { 'application/json': { schema: schema(VoterSessionRequest) } } },
        responses: {
          '200': json('{"expiresAt","token","phone"}'),
          ...errors('invalid_request', 'invalid_phone', 'invalid_code'),
        },
      },
      get: {
        summary: 'The current voter session (masked phone and expiry)',
        security: [{ voterCookie: [] }, { voterBearer: [] }],
        responses: { '200': json('{"expiresAt","phone"}'), ...errors('unauthenticated') },
      },
    },
    '/api/receipts/{receipt}': get(
      'What a ballot chose and whether it is counted',
      '{"poll","choices","castAt","status"}',
      {
        parameters: [
          {
            name: 'receipt',
            in: 'path',
            required: true,
            schema: { type: 'string', pattern: '^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$' },
          },
        ],
      },
    ),
    '/api/notices': get('公示 notices', '{"notices":[…]}'),
    '/api/notices/{slug}': get('One notice with items and contact', '{"notice":{…}}', { parameters: [slug] }),
    '/api/calendar/period': get('A publicity period by the working-day rule', '{"startsOn","endsOn","days"}', {
      parameters: [
        { name: 'start', in: 'query', required: true, schema: { type: 'string', format: 'date' } },
        { name: 'workingDays', in: 'query', required: true, schema: { type: 'integer', minimum: 1, maximum: 30 } },
      ],
      responses: errors('calendar_missing'),
    }),
    '/api/tracks': get('The six tracks with their stages', '{"tracks":[…]}'),
    '/api/tracks/{track}': get('One track with its polls, notices and published lists', '{"track":{…}}', {
      parameters: [{ name: 'track', in: 'path', required: true, schema: { type: 'string' } }],
    }),
    '/api/competitions': get('The ten competitions and the prize rules', '{"competitions":[…],"awards":[…]}'),
    '/api/recruitment': get('The ten recruitment events', '{"events":[…]}'),
    '/api/institutions': get('The appraisal institutions directory', '{"institutions":[…]}'),
    '/api/counties': get('Counties (plain, mountain, 市直)', '{"counties":[…]}'),
    '/api/brands': get('Labour brands named or in creation', '{"brands":[…]}'),
    '/api/lists': get('Published final lists', '{"lists":[…]}'),
    '/api/lists/{slug}': get('One published final list', '{"list":{…}}', { parameters: [slug] }),
    '/api/dev/sms': get(
      'Development only: codes the console SMS provider recorded; 404 with a real provider',
      '{"messages":[…]}',
      {
        parameters: [{ name: 'phone', in: 'query', required: true, schema: { type: 'string' } }],
      },
    ),
  },
} as const;

export const openapi = new Hono<AppEnv>()
  .get('/openapi.json', (c) =>
    c.json(openApiDocument, 200, { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'public, max-age=300' }),
  )
  .get('/docs', (c) => {
    const rows = Object.entries(openApiDocument.paths).flatMap(([path, ops]) =>
      Object.entries(ops as Record<string, Op>).map(
        ([method, op]) =>
          html`<tr>
            <td><code>${method.toUpperCase()}</code></td>
            <td><code>${path}</code></td>
            <td>${op.summary}</td>
            <td>${Object.keys(op.responses).join(', ')}</td>
          </tr>`,
      ),
    );
    return c.html(
      html`<!doctype html>
        <html lang="zh-CN">
          <head>
            <meta charset="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1" />
            <title>API · 临汾技工 · 六个十</title>
            <style>
              body {
                font:
                  15px/1.6 system-ui,
                  sans-serif;
                max-width: 1100px;
                margin: 0 auto;
                padding: 16px;
              }
              table {
                border-collapse: collapse;
                width: 100%;
              }
              td,
              th {
                border-bottom: 1px solid #ddd;
                padding: 6px;
                text-align: left;
                vertical-align: top;
              }
            </style>
          </head>
          <body>
            <h1>临汾技工 · 六个十 — public API v1</h1>
            <p>
              ${openApiDocument.info.description} Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a>.
            </p>
            <h2>Error codes</h2>
            <table>
              <tr>
                <th>code</th>
                <th>status</th>
                <th>message</th>
              </tr>
              ${Object.entries(ERRORS).map(
                ([code, e]) =>
                  html`<tr>
                    <td><code>${code}</code></td>
                    <td>${e.status}</td>
                    <td>${e.message}</td>
                  </tr>`,
              )}
            </table>
            <h2>Endpoints</h2>
            <table>
              <tr>
                <th>method</th>
                <th>path</th>
                <th>what</th>
                <th>responses</th>
              </tr>
              ${rows}
            </table>
          </body>
        </html>`,
    );
  });
