/**
 * `npm run bench:reads` — how fast public reads are, compared with a static asset.
 *
 * It starts its own `wrangler dev` on 127.0.0.1:8850 with fresh state in .wrangler/bench-reads
 * (migrations and seed) and measures at concurrency C, N requests per phase:
 *   1. baseline: a static page (/admin/, served from the built site without the Worker),
 *   2. the results API, the poll page and the widget as a citizen gets them (plain address: served
 *      from the edge cache once it is wired in),
 *   3. the poll page and the home page uncached (a unique query parameter per request misses the
 *      cache, so every request runs the app and reads D1),
 *   4. baseline again.
 * Each line gives requests/s, p50/p99 latency and the ratio to mean(baseline) — absolute numbers on
 * the shared 2-core machines this runs on swing by ±30 %, and the single workerd process is the
 * bottleneck; the ratio cancels most of that out. The X-Edge-Cache answers seen are printed too, so
 * it is plain whether the cache was on. Goals (issue 10): cached reads ≥ 0.9×, uncached pages ≥ 0.5×.
 *
 * Usage: npm run bench:reads [-- --requests 400 --concurrency 20 --port 8850]
 */
import { errorCount, flag, line, measure, rate, type Phase } from './measure';
import { benchServer, runBench } from './server';

const PORT = flag('port', 8850);
const POLL = 'trades-vote';
const WARMUP = 20;
const CACHED_GOAL = 0.9;
const UNCACHED_GOAL = 0.5;

const N = flag('requests', 400);
const CONCURRENCY = flag('concurrency', 20);
const server = benchServer({ port: PORT, state: '.wrangler/bench-reads' });

interface Target {
  label: string;
  path: (i: number) => string;
  goal?: number;
}

const bust = (path: string) => (i: number) => `${path}${path.includes('?') ? '&' : '?'}bench=${i}-${Date.now()}`;
const TARGETS: Target[] = [
  { label: 'results API', path: () => `/api/polls/${POLL}/results`, goal: CACHED_GOAL },
  { label: 'poll page', path: () => `/polls/${POLL}/`, goal: CACHED_GOAL },
  { label: 'widget', path: () => `/embed/polls/${POLL}`, goal: CACHED_GOAL },
  { label: 'poll page uncached', path: bust(`/polls/${POLL}/`), goal: UNCACHED_GOAL },
  { label: 'home page uncached', path: bust('/'), goal: UNCACHED_GOAL },
];

/** Runs one phase; `seen` counts the X-Edge-Cache answers. */
async function phase(path: (i: number) => string, seen = new Map<string, number>()): Promise<Phase> {
  await measure(WARMUP, CONCURRENCY, (i) => get(path(N + i)));
  return measure(N, CONCURRENCY, async (i) => {
    const r = await get(path(i));
    seen.set(r.cache, (seen.get(r.cache) ?? 0) + 1);
    return r;
  });
}

async function get(path: string) {
  const res = await fetch(server.base + path);
  await res.arrayBuffer();
  return { status: res.status, body: null, cache: res.headers.get('X-Edge-Cache') ?? 'none' };
}

async function main(): Promise<boolean> {
  await server.start();
  // A page Workers Static Assets serves without running the Worker (/rules/ is Worker-filled).
  const baseline = () => phase(() => '/admin/');
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
    results.push({ target, p: await phase(target.path, seen), seen });
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
