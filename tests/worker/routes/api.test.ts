import { describe, expect, it } from 'vitest';
import { ERRORS } from '../../../contracts/errors';
import { buildApp } from '../../../worker/app';
import { testApp } from '../../fixtures/app';

const t = testApp();
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** `METHOD /api/path/{param}` for every operation of a document. */
function documented(doc: any): Set<string> {
  return new Set(
    Object.entries<any>(doc.paths).flatMap(([path, item]) =>
      METHODS.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${path}`),
    ),
  );
}

/** `METHOD /api/path/{param}` for every /api route the app serves (middleware, registered for ALL, left out). */
function served(): Set<string> {
  return new Set(
    buildApp()
      .routes.filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path.replace(/:([^/]+)/g, '{$1}')}`),
  );
}

const operations = (doc: any) =>
  Object.entries<any>(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => ({ id: `${m.toUpperCase()} ${path}`, op: item[m] })),
  );

describe('GET /api/openapi.json', () => {
  it('documents every /api route the app serves, and nothing it does not serve', async () => {
    const { res, body } = await t.json('/api/openapi.json');
    expect(res.status).toBe(200);
    const routes = served();
    const paths = documented(body);
    expect(routes.size).toBeGreaterThan(20);
    expect(
      [...routes].filter((r) => !paths.has(r)),
      'served but not documented',
    ).toEqual([]);
    expect(
      [...paths].filter((p) => !routes.has(p)),
      'documented but not served',
    ).toEqual([]);
  });

  it('is OpenAPI 3.1 with an operationId, tags and security on every operation', async () => {
    const { res, body } = await t.json('/api/openapi.json');
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(body.openapi).toBe('3.1.0');
    const ops = operations(body);
    expect(new Set(ops.map(({ op }) => op.operationId)).size).toBe(ops.length);
    for (const { id, op } of ops) {
      expect(op.operationId, id).toMatch(/^[a-zA-Z]+$/);
      expect(op.tags?.length, id).toBeGreaterThan(0);
      expect(Array.isArray(op.security), id).toBe(true);
    }
    const voter = [{ voterBearer: [] }, { voterCookie: [] }];
    const isAdmin = (id: string) => id.split(' ')[1].startsWith('/api/admin/');
    const needsVoter = ops.filter(({ id, op }) => op.security.length && !isAdmin(id)).map(({ id }) => id);
    expect(needsVoter.sort()).toEqual([
      'GET /api/polls/{slug}/my-ballot',
      'GET /api/voter-session',
      'POST /api/notices/{slug}/objections',
      'POST /api/polls/{slug}/ballots',
    ]);
    for (const { id, op } of ops.filter(({ op }) => op.security.length)) {
      // Reading the voter session is optional: without one it answers {session: null}.
      const expected = isAdmin(id) ? [{ staffCookie: [] }] : id === 'GET /api/voter-session' ? [{}, ...voter] : voter;
      expect(op.security, id).toEqual(expected);
    }
    const publicAdmin = ops.filter(({ id, op }) => isAdmin(id) && !op.security.length).map(({ id }) => id);
    expect(publicAdmin, 'admin routes without the staff session').toEqual(['POST /api/admin/session']);
    expect(body.components.securitySchemes.voterCookie).toMatchObject({
      type: 'apiKey',
      in: 'cookie',
      name: 'lf_voter',
    });
    expect(body.components.securitySchemes.voterBearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(body.components.securitySchemes.staffCookie).toMatchObject({
      type: 'apiKey',
      in: 'cookie',
      name: '__Host-lf_staff',
    });
  });

  it('carries the request schemas and the error envelope of each status a route gives', async () => {
    const { body } = await t.json('/api/openapi.json');
    const cast = body.paths['/api/polls/{slug}/ballots'].post;
    expect(cast.parameters).toContainEqual(
      expect.objectContaining({
        name: 'slug',
        in: 'path',
        schema: expect.objectContaining({ maxLength: 64, pattern: '^[a-z0-9][a-z0-9-]*$' }),
      }),
    );
    expect(cast.parameters).toContainEqual(
      expect.objectContaining({
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        schema: expect.objectContaining({ minLength: 8, maxLength: 128, pattern: '^[A-Za-z0-9_.:-]+$' }),
      }),
    );
    expect(cast.requestBody.content['application/json'].schema.properties.choices.type).toBe('array');
    expect(Object.keys(cast.responses).sort()).toEqual(['201', '400', '401', '404', '405', '409', '413', '422']);
    const conflict = cast.responses['409'].content['application/json'].schema;
    expect(conflict.properties.error.properties.code.enum.sort()).toEqual(['already_voted', 'poll_not_open']);
    expect(Object.keys(body.paths['/api/health'].get.responses)).toEqual(['200', '405']);

    // A `$ref` (the shared 405 response and its schema), resolved.
    const deref = (node: any): any =>
      node?.$ref
        ? (node.$ref as string)
            .slice(2)
            .split('/')
            .reduce((n: any, k: string) => n[k], body)
        : node;
    for (const { id, op } of operations(body)) {
      for (const [status, response] of Object.entries<any>(op.responses)) {
        if (Number(status) < 400) continue;
        const schema = deref(deref(response).content['application/json'].schema);
        const codes: string[] = schema.properties.error.properties.code.enum;
        for (const code of codes) {
          expect(code in ERRORS, `${id} ${status} ${code}`).toBe(true);
          const expected =
            code === 'invalid_request' && status === '413' ? 413 : ERRORS[code as keyof typeof ERRORS].status;
          expect(Number(status), `${id} ${code}`).toBe(expected);
        }
      }
    }
  });
});

describe('GET /api/docs', () => {
  it('is a readable page rendered from the document', async () => {
    const res = await t.request('/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/text\/html/);
    const text = await res.text();
    expect(text).toContain('/api/polls/{slug}/ballots');
    expect(text).toContain('Cast a ballot with a voter session');
    expect(text).toContain('already_voted');
  });
});
