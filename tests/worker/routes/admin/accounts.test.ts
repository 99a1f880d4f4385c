import { describe, expect, it } from 'vitest';
import { errorBody } from '../../../../contracts/errors';
import { StaffAccountBody, StaffAccountList } from '../../../../contracts/staff-api';
import { pinnedClock, post, testApp } from '../../../fixtures/app';
import { conforms } from '../../../fixtures/contract';
import { asStaff, auditFor, createStaff, openSession, PASSWORD, testCounty } from '../../../fixtures/staff';

const T0 = Date.UTC(2026, 11, 3, 1, 0);

async function cityAdmin() {
  const t = testApp(pinnedClock(T0));
  const admin = await createStaff(T0);
  return { t, admin, api: asStaff(t, await openSession(admin.id, T0)) };
}

describe('POST /api/admin/accounts', () => {
  it('creates an account, audited, that signs in and is listed', async () => {
    const { t, admin, api } = await cityAdmin();
    const county = await testCounty();
    const { res, body } = await api.post('/api/admin/accounts', {
      username: 'Wang.Li',
      displayName: '王丽',
      role: 'county_officer',
      countyId: county,
      password: PASSWORD,
    });
    expect(res.status).toBe(201);
    const { account } = conforms(StaffAccountBody, body);
    expect(account).toMatchObject({ username: 'wang.li', role: 'county_officer', countyId: county, disabled: false });
    expect(account).not.toHaveProperty('passwordHash');
    const [entry] = await auditFor(account.id);
    expect(entry).toMatchObject({ action: 'account.create', actor_id: admin.id, actor_role: 'city_admin' });
    const list = conforms(StaffAccountList, (await api.get('/api/admin/accounts')).body);
    expect(list.accounts.map((a) => a.username)).toContain('wang.li');
    const signIn = await t.request('/api/admin/session', post({ username: 'wang.li', password: PASSWORD }));
    expect(signIn.status).toBe(200);
  });

  it('refuses a taken username, a short password and a county officer without a county, with issues', async () => {
    const { admin, api } = await cityAdmin();
    const base = { displayName: '张三', role: 'expert', password: PASSWORD };
    const taken = await api.post('/api/admin/accounts', { ...base, username: admin.username });
    expect(taken.res.status).toBe(400);
    conforms(errorBody(['invalid_request']), taken.body);
    expect(taken.body.error.issues[0].path).toEqual(['username']);
    const bad = await api.post('/api/admin/accounts', {
      ...base,
      username: 'zhang.san',
      role: 'county_officer',
      password: 'short',
    });
    expect(bad.body.error.issues.map((i: any) => i.path[0]).sort()).toEqual(['countyId', 'password']);
  });
});

describe('POST /api/admin/accounts/{id}/…', () => {
  it('disables and enables with a reason, resets password and authenticator, and answers 404 for no account', async () => {
    const { t, admin, api } = await cityAdmin();
    const other = await createStaff(T0, { role: 'expert' });
    const noReason = await api.post(`/api/admin/accounts/${other.id}/disable`, {});
    expect(noReason.res.status).toBe(400);
    const disabled = await api.post(`/api/admin/accounts/${other.id}/disable`, { reason: '离职' });
    expect(conforms(StaffAccountBody, disabled.body).account.disabled).toBe(true);
    const enabled = await api.post(`/api/admin/accounts/${other.id}/enable`, { reason: '返岗' });
    expect(enabled.body.account.disabled).toBe(false);

    const reset = await api.post(`/api/admin/accounts/${other.id}/reset-password`, {
      password: 'another long password',
    });
    expect(reset.res.status).toBe(200);
    expect(
      (await t.request('/api/admin/session', post({ username: other.username, password: 'another long password' })))
        .status,
    ).toBe(200);
    const totp = await api.post(`/api/admin/accounts/${other.id}/reset-totp`, { reason: '手机丢失' });
    expect(totp.body.account.totpEnrolled).toBe(false);

    const self = await api.post(`/api/admin/accounts/${admin.id}/disable`, { reason: '试一试' });
    expect([self.res.status, self.body.error.code]).toEqual([403, 'forbidden']);
    const none = await api.post('/api/admin/accounts/999999/revoke-sessions', { reason: '不存在' });
    expect([none.res.status, none.body.error.code]).toEqual([404, 'not_found']);

    const actions = (await auditFor(other.id)).map((r) => [r.action, r.reason]);
    expect(actions).toEqual(
      expect.arrayContaining([
        ['account.disabled', '离职'],
        ['account.enabled', '返岗'],
        ['account.password_changed', 'reset by admin'],
        ['account.totp_reset', '手机丢失'],
      ]),
    );
  });
});
