import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { CalendarYearBody } from '../../../../contracts/admin-calendar';
import { seed, testApp } from '../../../fixtures/app';
import { conforms } from '../../../fixtures/contract';
import { signedInStaff, staffCookie } from '../../../fixtures/admin-accounts';

const NOW = Date.UTC(2026, 10, 27, 2, 0);
const t = testApp();
t.clock.set(NOW);
let admin: { token: string; csrfToken: string };
let auditor: { token: string; csrfToken: string };

const as = (who: { token: string; csrfToken: string }, method = 'GET', body?: unknown): RequestInit => ({
  method,
  headers: {
    Cookie: staffCookie(who.token),
    'X-CSRF-Token': who.csrfToken,
    Origin: 'http://localhost',
    'content-type': 'application/json',
  },
  body: body === undefined ? undefined : JSON.stringify(body),
});

// Test data shaped like a State Council notice; not the official 2027 schedule.
const ENTRY_2027 = {
  holidays: [{ start: '2027-01-01', end: '2027-01-03', name: '元旦' }],
  workdays: ['2027-02-20'],
  noticeNo: '国办发明电〔2026〕测试号',
  noticeDate: '2026-11-10',
};

beforeAll(async () => {
  await seed(NOW);
  admin = await signedInStaff(NOW, { role: 'city_admin' });
  auditor = await signedInStaff(NOW, { role: 'auditor' });
});

describe('PUT /api/admin/calendar/:year', () => {
  it('turns calendar_missing into a computed period once the year is entered', async () => {
    const before = await t.json('/api/calendar/period?start=2026-12-28&workingDays=5');
    expect(before.res.status).toBe(409);
    expect(before.body.error.code).toBe('calendar_missing');

    expect((await t.request('/api/admin/calendar/2027', as(auditor, 'PUT', ENTRY_2027))).status).toBe(403);
    const { res, body } = await t.json('/api/admin/calendar/2027', as(admin, 'PUT', ENTRY_2027));
    expect(res.status).toBe(200);
    conforms(CalendarYearBody, body);
    expect(body.status).toBe('entered');
    // 2027-01-02 and -03 are a weekend anyway: only the Friday holiday and the make-up Saturday change anything.
    expect(body.changes).toEqual([
      { date: '2027-01-01', kind: 'holiday', name: '元旦', plainWorking: true },
      { date: '2027-02-20', kind: 'workday', name: '调休上班', plainWorking: false },
    ]);

    const after = await t.json('/api/calendar/period?start=2026-12-28&workingDays=5');
    expect(after.res.status).toBe(200);
    expect(after.body).toMatchObject({ startsOn: '2026-12-28', endsOn: '2027-01-04' });
    const audit = await env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'calendar.enter'").first();
    expect(audit).toEqual({ n: 1 });
  });

  it('refuses a make-up day that is already a working day, or a range outside the year', async () => {
    const bad = {
      ...ENTRY_2027,
      workdays: ['2027-02-22'],
      holidays: [{ start: '2026-12-31', end: '2027-01-01', name: 'x' }],
    };
    const { res, body } = await t.json('/api/admin/calendar/2027', as(admin, 'PUT', bad));
    expect(res.status).toBe(400);
    expect(body.error.issues).toHaveLength(2);
  });
});

describe('POST /api/admin/calendar/:year/confirm-plain', () => {
  it('confirms a year without a schedule as plain weeks, with a reason, and never over an entered year', async () => {
    const { res, body } = await t.json(
      '/api/admin/calendar/2028/confirm-plain',
      as(admin, 'POST', { reason: '国务院尚未发布，先按普通周' }),
    );
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ year: 2028, status: 'confirmed', changes: [] });
    const refused = await t.json('/api/admin/calendar/2027/confirm-plain', as(admin, 'POST', { reason: 'x' }));
    expect(refused.res.status).toBe(409);
    const read = await t.json('/api/admin/calendar/2028', as(auditor));
    expect(read.body.status).toBe('confirmed');
  });
});
