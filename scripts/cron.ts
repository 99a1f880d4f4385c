/**
 * The cron triggers of wrangler.toml, fired against a local `wrangler dev` on their schedule.
 *
 * `wrangler dev` never fires cron triggers by itself; it only offers `/cdn-cgi/local/scheduled?cron=…`,
 * answered by Miniflare's local entry worker (not part of the deployed Worker), which runs the Worker's
 * `scheduled()` with that cron. `scripts/start.ts` (`npm start`) starts this timer beside it, so the
 * detection scan, the checkpoint seal and the housekeeping run locally as they do in production.
 *
 * The expressions are read from wrangler.toml, never repeated here. Schedules are in UTC, as Cloudflare
 * runs them. Supported syntax: `*`, numbers, ranges `a-b`, steps `*\/n` and `a-b/n`, lists `a,b`, month
 * names JAN–DEC and, in the day of week, `*` or names SUN–SAT. Anything else (numeric days of week, whose
 * numbering differs between cron dialects; `L`, `W`, `#`; a day of month and a day of week both set) is
 * refused with an error rather than fired on a guessed schedule.
 */

/** The local trigger path of `wrangler dev` (Miniflare). */
export const SCHEDULED_PATH = '/cdn-cgi/local/scheduled';

/**
 * The `crons` of the `[triggers]` table of a wrangler.toml, or of `[env.<env>.triggers]` when `env`
 * is given. Throws when the table or its `crons` array is missing.
 */
export function readCrons(toml: string, env?: string): string[] {
  const table = env ? `env.${env}.triggers` : 'triggers';
  let current = '';
  let collecting: string | undefined;
  for (const line of toml.split('\n')) {
    if (collecting !== undefined) {
      collecting += `\n${line}`;
    } else {
      const header = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$/.exec(line);
      if (header) {
        current = header[1];
        continue;
      }
      if (current !== table || !/^\s*crons\s*=/.test(line)) continue;
      collecting = line.slice(line.indexOf('=') + 1);
    }
    const text = collecting.replace(/#[^\n"']*$/gm, '');
    if (!text.includes(']')) continue;
    const array = text.slice(text.indexOf('[') + 1, text.indexOf(']'));
    return [...array.matchAll(/"([^"]*)"|'([^']*)'/g)].map((m) => m[1] ?? m[2]);
  }
  throw new Error(`wrangler.toml has no [${table}] table with a crons array`);
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface Field {
  name: string;
  min: number;
  max: number;
  /** Names for min, min+1, … */
  names?: string[];
  /** Only `*` and names are accepted (day of week). */
  namesOnly?: boolean;
}

const FIELDS: Field[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day of week', min: 0, max: 6, names: DAYS, namesOnly: true },
];

export interface Cron {
  expr: string;
  minutes: Set<number>;
  hours: Set<number>;
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
}

function parseField(text: string, f: Field, expr: string): Set<number> {
  const fail = (why: string): never => {
    throw new Error(`cron "${expr}": ${f.name} "${text}" ${why}`);
  };
  const value = (token: string): number => {
    const named = f.names?.indexOf(token.toUpperCase()) ?? -1;
    if (named >= 0) return f.min + named;
    if (f.namesOnly) fail(`is not supported here: use * or the names ${f.names!.join(', ')}`);
    if (!/^\d+$/.test(token)) fail('is not a number');
    const n = Number(token);
    if (n < f.min || n > f.max) fail(`is outside ${f.min}–${f.max}`);
    return n;
  };
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^([^/]+)(?:\/(\d+))?$/.exec(part);
    if (!m) fail('is not supported');
    const [, range, stepText] = m!;
    const step = stepText === undefined ? 1 : Number(stepText);
    if (step < 1) fail('has a step below 1');
    let from: number;
    let to: number;
    if (range === '*') [from, to] = [f.min, f.max];
    else if (range.includes('-')) [from, to] = range.split('-').map(value) as [number, number];
    else [from, to] = [value(range), stepText === undefined ? value(range) : f.max];
    if (from > to) fail('is an empty range');
    for (let n = from; n <= to; n += step) out.add(n);
  }
  return out;
}

/** Parses a five-field cron expression (minute hour day-of-month month day-of-week), UTC. */
export function parseCron(expr: string): Cron {
  const parts = expr.trim().split(/\s+/);
  if (parts.length !== 5) throw new Error(`cron "${expr}": expected 5 fields, got ${parts.length}`);
  const [minutes, hours, days, months, weekdays] = parts.map((p, i) => parseField(p, FIELDS[i], expr));
  if (parts[2] !== '*' && parts[4] !== '*')
    throw new Error(`cron "${expr}": a day of month and a day of week together are not supported`);
  return { expr, minutes, hours, days, months, weekdays };
}

const MINUTE = 60_000;

/** The first instant (ms, on a whole UTC minute) strictly after `after` at which `cron` fires. */
export function nextRun(cron: Cron, after: number): number {
  let t = Math.floor(after / MINUTE) * MINUTE + MINUTE;
  const limit = after + 5 * 366 * 24 * 60 * MINUTE;
  while (t <= limit) {
    const d = new Date(t);
    if (!cron.months.has(d.getUTCMonth() + 1)) {
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    } else if (!cron.days.has(d.getUTCDate()) || !cron.weekdays.has(d.getUTCDay())) {
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
    } else if (!cron.hours.has(d.getUTCHours())) {
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours() + 1);
    } else if (!cron.minutes.has(d.getUTCMinutes())) {
      t += MINUTE;
    } else {
      return t;
    }
  }
  throw new Error(`cron "${cron.expr}" never fires within five years`);
}

export interface CronTimerOptions {
  /** The server, e.g. http://127.0.0.1:8787. */
  base: string;
  crons: string[];
  /**
   * How much faster than the wall clock the timer's clock runs (default 1). Tests pass e.g. 120, so
   * that `*\/5 * * * *` fires every 2.5 s; the expressions fired are the same.
   */
  speed?: number;
  log?: (line: string) => void;
}

/**
 * Fires each cron at `base` + SCHEDULED_PATH whenever its schedule comes due (at most once per due
 * time: after a sleep it fires once, not once per missed slot). `stop()` clears the timer and aborts
 * a firing in flight.
 */
export function startCronTimer(opts: CronTimerOptions): { stop(): void } {
  const speed = opts.speed ?? 1;
  const log = opts.log ?? console.log;
  const origin = Date.now();
  const clock = (real: number) => origin + (real - origin) * speed;
  const wall = (sim: number) => origin + (sim - origin) / speed;
  const jobs = opts.crons.map((expr) => {
    const cron = parseCron(expr);
    return { cron, next: nextRun(cron, clock(origin)) };
  });
  const aborter = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function fire(expr: string, due: number): Promise<void> {
    const url = `${opts.base}${SCHEDULED_PATH}?cron=${encodeURIComponent(expr)}&time=${Math.round(due)}&format=json`;
    try {
      const res = await fetch(url, { signal: AbortSignal.any([aborter.signal, AbortSignal.timeout(120_000)]) });
      const body = (await res.json().catch(() => ({}))) as { outcome?: string };
      log(`[cron] ${expr}: ${body.outcome ?? res.status}`);
    } catch (e) {
      if (!aborter.signal.aborted) log(`[cron] ${expr}: not run (${e instanceof Error ? e.message : e})`);
    }
  }

  function schedule(): void {
    if (aborter.signal.aborted || jobs.length === 0) return;
    const earliest = Math.min(...jobs.map((j) => j.next));
    // At most a minute at a time, so a long wait (and setTimeout's 24-day limit) is re-measured.
    const delay = Math.min(Math.max(wall(earliest) - Date.now(), 0), MINUTE);
    timer = setTimeout(tick, delay);
  }

  function tick(): void {
    const now = clock(Date.now());
    for (const job of jobs) {
      if (job.next > now) continue;
      void fire(job.cron.expr, wall(job.next));
      job.next = nextRun(job.cron, now);
    }
    schedule();
  }

  schedule();
  return {
    stop() {
      aborter.abort();
      clearTimeout(timer);
    },
  };
}
