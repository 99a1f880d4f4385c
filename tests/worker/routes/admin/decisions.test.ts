/**
 * The demo trades path of a fresh start, through the admin API and the public site: the seeded
 * open poll is closed early with a reason, its results published, the decision confirmed from the
 * seeded demo expert scores, and the final list published and shown at once.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { DecisionBody } from '../../../../contracts/admin-workflow';
import { DEMO_TRADES } from '../../../../db/seed/demo';
import { auditOf, call, staffOf, type Session } from '../../../fixtures/admin';
import { pinnedClock, seed, testApp } from '../../../fixtures/app';

// 2026-11-27 10:00 China time: the seeded trades vote opened at midnight and runs 15 days.
const NOW = Date.UTC(2026, 10, 27, 2, 0);
const clock = pinnedClock(NOW);
const t = testApp(clock);
let admin: Session, auditor: Session, officer: Session, expert: Session;

beforeAll(async () => {
  await seed(NOW);
  [admin, auditor, officer, expert] = await Promise.all([
    staffOf(NOW, 'city_admin'),
    staffOf(NOW, 'auditor'),
    staffOf(NOW, 'county_officer', 'yaodu'),
    staffOf(NOW, 'expert'),
  ]);
});

const CLOSE_REASON = '演示：评选工作安排调整，投票提前结束。';

describe('the demo trades path: close poll, publish results, confirm decision, publish final list', () => {
  it('refuses the decision while the poll is open', async () => {
    expect((await call(t, admin, 'GET', '/api/admin/tracks/trades/decision')).code).toBe('conflict');
    const early = await call(t, admin, 'POST', '/api/admin/tracks/trades/decision', { mode: 'top_n' });
    expect(early.code).toBe('stage_not_open');
  });

  it('closes the poll early for a city admin only, and the public poll page shows the reason', async () => {
    for (const who of [auditor, officer, expert])
      expect((await call(t, who, 'POST', '/api/admin/polls/trades-vote/close', { reason: CLOSE_REASON })).code).toBe(
        'forbidden',
      );
    expect((await call(t, admin, 'POST', '/api/admin/polls/trades-vote/close', { reason: ' ' })).code).toBe(
      'invalid_request',
    );
    const res = await call(t, admin, 'POST', '/api/admin/polls/trades-vote/close', { reason: CLOSE_REASON });
    expect(res.status).toBe(200);
    const [entry] = await auditOf('poll.close_early');
    expect(entry).toMatchObject({ entity_id: 'trades-vote', reason: CLOSE_REASON, actor_role: 'city_admin' });
    expect(JSON.parse(entry.after)).toEqual({ closesAt: NOW, windowChangeReason: CLOSE_REASON });

    const api = await t.json('/api/polls/trades-vote');
    expect(api.body.poll).toMatchObject({ status: 'closed', windowChangeReason: CLOSE_REASON });
    const page = await t.request('/polls/trades-vote/');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(CLOSE_REASON);
    expect((await call(t, admin, 'POST', '/api/admin/polls/trades-vote/close', { reason: CLOSE_REASON })).code).toBe(
      'poll_not_open',
    );
  });

  it('publishes the results', async () => {
    clock.advance(60_000);
    expect((await call(t, auditor, 'POST', '/api/admin/polls/trades-vote/publish-results')).code).toBe('forbidden');
    const res = await call(t, admin, 'POST', '/api/admin/polls/trades-vote/publish-results');
    expect(res.status).toBe(200);
    expect(await auditOf('poll.publish_results')).toHaveLength(1);
    expect((await t.json('/api/polls/trades-vote')).body.poll.status).toBe('published');
  });

  it('closes the vote stage and opens the decision stage', async () => {
    expect((await call(t, admin, 'POST', '/api/admin/tracks/trades/stages/vote/close')).status).toBe(200);
    expect((await call(t, admin, 'POST', '/api/admin/tracks/trades/stages/decide/open', {})).status).toBe(200);
    expect((await auditOf('stage.close')).map((e) => e.entity_id)).toEqual(['trades:vote']);
  });

  it('shows auditors and city admins the ranking from the demo expert scores, and nobody else', async () => {
    for (const who of [officer, expert])
      expect((await call(t, who, 'GET', '/api/admin/tracks/trades/decision')).code).toBe('forbidden');
    const res = await call(t, auditor, 'GET', '/api/admin/tracks/trades/decision');
    expect(res.status).toBe(200);
    const body = DecisionBody.parse(res.body);
    expect(body).toMatchObject({
      pollSlug: 'trades-vote',
      weights: { county: 20, expert: 50, vote: 30 },
      selectCount: 10,
    });
    expect(body.missingExpert).toEqual([]);
    expect(body.rows).toHaveLength(15);
    expect(body.rows[0]).toMatchObject({ name: DEMO_TRADES[0].name, expertScore: 92, rank: 1, tied: false });
    expect(body.confirmed).toBeNull();
  });

  it('confirms the top 10 for a city admin only; an override needs a reason', async () => {
    expect((await call(t, auditor, 'POST', '/api/admin/tracks/trades/decision', { mode: 'top_n' })).code).toBe(
      'forbidden',
    );
    const noReason = await call(t, admin, 'POST', '/api/admin/tracks/trades/decision', {
      mode: 'override',
      selected: [1],
      reason: '',
    });
    expect(noReason.code).toBe('invalid_request');
    const res = await call(t, admin, 'POST', '/api/admin/tracks/trades/decision', { mode: 'top_n' });
    expect(res.status).toBe(200);
    const [entry] = await auditOf('decision.confirm');
    expect(JSON.parse(entry.after).selected).toHaveLength(10);
    const body = DecisionBody.parse((await call(t, admin, 'GET', '/api/admin/tracks/trades/decision')).body);
    expect(body.confirmed).toMatchObject({ mode: 'top_n', selectCount: 10 });
    expect(body.confirmed!.items.filter((i) => i.selected).map((i) => i.name)).toEqual(
      DEMO_TRADES.slice(0, 10).map((d) => d.name),
    );
    expect((await call(t, admin, 'POST', '/api/admin/tracks/trades/decision', { mode: 'top_n' })).code).toBe(
      'conflict',
    );
  });

  it('publishes the final list, which the public site shows at once', async () => {
    const list = { slug: 'trades-final', title: '“临汾技工”十大精品工种名单（演示）', body: '经综合评定确定。' };
    expect((await call(t, auditor, 'POST', '/api/admin/tracks/trades/final-list', list)).code).toBe('forbidden');
    const res = await call(t, admin, 'POST', '/api/admin/tracks/trades/final-list', list);
    expect(res.status).toBe(200);
    expect(await auditOf('final_list.publish')).toHaveLength(1);

    const api = await t.json('/api/lists/trades-final');
    expect(api.res.status).toBe(200);
    expect(JSON.stringify(api.body)).toContain(DEMO_TRADES[0].name);
    const page = await t.request('/lists/trades-final/');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('十大精品工种名单');
    for (const d of DEMO_TRADES.slice(0, 10)) expect(html).toContain(d.name);
    expect(html).not.toContain(DEMO_TRADES[14].name);
    const selected = await env.DB.prepare(
      "SELECT count(*) AS n FROM candidates WHERE track_key = 'trades' AND status = 'selected'",
    ).first<{ n: number }>();
    expect(selected!.n).toBe(10);
  });
});

describe('POST /api/admin/polls/{slug}/extend', () => {
  it('extends a scheduled poll with a reason the public poll page shows', async () => {
    const reason = '演示：为扩大参与面，投票延长。';
    expect(
      (await call(t, auditor, 'POST', '/api/admin/polls/brands-vote/extend', { lastDay: '2027-01-31', reason })).code,
    ).toBe('forbidden');
    expect(
      (await call(t, admin, 'POST', '/api/admin/polls/brands-vote/extend', { lastDay: '2027-13-01', reason })).code,
    ).toBe('invalid_request');
    const res = await call(t, admin, 'POST', '/api/admin/polls/brands-vote/extend', { lastDay: '2027-01-31', reason });
    expect(res.status).toBe(200);
    const [entry] = await auditOf('poll.extend');
    expect(entry).toMatchObject({ entity_id: 'brands-vote', reason });
    expect((await t.json('/api/polls/brands-vote')).body.poll.windowChangeReason).toBe(reason);
    expect(await (await t.request('/polls/brands-vote/')).text()).toContain(reason);
    expect((await call(t, admin, 'POST', '/api/admin/polls/brands-vote/publish-results')).code).toBe('poll_not_open');
    expect((await call(t, admin, 'POST', '/api/admin/polls/nope/close', { reason })).status).toBe(404);
  });
});
