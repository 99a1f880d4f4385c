/**
 * Sign-in lock-out through the real app: a lock is per username and client network, the count
 * across networks only delays, a network's failure budget never refuses a correct password and
 * second factor, an unknown username answers like a real one, and a city admin can lift a lock.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { StaffAccountBody, StaffAccountList } from '../../../../contracts/admin-api';
import { STAFF_COOKIE } from '../../../../worker/services/admin/sessions';
import { totpCode } from '../../../../worker/services/admin/totp';
import { pinnedClock, testApp, type TestApp } from '../../../fixtures/app';
import { conforms } from '../../../fixtures/contract';
import { countingD1 } from '../../../fixtures/d1-counter';
import { asStaff, auditFor, createStaff, openSession, PASSWORD, signedInStaff } from '../../../fixtures/admin-accounts';

const T0 = Date.UTC(2026, 11, 5, 1, 0);
const HOUR = 3_600_000;
let netSeq = 0;
/** An address in a network of its own (TEST-NET-2 /24s are never a fixture's network). */
const freshIp = () => `198.51.${++netSeq}.7`;

/** A browser on one address: its cookie jar and the CSRF token of its session. */
function browser(t: Pick<TestApp, 'request'>, ip = freshIp()) {
  let cookie = '';
  let csrf = '';
  async function send(method: string, path: string, body?: unknown) {
    const headers: Record<string, string> = { Origin: 'http://localhost', 'CF-Connecting-IP': ip };
    if (cookie) headers.Cookie = cookie;
    if (csrf && method !== 'GET') headers['X-CSRF-Token'] = csrf;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await t.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const set = res.headers.get('Set-Cookie');
    if (set?.startsWith(`${STAFF_COOKIE}=`)) cookie = set.split(';')[0];
    const text = await res.text();
    const json = text ? JSON.parse(text) : undefined;
    if (json?.csrfToken) csrf = json.csrfToken;
    return { res, status: res.status, body: json as any };
  }
  return {
    ip,
    send,
    signIn: (username: string, password = PASSWORD) => send('POST', '/api/admin/session', { username, password }),
  };
}

/** Password, then the TOTP code of `now`, from one browser; both statuses. */
async function fullSignIn(t: TestApp, b: ReturnType<typeof browser>, username: string, secret: string) {
  const first = await b.signIn(username);
  if (first.status !== 200) return [first.status];
  const second = await b.send('POST', '/api/admin/session/totp', { code: totpCode(secret, t.clock.now()) });
  return [first.status, second.status];
}

describe('lock-out per account and network', () => {
  it('5 wrong passwords from one network do not stop the right password and TOTP from another', async () => {
    const t = testApp(pinnedClock(T0));
    const { account, secret } = await signedInStaff(T0);
    t.clock.advance(60_000);
    const attacker = browser(t);
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await attacker.signIn(account.username, 'wrong password here')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);

    expect(await fullSignIn(t, browser(t), account.username, secret)).toEqual([200, 200]);
    // The attacker's network stays locked, for the right password too.
    const locked = await attacker.signIn(account.username);
    expect([locked.status, locked.body.error.code]).toEqual([429, 'rate_limited']);
    expect(Number(locked.res.headers.get('Retry-After'))).toBe(300);
  });

  it('one wrong password an hour for a day never keeps the owner out, and the lock stays bounded', async () => {
    const t = testApp(pinnedClock(T0));
    const { account, secret } = await signedInStaff(T0);
    const attacker = browser(t);
    const owner = browser(t);
    const retryAfters: number[] = [];
    for (let h = 0; h < 24; h++) {
      t.clock.set(T0 + HOUR + h * HOUR);
      const r = await attacker.signIn(account.username, 'wrong password here');
      expect([401, 429]).toContain(r.status);
      if (r.status === 429) retryAfters.push(Number(r.res.headers.get('Retry-After')));
      // The owner tries a second later: the password step passes every time.
      t.clock.advance(1000);
      expect((await owner.signIn(account.username)).status).toBe(200);
    }
    expect(Math.max(...retryAfters)).toBeLessThanOrEqual(3600);
    t.clock.advance(31_000);
    expect(await fullSignIn(t, owner, account.username, secret)).toEqual([200, 200]);
  });

  it('a real and an unknown username answer with the same statuses in the same order', async () => {
    const t = testApp(pinnedClock(T0));
    const account = await createStaff(T0);
    const sequence = async (username: string) => {
      const b = browser(t);
      const out = [];
      for (let i = 0; i < 10; i++) {
        const r = await b.signIn(username, 'wrong password here');
        out.push(`${r.status} ${r.body.error.code} ${r.res.headers.get('Retry-After')}`);
        t.clock.advance(1000);
      }
      return out;
    };
    t.clock.set(T0 + HOUR);
    const real = await sequence(account.username);
    t.clock.set(T0 + HOUR);
    const unknown = await sequence(`nobody-${account.username}`);
    expect(unknown).toEqual(real);
    expect(real.some((s) => s.startsWith('429'))).toBe(true);
  });

  it('a real and an unknown username cost the same database work', async () => {
    const { db, counter } = countingD1(env.DB);
    const t = testApp(pinnedClock(T0), { DB: db });
    const account = await createStaff(T0);
    const tries = async (username: string) => {
      const b = browser(t);
      const logs = [];
      for (let i = 0; i < 6; i++) {
        counter.reset();
        await b.signIn(username, 'wrong password here');
        logs.push(counter.log.join(' | '));
      }
      return logs;
    };
    const real = await tries(account.username);
    const unknown = await tries(`nobody-${account.username}`);
    expect(unknown).toEqual(real);
  });

  it("an office network's spent failure budget still lets a colleague's right password and TOTP in", async () => {
    const t = testApp(pinnedClock(T0 + 10 * 60_000));
    const { account, secret } = await signedInStaff(T0);
    const office = freshIp();
    for (let i = 0; i < 25; i++) await browser(t, office).signIn(`ghost${i}-${office}`, 'whatever it is');
    // The network is over its budget: a wrong password is refused with 429 …
    const wrong = await browser(t, office).signIn(account.username, 'wrong password here');
    expect([wrong.status, wrong.body.error.code]).toEqual([429, 'rate_limited']);
    // … and the right one, followed by a valid code, signs in.
    expect(await fullSignIn(t, browser(t, office), account.username, secret)).toEqual([200, 200]);
  });
});

describe('POST /api/admin/accounts/{id}/unlock', () => {
  it('a city admin lifts a lock; the list shows it, the unlock is audited', async () => {
    const t = testApp(pinnedClock(T0));
    const admin = await createStaff(T0);
    const api = asStaff(t, await openSession(admin.id, T0));
    const target = await createStaff(T0, { role: 'expert' });
    const b = browser(t);
    for (let i = 0; i < 5; i++) await b.signIn(target.username, 'wrong password here');
    expect((await b.signIn(target.username)).status).toBe(429);

    const listed = conforms(StaffAccountList, (await api.get('/api/admin/accounts')).body);
    const row = listed.accounts.find((a) => a.id === target.id)!;
    expect(row.lockedUntil).toBe(new Date(T0 + 5 * 60_000).toISOString());
    expect(listed.accounts.find((a) => a.id === admin.id)!.lockedUntil).toBeNull();

    const noReason = await api.post(`/api/admin/accounts/${target.id}/unlock`, {});
    expect([noReason.res.status, noReason.body.error.code]).toEqual([400, 'invalid_request']);
    const { res, body } = await api.post(`/api/admin/accounts/${target.id}/unlock`, { reason: '本人来电确认' });
    expect(res.status).toBe(200);
    expect(conforms(StaffAccountBody, body).account).toMatchObject({ id: target.id, lockedUntil: null });
    const entry = (await auditFor(target.id)).find((r) => r.action === 'account.unlocked');
    expect(entry).toMatchObject({ actor_id: admin.id, actor_role: 'city_admin', reason: '本人来电确认' });
    expect(JSON.parse(entry!.before)).toMatchObject({ lockedUntil: new Date(T0 + 5 * 60_000).toISOString() });
    expect(JSON.parse(entry!.after)).toMatchObject({ lockedUntil: null });
    expect((await b.signIn(target.username)).status).toBe(200);

    const missing = await api.post('/api/admin/accounts/999999/unlock', { reason: '测试' });
    expect(missing.res.status).toBe(404);
  });

  it('refuses every other role and leaves the lock', async () => {
    const t = testApp(pinnedClock(T0));
    const target = await createStaff(T0, { role: 'expert' });
    const b = browser(t);
    for (let i = 0; i < 5; i++) await b.signIn(target.username, 'wrong password here');
    for (const role of ['county_officer', 'expert', 'auditor'] as const) {
      const other = await createStaff(T0, { role });
      const api = asStaff(t, await openSession(other.id, T0));
      const r = await api.post(`/api/admin/accounts/${target.id}/unlock`, { reason: '测试' });
      expect([r.res.status, r.body.error.code]).toEqual([403, 'forbidden']);
    }
    expect((await b.signIn(target.username)).status).toBe(429);
    expect((await auditFor(target.id)).map((r) => r.action)).not.toContain('account.unlocked');
  });
});
