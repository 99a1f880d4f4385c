/**
 * The OpenAPI document says what the server does: each promise the document makes is read from the
 * served `/api/openapi.json` and checked against the real app (docs/architecture.md, "Route
 * declarations").
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { TRACK_KEYS } from '../../../contracts/enums';
import { TRACK_RULES } from '../../../contracts/workflow';
import { post, seed, testApp } from '../../fixtures/app';
import { openSession, createStaff } from '../../fixtures/admin-accounts';

const SEEDED = Date.UTC(2026, 10, 27, 2, 0); // Friday 2026-11-27 10:00 China time
const t = testApp();
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
let doc: any;

beforeAll(async () => {
  await seed(SEEDED);
  t.clock.set(SEEDED);
  doc = (await t.json('/api/openapi.json')).body;
});

const operations = () =>
  Object.entries<any>(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({ method, path, op: item[method] })),
  );

/** A `$ref` of the document, resolved. */
const deref = (node: any): any => {
  if (!node?.$ref) return node;
  return (node.$ref as string)
    .slice(2)
    .split('/')
    .reduce((n: any, k: string) => n[k], doc);
};

const bodySchema = (path: string, method: string) =>
  deref(doc.paths[path][method].requestBody.content['application/json'].schema);
const param = (path: string, method: string, name: string) =>
  doc.paths[path][method].parameters.find((p: any) => p.name === name);
const codesOf = (response: any): string[] =>
  deref(deref(response).content['application/json'].schema).properties.error.properties.code.enum;

/** A concrete address for a documented path, with harmless values for its parameters. */
const SAMPLES: Record<string, string> = {
  slug: 'no-such-thing',
  track: 'trades',
  stage: 'vote',
  id: '999999',
  receipt: 'AAAA-AAAA-AAAA',
  trackingNo: 'YY20260101000000',
  year: '2026',
};
/** Values no path parameter accepts. */
const INVALID: Record<string, string> = { slug: 'Not_A_Slug', track: 'nope', stage: 'nope', id: 'abc', year: '20x6' };
const address = (path: string, values = SAMPLES) =>
  path.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? SAMPLES[name] ?? 'x');

/** Every string schema under `node` (properties, items, unions), with its JSON pointer. */
function* strings(node: any, at: string, seen = new Set<any>()): Generator<[string, any]> {
  if (!node || typeof node !== 'object' || seen.has(node)) return;
  seen.add(node);
  if (node.type === 'string' || (Array.isArray(node.type) && node.type.includes('string'))) yield [at, node];
  for (const [k, v] of Object.entries(node)) yield* strings(v, `${at}/${k}`, seen);
}

describe('what the document promises', () => {
  it("lists idempotency_mismatch in the ballot route's 422", () => {
    const cast = doc.paths['/api/polls/{slug}/ballots'].post;
    expect(codesOf(cast.responses['422']).sort()).toEqual(['idempotency_mismatch', 'invalid_choices']);
  });

  it('types every China date as format date, and the server refuses a day that does not exist', async () => {
    expect(param('/api/calendar/period', 'get', 'start').schema).toMatchObject({ type: 'string', format: 'date' });
    expect(doc.components.schemas.ExtendPollRequest.properties.lastDay).toMatchObject({ format: 'date' });
    // No YYYY-MM-DD is left as a bare pattern: a date is `format: date` wherever it appears.
    const bare = [...strings(doc, '#')].filter(([, s]) => /\\d\{4\}-\\d\{2\}-\\d\{2\}\$/.test(s.pattern ?? ''));
    expect(bare.map(([at]) => at)).toEqual([]);
    const dated = [...strings(doc, '#')].filter(([, s]) => s.format === 'date');
    expect(dated.length).toBeGreaterThan(10);

    const bad = await t.json('/api/calendar/period?start=2026-02-30&workingDays=5');
    expect(bad.res.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      code: 'invalid_request',
      issues: [{ path: ['start'], message: '日期不存在' }],
    });
    const shape = await t.json('/api/calendar/period?start=2026-2-3&workingDays=5');
    expect(shape.body.error.issues).toEqual([{ path: ['start'], message: '日期格式应为 YYYY-MM-DD' }]);
    expect((await t.request('/api/calendar/period?start=2026-02-27&workingDays=5')).status).toBe(200);
  });

  it('gives the TOTP and recovery-code formats as patterns, and the server applies them', async () => {
    const second = bodySchema('/api/admin/session/totp', 'post');
    const [totp, recovery] = second.oneOf;
    const code = new RegExp(totp.properties.code.pattern);
    const rc = new RegExp(recovery.properties.recoveryCode.pattern);
    for (const ok of ['123456', '123 456', ' 123456 ']) expect(code.test(ok), ok).toBe(true);
    for (const no of ['12345', '1234567', 'abcdef', '12345a', '']) expect(code.test(no), no).toBe(false);
    for (const ok of ['ABCDE-12345', 'abcde12345', 'ABCDE 12345']) expect(rc.test(ok), ok).toBe(true);
    for (const no of ['ABCDE-1234', 'ABCDE-123456', 'ABCDE_12345', '']) expect(rc.test(no), no).toBe(false);
    expect(
      new RegExp(bodySchema('/api/admin/session/totp/confirm', 'post').properties.code.pattern).test('123 456'),
    ).toBe(true);

    // A half-open session (password given): the server refuses what the pattern refuses.
    const account = await createStaff(SEEDED);
    const half = await openSession(account.id, SEEDED, { halfOpen: true });
    const send = (body: unknown) =>
      t.json(
        '/api/admin/session/totp',
        post(body, { Cookie: half.cookie, 'X-CSRF-Token': half.csrfToken, Origin: 'http://localhost' }),
      );
    for (const body of [{ code: '12345a' }, { recoveryCode: 'ABCDE_12345' }]) {
      const { res, body: answer } = await send(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(answer.error.code).toBe('invalid_request');
    }
  });

  it('declares either-or bodies as oneOf, and the server refuses both or neither', async () => {
    const rec = bodySchema('/api/admin/tracks/{track}/recommendations', 'post');
    expect(rec.oneOf).toHaveLength(2);
    expect(rec.oneOf.map((o: any) => o.required.filter((k: string) => k.startsWith('candidate')))).toEqual([
      ['candidateId'],
      ['candidate'],
    ]);
    for (const o of rec.oneOf) expect(o.additionalProperties).toBe(false);
    const review = bodySchema('/api/admin/ballots/propose-release', 'post');
    expect(review.oneOf.map((o: any) => o.required.filter((k: string) => k === 'group' || k === 'ids'))).toEqual([
      ['group'],
      ['ids'],
    ]);

    const admin = await createStaff(SEEDED);
    const session = await openSession(admin.id, SEEDED);
    const as = (body: unknown) =>
      post(body, { Cookie: session.cookie, 'X-CSRF-Token': session.csrfToken, Origin: 'http://localhost' });
    const candidate = { name: '新工种', summary: '说明' };
    for (const body of [
      { countyId: 'yaodu', candidateId: 1, candidate },
      { countyId: 'yaodu' },
      { countyId: 'yaodu', candidateId: 1, unknown: true },
    ]) {
      const { res, body: answer } = await t.json('/api/admin/tracks/trades/recommendations', as(body));
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(answer.error.code).toBe('invalid_request');
    }
    // A field problem inside the chosen alternative is still reported at its field.
    const unnamed = await t.json(
      '/api/admin/tracks/trades/recommendations',
      as({ countyId: 'yaodu', candidate: { name: ' ' } }),
    );
    expect(unnamed.body.error.issues).toEqual([{ path: ['candidate', 'name'], message: '请填写名称' }]);
    for (const body of [
      { poll: 'trades-vote', group: 'g', ids: [1], reason: '核查无误' },
      { poll: 'trades-vote', reason: '核查无误' },
    ]) {
      const { res, body: answer } = await t.json('/api/admin/ballots/propose-release', as(body));
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(answer.error.code).toBe('invalid_request');
    }
  });

  it('gives track and stage path parameters as enums, and the server refuses other values', async () => {
    const stages = [...new Set(Object.values(TRACK_RULES).flatMap((r) => Object.keys(r.stages)))].sort();
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      for (const m of METHODS.filter((m) => item[m])) {
        for (const p of item[m].parameters ?? []) {
          if (p.in !== 'path') continue;
          if (p.name === 'track') expect(p.schema.enum, `${m} ${path}`).toEqual([...TRACK_KEYS]);
          if (p.name === 'stage') expect([...p.schema.enum].sort(), `${m} ${path}`).toEqual(stages);
        }
      }
    }
    const bad = await t.json('/api/tracks/nope');
    expect(bad.res.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_request');
    expect(Object.keys(doc.paths['/api/tracks/{track}'].get.responses)).toContain('400');
  });

  it('documents the 405 once and refers every operation to it; the server answers it with Allow', async () => {
    const component = doc.components.responses.MethodNotAllowed;
    expect(component.headers.Allow.schema.type).toBe('string');
    expect(codesOf(component)).toEqual(['method_not_allowed']);
    for (const { method, path, op } of operations())
      expect(op.responses['405'], `${method} ${path}`).toEqual({ $ref: '#/components/responses/MethodNotAllowed' });

    for (const [path, item] of Object.entries<any>(doc.paths)) {
      const allowed = METHODS.filter((m) => item[m]).map((m) => m.toUpperCase());
      const other = ['PATCH', 'PUT', 'DELETE', 'POST'].find((m) => !allowed.includes(m))!;
      const res = await t.request(address(path), { method: other });
      expect(res.status, `${other} ${path}`).toBe(405);
      expect(new Set(res.headers.get('Allow')!.split(', ')), path).toEqual(new Set(allowed));
      expect(((await res.json()) as any).error.code).toBe('method_not_allowed');
    }
  });
});

describe('the 413 and the trailing-slash 308', () => {
  it('documents the 413 once and refers every operation with a body method to it; each answers it', async () => {
    const component = doc.components.responses.PayloadTooLarge;
    expect(codesOf(component)).toEqual(['invalid_request']);
    const wrong: string[] = [];
    // Over the 16 KiB /api body limit, valid JSON: the limit applies before the route, body schema or none.
    const big = JSON.stringify({ x: 'y'.repeat(17 * 1024) });
    for (const { method, path, op } of operations()) {
      if (method === 'get') {
        if (op.responses['413']) wrong.push(`${method} ${path} documents a 413`);
        continue;
      }
      if (JSON.stringify(op.responses['413']) !== JSON.stringify({ $ref: '#/components/responses/PayloadTooLarge' }))
        wrong.push(`${method} ${path} does not refer to PayloadTooLarge`);
      const res = await t.request(address(path), { ...post({}), body: big, method: method.toUpperCase() });
      if (res.status !== 413) wrong.push(`${method} ${path} → ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('says in the description that an /api path with a trailing slash answers 308, and it does', async () => {
    expect(doc.info.description).toContain('308');
    const res = await t.request('/api/polls/?x=1', { redirect: 'manual' });
    expect(res.status).toBe(308);
    expect(res.headers.get('Location')).toMatch(/\/api\/polls\?x=1$/);
  });
});

describe('the statuses the server gives are documented', () => {
  /** The status must be one the operation documents (500 `internal` is documented for all in the description). */
  const documented = (op: any, status: number) => Object.keys(op.responses).includes(String(status));

  it('for every operation called without a session and with an empty body', async () => {
    const wrong: string[] = [];
    for (const { method, path, op } of operations()) {
      const init: RequestInit = op.requestBody ? post({}) : {};
      const res = await t.request(address(path), { ...init, method: method.toUpperCase() });
      if (!documented(op, res.status)) wrong.push(`${method} ${path} → ${res.status} ${await res.text()}`);
    }
    expect(wrong).toEqual([]);
  });

  it.each([
    ['harmless', SAMPLES],
    ['invalid', INVALID],
  ])(
    'for every operation called by a signed-in city admin with an empty body and %s path parameters',
    async (_, values) => {
      const admin = await createStaff(SEEDED);
      const wrong: string[] = [];
      for (const { method, path, op } of operations()) {
        // A fresh session each time: one of the calls signs out.
        const session = await openSession(admin.id, SEEDED);
        const headers = { Cookie: session.cookie, 'X-CSRF-Token': session.csrfToken, Origin: 'http://localhost' };
        const init: RequestInit = op.requestBody ? post({}, headers) : { headers };
        const res = await t.request(address(path, values), { ...init, method: method.toUpperCase() });
        if (!documented(op, res.status)) wrong.push(`${method} ${path} → ${res.status} ${await res.text()}`);
      }
      expect(wrong).toEqual([]);
    },
  );
});
