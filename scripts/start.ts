/**
 * `npm start` after the build: prepares the local D1 (scripts/local-db.ts), runs `wrangler dev`, and
 * fires the cron triggers of wrangler.toml on their schedule (scripts/cron.ts), which `wrangler dev`
 * does not do by itself. Ctrl-C (or `x` in wrangler's prompt) stops both and exits.
 *
 * Usage: tsx scripts/start.ts [--port 8787] [--persist-to <dir>] [other `wrangler dev` options]
 * CRON_SPEED=<n> runs the timer's clock n times faster (tests); the crons it fires are unchanged.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { SCHEDULED_PATH, parseCron, readCrons, startCronTimer } from './cron';

const args = process.argv.slice(2);
const take = (name: string): string | undefined => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const [, value] = args.splice(i, 2);
  return value;
};
const port = take('--port') ?? '8787';
const persistTo = take('--persist-to');
const persist = persistTo ? ['--persist-to', persistTo] : [];
const speed = Number(process.env.CRON_SPEED ?? 1);
if (!(speed > 0)) throw new Error(`CRON_SPEED must be a positive number, got ${process.env.CRON_SPEED}`);

// Read before anything starts, so a cron the timer cannot fire stops `npm start` with its reason.
const crons = readCrons(readFileSync('wrangler.toml', 'utf8'));
crons.forEach(parseCron);

const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' };
execFileSync('tsx', ['scripts/local-db.ts', ...persist], { stdio: 'inherit', env });

const base = `http://127.0.0.1:${port}`;
// Same process group and terminal as this script: Ctrl-C reaches wrangler directly, and its
// interactive keys keep working.
const wrangler = spawn('wrangler', ['dev', '--ip', '127.0.0.1', '--port', port, ...persist, ...args], {
  stdio: 'inherit',
  env,
});
let timer: { stop(): void } | undefined;
let stopping = false;

wrangler.on('exit', (code, signal) => {
  timer?.stop();
  // Stopped on request (Ctrl-C): a clean exit, whatever wrangler's own code.
  process.exit(stopping ? 0 : (code ?? (signal ? 1 : 0)));
});

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    stopping = true;
    timer?.stop();
    // A terminal's Ctrl-C already reached wrangler; a signal sent to this process alone did not.
    if (wrangler.exitCode === null && wrangler.signalCode === null) wrangler.kill(signal);
    setTimeout(() => wrangler.kill('SIGKILL'), 10_000).unref();
  });
}

async function healthy(): Promise<boolean> {
  try {
    return (await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

while (!stopping && wrangler.exitCode === null && !(await healthy())) await new Promise((r) => setTimeout(r, 500));
if (!stopping && wrangler.exitCode === null) {
  timer = startCronTimer({ base, crons, speed });
  console.log(
    `[cron] npm start fires ${crons.map((c) => `"${c}"`).join(' and ')} (wrangler.toml [triggers], UTC) on their ` +
      `schedule at ${SCHEDULED_PATH}` +
      (speed === 1 ? '' : `, clock ×${speed}`),
  );
}
