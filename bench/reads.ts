/**
 * `npm run bench:reads` — how fast public reads are, compared with a static asset.
 *
 * It starts its own `wrangler dev` on 127.0.0.1:8850 with fresh state in .wrangler/bench-reads
 * (migrations and seed) and measures, at concurrency C:
 *   - the baseline: a static page (/admin/, served from the built site without the Worker),
 *   - the results API, the poll page and the widget as a citizen gets them (plain address: served
 *     from the edge cache),
 *   - the poll page and the home page uncached, as staff read them: the staff session cookie makes
 *     the edge cache step aside (X-Edge-Cache BYPASS), so every request runs the app, reads D1 in
 *     its one round trip and renders the page. This is what the 0.5x goal is about: the cost of a
 *     page the cache cannot answer.
 *   - for information (no goal), the poll page at a new address each time (a unique `bench`
 *     query parameter, part of the cache key only with BENCH_ROUTES=on, which this server sets;
 *     any other made-up parameter is left out of the key): a cache miss, which also stores the page. In wrangler dev every store writes the
 *     body into a SQLite file on disk, so this line mostly measures miniflare's cache storage.
 * Each target is measured in R rounds interleaved with the baseline (baseline, target, target,
 * baseline, …; N/R requests per slice), and its ratio is its requests over their time against the
 * baseline slices beside it. The shared 2-core machines this runs on have bursts: one 100-request
 * slice against its neighbour swings between 0.6× and 1.6×, and a baseline taken only at the start
 * and the end moved a ratio by more than the goals' margins. Many short interleaved rounds average
 * the bursts out, and each ratio comes with a 95 % interval (bootstrap over its rounds); a verdict
 * whose interval straddles the goal says so. Every target is warmed up first.
 * Miniflare's local observability (a trace of every Worker invocation written to SQLite, which
 * production does not have and which static files skip) is turned off for this server.
 * Each line gives requests/s, p50/p99 latency, the ratio and the X-Edge-Cache answers seen, so it
 * is plain whether the cache was on. Goals: cached reads ≥ 0.9×, uncached pages ≥ 0.5×.
 *
 * Usage: npm run bench:reads [-- --requests 2400 --rounds 24 --concurrency 20 --port 8850]
 */
import { errorCount, flag, line, measure, percentile, rate, type Phase } from './measure';
import { STAFF_COOKIE } from '../contracts/admin-accounts';
import { benchServer, runBench } from './server';

const PORT = flag('port', 8850);
const POLL = 'trades-vote';
const WARMUP = 200;
const CACHED_GOAL = 0.9;
const UNCACHED_GOAL = 0.5;

const N = flag('requests', 2400);
const ROUNDS = flag('rounds', 24);
const CONCURRENCY = flag('concurrency', 20);
const server = benchServer({
  port: PORT,
  state: '.wrangler/bench-reads',
  vars: ['BENCH_ROUTES:on'],
  env: { X_LOCAL_OBSERVABILITY: 'false' },
});

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

/** Times `n` requests to one target; `seen` counts the X-Edge-Cache answers. */
function slice(target: Pick<Target, 'path' | 'headers'>, n: number, seen = new Map<string, number>()): Promise<Phase> {
  return measure(n, CONCURRENCY, async (i) => {
    const r = await get(target.path(i), target.headers);
    seen.set(r.cache, (seen.get(r.cache) ?? 0) + 1);
    return r;
  });
}

/** Phases measured one after another, as one: their requests over their summed time. */
function joined(phases: Phase[]): Phase {
  const errors = new Map<string, number>();
  for (const p of phases) for (const [k, v] of p.errors) errors.set(k, (errors.get(k) ?? 0) + v);
  return {
    n: phases.reduce((a, p) => a + p.n, 0),
    seconds: phases.reduce((a, p) => a + p.seconds, 0),
    latencies: phases.flatMap((p) => p.latencies),
    errors,
  };
}

/**
 * A target in ROUNDS rounds beside the baseline, alternating which goes first (B T T B B T …), so a
 * machine that speeds up or slows down during the phase weighs on both alike.
 */
async function interleaved(target: Target, seen: Map<string, number>) {
  const per = Math.ceil(N / ROUNDS);
  const base: Phase[] = [];
  const measured: Phase[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const b = () => slice(BASELINE, per).then((p) => base.push(p));
    const t = () => slice(target, per, seen).then((p) => measured.push(p));
    if (round % 2 === 0) await b().then(t);
    else await t().then(b);
  }
  return { base: joined(base), p: joined(measured), interval: bootstrap(measured, base) };
}

/**
 * A 95 % interval for a target's ratio: the rounds drawn again with replacement, 2000 times, each
 * draw's ratio taken as the real one is (its target requests over their time against its baseline
 * slices'). On this machine one run's interval is about ±0.07 wide, wider than the goals' margins.
 */
function bootstrap(measured: Phase[], base: Phase[], draws = 2000): [number, number] {
  const ratios: number[] = [];
  for (let d = 0; d < draws; d++) {
    const picks = measured.map(() => Math.floor(Math.random() * measured.length));
    const rateOf = (phases: Phase[]) =>
      picks.reduce((a, i) => a + phases[i].n, 0) / picks.reduce((a, i) => a + phases[i].seconds, 0);
    ratios.push(rateOf(measured) / rateOf(base));
  }
  return [percentile(ratios, 0.025), percentile(ratios, 0.975)];
}

/** Met or not by the ratio, and whether the interval says this run can tell. */
function verdict(goal: number, ratio: number, [low, high]: [number, number]): string {
  const met = ratio >= goal ? 'met' : 'NOT met';
  const sure = low >= goal || high < goal ? '' : ", within this run's noise";
  return ` (goal ≥ ${goal}: ${met}${sure})`;
}

async function get(path: string, headers?: Record<string, string>) {
  const res = await fetch(server.base + path, { headers });
  await res.arrayBuffer();
  return { status: res.status, body: null, cache: res.headers.get('X-Edge-Cache') ?? 'none' };
}

async function main(): Promise<boolean> {
  await server.start();
  for (const target of [BASELINE, ...TARGETS])
    await measure(WARMUP, CONCURRENCY, (i) => get(target.path(-100 - i), target.headers));
  const results: { target: Target; p: Phase; base: Phase; interval: [number, number]; seen: Map<string, number> }[] =
    [];
  const skipped: string[] = [];
  for (const target of TARGETS) {
    // The widget route may not be mounted yet: say so instead of timing 404s.
    if ((await get(target.path(-1))).status === 404) {
      skipped.push(`${target.label.padEnd(22)}not measured: ${target.path(-1)} answers 404`);
      continue;
    }
    const seen = new Map<string, number>();
    results.push({ target, ...(await interleaved(target, seen)), seen });
  }

  const out = [
    '',
    `bench:reads  requests=${N} per target in ${ROUNDS} rounds beside as many of the baseline, concurrency=${CONCURRENCY}`,
    line('static asset (all)', 'req/s', joined(results.map((r) => r.base))),
  ];
  for (const { target, p, base, interval, seen } of results) {
    const ratio = rate(p) / rate(base);
    const ci = `95% ${interval[0].toFixed(2)}–${interval[1].toFixed(2)}`;
    const cache = [...seen].map(([k, v]) => `${k}×${v}`).join(' ');
    const goal = target.goal ? verdict(target.goal, ratio, interval) : '';
    out.push(`${line(target.label, 'req/s', p)}  ratio ${ratio.toFixed(2)} (${ci})${goal}  X-Edge-Cache ${cache}`);
  }
  out.push(...skipped);
  console.log(out.join('\n'));
  return results.every((r) => errorCount(r.p) === 0 && errorCount(r.base) === 0);
}

runBench(server, main);
