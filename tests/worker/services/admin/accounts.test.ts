import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import {
  createAccount,
  disableAccount,
  enableAccount,
  resetPassword,
  resetTotp,
  revokeSessions,
} from '../../../../worker/services/admin/accounts';
import { staffActor } from '../../../../worker/services/audit';
import { signIn } from '../../../../worker/services/admin/auth';
import { liveSession } from '../../../../worker/services/admin/sessions';
import {
  auditFor,
  CLI,
  createStaff,
  expectIssued,
  signedInStaff,
  staffDeps,
  testCounty,
} from '../../../fixtures/admin-accounts';

const T0 = Date.UTC(2026, 11, 2, 1, 0);
const client = { network: '10.200.0.0/24', userAgent: 'vitest' };
const live = (token: string, now = T0) => liveSession(staffDeps(now).db, staffDeps(now).config, token, now);

describe('createAccount', () => {
  it('creates an account with a PBKDF2 hash, TOTP not enrolled, and an audit entry without secrets', async () => {
    const id = await createAccount(staffDeps(T0), CLI, {
      username: 'Li.Ming',
      displayName: ' 李明 ',
      role: 'city_admin',
      password: 'A long enough password 7',
    });
    const row = await env.DB.prepare('SELECT * FROM accounts WHERE id = ?').bind(id).first<Record<string, any>>();
    expect(row).toMatchObject({
      username: 'li.ming',
      display_name: '李明',
      role: 'city_admin',
      county_id: null,
      totp_enrolled_at: null,
      password_changed_at: T0,
    });
    expect(row!.password_hash).toMatch(/^pbkdf2-sha256\$100000\$/);
    const [entry] = await auditFor(id);
    expect(entry).toMatchObject({ action: 'account.create', actor_label: 'cli:test', entity_id: String(id) });
    expect(JSON.parse(entry.after)).toEqual({
      username: 'li.ming',
      displayName: '李明',
      role: 'city_admin',
      countyId: null,
    });
  });

  it('binds a county officer to a county, and only a county officer', async () => {
    const county = await testCounty();
    const base = { displayName: '王', password: 'A long enough password 7' };
    await expect(
      createAccount(staffDeps(T0), CLI, { ...base, username: 'officer1', role: 'county_officer', countyId: county }),
    ).resolves.toBeGreaterThan(0);
    for (const bad of [
      { username: 'officer2', role: 'county_officer' as const },
      { username: 'expert2', role: 'expert' as const, countyId: county },
    ]) {
      await expect(createAccount(staffDeps(T0), CLI, { ...base, ...bad })).rejects.toMatchObject({
        code: 'invalid_request',
        options: { issues: [{ path: ['countyId'] }] },
      });
    }
    await expect(
      createAccount(staffDeps(T0), CLI, {
        ...base,
        username: 'officer3',
        role: 'county_officer',
        countyId: 'atlantis',
      }),
    ).rejects.toMatchObject({
      options: { issues: [{ path: ['countyId'], message: '县区不存在。' }] },
    });
  });

  it('refuses a taken username, a bad username, a short password, an unknown role', async () => {
    const a = await createStaff(T0);
    const base = { displayName: '张', role: 'expert' as const, password: 'A long enough password 7' };
    await expect(
      createAccount(staffDeps(T0), CLI, { ...base, username: a.username.toUpperCase() }),
    ).rejects.toMatchObject({ options: { issues: [{ path: ['username'], message: '用户名已被使用。' }] } });
    await expect(createAccount(staffDeps(T0), CLI, { ...base, username: 'x' })).rejects.toMatchObject({
      options: { issues: [{ path: ['username'] }] },
    });
    await expect(
      createAccount(staffDeps(T0), CLI, { ...base, username: 'short.pw', password: 'elevenchars' }),
    ).rejects.toMatchObject({ options: { issues: [{ path: ['password'] }] } });
    await expect(
      createAccount(staffDeps(T0), CLI, { ...base, username: 'bad.role', role: 'root' as never }),
    ).rejects.toMatchObject({ options: { issues: [{ path: ['role'] }] } });
  });
});

describe('account changes by a city admin', () => {
  it('disabling ends every session and sign-in; enabling lets the account sign in again', async () => {
    const admin = await signedInStaff(T0);
    const target = await signedInStaff(T0);
    const actor = staffActor({ id: admin.account.id, username: admin.account.username, role: 'city_admin' });
    await disableAccount(staffDeps(T0), actor, target.account.id, '离职');
    expect(await live(target.token)).toBeNull();
    const entries = await auditFor(target.account.id);
    expect(entries.at(-2)).toMatchObject({
      action: 'account.disabled',
      actor_id: admin.account.id,
      actor_role: 'city_admin',
      reason: '离职',
    });
    expect(JSON.parse(entries.at(-2)!.after).disabled).toBe(true);
    expect(entries.at(-1)?.action).toBe('account.sessions_revoked');
    await expect(signIn(staffDeps(T0), target.account, client)).rejects.toMatchObject({ code: 'invalid_credentials' });

    await enableAccount(staffDeps(T0), actor, target.account.id, '返岗');
    await expectIssued(signIn(staffDeps(T0), target.account, client), target.account.id, 'verify', T0);
  });

  it('an admin cannot disable their own account', async () => {
    const admin = await signedInStaff(T0);
    await expect(
      disableAccount(staffDeps(T0), staffActor({ ...admin.account, role: 'city_admin' }), admin.account.id, 'x'),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('resetting a password ends the sessions and the old password', async () => {
    const target = await signedInStaff(T0);
    await resetPassword(staffDeps(T0), CLI, target.account.id, 'Another long password 8');
    expect(await live(target.token)).toBeNull();
    await expect(signIn(staffDeps(T0), target.account, client)).rejects.toMatchObject({ code: 'invalid_credentials' });
    await expectIssued(
      signIn(staffDeps(T0), { username: target.account.username, password: 'Another long password 8' }, client),
      target.account.id,
      'verify',
      T0,
    );
  });

  it('resetting TOTP makes the next sign-in enrol again', async () => {
    const target = await signedInStaff(T0);
    await resetTotp(staffDeps(T0), CLI, target.account.id, '手机丢失');
    expect(await live(target.token)).toBeNull();
    expect((await signIn(staffDeps(T0), target.account, client)).secondFactor).toBe('enrol');
  });

  it('revoking sessions ends them all, and is audited with the reason', async () => {
    const target = await signedInStaff(T0);
    await revokeSessions(staffDeps(T0), CLI, target.account.id, '电脑遗失');
    expect(await live(target.token)).toBeNull();
    expect((await auditFor(target.account.id)).at(-1)).toMatchObject({
      action: 'account.sessions_revoked',
      reason: '电脑遗失',
    });
  });

  it('answers not_found for an unknown account', async () => {
    await expect(revokeSessions(staffDeps(T0), CLI, 987_654, 'x')).rejects.toMatchObject({ code: 'not_found' });
  });
});
