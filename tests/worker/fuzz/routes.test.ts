/**
 * Generated-request fuzz of every /api operation, enumerated from the app's own OpenAPI document (a
 * route added later is fuzzed without touching this file). Requests come from fast-check arbitraries
 * of the declared schemas, with existing ids and slugs from D1 mixed with absurd values, and are sent
 * through the Worker's entry (edge cache, then the app) against real D1 (migrations and seed) as a
 * city admin, county officer, expert, auditor (signed in, cookie + CSRF), half-signed-in, without
 * CSRF, as a voter and anonymously.
 *
 * Holds: every status answered is one the document gives for that request (see `expectedStatuses`), no
 * answer is a 5xx except a 501/503 the operation documents, and every error is the envelope
 * `{error:{code,message}}`. Fixed seed, printed; FUZZ_SEED and FUZZ_RUNS (requests, default 2,600)
 * replay or widen it: `FUZZ_SEED=… FUZZ_RUNS=10000 npx vitest run tests/worker/fuzz`.
 */
import { env } from 'cloudflare:test';
import fc, { type Arbitrary } from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ERRORS } from '../../../contracts/errors';
import { ROLES } from '../../../contracts/enums';
import type { StaffRole } from '../../../contracts/admin-accounts';
import { edgeCachedApp, pinnedClock, seed, testApp } from '../../fixtures/app';
import { createStaff, openSession, PASSWORD, signedInStaff, staffCookie } from '../../fixtures/admin-accounts';
import { verifiedVoter } from '../../fixtures/voting';
import {
  absurd,
  dateString,
  instantString,
  schemaArb,
  sometimes,
  type Ctx,
  type Pools,
  type Schema,
} from './schema-arbitrary';

// Friday 2026-11-27 10:00 China time: the seed's demo polls, notices and lists are live around it.
const NOW = Date.UTC(2026, 10, 27, 2, 0);
const SEED = Number(env.FUZZ_SEED || 1);
const RUNS = Number(env.FUZZ_RUNS || 2_600);
/** Rounds: existing ids and slugs are re-read from D1 between them, so later requests use what earlier ones made. */
const ROUNDS = 8;
/**
 * Requests an operation gets, relative to the others: more where there is more to get wrong (a body,
 * parameters) and behind the staff session.
 */
const weightOf = (op: Operation) =>
  (op.admin ? 2 : 1) * (op.body ? 2.5 : op.params.length ? 1.5 : op.method === 'GET' ? 0.5 : 1);
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const ORIGIN = 'http://localhost';

type Persona = StaffRole | 'anonymous' | 'voter' | 'half_open' | 'no_csrf';

interface Operation {
  id: string;
  method: string;
  path: string;
  admin: boolean;
  roles: StaffRole[];
  /** Served to a half-open session (second factor pending). */
  halfOpen: boolean;
  voter: boolean;
  params: { name: string; in: string; schema: Schema; required?: boolean }[];
  body: Schema | undefined;
  documented: Set<number>;
  /** The path as a pattern: each `{param}` one non-empty segment. */
  pattern: RegExp;
}

interface FuzzRequest {
  op: string;
  persona: Persona;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
}

const clock = pinnedClock(NOW);
const t = testApp(clock);
/** The Worker's own entry (the app behind the edge cache), which every fuzzed request goes through. */
const entry = edgeCachedApp(clock);
let doc: any;
let ops: Operation[] = [];
let byId = new Map<string, Operation>();
const sessions = {} as Record<StaffRole | 'half_open', { id: number; cookie: string; csrfToken: string }>;
let voterToken = '';
let voterPhone = '';

/** Signs a fresh account of `role` in (a fuzzed request may have disabled, reset or signed out the last one). */
async function provision(role: StaffRole | 'half_open') {
  if (role === 'half_open') {
    const account = await createStaff(NOW, { role: 'city_admin' });
    sessions.half_open = { id: account.id, ...(await openSession(account.id, NOW, { halfOpen: true })) };
    return;
  }
  const countyId = role === 'county_officer' ? 'yaodu' : undefined;
  if (!(role in sessions)) {
    // The first session of each role signs in for real: password, TOTP enrolment.
    const s = await signedInStaff(NOW, { role, countyId });
    sessions[role] = { id: s.account.id, cookie: staffCookie(s.token), csrfToken: s.csrfToken };
    return;
  }
  // Later ones skip the sign-in's second password hash: the fuzz re-signs-in dozens of times.
  const account = await createStaff(NOW, { role, countyId });
  sessions[role] = { id: account.id, ...(await openSession(account.id, NOW)) };
}

function operations(document: any): Operation[] {
  return Object.entries<any>(document.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => {
      const op = item[m];
      const security: Record<string, unknown>[] = op.security ?? [];
      return {
        id: `${m.toUpperCase()} ${path}`,
        method: m.toUpperCase(),
        path,
        admin: path.startsWith('/api/admin/'),
        roles: op['x-roles'] ?? [],
        halfOpen: op['x-half-open'] === true,
        voter: security.some((s) => 'voterBearer' in s),
        params: op.parameters ?? [],
        body: op.requestBody?.content?.['application/json']?.schema,
        documented: new Set(Object.keys(op.responses ?? {}).map(Number)),
        pattern: new RegExp(
          `^${path
            .split(/\{\w+\}/)
            .map(escapeRegExp)
            .join('[^/]+')}$`,
        ),
      };
    }),
  );
}

/** Existing values by kind, for ids, slugs and names in paths, queries and bodies. */
async function readPools(): Promise<Pools> {
  const queries: [string, string][] = [
    ['county', 'SELECT id v FROM counties'],
    ['candidate', 'SELECT id v FROM candidates ORDER BY id DESC LIMIT 80'],
    ['institution', "SELECT id v FROM candidates WHERE track_key = 'institutions'"],
    ['account', 'SELECT id v FROM accounts'],
    ['username', 'SELECT username v FROM accounts'],
    ['recommendation', 'SELECT id v FROM recommendations ORDER BY id DESC LIMIT 60'],
    ['ballot', 'SELECT id v FROM ballots ORDER BY id DESC LIMIT 60'],
    ['receipt', 'SELECT receipt v FROM ballots ORDER BY id DESC LIMIT 30'],
    ['notice', 'SELECT id v FROM notices'],
    ['noticeSlug', 'SELECT slug v FROM notices'],
    ['noticeItem', 'SELECT id v FROM notice_items ORDER BY id DESC LIMIT 60'],
    ['trackingNo', 'SELECT tracking_no v FROM objections'],
    ['pollSlug', 'SELECT slug v FROM polls'],
    ['finalist', 'SELECT candidate_id v FROM poll_candidates'],
    ['listSlug', 'SELECT slug v FROM final_lists'],
    ['track', 'SELECT key v FROM tracks'],
    ['stage', 'SELECT DISTINCT key v FROM track_stages'],
    ['trackStage', "SELECT track_key || '/stages/' || key v FROM track_stages"],
    ['year', 'SELECT year v FROM calendar_years'],
    ['competition', 'SELECT id v FROM competitions'],
    ['recruitment', 'SELECT id v FROM recruitment_events'],
    ['trade', "SELECT name v FROM candidates WHERE track_key = 'trades' LIMIT 20"],
    ['auditId', 'SELECT id v FROM audit_log ORDER BY id DESC LIMIT 30'],
    ['auditAction', 'SELECT DISTINCT action v FROM audit_log'],
    ['auditEntity', 'SELECT DISTINCT entity_type v FROM audit_log'],
  ];
  const results = await env.DB.batch<{ v: string | number }>(queries.map(([, sql]) => env.DB.prepare(sql)));
  const pools: Pools = Object.fromEntries(queries.map(([k], i) => [k, results[i].results.map((r) => r.v)]));
  pools.year = [...pools.year, 2000, 2100, 2027];
  pools.password = [PASSWORD];
  pools.phone = [voterPhone, '13800138000', '19912345678'];
  return pools;
}

/** The pool a path parameter draws from: `{slug}` and `{id}` mean different things under each resource. */
function pathPool(path: string, name: string): string {
  const under = (seg: string) => path.includes(`/${seg}/{${name}}`);
  if (name === 'slug') return under('polls') ? 'pollSlug' : under('lists') ? 'listSlug' : 'noticeSlug';
  if (name === 'id') {
    for (const [seg, pool] of [
      ['accounts', 'account'],
      ['recommendations', 'recommendation'],
      ['candidates', 'candidate'],
      ['institutions', 'institution'],
      ['competitions', 'competition'],
      ['recruitment', 'recruitment'],
    ])
      if (under(seg)) return pool;
  }
  return name;
}

/** Path segments no parameter should take (already percent-encoded, some of them invalid UTF-8). */
const ODD_SEGMENTS = [
  '0x10',
  '1e3',
  '2.026e3',
  '%201',
  '1%20',
  '-1',
  '0',
  '99999999999999999999',
  '1.5',
  '%EF%BC%91',
  '%D9%A1',
  '',
  '%00',
  '%E2%80%AE',
  'a'.repeat(300),
  '..',
  '%2F',
  '%2e%2e',
  '%',
  '%E0%A4%A',
  '%ED%A0%80',
  '%FF',
  '__proto__',
  'constructor',
  'null',
  '%F0%9F%98%80',
  'ABCD-EFGH-JKMN',
  'TRADES',
  '9999',
];

/** Percent-encodes a value; a lone surrogate becomes the (invalid) UTF-8 bytes of a surrogate. */
function encode(v: string): string {
  return Array.from(v)
    .map((ch) => (/^[\ud800-\udfff]$/.test(ch) ? '%ED%A0%80' : encodeURIComponent(ch)))
    .join('');
}
const asText = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** Bodies that are not the declared JSON: broken, empty, nested deep, too large, another media type. */
const RAW_BODIES: [string | undefined, string][] = [
  ['application/json', ''],
  ['application/json', '{'],
  ['application/json', '{"a":'],
  ['application/json', 'null'],
  ['application/json', '[]'],
  ['application/json', '1e999'],
  ['application/json', '"\\ud800"'],
  ['application/json', '\ufeff{}'],
  ['application/json', '{"a":1,"a":2}'],
  ['application/json', '{"__proto__":{"role":"city_admin"}}'],
  ['application/json', '['.repeat(4_000) + ']'.repeat(4_000)],
  ['application/json', `{"x":"${'y'.repeat(20_000)}"}`],
  ['application/json; charset=utf-16', '{}'],
  ['text/plain', '{}'],
  ['application/x-www-form-urlencoded', 'a=1&b=2'],
  ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n'],
  [undefined, '{}'],
];
const rawBody = fc.constantFrom(...RAW_BODIES).map(([type, text]) => ({ type, text }));

function requestArb(op: Operation, pools: Pools): Arbitrary<FuzzRequest> {
  const valid: Ctx = { doc, pools, mutate: false };
  const mutated: Ctx = { doc, pools, mutate: true };

  const segment = (p: Operation['params'][number]) =>
    fc.oneof(
      {
        weight: 16,
        arbitrary: schemaArb(p.schema, valid, pathPool(op.path, p.name), NOW).map((v) => encode(asText(v))),
      },
      { weight: 2, arbitrary: fc.constantFrom(...ODD_SEGMENTS) },
      { weight: 1, arbitrary: absurd.map((v) => encode(asText(v))) },
    );
  const pathParams = op.params.filter((p) => p.in === 'path');
  const independent = fc
    .tuple(...pathParams.map(segment))
    .map((values) => pathParams.reduce((out, p, i) => out.replace(`{${p.name}}`, values[i]), op.path));
  // A stage only exists within its track: pair them as D1 has them most of the time.
  const path =
    op.path.includes('{track}') && op.path.includes('{stage}')
      ? fc.oneof(
          {
            weight: 3,
            arbitrary: fc
              .constantFrom(...pools.trackStage)
              .map((ts) => op.path.replace('{track}/stages/{stage}', String(ts))),
          },
          { weight: 1, arbitrary: independent },
        )
      : independent;

  const queryValue = (p: Operation['params'][number]) =>
    fc.oneof(
      { weight: 5, arbitrary: schemaArb(p.schema, mutated, p.name, NOW) },
      ...(['from', 'to', 'start'].includes(p.name)
        ? [{ weight: 4, arbitrary: fc.oneof(dateString(NOW), instantString(NOW)) as Arbitrary<unknown> }]
        : []),
      { weight: 1, arbitrary: fc.constantFrom<unknown>(...ODD_SEGMENTS.map(decodeSafe)) },
    );
  const queryParams = op.params.filter((p) => p.in === 'query');
  const query = fc
    .tuple(
      ...queryParams.map((p) => fc.option(queryValue(p), { freq: 3 })),
      sometimes(fc.constantFrom('r=1', 'utm_source=x', 'limit=1&limit=2', '%=%', 'a[]=1', '__proto__=1')),
    )
    .map((values) => {
      const parts = queryParams.flatMap((p, i) =>
        values[i] === null ? [] : [`${encodeURIComponent(p.name)}=${encode(asText(values[i]))}`],
      );
      const extra = values[queryParams.length];
      if (extra) parts.push(extra as string);
      return parts.length ? `?${parts.join('&')}` : '';
    });

  const headerParams = op.params.filter((p) => p.in === 'header');
  const latin1 = (v: unknown) => asText(v).replace(/[^\x20-\x7e]/g, '');
  const headers = fc
    .tuple(
      ...headerParams.map((p) =>
        fc.option(fc.oneof(schemaArb(p.schema, valid, p.name, NOW), absurd).map(latin1), { freq: 4 }),
      ),
      fc.oneof(fc.ipV4(), fc.ipV6(), fc.constantFrom('10.0.0.1', 'garbage', '', '999.1.1.1')),
    )
    .map((values) => {
      const out: Record<string, string> = { 'CF-Connecting-IP': values[headerParams.length] as string };
      headerParams.forEach((p, i) => {
        if (values[i] !== null) out[p.name] = values[i] as string;
      });
      return out;
    });

  const json = (v: unknown) => ({ type: 'application/json' as string | undefined, text: JSON.stringify(v) ?? '' });
  const body: Arbitrary<{ type: string | undefined; text: string } | null> = op.body
    ? fc.oneof(
        { weight: 8, arbitrary: schemaArb(op.body, valid, undefined, NOW).map(json) },
        { weight: 3, arbitrary: schemaArb(op.body, mutated, undefined, NOW).map(json) },
        { weight: 1, arbitrary: absurd.map(json) },
        { weight: 1, arbitrary: rawBody },
      )
    : fc.oneof({ weight: 8, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: rawBody });

  const others: Persona[] = ['anonymous', 'half_open', 'no_csrf', 'voter', ...ROLES];
  const persona: Arbitrary<Persona> = op.roles.length
    ? fc.oneof(...op.roles.map((r) => ({ weight: r === 'city_admin' ? 12 : 3, arbitrary: fc.constant<Persona>(r) })), {
        weight: 3,
        arbitrary: fc.constantFrom(...others),
      })
    : op.voter
      ? fc.oneof(
          { weight: 8, arbitrary: fc.constant<Persona>('voter') },
          fc.constantFrom<Persona>('anonymous', 'city_admin'),
        )
      : fc.oneof(
          { weight: 5, arbitrary: fc.constant<Persona>('anonymous') },
          { weight: 4, arbitrary: fc.constant<Persona>('city_admin') },
          { weight: 1, arbitrary: fc.constantFrom<Persona>('voter', 'expert') },
        );
  const method = fc.oneof(
    { weight: 40, arbitrary: fc.constant(op.method) },
    { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE') },
  );

  return fc.record({ persona, method, path, query, headers, body }).map((r) => {
    const h = { ...r.headers };
    if (r.body?.type) h['Content-Type'] = r.body.type;
    return {
      op: op.id,
      persona: r.persona,
      method: r.method,
      url: r.path + r.query,
      headers: h,
      body: r.body ? r.body.text : undefined,
    };
  });
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** A small seeded PRNG, to interleave one round's requests reproducibly. */
function mulberry32(a: number) {
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Outcome {
  req: FuzzRequest;
  status: number;
  text: string;
  logged: string;
}

/** Sends one request with the persona's credentials, as the admin pages and the vote form do. */
async function send(req: FuzzRequest, logs: unknown[][], retried = false): Promise<Outcome | null> {
  const headers: Record<string, string> = { ...req.headers };
  const staffOf = req.persona === 'no_csrf' ? 'city_admin' : req.persona;
  if (staffOf in sessions) {
    const s = sessions[staffOf as StaffRole | 'half_open'];
    headers.Cookie = s.cookie;
    headers.Origin = ORIGIN;
    if (req.persona !== 'no_csrf') headers['X-CSRF-Token'] = s.csrfToken;
  } else if (req.persona === 'voter') {
    headers.Authorization = `Bearer ${voterToken}`;
  }
  const bodyless = req.method === 'GET' || req.method === 'HEAD';
  logs.length = 0;
  let res: Response;
  try {
    res = await entry.request(req.url, { method: req.method, headers, body: bodyless ? undefined : req.body });
  } catch (e) {
    // The request could not even be built (the runtime refused it before the app saw it).
    if (e instanceof TypeError) return null;
    throw e;
  }
  const text = await res.text();
  const logged = logs
    .map((args) => args.map((a) => (a instanceof Error ? (a.stack ?? String(a)) : String(a))).join(' '))
    .join('\n');
  const expected401 = req.op === 'POST /api/admin/session' || (staffOf === 'half_open' && !byId.get(req.op)?.halfOpen);
  if (res.status === 401 && staffOf in sessions && !expected401 && !retried) {
    // An earlier request signed this session out (or disabled its account): sign a fresh account in, send again.
    await provision(staffOf as StaffRole | 'half_open');
    reprovisioned++;
    return send(req, logs, true);
  }
  return { req, status: res.status, text, logged };
}

let reprovisioned = 0;

/**
 * The statuses the document gives for a request, by the path the server receives: an empty parameter
 * (`/api/polls/`) or a dot segment (`..`, `%2e%2e`, which the URL parser resolves) makes the address
 * another one than the operation's, so the request is judged as what it became. A path ending in `/`
 * is the canonical-address 308 (stated once in the document's description, before any operation);
 * a path of an operation, the statuses its operations of that method document (another method: 405,
 * or the body limit's 413); any other /api path, 404 (or 413).
 */
function expectedStatuses(req: FuzzRequest): { statuses: Set<number>; of: string } {
  const path = new URL(req.url, ORIGIN).pathname;
  if (path.startsWith('/api/') && path.endsWith('/') && path !== '/api/')
    return { statuses: new Set([308]), of: 'a trailing slash' };
  const body = req.method !== 'GET' && req.method !== 'HEAD' ? [413] : [];
  const onPath = ops.filter((o) => o.pattern.test(path));
  const served = onPath.filter((o) => o.method === req.method);
  if (served.length)
    return { statuses: new Set(served.flatMap((o) => [...o.documented])), of: served.map((o) => o.id).join(' | ') };
  if (onPath.length) return { statuses: new Set([405, ...body]), of: `${req.method} of ${onPath[0].path}` };
  return { statuses: new Set([404, ...body]), of: `unknown path ${path}` };
}

/**
 * What is wrong with an answer: a 5xx other than a documented 501/503, a status the document does not
 * give for the request, or an error that is not the envelope.
 */
function problem(o: Outcome): string | null {
  const expected = expectedStatuses(o.req);
  if (o.status >= 500 && !((o.status === 501 || o.status === 503) && expected.statuses.has(o.status)))
    return `status ${o.status}`;
  if (!expected.statuses.has(o.status)) return `status ${o.status} not documented for ${expected.of}`;
  if (o.status < 400) return null;
  let body: any;
  try {
    body = JSON.parse(o.text);
  } catch {
    return `status ${o.status} without a JSON body`;
  }
  const e = body?.error;
  const ok =
    e &&
    typeof e.code === 'string' &&
    e.code in ERRORS &&
    typeof e.message === 'string' &&
    e.message.length > 0 &&
    (e.issues === undefined || Array.isArray(e.issues));
  return ok ? null : `status ${o.status} without the error envelope`;
}

describe('generated-request fuzz of every /api operation', () => {
  const logs: unknown[][] = [];
  beforeAll(async () => {
    await seed(NOW);
    for (const role of ROLES) await provision(role);
    await provision('half_open');
    const voter = await verifiedVoter(t);
    voterToken = voter.token;
    voterPhone = voter.phone;
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logs.push(args));
  });
  afterAll(() => vi.restoreAllMocks());

  it(`answers only documented statuses, no 5xx but a documented 501/503, every error in the envelope (seed ${SEED}, ${RUNS} requests)`, async () => {
    const { res, body } = await t.json('/api/openapi.json');
    expect(res.status).toBe(200);
    doc = body;
    ops = operations(doc);
    expect(ops.length).toBeGreaterThan(80);
    byId = new Map(ops.map((o) => [o.id, o]));
    const totalWeight = ops.reduce((n, o) => n + weightOf(o), 0);
    const quota = new Map(ops.map((o) => [o.id, Math.max(ROUNDS, Math.round((RUNS * weightOf(o)) / totalWeight))]));

    const byStatus = new Map<number, number>();
    const perOp = new Map<string, Map<string, number>>();
    const perPersona = new Map<string, number>();
    const msPerOp = new Map<string, number>();
    const codesPerOp = new Map<string, Map<string, number>>();
    const failures: { why: string; o: Outcome }[] = [];
    let sent = 0;
    let unbuildable = 0;
    let signedIn = 0;
    const started = Date.now();
    let generating = 0;

    for (let round = 0; round < ROUNDS; round++) {
      const g0 = Date.now();
      const pools = await readPools();
      const batch: FuzzRequest[] = [];
      ops.forEach((op, i) => {
        const q = quota.get(op.id)!;
        const n = Math.floor((q * (round + 1)) / ROUNDS) - Math.floor((q * round) / ROUNDS);
        if (n > 0) batch.push(...fc.sample(requestArb(op, pools), { seed: SEED + round * 1_000 + i, numRuns: n }));
      });
      const rand = mulberry32(SEED + round);
      for (let i = batch.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [batch[i], batch[j]] = [batch[j], batch[i]];
      }
      generating += Date.now() - g0;

      for (const req of batch) {
        const t0 = Date.now();
        const o = await send(req, logs);
        msPerOp.set(req.op, (msPerOp.get(req.op) ?? 0) + Date.now() - t0);
        if (!o) {
          unbuildable++;
          continue;
        }
        sent++;
        if ((ROLES as readonly string[]).includes(req.persona)) signedIn++;
        byStatus.set(o.status, (byStatus.get(o.status) ?? 0) + 1);
        perPersona.set(req.persona, (perPersona.get(req.persona) ?? 0) + 1);
        const cls = `${Math.floor(o.status / 100)}xx`;
        const row = perOp.get(req.op) ?? new Map<string, number>();
        row.set(cls, (row.get(cls) ?? 0) + 1);
        perOp.set(req.op, row);
        const code = errorCode(o.text);
        if (code) {
          const codes = codesPerOp.get(req.op) ?? new Map<string, number>();
          codes.set(code, (codes.get(code) ?? 0) + 1);
          codesPerOp.set(req.op, codes);
        }
        const why = problem(o);
        if (why) failures.push({ why, o });
      }
    }
    const elapsed = Date.now() - started;

    const classes = new Map<string, number>();
    for (const [s, n] of byStatus)
      classes.set(`${Math.floor(s / 100)}xx`, (classes.get(`${Math.floor(s / 100)}xx`) ?? 0) + n);
    const lines = [
      `fuzz: seed ${SEED} (FUZZ_SEED), ${RUNS} requests asked (FUZZ_RUNS), ${ops.length} operations, ${ROUNDS} rounds`,
      `fuzz: ${sent} requests sent in ${(elapsed / 1000).toFixed(1)} s (${(generating / 1000).toFixed(1)} s generating), ${(sent / (elapsed / 1000)).toFixed(0)}/s; ${unbuildable} not buildable; ${reprovisioned} sessions re-signed-in`,
      `fuzz: ${signedIn} with a signed-in staff session; by persona ${fmt(perPersona)}`,
      `fuzz: by class ${fmt(classes)}; by status ${fmt(new Map([...byStatus].sort((a, b) => a[0] - b[0])))}`,
      `fuzz: failures ${failures.length}`,
      `fuzz: per operation: requests, status classes, mean ms, most frequent error codes`,
      ...[...perOp].sort().map(([id, row]) => {
        const n = [...row.values()].reduce((a, b) => a + b, 0);
        const codes = [...(codesPerOp.get(id) ?? [])].sort((a, b) => b[1] - a[1]).slice(0, 4);
        return `  ${id}  n=${n} ${fmt(row)} ${Math.round(msPerOp.get(id)! / n)}ms [${fmt(new Map(codes))}]`;
      }),
    ];
    console.log(lines.join('\n'));

    const report = dedupe(failures).map(
      ({ why, o, count }) =>
        `${why} ×${count} [${o.req.persona}] ${o.req.method} ${o.req.url}` +
        `\n  headers ${JSON.stringify(o.req.headers)}` +
        `\n  body ${JSON.stringify(o.req.body?.slice(0, 600) ?? null)}` +
        `\n  answer ${o.text.slice(0, 300)}` +
        (o.logged ? `\n  log ${o.logged.split('\n').slice(0, 8).join('\n      ')}` : ''),
    );
    if (report.length) console.log(`fuzz failures (seed ${SEED}):\n${report.join('\n')}`);
    expect(signedIn, 'requests with a signed-in staff session').toBeGreaterThanOrEqual(Math.min(2_000, RUNS * 0.75));
    expect(report, `5xx, undocumented statuses or errors outside the envelope (seed ${SEED})`).toEqual([]);
  }, 900_000);
});

function errorCode(text: string): string | undefined {
  try {
    return JSON.parse(text)?.error?.code;
  } catch {
    return undefined;
  }
}

function fmt(m: Map<string | number, number>): string {
  return [...m].map(([k, v]) => `${k}:${v}`).join(' ');
}

/** One line per operation, failure and first logged line, with how often it happened. */
function dedupe(failures: { why: string; o: Outcome }[]) {
  const seen = new Map<string, { why: string; o: Outcome; count: number }>();
  for (const f of failures) {
    const key = `${f.o.req.op}|${f.why}|${f.o.logged.split('\n').find((l) => l.includes('    at ')) ?? f.o.logged.split('\n')[0]}`;
    const hit = seen.get(key);
    if (hit) hit.count++;
    else seen.set(key, { ...f, count: 1 });
  }
  return [...seen.values()];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
