import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { CheckpointsBody, compareResults, recount } from '../../../contracts/ballot-record';
import { openDb } from '../../../db/client';
import { readConfig } from '../../../worker/env';
import { recordJob } from '../../../worker/services/integrity/job';
import { pinnedClock, post, seed, testApp, type TestApp } from '../../fixtures/app';
import { castBallot, createPoll, latestCode, nextPhone, requestCode, tallyOf } from '../../fixtures/voting';

const OPENS = Date.UTC(2026, 10, 20, 0, 0);
const CLOSES = Date.UTC(2026, 11, 20, 0, 0);
const DURING = Date.UTC(2026, 10, 27, 2, 0);
/** The rules as deployed (machine timing on), with the pattern rules' thresholds made small. */
const RULES = {
  RULE_MACHINE_TIMING: 'on',
  RULE_BURST_MAX_BALLOTS: '3',
  RULE_BURST_MINUTES: '10',
  RULE_NETWORK_SHARE_MIN_BALLOTS: '3',
  RULE_NETWORK_SHARE_MIN_PERCENT: '50',
  RULE_NETWORK_SHARE_FACTOR: '3',
  RULE_NETWORK_SHARE_BASELINE: '5',
};

beforeAll(() => seed(DURING));

function app(vars: Record<string, string> = {}) {
  return testApp(pinnedClock(DURING), { ...RULES, ...vars });
}

/** A voter verified through the real SMS flow; `think` ms pass between the code and the ballot. */
async function voter(t: TestApp, opts: { phone?: string; ip?: string; think?: number } = {}) {
  const phone = opts.phone ?? nextPhone();
  const ip = opts.ip ?? '10.9.9.9';
  const challenge = await requestCode(t, phone, ip);
  const { body } = await t.json(
    '/api/voter-session',
    post({ phone, code: await latestCode(t, phone), challenge }, { 'CF-Connecting-IP': ip }),
  );
  t.clock.advance(opts.think ?? 30_000);
  return body.token as string;
}

async function vote(t: TestApp, slug: string, choices: number[], opts: Parameters<typeof voter>[1] = {}) {
  const token = await voter(t, opts);
  const { res, body } = await castBallot(t, slug, token, choices, { 'CF-Connecting-IP': opts.ip ?? '10.9.9.9' });
  expect(res.status).toBe(201);
  return (await t.json(`/api/receipts/${body.receipt}`)).body;
}

const runJob = (t: TestApp, vars: Record<string, string> = {}) =>
  recordJob(openDb(env.DB), readConfig({ ...env, ...RULES, ...vars }), t.clock.now());

describe('detection through POST /api/polls/:slug/ballots', () => {
  it('quarantines a virtual-operator number and leaves an ordinary one counted', async () => {
    const t = app();
    const poll = await createPoll({ opensAt: OPENS, closesAt: CLOSES });
    expect((await vote(t, poll.slug, [poll.candidateIds[0]], { phone: '17012345678' })).status).toBe('quarantined');
    expect((await vote(t, poll.slug, [poll.candidateIds[0]])).status).toBe('counted');
    expect(await tallyOf(poll.id)).toEqual({ votes: 1, countedBallots: 1, choiceRows: 1, ballotRows: 1 });
    const { body } = await t.json(`/api/polls/${poll.slug}/results`);
    expect(body.totalBallots).toBe(1);
    expect(body.quarantinedBallots).toBe(1);
    expect(body.results.find((r: any) => r.candidateId === poll.candidateIds[0]).votes).toBe(1);
  });

  it('quarantines a ballot cast seconds after the code was sent, not one cast after reading', async () => {
    const t = app();
    const poll = await createPoll({ opensAt: OPENS, closesAt: CLOSES });
    expect((await vote(t, poll.slug, [poll.candidateIds[1]], { think: 1000 })).status).toBe('quarantined');
    expect((await vote(t, poll.slug, [poll.candidateIds[1]], { think: 20_000 })).status).toBe('counted');
    expect(await tallyOf(poll.id)).toMatchObject({ votes: 1, countedBallots: 1 });
  });

  it('quarantines a burst of identical ballots from one network at the scan, not a different ballot', async () => {
    const t = app({ RULE_NETWORK_SHARE: 'off' });
    const poll = await createPoll({ opensAt: OPENS, closesAt: CLOSES });
    const same = [poll.candidateIds[0], poll.candidateIds[2]];
    const burst = [];
    for (let i = 0; i < 4; i++) burst.push(await vote(t, poll.slug, same, { ip: '10.1.2.3', think: 10_000 }));
    const other = await vote(t, poll.slug, [poll.candidateIds[3]], { ip: '10.1.2.4', think: 10_000 });
    await runJob(t, { RULE_NETWORK_SHARE: 'off' });
    const statuses = await Promise.all(
      [...burst, other].map(async (b) => {
        const { results } = await env.DB.prepare('SELECT b.status FROM ballots b WHERE b.poll_id = ? AND b.cast_at = ?')
          .bind(poll.id, Date.parse(b.castAt))
          .all<{ status: string }>();
        return results[0].status;
      }),
    );
    expect(statuses).toEqual(['quarantined', 'quarantined', 'quarantined', 'quarantined', 'counted']);
    expect(await tallyOf(poll.id)).toMatchObject({ votes: 1, countedBallots: 1 });
  });

  it('quarantines a network surging far above its usual share at the scan, not the others', async () => {
    const t = app({ RULE_BURST: 'off' });
    const poll = await createPoll({ opensAt: OPENS, closesAt: CLOSES, maxChoices: 1 });
    for (let i = 0; i < 5; i++) await vote(t, poll.slug, [poll.candidateIds[i]], { ip: `10.50.${i}.1` });
    t.clock.advance(2 * 3_600_000);
    for (let i = 0; i < 4; i++) await vote(t, poll.slug, [poll.candidateIds[i]], { ip: '10.77.7.7', think: 10_000 });
    await vote(t, poll.slug, [poll.candidateIds[4]], { ip: '10.50.0.1', think: 10_000 });
    await runJob(t, { RULE_BURST: 'off' });
    const { results } = await env.DB.prepare(
      'SELECT network, status, count(*) AS n FROM ballots WHERE poll_id = ? GROUP BY network, status ORDER BY network',
    )
      .bind(poll.id)
      .all<{ network: string; status: string; n: number }>();
    expect(results.filter((r) => r.status === 'quarantined')).toEqual([
      { network: '10.77.7.0/24', status: 'quarantined', n: 4 },
    ]);
    expect(await tallyOf(poll.id)).toMatchObject({ countedBallots: 6 });
  });

  it('asks for the captcha before a code goes to such a number in captcha mode', async () => {
    const t = app({ RULE_VIRTUAL_SEGMENT: 'captcha' });
    const refused = await t.json('/api/otp', post({ phone: '17012345678' }));
    expect(refused.res.status).toBe(400);
    expect(refused.body.error.code).toBe('captcha_failed');
    expect((await t.request('/api/otp', post({ phone: nextPhone() }))).status).toBe(202);
  });
});

describe('GET /api/polls/:slug/ballots.csv and /checkpoints', () => {
  it('recompute byte for byte, count only counted rows, and carry no phone data', async () => {
    const t = app();
    const poll = await createPoll({ opensAt: OPENS, closesAt: CLOSES });
    await vote(t, poll.slug, [poll.candidateIds[0], poll.candidateIds[1]]);
    await vote(t, poll.slug, [poll.candidateIds[1]], { phone: '17100000001' });
    await runJob(t);
    await vote(t, poll.slug, [poll.candidateIds[2]]);
    await runJob(t);

    const cps = await t.request(`/api/polls/${poll.slug}/checkpoints`);
    expect(cps.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(cps.headers.get('Cache-Control')).toMatch(/s-maxage=\d+/);
    const checkpoints = CheckpointsBody.parse(await cps.json()).checkpoints;
    expect(checkpoints.map((c) => c.ballotCount)).toEqual([2, 3]);

    const csv = await t.request(`/api/polls/${poll.slug}/ballots.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(csv.headers.get('X-Record-Checkpoint')).toBe(String(checkpoints.length));
    const text = await csv.text();
    const report = await recount(text, checkpoints);
    expect(report.problems).toEqual([]);
    expect([report.counted, report.quarantined]).toEqual([2, 1]);
    const { body: results } = await t.json(`/api/polls/${poll.slug}/results`);
    expect(compareResults(report, results)).toEqual([]);

    const { results: rows } = await env.DB.prepare(
      'SELECT phone_hash, phone_masked, network FROM ballots WHERE poll_id = ?',
    )
      .bind(poll.id)
      .all<{ phone_hash: string; phone_masked: string; network: string }>();
    for (const r of rows) {
      expect(text).not.toContain(r.phone_hash);
      expect(text).not.toContain(r.phone_masked.slice(0, 3) + '*');
      expect(text).not.toContain(r.network);
    }

    const changed = text.replace(/,counted\r\n/, ',void\r\n');
    expect((await recount(changed, checkpoints)).problems.length).toBeGreaterThan(0);
  });

  it('refuses the export under embargo and publishes only the hashes', async () => {
    const t = app();
    const poll = await createPoll({ opensAt: OPENS, closesAt: CLOSES, liveCounts: false });
    await vote(t, poll.slug, [poll.candidateIds[0]]);
    await runJob(t);
    const csv = await t.json(`/api/polls/${poll.slug}/ballots.csv`);
    expect(csv.res.status).toBe(409);
    expect(csv.body.error.code).toBe('embargoed');
    const { body } = await t.json(`/api/polls/${poll.slug}/checkpoints`);
    expect(body.checkpoints).toHaveLength(1);
    expect(body.checkpoints[0]).toMatchObject({ ballotCount: null, eventCount: null, events: null });
    expect(body.checkpoints[0].hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await t.json(`/api/polls/${poll.slug}/results`)).body.quarantinedBallots).toBeNull();
  });

  it('tells the receipt holder which checkpoint sealed the ballot', async () => {
    const t = app();
    const poll = await createPoll({ opensAt: OPENS, closesAt: CLOSES });
    const before = await vote(t, poll.slug, [poll.candidateIds[0]]);
    expect(before.sealedBy).toBeNull();
    await runJob(t);
    const receipts = await env.DB.prepare('SELECT receipt FROM ballots WHERE poll_id = ?')
      .bind(poll.id)
      .first<{ receipt: string }>();
    const { body } = await t.json(`/api/receipts/${receipts!.receipt}`);
    expect(body.sealedBy).toMatchObject({ seq: 1, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const page = await (await t.request(`/receipts/${receipts!.receipt}/`)).text();
    expect(page).toContain(body.receiptHash);
    expect(page).toContain('第 1 号检查点');
  });
});
