/**
 * What every benchmark measures the same way: command-line flags, a concurrency pool, timed phases
 * with latency percentiles and error counts, and one printed line per phase.
 */

/** `--name 12` or `--name=12`, a positive integer. */
export function flag(name: string, fallback: number): number {
  const argv: string[] = process.argv.slice(2);
  const at = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (at < 0) return fallback;
  const raw = argv[at].includes('=') ? argv[at].split('=')[1] : argv[at + 1];
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--${name} must be a positive integer, got ${raw}`);
    process.exit(2);
  }
  return n;
}

/** An answer as the benchmarks look at it. */
export interface Reply {
  status: number;
  body: any;
}

/** Runs `task(0..n-1)` with at most `limit` in flight. */
export async function pool(n: number, limit: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < n) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, n) }, worker));
}

export interface Phase {
  n: number;
  seconds: number;
  latencies: number[];
  errors: Map<string, number>;
}

/** Times `n` requests at `concurrency`; latency includes reading the body; non-2xx count as errors. */
export async function measure(n: number, concurrency: number, request: (i: number) => Promise<Reply>): Promise<Phase> {
  const latencies: number[] = [];
  const errors = new Map<string, number>();
  const started = performance.now();
  await pool(n, concurrency, async (i) => {
    const t0 = performance.now();
    let label: string | undefined;
    try {
      const r = await request(i);
      if (r.status < 200 || r.status > 299) label = `${r.status} ${r.body?.error?.code ?? '?'}`;
    } catch (e) {
      label = `fetch ${(e as Error).message}`;
    }
    latencies.push(performance.now() - t0);
    if (label) errors.set(label, (errors.get(label) ?? 0) + 1);
  });
  return { n, seconds: (performance.now() - started) / 1000, latencies, errors };
}

export const rate = (p: Phase) => p.n / p.seconds;
export const errorCount = (p: Phase) => [...p.errors.values()].reduce((a, b) => a + b, 0);

export function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** `label  rate unit  p50 p99 errors` for one phase. */
export function line(label: string, unit: string, p: Phase): string {
  const errs = errorCount(p);
  const detail = errs ? ` (${[...p.errors].map(([k, v]) => `${k} ×${v}`).join(', ')})` : '';
  return (
    `${label.padEnd(22)}${rate(p).toFixed(1).padStart(7)} ${unit.padEnd(10)}` +
    `p50 ${percentile(p.latencies, 0.5).toFixed(0)}ms p99 ${percentile(p.latencies, 0.99).toFixed(0)}ms ` +
    `errors ${errs}${detail}`
  );
}
