import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { Dashboard, SmsUsage } from '../../../../contracts/admin-api';
import { readConfig } from '../../../../worker/env';
import { pinnedClock, seed, testApp } from '../../../fixtures/app';
import { conforms } from '../../../fixtures/contract';
import { asStaff, createStaff, openSession } from '../../../fixtures/admin-accounts';
import { nextPhone, requestCode } from '../../../fixtures/voting';

const T0 = Date.UTC(2026, 11, 3, 1, 0);

describe('GET /api/admin/dashboard', () => {
  it("shows the six tracks' stages in order and today's SMS use, to an expert too", async () => {
    await seed(T0);
    const t = testApp(pinnedClock(T0));
    await requestCode(t, nextPhone());
    await requestCode(t, nextPhone(), '10.0.1.1');
    const expert = await createStaff(T0, { role: 'expert' });
    const { res, body } = await asStaff(t, await openSession(expert.id, T0)).get('/api/admin/dashboard');
    expect(res.status).toBe(200);
    const d = conforms(Dashboard, body);
    expect(d.tracks.map((x) => x.key).sort()).toEqual(
      ['bases', 'brands', 'competitions', 'institutions', 'recruitment', 'trades'].sort(),
    );
    const trades = d.tracks.find((x) => x.key === 'trades')!;
    expect(trades.stages.length).toBeGreaterThan(3);
    expect(trades.stages[0]).toMatchObject({ key: expect.any(String), title: expect.any(String) });
    expect(d.sms).toEqual({ day: '2026-12-03', used: 2, budget: readConfig(env).SMS_DAILY_BUDGET });
  });
});

describe('POST /api/admin/sms-budget', () => {
  it("sets today's budget, effective at once, with an audit entry", async () => {
    const t = testApp(pinnedClock(T0));
    const admin = await createStaff(T0);
    const api = asStaff(t, await openSession(admin.id, T0));
    const { budget: before, used } = (await api.get('/api/admin/dashboard')).body.sms;
    const { res, body } = await api.post('/api/admin/sms-budget', { budget: before + 1000, reason: '投票最后一天' });
    expect(res.status).toBe(200);
    expect(conforms(SmsUsage, body)).toEqual({ day: '2026-12-03', used, budget: before + 1000 });
    expect((await api.get('/api/admin/dashboard')).body.sms.budget).toBe(before + 1000);
    const row = await env.DB.prepare("SELECT * FROM audit_log WHERE action = 'sms_budget.set'").first<any>();
    expect(row).toMatchObject({ actor_id: admin.id, entity_id: '2026-12-03', reason: '投票最后一天' });
    expect(JSON.parse(row.after)).toEqual({ budget: before + 1000 });
    const zero = await api.post('/api/admin/sms-budget', { budget: 0, reason: '试' });
    expect(zero.res.status).toBe(400);
  });
});
