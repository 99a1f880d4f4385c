/**
 * fast-check arbitraries from the JSON Schema of the generated OpenAPI document: values the schema
 * allows (with existing ids and slugs taken from named pools), and the same shapes mutated with
 * absurd leaves, wrong types, missing and extra fields. Handles the subset the document uses: $ref,
 * oneOf/anyOf, type (or a list of types), enum, string bounds/pattern/format, number bounds, items,
 * properties/required.
 */
import fc, { type Arbitrary } from 'fast-check';

export type Schema = Record<string, any>;
/** Existing values by kind (`county`, `candidate`, `noticeSlug`, …), read from D1 before each round. */
export type Pools = Record<string, readonly (string | number)[]>;

export interface Ctx {
  doc: { components?: { schemas?: Record<string, Schema> } };
  pools: Pools;
  /** Replace leaves with absurd values now and then, drop required and add unknown fields. */
  mutate: boolean;
}

/** The pool a property or parameter name draws existing values from. */
const POOL_OF: Record<string, string> = {
  countyId: 'county',
  venueCountyId: 'county',
  candidateId: 'candidate',
  candidateIds: 'candidate',
  selected: 'candidate',
  choices: 'finalist',
  expertIds: 'account',
  actorId: 'account',
  ids: 'ballot',
  itemId: 'noticeItem',
  removeItemIds: 'noticeItem',
  noticeId: 'notice',
  replaces: 'noticeSlug',
  noticeSlug: 'noticeSlug',
  poll: 'pollSlug',
  username: 'username',
  password: 'password',
  currentPassword: 'password',
  track: 'track',
  stage: 'stage',
  receipt: 'receipt',
  trackingNo: 'trackingNo',
  phone: 'phone',
  year: 'year',
  trade: 'trade',
  before: 'auditId',
  action: 'auditAction',
  entityType: 'auditEntity',
};

export const poolOf = (name: string | undefined) => (name ? POOL_OF[name] : undefined);

const CJK = '临汾尧都侯马霍州技工精品培训基地公示名单异议评审专家投票结果品牌工种院校竞赛招聘会县市区';
/** Characters that break naive text handling: controls, bidi overrides, invisible ones, lone surrogates. */
export const TRICKY = [
  '\u0000',
  '\u0007',
  '\u001b',
  '\u007f',
  '\u200b',
  '\u200e',
  '\u202a',
  '\u202e',
  '\u2066',
  '\u2069',
  '\u2028',
  '\u3000',
  '\ufeff',
  '\ufffd',
  '\ud800',
  '\udfff',
  '\ud83d\ude00',
  '\u0301',
  '"',
  "'",
  '\\',
  '<',
  '%',
  '\n',
  '\t',
];
const plainUnit = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...CJK) },
  { weight: 3, arbitrary: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_.,()') },
);
const trickyUnit = fc.oneof({ weight: 7, arbitrary: plainUnit }, { weight: 1, arbitrary: fc.constantFrom(...TRICKY) });
/** Text with a bias to Chinese; `tricky`: now and then a character from TRICKY. */
export const text = (minLength = 0, maxLength = 40, tricky = false) =>
  fc.string({ unit: tricky ? trickyUnit : plainUnit, minLength, maxLength });

const DATE_RE = /\\d\{4\}-\\d\{2\}-\\d\{2\}/;
/** Odd dates: impossible days, far future and past, not zero-padded. */
export const ODD_DATES = [
  '9999-12-31',
  '2026-02-30',
  '2026-02-29',
  '2028-02-29',
  '2026-13-01',
  '2026-00-10',
  '0000-01-01',
  '1970-01-01',
  '2100-12-31',
  '2101-01-01',
  '1999-12-31',
  '2026-6-1',
  '20260601',
];
/** A China date near `base` (ms), or an odd one. */
export const dateString = (base: number) =>
  fc.oneof(
    { weight: 5, arbitrary: fc.integer({ min: -400, max: 400 }).map((d) => isoDate(base + d * 86_400_000)) },
    { weight: 1, arbitrary: fc.constantFrom('9999-12-31', '0000-01-01') },
    { weight: 2, arbitrary: fc.constantFrom(...ODD_DATES) },
  );
const isoDate = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
/** An instant near `base`, or an odd one. */
export const instantString = (base: number) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: -30 * 86_400, max: 90 * 86_400 }).map((s) => iso(base + s * 1000)) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '9999-12-31T23:59:59Z',
        '+275760-09-13T00:00:00.000Z',
        '-000001-01-01T00:00:00Z',
        '2026-02-30T00:00:00Z',
        '2026-06-01T10:00:00+08:00',
        '2026-06-01T25:00:00Z',
        '2026-06-01',
        '1970-01-01T00:00:00Z',
        '0',
      ),
    },
  );
const iso = (ms: number) => new Date(ms).toISOString();

/** A value of the wrong kind, or a string no field should take. */
export const absurd: Arbitrary<unknown> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom<unknown>(
      null,
      true,
      0,
      -1,
      1.5,
      -0.001,
      1e308,
      -1e308,
      2 ** 53 + 1,
      '',
      ' ',
      '0x10',
      '1e3',
      '2.026e3',
      ' 12 ',
      '-0',
      '٣',
      '１２',
      'NaN',
      'Infinity',
      'null',
      '__proto__',
      'constructor',
      '\u0000',
      'a\u0000b',
      '\ud800',
      'x\udc00y',
      '\u202eevil',
      '\u2066x\u2069',
      '\u200b',
      '\u3000\u3000',
      '<script>alert(1)</script>',
      "' OR 1=1 --",
      [],
      {},
      [1, 2, 3],
      { a: 1 },
      [null],
      ...ODD_DATES,
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom(2_001, 5_001, 9_000).map((n) => 'x'.repeat(n)) },
  { weight: 1, arbitrary: fc.constant('字'.repeat(6_000)) },
  { weight: 3, arbitrary: fc.string({ unit: fc.constantFrom(...TRICKY), minLength: 1, maxLength: 8 }) },
);

function resolve(s: Schema, ctx: Ctx): Schema {
  let out = s;
  while (out && typeof out.$ref === 'string') {
    out = ctx.doc.components?.schemas?.[out.$ref.split('/').pop()!] ?? {};
  }
  return out ?? {};
}

/**
 * Values a schema allows; `name` (a property name, or a pool's own name) picks the pool of existing
 * values mixed in. Mutated now and then when `ctx.mutate`.
 */
export function schemaArb(raw: Schema, ctx: Ctx, name?: string, base = Date.now()): Arbitrary<unknown> {
  const s = resolve(raw, ctx);
  const valid = validArb(s, ctx, name, base);
  const isLeaf = !(s.type === 'object' || s.properties || s.type === 'array' || s.oneOf || s.anyOf);
  if (!ctx.mutate || !isLeaf) return valid;
  return fc.oneof({ weight: 6, arbitrary: valid }, { weight: 1, arbitrary: absurd });
}

function validArb(s: Schema, ctx: Ctx, name: string | undefined, base: number): Arbitrary<unknown> {
  const alts = s.oneOf ?? s.anyOf;
  if (alts) return fc.oneof(...alts.map((a: Schema) => schemaArb(a, ctx, name, base)));
  if (Array.isArray(s.type)) {
    const types = s.type as string[];
    const nonNull = types.filter((t) => t !== 'null');
    const arbs = nonNull.map((t) => validArb({ ...s, type: t }, ctx, name, base));
    return types.includes('null')
      ? fc.oneof({ weight: 4, arbitrary: fc.oneof(...arbs) }, fc.constant(null))
      : fc.oneof(...arbs);
  }
  if (s.enum) return fc.constantFrom(...s.enum.filter((v: unknown) => v !== null));
  const pool = ctx.pools[poolOf(name) ?? name ?? ''];
  const fromPool = pool?.length ? fc.constantFrom(...pool) : undefined;
  const withPool = (a: Arbitrary<unknown>) =>
    fromPool ? fc.oneof({ weight: 3, arbitrary: fromPool }, { weight: 2, arbitrary: a }) : a;
  switch (s.type) {
    case 'object':
      return objectArb(s, ctx, base);
    case 'array': {
      const item = schemaArb(s.items ?? {}, ctx, name, base);
      return fc.array(item, { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 6, 6) });
    }
    case 'integer': {
      const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -1_000);
      const max = s.maximum ?? Math.max(min + 1_000, 1_000_000);
      return withPool(fc.integer({ min, max }));
    }
    case 'number': {
      const min = s.minimum ?? -1_000;
      const max = s.maximum ?? 1_000;
      return withPool(
        fc.oneof(
          fc.integer({ min: Math.ceil(min * 100), max: Math.floor(max * 100) }).map((n) => n / 100),
          fc.double({ min, max, noNaN: true, noDefaultInfinity: true }),
        ),
      );
    }
    case 'boolean':
      return fc.boolean();
    case 'string':
      return withPool(stringArb(s, base, ctx.mutate));
    default:
      return fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null));
  }
}

const matchingCache = new Map<string, Arbitrary<string>>();
/** Strings of a pattern within bounds (cached: building a pattern's arbitrary is the slow part). */
function matching(pattern: string, min: number, max: number): Arbitrary<string> {
  const key = `${pattern} ${min} ${max}`;
  let arb = matchingCache.get(key);
  if (!arb) {
    const re = new RegExp(pattern);
    arb = fc
      .stringMatching(re)
      .map((v) => v.slice(0, max))
      .filter((v) => v.length >= min && re.test(v));
    matchingCache.set(key, arb);
  }
  return arb;
}

function stringArb(s: Schema, base: number, tricky: boolean): Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = s.maxLength ?? 200;
  if (s.format === 'date' || (s.pattern && DATE_RE.test(s.pattern))) return dateString(base);
  if (s.format === 'date-time') return instantString(base);
  if (s.pattern) return matching(s.pattern, min, max);
  return fc.oneof(
    { weight: 8, arbitrary: text(Math.max(min, 1), Math.min(max, 40), tricky) },
    { weight: 1, arbitrary: fc.constantFrom('临'.repeat(max), 'x'.repeat(max + 1)) },
  );
}

function objectArb(s: Schema, ctx: Ctx, base: number): Arbitrary<Record<string, unknown>> {
  const props: Record<string, Schema> = s.properties ?? {};
  const required: string[] = s.required ?? [];
  const model = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, schemaArb(v, ctx, k, base)]));
  const record = fc.record(model, { requiredKeys: required.filter((k) => k in props) }) as Arbitrary<
    Record<string, unknown>
  >;
  if (!ctx.mutate) return record;
  const keys = Object.keys(props);
  return fc
    .tuple(
      record,
      sometimes(fc.constantFrom(...(keys.length ? keys : ['x']))),
      sometimes(fc.tuple(fc.constantFrom('extra', 'constructor', 'id', 'role', 'status', '__proto__'), absurd)),
    )
    .map(([obj, drop, extra]) => {
      const out: Record<string, unknown> = { ...obj };
      if (drop !== null) delete out[drop];
      // defineProperty: `out.__proto__ = …` would set the prototype instead of a key JSON.stringify sends.
      if (extra !== null) Object.defineProperty(out, extra[0], { value: extra[1], enumerable: true });
      return out;
    });
}

/** `arb` one time in `1 + odds`, null otherwise. */
export const sometimes = <T>(arb: Arbitrary<T>, odds = 4): Arbitrary<T | null> =>
  fc.oneof({ weight: odds, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });
