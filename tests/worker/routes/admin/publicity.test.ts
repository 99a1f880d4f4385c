/**
 * 公示 cannot be skipped, through the admin API with a pinned clock on the seeded site: a final list
 * sent with only slug and title while the track's notice runs with an objection pending is refused,
 * and so is closing the bases 公示 stage; both go through once the period has ended and the
 * objection is decided. The track view tells the admin form which notice the list would follow.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { AdminTrackBody } from '../../../../contracts/admin-workflow';
import { call, confirmTradesDecision, staffOf, type Session } from '../../../fixtures/admin';
import { pinnedClock, post, seed, testApp } from '../../../fixtures/app';
import { verifiedVoter } from '../../../fixtures/voting';

// Friday 2026-11-27 10:00 China time: the seeded trades vote is open and the seeded bases notice
// (published that day) runs 5 working days, to the end of Thursday 2026-12-03.
const NOW = Date.UTC(2026, 10, 27, 2, 0);
/** 24:00 China time at the end of 2026-12-03. */
const END = Date.UTC(2026, 11, 3, 16, 0);
const clock = pinnedClock(NOW);
const t = testApp(clock);
const sessions = new Map<string, Promise<Session>>();
/** A city admin signed in at the clock's time: the pinned clock jumps past the idle timeout. */
function admin(): Promise<Session> {
  const key = String(clock.now());
  if (!sessions.has(key)) sessions.set(key, staffOf(clock.now(), 'city_admin'));
  return sessions.get(key)!;
}

const TEXTS = {
  title: '临汾市“十大技工工种”拟入选名单公示',
  contactName: '王老师',
  contactPhone: '0357-1234567',
  contactAddress: '临汾市人社局职业能力建设科',
};
const LIST = { slug: 'trades-final', title: '十大技工工种名单' };

async function object(slug: string): Promise<string> {
  const voter = await verifiedVoter(t);
  const res = await t.json(
    `/api/notices/${slug}/objections`,
    post({ name: '张三', content: '对名单有异议' }, { Authorization: `Bearer ${voter.token}` }),
  );
  if (res.res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body.trackingNo;
}

const listCount = async () =>
  (await env.DB.prepare('SELECT count(*) AS n FROM final_lists WHERE slug = ?').bind(LIST.slug).first<{ n: number }>())!
    .n;
const stageStatus = async () =>
  (await env.DB.prepare("SELECT status FROM track_stages WHERE track_key = 'bases' AND key = 'publicity'").first<{
    status: string;
  }>())!.status;

let tradesObjection: string;
let basesObjection: string;

beforeAll(async () => {
  await seed(NOW);
  // The trades decision, then its 公示 published today.
  await confirmTradesDecision(t, admin);
  for (const [path, body] of [
    ['/api/admin/notices', { slug: 'trades-publicity', track: 'trades', source: 'decision', ...TEXTS }],
    ['/api/admin/notices/trades-publicity/publish', {}],
  ] as const) {
    const res = await call(t, await admin(), 'POST', path, body);
    if (res.status !== 200 && res.status !== 201) throw new Error(`${path}: ${res.text}`);
  }
  tradesObjection = await object('trades-publicity');
  basesObjection = await object('bases-publicity');
});

describe('while the 公示 runs with an objection pending', () => {
  it('refuses the final list sent with only slug and title, saying when it may be published', async () => {
    clock.set(NOW);
    const res = await call(t, await admin(), 'POST', '/api/admin/tracks/trades/final-list', LIST);
    expect(res.status, res.text).toBe(409);
    expect(res.code).toBe('conflict');
    expect(res.body.error.message).toContain('公示期至2026年12月3日结束');
    expect(await listCount()).toBe(0);
  });

  it('refuses to close the bases 公示 stage', async () => {
    clock.set(NOW);
    const res = await call(t, await admin(), 'POST', '/api/admin/tracks/bases/stages/publicity/close');
    expect(res.status, res.text).toBe(409);
    expect(res.code).toBe('conflict');
    expect(res.body.error.message).toContain('公示期至2026年12月3日结束');
    expect(await stageStatus()).toBe('active');
  });

  it('tells the admin form why the bases list cannot be published yet', async () => {
    clock.set(NOW);
    const view = AdminTrackBody.parse((await call(t, await admin(), 'GET', '/api/admin/tracks/bases')).body);
    expect(view.publicity).toMatchObject({ required: true, workingDays: 5, notice: null });
    expect(view.publicity.blocked).toContain('公示期至2026年12月3日结束');
  });
});

describe('after the period, until the objection is decided', () => {
  it('still refuses the final list and the stage close, naming the pending objection', async () => {
    clock.set(END);
    const list = await call(t, await admin(), 'POST', '/api/admin/tracks/trades/final-list', LIST);
    expect(list.code).toBe('conflict');
    expect(list.body.error.message).toContain('未办结的异议');
    const close = await call(t, await admin(), 'POST', '/api/admin/tracks/bases/stages/publicity/close');
    expect(close.code).toBe('conflict');
    expect(close.body.error.message).toContain('未办结的异议');
    expect(await listCount()).toBe(0);
    expect(await stageStatus()).toBe('active');
  });

  it('publishes and closes once the objections are decided', async () => {
    clock.set(END + 60_000);
    for (const no of [tradesObjection, basesObjection]) {
      const decided = await call(t, await admin(), 'POST', `/api/admin/objections/${no}/decide`, {
        outcome: 'dismissed',
        response: '经核实，名单符合评选规则。',
      });
      expect(decided.status, decided.text).toBe(200);
    }
    const view = AdminTrackBody.parse((await call(t, await admin(), 'GET', '/api/admin/tracks/bases')).body);
    expect(view.publicity.blocked).toBeNull();
    expect(view.publicity.notice?.slug).toBe('bases-publicity');

    const list = await call(t, await admin(), 'POST', '/api/admin/tracks/trades/final-list', LIST);
    expect(list.status, list.text).toBe(200);
    const close = await call(t, await admin(), 'POST', '/api/admin/tracks/bases/stages/publicity/close');
    expect(close.status, close.text).toBe(200);
    expect(await stageStatus()).toBe('done');
  });
});
