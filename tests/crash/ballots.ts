/**
 * `npm run test:crash` (the last step of `npm test`): no acknowledged ballot is lost, and none counts
 * twice, when the server dies under load.
 *
 * 1. Starts `wrangler dev` on 127.0.0.1:$CRASH_PORT (default 8791) with fresh state in .wrangler/crash.
 * 2. Verifies VOTERS phones through the real SMS flow (console provider, GET /api/dev/sms).
 * 3. Casts one ballot per phone on the seeded `trades-vote` poll, CONCURRENCY at a time, each with its
 *    own Idempotency-Key, and `kill -9`s the whole process group (wrangler and workerd) once a third
 *    of them are acknowledged.
 * 4. Restarts on the same state and resends every ballot without an answer, same key, same choices.
 * 5. Asserts: every acknowledged receipt is present and counted with its choices; each phone has
 *    exactly one ballot; the results API's tallies and the poll's ballot count equal the choice and
 *    ballot rows in the local D1 file (read with `wrangler d1 execute --local`).
 *
 * Prints the figures and exits non-zero on any mismatch.
 */
import { execFileSync } from 'node:child_process';
import { benchServer, runBench } from '../../bench/server';

const PORT = Number(process.env.CRASH_PORT ?? 8791);
const BASE = `http://127.0.0.1:${PORT}`;
const STATE = '.wrangler/crash';
const POLL = 'trades-vote';
const VOTERS = Number(process.env.CRASH_VOTERS ?? 60);
const CONCURRENCY = 15;
const KILL_AFTER = Math.ceil(VOTERS / 3);

const server = benchServer({
  port: PORT,
  state: STATE,
  // A script verifies and votes faster than a person reads the form: keep the timing rule out of a test of durability.
  vars: ['SMS_PER_NETWORK_HOUR:1000000', 'SMS_DAILY_BUDGET:1000000', 'RULE_MACHINE_TIMING:off'],
});

interface Ballot {
  phone: string;
  token: string;
  key: string;
  choices: number[];
  /** Set once the server answered 201. */
  receipt?: string;
  /** The request left this process (its answer may have been lost). */
  sent?: boolean;
}

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(BASE + path, {
    method,
    headers: body === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  let parsed: any = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text for the report
  }
  return { status: res.status, body: parsed };
}

async function expectStatus(method: string, path: string, status: number, body?: unknown) {
  const r = await call(method, path, body);
  if (r.status !== status) throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** Runs `task(0..n-1)` with at most `limit` in flight; stops taking new items once `stop()` says so. */
async function pool(n: number, limit: number, task: (i: number) => Promise<void>, stop = () => false) {
  let next = 0;
  const worker = async () => {
    while (next < n && !stop()) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, n) }, worker));
}

function pickChoices(ids: number[], i: number): number[] {
  const n = 1 + (i % 3);
  return Array.from({ length: n }, (_, k) => ids[(i * 7 + k * 5) % ids.length])
    .filter((id, k, all) => all.indexOf(id) === k)
    .sort((a, b) => a - b);
}

function cast(b: Ballot) {
  return call(
    'POST',
    `/api/polls/${POLL}/ballots`,
    { choices: b.choices },
    { Authorization: `Bearer ${b.token}`, 'Idempotency-Key': b.key },
  );
}

/** One `wrangler d1 execute --local` over the persisted state: one result set per statement. */
function sqlite(sql: string): any[][] {
  const out = execFileSync(
    'wrangler',
    ['d1', 'execute', 'DB', '--local', '--persist-to', STATE, '--json', '--command', sql],
    {
      encoding: 'utf8',
      env: { ...process.env, CI: '1', WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return (JSON.parse(out) as { results: any[] }[]).map((r) => r.results);
}

async function main(): Promise<boolean> {
  const started = performance.now();
  const phases: string[] = [];
  let mark = started;
  const phase = (name: string) => {
    const t = performance.now();
    phases.push(`${name} ${((t - mark) / 1000).toFixed(1)} s`);
    mark = t;
  };
  await server.start();
  phase('start');
  const { poll } = await expectStatus('GET', `/api/polls/${POLL}`, 200);
  if (poll.status !== 'open') throw new Error(`seeded poll ${POLL} is ${poll.status}, expected open`);
  const candidateIds: number[] = poll.candidates.map((c: { id: number }) => c.id);
  const testStart = Date.now();

  const ballots: Ballot[] = new Array(VOTERS);
  await pool(VOTERS, CONCURRENCY, async (i) => {
    const phone = String(13600000000 + i);
    const { challenge } = await expectStatus('POST', '/api/otp', 202, { phone });
    const sms = await expectStatus('GET', `/api/dev/sms?phone=${phone}`, 200);
    const session = await expectStatus('POST', '/api/voter-session', 200, {
      phone,
      code: sms.messages[0].code,
      challenge,
    });
    ballots[i] = { phone, token: session.token, key: `crash-${i}-${crypto.randomUUID()}`, choices: [] };
    ballots[i].choices = pickChoices(candidateIds, i);
  });

  phase('verify');

  // Load, and the crash in the middle of it.
  let acknowledged = 0;
  let killed: Promise<void> | undefined;
  const refusals: string[] = [];
  await pool(
    VOTERS,
    CONCURRENCY,
    async (i) => {
      const b = ballots[i];
      b.sent = true;
      try {
        const r = await cast(b);
        if (r.status === 201) {
          b.receipt = r.body.receipt;
          if (++acknowledged === KILL_AFTER) killed = server.crash();
        } else refusals.push(`${b.phone}: ${r.status} ${JSON.stringify(r.body)}`);
      } catch {
        // the connection died with the server: no answer
      }
    },
    () => killed !== undefined,
  );
  await killed;
  const ackBeforeKill = ballots.filter((b) => b.receipt).length;
  const sentBeforeKill = ballots.filter((b) => b.sent).length;

  // Restart on the same state; resend everything without an answer, with its key.
  phase('load+kill');
  await server.start({ keepState: true });
  phase('restart');
  const unanswered = ballots.filter((b) => !b.receipt);
  await pool(unanswered.length, CONCURRENCY, async (i) => {
    const b = unanswered[i];
    const r = await cast(b);
    if (r.status === 201) b.receipt = r.body.receipt;
    else refusals.push(`resend ${b.phone}: ${r.status} ${JSON.stringify(r.body)}`);
  });

  phase('resend');

  // Every receipt the clients hold is there, counted, with the choices they sent.
  const problems: string[] = [...refusals];
  for (const b of ballots) {
    if (!b.receipt) {
      problems.push(`${b.phone}: no receipt after the resend`);
      continue;
    }
    const r = await call('GET', `/api/receipts/${b.receipt}`);
    if (r.status !== 200 || r.body.status !== 'counted' || r.body.choices.join() !== b.choices.join())
      problems.push(`receipt ${b.receipt} of ${b.phone}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  const results = await expectStatus('GET', `/api/polls/${POLL}/results`, 200);
  await server.stop();

  const [[pollRow], duplicates, ours, rows] = sqlite(
    [
      `SELECT id, counted_ballots FROM polls WHERE slug = '${POLL}'`,
      `SELECT phone_hash, count(*) AS n FROM ballots WHERE poll_id = (SELECT id FROM polls WHERE slug = '${POLL}') GROUP BY phone_hash HAVING n > 1`,
      `SELECT receipt FROM ballots WHERE poll_id = (SELECT id FROM polls WHERE slug = '${POLL}') AND cast_at >= ${testStart}`,
      `SELECT pc.candidate_id AS id,
         (SELECT count(*) FROM ballot_choices c JOIN ballots b ON b.id = c.ballot_id
           WHERE c.poll_id = pc.poll_id AND c.candidate_id = pc.candidate_id AND b.status = 'counted') AS choice_rows,
         (SELECT count(*) FROM ballots b WHERE b.poll_id = pc.poll_id AND b.status = 'counted') AS ballot_rows
       FROM poll_candidates pc WHERE pc.poll_id = (SELECT id FROM polls WHERE slug = '${POLL}')`,
    ].join('; '),
  );

  phase('check');

  if (duplicates.length) problems.push(`phones with more than one ballot: ${JSON.stringify(duplicates)}`);
  const stored = new Set(ours.map((r) => r.receipt as string));
  const held = new Set(ballots.map((b) => b.receipt).filter(Boolean));
  if (stored.size !== VOTERS || held.size !== VOTERS || [...held].some((r) => !stored.has(r!)))
    problems.push(`ballots stored ${stored.size}, receipts held ${held.size}, phones ${VOTERS}`);
  const apiVotes = new Map<number, number>(results.results.map((r: any) => [r.candidateId, r.votes]));
  for (const r of rows) {
    if (apiVotes.get(r.id) !== r.choice_rows)
      problems.push(`candidate ${r.id}: results API ${apiVotes.get(r.id)} votes, ${r.choice_rows} choice rows`);
  }
  const ballotRows = rows[0]?.ballot_rows;
  if (results.totalBallots !== ballotRows || pollRow.counted_ballots !== ballotRows)
    problems.push(
      `ballots: results API ${results.totalBallots}, polls.counted_ballots ${pollRow.counted_ballots}, rows ${ballotRows}`,
    );

  console.log(
    [
      '',
      `test:crash  voters=${VOTERS} concurrency=${CONCURRENCY}  ${((performance.now() - started) / 1000).toFixed(1)} s (${phases.join(', ')})`,
      `ballots sent before the kill      ${sentBeforeKill}`,
      `acknowledged before the kill      ${ackBeforeKill}`,
      `unanswered, resent after restart  ${unanswered.length} (of which never sent before the kill: ${VOTERS - sentBeforeKill})`,
      `final: ballots stored ${stored.size}, receipts held ${held.size}, counted in poll ${ballotRows}, ` +
        `choice rows ${rows.reduce((a, r) => a + r.choice_rows, 0)}`,
      problems.length
        ? `FAILED:\n  ${problems.join('\n  ')}`
        : 'OK: every acknowledged ballot present and counted once',
    ].join('\n'),
  );
  return problems.length === 0;
}

runBench(server, main);
