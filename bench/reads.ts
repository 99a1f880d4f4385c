/**
 * `npm run bench:reads` — how fast public reads are, compared with a static asset.
 *
 * It starts its own `wrangler dev` on 127.0.0.1:8850 with fresh state in .wrangler/bench-reads
 * (migrations and seed) and measures at concurrency C, N requests per phase:
 *   1. baseline: a static page (/admin/, served from the built site without the Worker),
 *   2. the results API, the poll page and the widget as a citizen gets them (plain address: served
 *      from the edge cache once it is wired in),
 *   3. the poll page and the home page uncached, as staff read them: the staff session cookie makes
 *      the edge cache step aside (X-Edge-Cache BYPASS), so every request runs the app, reads D1 in
 *      its one round trip and renders the page. This is what the 0.5x goal is about: the cost of a
 *      page the cache cannot answer.
 *   4. for information (no goal), the poll page at a new address each time (a unique query
 *      parameter): a cache miss, which also stores the page. In wrangler dev every store writes the
 *      body into a SQLite file on disk, so this line mostly measures miniflare's cache storage.
 *   5. baseline again.
 * Every target is warmed up first, so the first baseline is not measured against a cold workerd.
 * Miniflare's local observability (a trace of every Worker invocation written to SQLite, which
 * production does not have and which static files skip) is turned off for this server.
 * Each line gives requests/s, p50/p99 latency and the ratio to mean(baseline) — absolute numbers on
 * the shared 2-core machines this runs on swing by ±30 %, and the single workerd process is the
 * bottleneck; the ratio cancels most of that out. The X-Edge-Cache answers seen are printed too, so
 * it is plain whether the cache was on. Goals (issue 10): cached reads ≥ 0.9×, uncached pages ≥ 0.5×.
 *
 * Usage: npm run bench:reads [-- --requests 400 --concurrency 20 --port 8850]
 */
import { errorCount, flag, line, measure, rate, type Phase } from './measure';
import { STAFF_COOKIE } from '../contracts/staff';
import { benchServer, runBench } from './server';

const PORT = flag('port', 8850);
const POLL = 'trades-vote';
const WARMUP = 20;
const CACHED_GOAL = 0.9;
const UNCACHED_GOAL = 0.5;

const N = flag('requests', 400);
const CONCURRENCY = flag('concurrency', 20);
const server = benchServer({ port: PORT, state: '.wrangler/bench-reads', env: { X_LOCAL_OBSERVABILITY: 'false' } });

interface Target {
  label: string;
  path: (i: number) => string;
  headers?: Record<string, string>;
  goal?: number;
}

const bust = (path: string) => (i: number) => `${path}${path.includes('?') ? '&' : '?'}bench=${i}-${Date.now()}`;
const plain = (path: string) => () => path;
/** What a signed-in staff member's browser sends: the edge cache never answers it (its value is not checked there). */
const STAFF = { Cookie: `${STAFF_COOKIE}=bench` };
/** A page Workers Static Assets serves without running the Worker (/rules/ is Worker-filled). */
const BASELINE: Target = { label: 'static asset', path: plain('/admin/') };
const TARGETS: Target[] = [
  { label: 'results API', path: plain(`/api/polls/${POLL}/results`), goal: CACHED_GOAL },
  { label: 'poll page', path: plain(`/polls/${POLL}/`), goal: CACHED_GOAL },
  { label: 'widget', path: plain(`/embed/polls/${POLL}`), goal: CACHED_GOAL },
  { label: 'poll page uncached', path: plain(`/polls/${POLL}/`), headers: STAFF, goal: UNCACHED_GOAL },
  { label: 'home page uncached', path: plain('/'), headers: STAFF, goal: UNCACHED_GOAL },
  { label: 'poll page cache miss', path: bust(`/polls/${POLL}/`) },
];

/** Runs one phase; `seen` counts the X-Edge-Cache answers. */
async function phase(target: Pick<Target, 'path' | 'headers'>, seen = new Map<string, number>()): Promise<Phase> {
  await measure(WARMUP, CONCURRENCY, (i) => get(target.path(N + i), target.headers));
  return measure(N, CONCURRENCY, async (i) => {
    const r = await get(target.path(i), target.headers);
    seen.set(r.cache, (seen.get(r.cache) ?? 0) + 1);
    return r;
  });
}

async function get(path: string, headers?: Record<string, string>) {
  const res = await fetch(server.base + path, { headers });
  await res.arrayBuffer();
  return { status: res.status, body: null, cache: res.headers.get('X-Edge-Cache') ?? 'none' };
}

async function main(): Promise<boolean> {
  await server.start();
  const baseline = () => phase(BASELINE);
  for (const target of [BASELINE, ...TARGETS])
    await measure(WARMUP * 10, CONCURRENCY, (i) => get(target.path(-100 - i), target.headers));
  const base1 = await baseline();
  const results: { target: Target; p: Phase; seen: Map<string, number> }[] = [];
  const skipped: string[] = [];
  for (const target of TARGETS) {
    // The widget route may not be mounted yet: say so instead of timing 404s.
    if ((await get(target.path(-1))).status === 404) {
      skipped.push(`${target.label.padEnd(22)}not measured: ${target.path(-1)} answers 404`);
      continue;
    }
    const seen = new Map<string, number>();
    results.push({ target, p: await phase(target, seen), seen });
  }
  const base2 = await baseline();
  const base = (rate(base1) + rate(base2)) / 2;

  const out = [
    '',
    `bench:reads  requests=${N} per phase, concurrency=${CONCURRENCY}`,
    line('static asset run1', 'req/s', base1),
  ];
  for (const { target, p, seen } of results) {
    const ratio = rate(p) / base;
    const cache = [...seen].map(([k, v]) => `${k}×${v}`).join(' ');
    const verdict = target.goal ? ` (goal ≥ ${target.goal}: ${ratio >= target.goal ? 'met' : 'NOT met'})` : '';
    out.push(`${line(target.label, 'req/s', p)}  ratio ${ratio.toFixed(2)}${verdict}  X-Edge-Cache ${cache}`);
  }
  out.push(line('static asset run2', 'req/s', base2), ...skipped);
  console.log(out.join('\n'));
  return [base1, base2, ...results.map((r) => r.p)].every((p) => errorCount(p) === 0);
}

runBench(server, main);
