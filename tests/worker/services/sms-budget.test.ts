import { env } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { chinaDate } from '../../../contracts/china-time';
import { openDb } from '../../../db/client';
import { noteSmsUse, raiseSmsBudget } from '../../../worker/services/sms-budget';
import { pinnedClock, post, testApp } from '../../fixtures/app';
import { nextPhone } from '../../fixtures/voting';

const DAY_MS = 86_400_000;
// Each test takes its own China day, so the global counters of one do not feed another.
const dayOf = (n: number) => Date.UTC(2027, 0, n, 2, 0);
const from = (ip: string) => ({ 'CF-Connecting-IP': ip });
const admin = { id: null, label: 'city-admin-test', role: null };

afterEach(() => vi.restoreAllMocks());

const budgetWarnings = (spy: { mock: { calls: unknown[][] } }) =>
  spy.mock.calls.map((c) => String(c[0])).filter((m) => m.startsWith('SMS budget:'));

describe('SMS budget warnings', () => {
  it('warns once when the day crosses 50 % and once when it crosses 80 % of the budget', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const t = testApp(pinnedClock(dayOf(1)), { SMS_DAILY_BUDGET: '10' });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      statuses.push((await t.request('/api/otp', post({ phone: nextPhone() }, from(`192.0.2.${i}`)))).status);
      if (i === 3) expect(budgetWarnings(warn)).toEqual([]);
      if (i === 4) expect(budgetWarnings(warn)).toHaveLength(1);
    }
    expect(statuses).toEqual([...Array(10).fill(202), 429, 429]);
    const warnings = budgetWarnings(warn);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('5 of 10');
    expect(warnings[0]).toContain('50 %');
    expect(warnings[1]).toContain('8 of 10');
    expect(warnings[1]).toContain('80 %');
  });

  it('warns at most once per threshold, day and budget, even when the same count comes back', async () => {
    // Under concurrency a refused request can hand back a unit it took before a counted one, so the
    // count a threshold is reached at can be seen twice.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const db = openDb(env.DB);
    const now = dayOf(2);
    await noteSmsUse(db, now, 5, 10);
    await noteSmsUse(db, now, 5, 10);
    await noteSmsUse(db, now, 6, 10);
    expect(budgetWarnings(warn)).toHaveLength(1);
    await noteSmsUse(db, now + DAY_MS, 5, 10);
    expect(budgetWarnings(warn)).toHaveLength(2);
    await noteSmsUse(db, now, 10, 20); // the day's budget was raised to 20
    expect(budgetWarnings(warn)).toHaveLength(3);
    expect(budgetWarnings(warn)[2]).toContain('10 of 20');
  });
});

describe('raiseSmsBudget', () => {
  it('raises the budget of one day without a deploy, and writes who did it and why to the audit log', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const now = dayOf(3);
    const t = testApp(pinnedClock(now), { SMS_DAILY_BUDGET: '2' });
    for (let i = 0; i < 2; i++) {
      expect((await t.request('/api/otp', post({ phone: nextPhone() }, from(`192.0.2.${i}`)))).status).toBe(202);
    }
    expect((await t.request('/api/otp', post({ phone: nextPhone() }, from('192.0.2.9')))).status).toBe(429);

    await raiseSmsBudget(openDb(env.DB), chinaDate(now), 3, admin, '投票最后一天，访问量高', now);
    expect((await t.request('/api/otp', post({ phone: nextPhone() }, from('192.0.2.10')))).status).toBe(202);
    expect((await t.request('/api/otp', post({ phone: nextPhone() }, from('192.0.2.11')))).status).toBe(429);

    const row = await env.DB.prepare('SELECT * FROM sms_budget_overrides WHERE day = ?')
      .bind(chinaDate(now))
      .first<any>();
    expect(row).toEqual({
      day: chinaDate(now),
      budget: 3,
      set_by: admin.label,
      reason: '投票最后一天，访问量高',
      set_at: now,
    });
    const audit = await env.DB.prepare("SELECT * FROM audit_log WHERE entity_type = 'sms_budget' AND entity_id = ?")
      .bind(chinaDate(now))
      .first<any>();
    expect(audit).toMatchObject({
      actor_label: admin.label,
      action: 'sms_budget.set',
      reason: '投票最后一天，访问量高',
    });
    expect(JSON.parse(audit.after)).toEqual({ budget: 3 });

    // The next China day is back on SMS_DAILY_BUDGET.
    const tomorrow = testApp(pinnedClock(now + DAY_MS), { SMS_DAILY_BUDGET: '2' });
    for (let i = 0; i < 2; i++) {
      expect((await tomorrow.request('/api/otp', post({ phone: nextPhone() }, from(`192.0.2.${20 + i}`)))).status).toBe(
        202,
      );
    }
    expect((await tomorrow.request('/api/otp', post({ phone: nextPhone() }, from('192.0.2.30')))).status).toBe(429);
  });

  it('replaces an earlier override of the same day, keeping both in the audit log', async () => {
    const db = openDb(env.DB);
    const now = dayOf(4);
    const day = chinaDate(now);
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    await raiseSmsBudget(db, day, 60_000, admin, '第一次', now);
    await raiseSmsBudget(db, day, 80_000, admin, '第二次', now + 1000);
    const row = await env.DB.prepare('SELECT budget, reason FROM sms_budget_overrides WHERE day = ?').bind(day).first();
    expect(row).toEqual({ budget: 80_000, reason: '第二次' });
    const audit = await env.DB.prepare(
      "SELECT before, after FROM audit_log WHERE entity_type = 'sms_budget' AND entity_id = ? ORDER BY id",
    )
      .bind(day)
      .all<any>();
    expect(audit.results.map((r) => [JSON.parse(r.before ?? 'null'), JSON.parse(r.after)])).toEqual([
      [null, { budget: 60_000 }],
      [{ budget: 60_000 }, { budget: 80_000 }],
    ]);
  });

  it('refuses an impossible day, a budget that is not a positive integer, or no reason', async () => {
    const db = openDb(env.DB);
    const now = dayOf(5);
    await expect(raiseSmsBudget(db, '2027-02-30', 100, admin, '原因', now)).rejects.toThrow(/day/);
    for (const budget of [0, -1, 1.5, Number.NaN]) {
      await expect(raiseSmsBudget(db, chinaDate(now), budget, admin, '原因', now)).rejects.toThrow(/budget/);
    }
    await expect(raiseSmsBudget(db, chinaDate(now), 100, admin, '  ', now)).rejects.toThrow(/reason/);
  });
});
