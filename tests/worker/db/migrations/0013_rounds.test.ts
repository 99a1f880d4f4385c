/**
 * Migration 0013 (rounds) on a filled database: the seed plus a complete demo round (county
 * recommendations, expert scores, a vote with ballots and a checkpoint, an objection to a notice,
 * the confirmed decision and the published final list). The same data is loaded into a database
 * migrated only up to 0012, which then gets 0013; every public address must answer there exactly
 * as it does on the database that had rounds from the start, and no row may be lost.
 */
import { applyD1Migrations, env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, confirmTradesDecision, staffOf } from '../../../fixtures/admin';
import { pinnedClock, post, seed, testApp } from '../../../fixtures/app';
import { castBallot, verifiedVoter } from '../../../fixtures/voting';
import { sealCheckpoint } from '../../../../worker/services/integrity/record';
import { openDb } from '../../../../db/client';
import { readConfig } from '../../../../worker/env';
import { CheckpointsBody, compareResults, recount } from '../../../../contracts/ballot-record';

// 2026-11-27 10:00 China time: the seeded trades vote opened at midnight, the bases notice is open.
const NOW = Date.UTC(2026, 10, 27, 2, 0);
const clock = pinnedClock(NOW);
const filled = testApp(clock);
const migrated = testApp(clock, { DB: env.UNMIGRATED_DB });

const ROUNDS = '0013_rounds.sql';
const receipts: string[] = [];
let trackingNo = '';

/** Tables of a database, but for SQLite's, D1's and the migrations' own. */
async function tables(db: D1Database): Promise<string[]> {
  const { results } = await db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name <> 'd1_migrations' ORDER BY name",
    )
    .all<{ name: string }>();
  return results.map((r) => r.name);
}

async function count(db: D1Database, table: string): Promise<number> {
  return (await db.prepare(`SELECT count(*) AS n FROM "${table}"`).first<{ n: number }>())!.n;
}

/**
 * Copies every row of `from` into `to`, table by table, in the columns `to` has (so `round_id` and
 * `rounds` are left behind): what a database looked like before 0013. Its triggers (append-only
 * tables, the ballot record) are set aside during the copy, since the rows are already final, and
 * foreign keys are checked at the end of the batch.
 */
async function copyRows(from: D1Database, to: D1Database) {
  const { results: triggers } = await to
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
    .all<{ name: string; sql: string }>();
  await to.batch(triggers.map((t) => to.prepare(`DROP TRIGGER "${t.name}"`)));
  const inserts: D1PreparedStatement[] = [to.prepare('PRAGMA defer_foreign_keys = ON')];
  for (const table of await tables(to)) {
    const { results: cols } = await to
      .prepare('SELECT name FROM pragma_table_info(?)')
      .bind(table)
      .all<{ name: string }>();
    const names = cols.map((c) => `"${c.name}"`).join(', ');
    const { results: rows } = await from.prepare(`SELECT ${names} FROM "${table}" ORDER BY rowid`).all();
    for (const row of rows)
      inserts.push(
        to
          .prepare(`INSERT INTO "${table}" (${names}) VALUES (${cols.map(() => '?').join(', ')})`)
          .bind(...cols.map((c) => (row as Record<string, unknown>)[c.name] ?? null)),
      );
  }
  await to.batch(inserts);
  await to.batch(triggers.map((t) => to.prepare(t.sql)));
}

/** Every public address of the demo round and the site around it. */
function addresses(): string[] {
  return [
    '/',
    '/api/tracks',
    '/api/polls',
    '/api/polls/trades-vote',
    '/api/polls/trades-vote/results',
    '/api/polls/trades-vote/checkpoints',
    '/api/polls/trades-vote/ballots.csv',
    '/api/polls/brands-vote',
    '/polls/trades-vote/',
    '/polls/trades-vote/poster/',
    '/polls/trades-vote/poster.svg',
    '/polls/trades-vote/qr.png',
    '/embed/polls/trades-vote',
    '/api/oembed?url=http%3A%2F%2Flocalhost%2Fpolls%2Ftrades-vote%2F',
    '/api/notices',
    '/api/notices/bases-publicity',
    '/notices/bases-publicity/',
    '/notices/bases-publicity/poster/',
    '/api/lists',
    '/api/lists/trades-final',
    '/api/lists/institutions-directory',
    '/lists/trades-final/',
    '/lists/institutions-directory/',
    '/api/institutions',
    '/institutions/',
    '/api/competitions',
    '/api/recruitment',
    '/api/brands',
    ...['trades', 'brands', 'institutions', 'competitions', 'recruitment', 'bases'].flatMap((k) => [
      `/tracks/${k}/`,
      `/api/tracks/${k}`,
    ]),
    '/api/tracks/trades/rounds/2026',
    '/api/tracks/competitions/rounds/2020',
    ...receipts.flatMap((r) => [`/api/receipts/${r}`, `/receipts/${r}/`]),
    `/api/objections/${trackingNo}`,
    `/objections/${trackingNo}/`,
  ];
}

async function answers(app: ReturnType<typeof testApp>) {
  const out: Record<string, { status: number; type: string | null; body: string }> = {};
  for (const path of addresses()) {
    const res = await app.request(path);
    const bytes = new Uint8Array(await res.arrayBuffer());
    out[path] = {
      status: res.status,
      type: res.headers.get('Content-Type'),
      body: res.headers.get('Content-Type')?.startsWith('image/')
        ? [...bytes].join(',')
        : new TextDecoder().decode(bytes),
    };
  }
  return out;
}

let before: Awaited<ReturnType<typeof answers>>;
const counts: Record<string, number> = {};

beforeAll(async () => {
  // The database with rounds from the start: the seed and a complete demo round through the API.
  await seed(NOW);
  const finalists = (await filled.json('/api/polls/trades-vote')).body.poll.candidates as { id: number }[];
  for (let i = 0; i < 3; i++) {
    const voter = await verifiedVoter(filled);
    const { res, body } = await castBallot(filled, 'trades-vote', voter.token, [finalists[i].id, finalists[i + 1].id]);
    expect(res.status).toBe(201);
    receipts.push(body.receipt);
  }
  await sealCheckpoint(openDb(env.DB), (await pollId())!, NOW, readConfig(env).RECEIPT_HASH_KEY);
  const objector = await verifiedVoter(filled);
  const objection = await filled.json(
    '/api/notices/bases-publicity/objections',
    post(
      { name: '张三', contact: '临汾市', content: '该基地实训设备与申报不符。' },
      { Authorization: `Bearer ${objector.token}` },
    ),
  );
  expect(objection.res.status).toBe(201);
  trackingNo = objection.body.trackingNo;
  clock.advance(60_000);
  await confirmTradesDecision(filled, () => staffOf(clock.now(), 'city_admin'));
  const list = await call(
    filled,
    await staffOf(clock.now(), 'city_admin'),
    'POST',
    '/api/admin/tracks/trades/final-list',
    {
      slug: 'trades-final',
      title: '临汾市十大精品工种名单',
    },
  );
  expect(list.status, list.text).toBe(200);
  clock.advance(60_000);
  before = await answers(filled);

  // The same rows in a database migrated up to 0012, then 0013 applied to it.
  await applyD1Migrations(
    env.UNMIGRATED_DB,
    env.TEST_MIGRATIONS.filter((m) => m.name < ROUNDS),
  );
  await copyRows(env.DB, env.UNMIGRATED_DB);
  for (const table of await tables(env.UNMIGRATED_DB)) counts[table] = await count(env.UNMIGRATED_DB, table);
  await applyD1Migrations(env.UNMIGRATED_DB, env.TEST_MIGRATIONS);
});

async function pollId() {
  return (await env.DB.prepare("SELECT id FROM polls WHERE slug = 'trades-vote'").first<{ id: number }>())?.id;
}

describe('0013 on a database filled by the seed and a complete demo round', () => {
  it('applied: the migrated database has the rounds', async () => {
    const { results } = await env.UNMIGRATED_DB.prepare(
      'SELECT track_key, year, title, status FROM rounds ORDER BY track_key',
    ).all();
    expect(results).toEqual([
      { track_key: 'bases', year: 2026, title: '2026年度十个培训示范基地评选', status: 'open' },
      { track_key: 'brands', year: 2026, title: '2026年度十大劳务品牌评选', status: 'open' },
      { track_key: 'competitions', year: 2020, title: '2020年度十场技能大赛评选', status: 'open' },
      { track_key: 'institutions', year: 2026, title: '2026年度十所鉴定机构评选', status: 'open' },
      { track_key: 'recruitment', year: 2020, title: '2020年度十场招聘活动评选', status: 'open' },
      { track_key: 'trades', year: 2026, title: '2026年度十大精品工种评选', status: 'finished' },
    ]);
  });

  it("loses no row, and puts every round-scoped row in its track's round", async () => {
    for (const [table, n] of Object.entries(counts)) {
      expect(await count(env.UNMIGRATED_DB, table), table).toBe(n);
      expect(await count(env.DB, table), table).toBe(n);
    }
    for (const table of [
      'track_stages',
      'candidates',
      'recommendations',
      'polls',
      'notices',
      'final_lists',
      'decisions',
    ]) {
      const stray = await env.UNMIGRATED_DB.prepare(
        `SELECT count(*) AS n FROM "${table}" t WHERE t.round_id IS NULL OR t.round_id <> (SELECT id FROM rounds r WHERE r.track_key = t.track_key)`,
      ).first<{ n: number }>();
      expect(stray!.n, table).toBe(0);
    }
  });

  it('answers every public address as the database that had rounds from the start', async () => {
    const after = await answers(migrated);
    for (const path of addresses()) {
      expect(before[path].status, path).toBeLessThan(400);
      expect(after[path], path).toEqual(before[path]);
    }
  });

  it('still recounts the poll from its public record, as npm run recount does', async () => {
    const csv = await (await migrated.request('/api/polls/trades-vote/ballots.csv')).text();
    const { checkpoints } = CheckpointsBody.parse((await migrated.json('/api/polls/trades-vote/checkpoints')).body);
    const report = await recount(csv, checkpoints);
    expect(report.problems).toEqual([]);
    expect(report.counted).toBe(3);
    expect(compareResults(report, (await migrated.json('/api/polls/trades-vote/results')).body)).toEqual([]);
  });

  it('requires a round for new rows, and refuses them in a finished round', async () => {
    const insert = (round: string) =>
      env.UNMIGRATED_DB.prepare(
        `INSERT INTO candidates (track_key, name, round_id) VALUES ('trades', '新工种', ${round})`,
      ).run();
    await expect(insert('NULL')).rejects.toThrow(/round_required/);
    await expect(insert("(SELECT id FROM rounds WHERE track_key = 'brands')")).rejects.toThrow(/round_required/);
    await expect(insert("(SELECT id FROM rounds WHERE track_key = 'trades')")).rejects.toThrow(/round_closed/);
    await expect(
      env.UNMIGRATED_DB.prepare("UPDATE polls SET round_id = NULL WHERE slug = 'trades-vote'").run(),
    ).rejects.toThrow(/round_fixed/);
  });
});
