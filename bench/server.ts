/**
 * A private `wrangler dev` for benchmarks: fresh migrated and seeded state, its own port, stopped
 * with its whole process group at the end, on error and on Ctrl-C.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';

/** `wrangler dev` on 127.0.0.1:`port` with state in `state` and extra `--var NAME:VALUE`s. */
/** `env`: extra environment for wrangler (e.g. X_LOCAL_OBSERVABILITY). */
export function benchServer(opts: { port: number; state: string; vars?: string[]; env?: Record<string, string> }) {
  const PORT = opts.port;
  const BASE = `http://127.0.0.1:${PORT}`;
  const STATE = opts.state;
  const offline = {
    ...process.env,
    CI: '1',
    WRANGLER_SEND_METRICS: 'false',
    CLOUDFLARE_CF_FETCH_ENABLED: 'false',
    ...opts.env,
  };

  // ---------------------------------------------------------------- server

  let server: ChildProcess | undefined;
  let serverLog = '';

  function prepareState(): void {
    if (!existsSync('dist/site')) {
      console.log('dist/site is missing: building the site first');
      execFileSync('npm', ['run', 'build'], { stdio: 'inherit', env: offline });
    }
    rmSync(STATE, { recursive: true, force: true });
    try {
      execFileSync('tsx', ['scripts/local-db.ts', '--persist-to', STATE], { stdio: 'pipe', env: offline });
    } catch (e: any) {
      process.stderr.write(`${e.stdout ?? ''}${e.stderr ?? ''}`);
      throw new Error('preparing the bench database failed (scripts/local-db.ts)', { cause: e });
    }
  }

  /** Starts the server; `keepState` restarts on the state a previous start left (after a crash). */
  async function start(restart: { keepState?: boolean } = {}): Promise<void> {
    if (!restart.keepState) prepareState();
    if (await healthy()) throw new Error(`port ${PORT} already answers; stop whatever runs there first`);
    const args = ['dev', '--ip', '127.0.0.1', '--port', String(PORT), '--persist-to', STATE];
    args.push('--show-interactive-dev-session=false', '--log-level', 'warn');
    for (const v of opts.vars ?? []) args.push('--var', v);
    // Its own process group, so stopping it also stops the workerd it spawns.
    server = spawn('wrangler', args, { env: offline, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: { toString(): string }) => (serverLog = (serverLog + chunk.toString()).slice(-8000));
    server.stdout!.on('data', keep);
    server.stderr!.on('data', keep);
    const exited = new Promise<never>((_, reject) =>
      server!.once('exit', (code: number | null) =>
        reject(new Error(`wrangler dev exited early (${code}):\n${serverLog}`)),
      ),
    );
    const ready = (async () => {
      const deadline = Date.now() + 60_000;
      while (!(await healthy())) {
        if (Date.now() > deadline) throw new Error(`wrangler dev not healthy after 60 s:\n${serverLog}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    exited.catch(() => {});
    await Promise.race([ready, exited]);
  }

  async function healthy(): Promise<boolean> {
    try {
      return (await fetch(`${BASE}/api/health`, { signal: AbortSignal.timeout(1000) })).ok;
    } catch {
      return false;
    }
  }

  async function stopServer(): Promise<void> {
    const child = server;
    server = undefined;
    if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    killGroup(child.pid, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child.pid!, 'SIGKILL'), 5000);
    await gone;
    clearTimeout(timer);
  }

  /** `kill -9` of the whole process group (wrangler and its workerd), as a crash would. */
  async function crash(): Promise<void> {
    const child = server;
    server = undefined;
    if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    killGroup(child.pid, 'SIGKILL');
    await gone;
  }

  function killGroup(pid: number, signal: 'SIGTERM' | 'SIGKILL'): void {
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  }

  const self = { interrupted: false, base: BASE, start, stop: stopServer, crash };
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.on(signal, () => {
      self.interrupted = true;
      void stopServer().finally(() => process.exit(code));
    });
  }
  process.on('exit', () => server?.pid && killGroup(server.pid, 'SIGKILL'));

  return self;
}

/** Runs a benchmark's main against its server: stops the server and exits 0 only when main says ok. */
export function runBench(
  server: Pick<ReturnType<typeof benchServer>, 'stop' | 'interrupted'>,
  main: () => Promise<boolean>,
): void {
  main()
    .then(async (ok) => {
      await server.stop();
      process.exit(ok ? 0 : 1);
    })
    .catch(async (e) => {
      if (server.interrupted) return;
      console.error(e instanceof Error ? e.message : e);
      await server.stop();
      process.exit(1);
    });
}
