/**
 * `npm run bench:lighthouse` — a phone page load as Lighthouse sees it, for the poll page and the
 * home page (goal: performance ≥ 95, no console errors).
 *
 * It starts its own `wrangler dev` on 127.0.0.1:8851 with fresh seeded state, reads each page once
 * (so the edge cache holds it, as for most visitors), then runs the `lighthouse` CLI with its
 * default mobile settings (simulated slow 4G and 4× CPU slowdown) in Debian's Chromium
 * (`CHROME_PATH`, default /usr/bin/chromium) and prints the performance score, total blocking time,
 * largest contentful paint and every console error. Scores on a shared 2-core machine vary by a
 * few points between runs; `--runs N` takes the median score of N runs per page. Lighthouse slows the
 * CPU 4× from what it observes, so a busy or slow machine (its printed benchmark index well under
 * the ~1000+ of a developer laptop) inflates total blocking time; compare runs on one machine.
 *
 * Usage: npm run bench:lighthouse [-- --runs 3 --port 8851]
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { flag } from './measure';
import { benchServer, runBench } from './server';

const run = promisify(execFile);
const PORT = flag('port', 8851);
const RUNS = flag('runs', 1);
const SCORE_GOAL = 95;
const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const CHROME_FLAGS = '--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking';
const PAGES = [
  { label: 'poll page', path: '/polls/trades-vote/' },
  { label: 'home page', path: '/' },
];
const server = benchServer({ port: PORT, state: '.wrangler/bench-lighthouse' });

interface Report {
  categories: { performance: { score: number } };
  audits: Record<
    string,
    { numericValue?: number; details?: { items?: { source?: string; description?: string; url?: string }[] } }
  >;
  runtimeError?: { code: string; message: string };
  environment: { benchmarkIndex: number };
}

/** One Lighthouse run of `url`: its JSON report. */
async function lighthouse(url: string, dir: string): Promise<Report> {
  const out = join(dir, `report-${Date.now()}.json`);
  await run(
    'lighthouse',
    [
      url,
      '--output=json',
      `--output-path=${out}`,
      '--only-categories=performance,best-practices',
      `--chrome-flags=${CHROME_FLAGS}`,
      '--quiet',
    ],
    { env: { ...process.env, CHROME_PATH: CHROME }, maxBuffer: 64 * 1024 * 1024, timeout: 180_000 },
  );
  const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
  if (report.runtimeError) throw new Error(`lighthouse ${report.runtimeError.code}: ${report.runtimeError.message}`);
  return report;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<boolean> {
  await server.start();
  const dir = mkdtempSync(join(tmpdir(), 'bench-lighthouse-'));
  const lines = ['', `bench:lighthouse  mobile (default throttling), ${RUNS} run(s) per page, Chromium ${CHROME}`];
  let ok = true;
  try {
    for (const page of PAGES) {
      const url = server.base + page.path;
      await (await fetch(url)).arrayBuffer();
      const reports: Report[] = [];
      for (let i = 0; i < RUNS; i++) reports.push(await lighthouse(url, dir));
      const scores = reports.map((r) => Math.round(r.categories.performance.score * 100));
      const score = median(scores);
      const report = reports[scores.indexOf(score)];
      const tbt = Math.round(report.audits['total-blocking-time'].numericValue ?? NaN);
      const lcp = Math.round(report.audits['largest-contentful-paint'].numericValue ?? NaN);
      const errors = report.audits['errors-in-console'].details?.items ?? [];
      const mainThread = (report.audits['mainthread-work-breakdown'].details?.items ?? []) as unknown as {
        groupLabel: string;
        duration: number;
      }[];
      const work = mainThread
        .slice(0, 3)
        .map((w) => `${w.groupLabel} ${Math.round(w.duration)} ms`)
        .join(', ');
      const met = score >= SCORE_GOAL && errors.length === 0;
      ok &&= met;
      lines.push(
        `${page.label.padEnd(12)} performance ${score}${RUNS > 1 ? ` (runs ${scores.join(', ')})` : ''}  TBT ${tbt} ms  LCP ${lcp} ms  console errors ${errors.length}  (goal ≥ ${SCORE_GOAL}, no errors: ${met ? 'met' : 'NOT met'})`,
        `    main thread (throttled): ${work}; this machine's Lighthouse CPU benchmark index ${Math.round(report.environment.benchmarkIndex)}`,
        ...errors.map((e) => `    console error: ${e.source ?? ''} ${e.description ?? ''} ${e.url ?? ''}`.trimEnd()),
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(lines.join('\n'));
  return ok;
}

runBench(server, main);
