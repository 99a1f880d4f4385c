import { describe, expect, it } from 'vitest';
import { errorBody } from '../../../../contracts/errors';
import { StaffAccountBody, StaffAccountList } from '../../../../contracts/admin-api';
import { pinnedClock, post, testApp } from '../../../fixtures/app';
import { conforms } from '../../../fixtures/contract';
import {
  asStaff,
  auditFor,
  createStaff,
  openSession,
  PASSWORD,
  signInAs,
  staffCookie,
  testCounty,
} from '../../../fixtures/admin-accounts';

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
      password: 'Another long password 8',
    });
    expect(reset.res.status).toBe(200);
    expect(
      (await t.request('/api/admin/session', post({ username: other.username, password: 'Another long password 8' })))
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

const WEAK = ['password1234', 'aaaaaaaaaaaa', 'linfen123456', ' '.repeat(12), 'Password1234', 'Linfen123456!'];

describe('password policy in the admin area', () => {
  it('refuses weak passwords when creating an account and when resetting one, changing nothing', async () => {
    const { api } = await cityAdmin();
    const other = await createStaff(T0, { role: 'expert' });
    for (const [i, password] of WEAK.entries()) {
      const created = await api.post('/api/admin/accounts', {
        username: `weak.pw${i}`,
        displayName: '弱密码',
        role: 'expert',
        password,
      });
      expect([created.res.status, created.body.error.code], password).toEqual([400, 'invalid_request']);
      expect(created.body.error.issues.map((x: any) => x.path[0])).toContain('password');
      const reset = await api.post(`/api/admin/accounts/${other.id}/reset-password`, { password });
      expect([reset.res.status, reset.body.error.issues[0].path], password).toEqual([400, ['password']]);
    }
    const list = conforms(StaffAccountList, (await api.get('/api/admin/accounts')).body);
    expect(list.accounts.map((a) => a.username).filter((u) => u.startsWith('weak.pw'))).toEqual([]);
    expect((await auditFor(other.id)).map((r) => r.action)).toEqual(['account.create']);
  });

  it('refuses a weak new own password', async () => {
    const { api } = await cityAdmin();
    for (const newPassword of WEAK) {
      const r = await api.post('/api/admin/password', { currentPassword: PASSWORD, newPassword });
      expect([r.res.status, r.body.error.issues[0].path], newPassword).toEqual([400, ['newPassword']]);
    }
  });

  it('refuses a city admin resetting their own password there: it needs 修改密码 with the current one', async () => {
    const { t, admin, api } = await cityAdmin();
    const self = await api.post(`/api/admin/accounts/${admin.id}/reset-password`, {
      password: 'Another long password 8',
    });
    expect([self.res.status, self.body.error.code]).toEqual([403, 'forbidden']);
    conforms(errorBody(['forbidden']), self.body);
    expect(self.body.error.message).toContain('修改密码');
    expect((await t.request('/api/admin/session', post({ username: admin.username, password: PASSWORD }))).status).toBe(
      200,
    );
    expect((await auditFor(admin.id)).map((r) => r.action)).toEqual(['account.create']);
  });
});

describe('a second city admin confirms a new city admin', () => {
  it('an account created as city admin can sign in but do nothing until another admin than its creator confirms it', async () => {
    const { t, admin, api } = await cityAdmin();
    const created = await api.post('/api/admin/accounts', {
      username: 'second.admin',
      displayName: '第二管理员',
      role: 'city_admin',
      password: PASSWORD,
    });
    expect(created.res.status).toBe(201);
    const { account } = conforms(StaffAccountBody, created.body);
    expect(account.pendingConfirmation).toBe(true);

    // It signs in (password and authenticator) and sees its own session, and nothing else.
    const b = await signInAs(T0, { id: account.id, username: 'second.admin', password: PASSWORD });
    const bApi = asStaff(t, { cookie: staffCookie(b.token), csrfToken: b.csrfToken });
    const state = await bApi.get('/api/admin/session');
    expect([state.res.status, state.body.account.pendingConfirmation]).toEqual([200, true]);
    for (const [method, path, body] of [
      ['GET', '/api/admin/accounts', undefined],
      ['GET', '/api/admin/dashboard', undefined],
      ['POST', '/api/admin/accounts', { username: 'third', displayName: '三', role: 'expert', password: PASSWORD }],
      ['POST', `/api/admin/accounts/${admin.id}/disable`, { reason: '试一试' }],
    ] as const) {
      const r = method === 'GET' ? await bApi.get(path) : await bApi.post(path, body);
      expect([r.res.status, r.body.error.code, r.body.error.message], path).toEqual([
        403,
        'forbidden',
        '该城市管理员账号尚待另一位城市管理员确认。',
      ]);
    }
    // Its creator cannot confirm it, nor can it confirm itself.
    const own = await api.post(`/api/admin/accounts/${account.id}/confirm`, { reason: '我建的' });
    expect([own.res.status, own.body.error.code]).toEqual([403, 'forbidden']);
    const itself = await bApi.post(`/api/admin/accounts/${account.id}/confirm`, { reason: '我自己' });
    expect([itself.res.status, itself.body.error.code]).toEqual([403, 'forbidden']);

    // A different confirmed city admin does, audited; then the account acts.
    const third = await createStaff(T0);
    const cApi = asStaff(t, await openSession(third.id, T0));
    const noReason = await cApi.post(`/api/admin/accounts/${account.id}/confirm`, {});
    expect(noReason.res.status).toBe(400);
    const confirmed = await cApi.post(`/api/admin/accounts/${account.id}/confirm`, { reason: '经局务会同意' });
    expect(confirmed.res.status).toBe(200);
    expect(conforms(StaffAccountBody, confirmed.body).account.pendingConfirmation).toBe(false);
    expect((await auditFor(account.id)).map((r) => [r.action, r.actor_id, r.reason])).toEqual(
      expect.arrayContaining([['account.confirmed', third.id, '经局务会同意']]),
    );
    expect((await bApi.get('/api/admin/accounts')).res.status).toBe(200);
    const again = await cApi.post(`/api/admin/accounts/${account.id}/confirm`, { reason: '再一次' });
    expect([again.res.status, again.body.error.code]).toEqual([409, 'conflict']);
  });

  it('accounts of other roles need no confirmation and cannot be confirmed', async () => {
    const { api } = await cityAdmin();
    const created = await api.post('/api/admin/accounts', {
      username: 'an.expert',
      displayName: '专家',
      role: 'expert',
      password: PASSWORD,
    });
    expect(created.body.account.pendingConfirmation).toBe(false);
    const third = await createStaff(T0);
    const { res, body } = await asStaff(testAppOf(), await openSession(third.id, T0)).post(
      `/api/admin/accounts/${created.body.account.id}/confirm`,
      { reason: '无需' },
    );
    expect([res.status, body.error.code]).toEqual([409, 'conflict']);
  });

  it('raising an account to city admin leaves it pending until an admin other than the one who raised it confirms', async () => {
    const { t, admin, api } = await cityAdmin();
    const expert = await createStaff(T0, { role: 'expert' });
    const self = await api.post(`/api/admin/accounts/${admin.id}/role`, { role: 'expert', reason: '试一试' });
    expect([self.res.status, self.body.error.code]).toEqual([403, 'forbidden']);
    const noCounty = await api.post(`/api/admin/accounts/${expert.id}/role`, {
      role: 'county_officer',
      reason: '调岗',
    });
    expect([noCounty.res.status, noCounty.body.error.issues[0].path]).toEqual([400, ['countyId']]);

    const raised = await api.post(`/api/admin/accounts/${expert.id}/role`, { role: 'city_admin', reason: '调任' });
    expect(raised.res.status).toBe(200);
    expect(conforms(StaffAccountBody, raised.body).account).toMatchObject({
      role: 'city_admin',
      pendingConfirmation: true,
    });
    expect((await auditFor(expert.id)).map((r) => [r.action, r.actor_id, r.reason])).toEqual(
      expect.arrayContaining([['account.role_changed', admin.id, '调任']]),
    );
    const e = asStaff(t, await openSession(expert.id, T0));
    expect((await e.get('/api/admin/accounts')).body.error?.message).toBe('该城市管理员账号尚待另一位城市管理员确认。');
    expect((await api.post(`/api/admin/accounts/${expert.id}/confirm`, { reason: '我提的' })).res.status).toBe(403);
    const other = asStaff(t, await openSession((await createStaff(T0)).id, T0));
    expect((await other.post(`/api/admin/accounts/${expert.id}/confirm`, { reason: '同意' })).res.status).toBe(200);
    expect((await e.get('/api/admin/accounts')).res.status).toBe(200);

    // Lowering it needs nobody else; raising it again makes it pending again.
    const county = await testCounty();
    const lowered = await api.post(`/api/admin/accounts/${expert.id}/role`, {
      role: 'county_officer',
      countyId: county,
      reason: '回县里',
    });
    expect(lowered.body.account).toMatchObject({
      role: 'county_officer',
      countyId: county,
      pendingConfirmation: false,
    });
    const again = await api.post(`/api/admin/accounts/${expert.id}/role`, { role: 'city_admin', reason: '又调任' });
    expect(again.body.account).toMatchObject({ role: 'city_admin', countyId: null, pendingConfirmation: true });
  });
});

const testAppOf = () => testApp(pinnedClock(T0));

describe('taking over another city admin', () => {
  it("a city admin who resets another city admin's password or authenticator cannot then use that account alone", async () => {
    const { t, admin, api } = await cityAdmin();
    const victim = await createStaff(T0);
    const reset = await api.post(`/api/admin/accounts/${victim.id}/reset-password`, {
      password: 'Another long password 8',
    });
    expect(reset.body.account.pendingConfirmation).toBe(true);
    const totp = await api.post(`/api/admin/accounts/${victim.id}/reset-totp`, { reason: '手机丢失' });
    expect(totp.body.account.pendingConfirmation).toBe(true);
    const as = await signInAs(T0, { id: victim.id, username: victim.username, password: 'Another long password 8' });
    const vApi = asStaff(t, { cookie: staffCookie(as.token), csrfToken: as.csrfToken });
    const refused = await vApi.get('/api/admin/accounts');
    expect([refused.res.status, refused.body.error.message]).toEqual([
      403,
      '该城市管理员账号尚待另一位城市管理员确认。',
    ]);
    expect((await api.post(`/api/admin/accounts/${victim.id}/confirm`, { reason: '我重置的' })).res.status).toBe(403);
    const other = asStaff(t, await openSession((await createStaff(T0)).id, T0));
    expect((await other.post(`/api/admin/accounts/${victim.id}/confirm`, { reason: '本人已核实' })).res.status).toBe(
      200,
    );
    expect((await vApi.get('/api/admin/accounts')).res.status).toBe(200);
    // Another role's reset needs no confirmation.
    const expert = await createStaff(T0, { role: 'expert' });
    const e = await api.post(`/api/admin/accounts/${expert.id}/reset-password`, {
      password: 'Another long password 8',
    });
    expect(e.body.account.pendingConfirmation).toBe(false);
    expect(admin.role).toBe('city_admin');
  });
});
