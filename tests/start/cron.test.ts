/**
 * The cron schedule `npm start` fires (scripts/cron.ts): read from wrangler.toml, computed in UTC
 * whatever the machine's time zone, and fired at the local trigger path.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { SCHEDULED_PATH, nextRun, parseCron, readCrons, startCronTimer } from '../../scripts/cron';

// Far from UTC and from China, so a schedule computed in local time would be caught.
process.env.TZ = 'America/Los_Angeles';

const at = (iso: string) => Date.parse(iso);
const next = (expr: string, after: string) => new Date(nextRun(parseCron(expr), at(after))).toISOString();

test('runs under a time zone that is not UTC', () => {
  assert.notEqual(new Date(at('2026-01-01T00:00:00Z')).getTimezoneOffset(), 0);
});

test('the crons of wrangler.toml are the ones production runs, and each can be fired', () => {
  const toml = readFileSync('wrangler.toml', 'utf8');
  const local = readCrons(toml);
  assert.ok(local.length > 0);
  assert.deepEqual(readCrons(toml, 'production'), local);
  for (const expr of local) assert.equal(parseCron(expr).expr, expr);
});

test('reads crons from multi-line arrays with comments, per environment', () => {
  const toml = [
    'name = "x"',
    'crons = ["9 9 * * *"] # not in a triggers table',
    '[triggers]',
    '# a comment',
    'crons = [',
    '  "17 * * * *", # hourly',
    "  '*/5 * * * *',",
    ']',
    '[[d1_databases]]',
    'binding = "DB"',
    '[env.staging.triggers]',
    'crons = ["0 0 * * *"]',
  ].join('\n');
  assert.deepEqual(readCrons(toml), ['17 * * * *', '*/5 * * * *']);
  assert.deepEqual(readCrons(toml, 'staging'), ['0 0 * * *']);
  assert.throws(() => readCrons(toml, 'production'), /no \[env\.production\.triggers\] table/);
  assert.throws(() => readCrons('[vars]\nA = "1"\n'), /no \[triggers\] table/);
});

test('every five minutes: the next multiple of five, strictly after', () => {
  assert.equal(next('*/5 * * * *', '2026-12-07T12:03:20Z'), '2026-12-07T12:05:00.000Z');
  assert.equal(next('*/5 * * * *', '2026-12-07T12:05:00Z'), '2026-12-07T12:10:00.000Z');
  assert.equal(next('*/5 * * * *', '2026-12-31T23:59:59Z'), '2027-01-01T00:00:00.000Z');
});

test('minute 17 of every hour, in UTC', () => {
  assert.equal(next('17 * * * *', '2026-12-07T12:16:59Z'), '2026-12-07T12:17:00.000Z');
  assert.equal(next('17 * * * *', '2026-12-07T12:17:00Z'), '2026-12-07T13:17:00.000Z');
  assert.equal(next('17 * * * *', '2026-12-07T23:30:00Z'), '2026-12-08T00:17:00.000Z');
});

test('ranges, lists, steps, month and day names', () => {
  assert.equal(next('0 9 * * MON-FRI', '2026-12-05T10:00:00Z'), '2026-12-07T09:00:00.000Z'); // Saturday → Monday
  assert.equal(next('30 1,13 * * *', '2026-12-07T02:00:00Z'), '2026-12-07T13:30:00.000Z');
  assert.equal(next('0 0 1 JAN *', '2026-03-01T00:00:00Z'), '2027-01-01T00:00:00.000Z');
  assert.equal(next('0 0 29 2 *', '2026-03-01T00:00:00Z'), '2028-02-29T00:00:00.000Z');
  assert.equal(next('10-40/15 * * * *', '2026-12-07T12:26:00Z'), '2026-12-07T12:40:00.000Z');
});

test('refuses what it would have to guess', () => {
  assert.throws(() => parseCron('0 0 * * 1'), /day of week "1" is not supported/);
  assert.throws(() => parseCron('0 0 L * *'), /day of month "L" is not a number/);
  assert.throws(() => parseCron('0 0 1 * MON'), /day of month and a day of week together/);
  assert.throws(() => parseCron('60 * * * *'), /minute "60" is outside 0–59/);
  assert.throws(() => parseCron('* * * *'), /expected 5 fields/);
  assert.throws(() => nextRun(parseCron('0 0 31 2 *'), 0), /never fires/);
});

test('the timer requests the local trigger path with each due cron, and stops', async () => {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    if (url.pathname === SCHEDULED_PATH) seen.push(url.searchParams.get('cron')!);
    res.setHeader('content-type', 'application/json').end('{"outcome":"ok"}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const lines: string[] = [];
  // ×600: every five minutes is every 0.5 s of real time; once a year is never within the test.
  const timer = startCronTimer({ base, crons: ['*/5 * * * *', '0 0 1 JAN *'], speed: 600, log: (l) => lines.push(l) });
  await new Promise((r) => setTimeout(r, 1800));
  timer.stop();
  const fired = seen.length;
  await new Promise((r) => setTimeout(r, 700));
  server.close();
  assert.ok(fired >= 2 && fired <= 4, `fired ${fired} times in 1.8 s`);
  assert.ok(
    seen.every((c) => c === '*/5 * * * *'),
    seen.join(),
  );
  assert.equal(seen.length, fired, 'no firing after stop()');
  assert.ok(lines.includes('[cron] */5 * * * *: ok'), lines.join('\n'));
});
