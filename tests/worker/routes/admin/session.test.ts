import { describe, expect, it } from 'vitest';
import { errorBody } from '../../../../contracts/errors';
import { SecondFactorDone, StaffSessionState, TotpEnrolled, TotpEnrolment } from '../../../../contracts/admin-api';
import { STAFF_COOKIE } from '../../../../worker/services/admin/sessions';
import { totpCode } from '../../../../worker/services/admin/totp';
import { pinnedClock, testApp, type TestApp } from '../../../fixtures/app';
import { conforms } from '../../../fixtures/contract';
import { auditFor, createStaff, PASSWORD } from '../../../fixtures/admin-accounts';

const T0 = Date.UTC(2026, 11, 3, 1, 0);
const ORIGIN = 'http://localhost';
let ipSeq = 0;

/** A browser: one cookie jar, one network, the CSRF token of its session. */
function browser(t: TestApp) {
  const ip = `10.9.${++ipSeq}.1`;
  let cookie = '';
  let csrf = '';
  async function send(method: string, path: string, body?: unknown, extra: Record<string, string> = {}) {
    const headers: Record<string, string> = { Origin: ORIGIN, 'CF-Connecting-IP': ip };
    if (cookie) headers.Cookie = cookie;
    if (csrf && method !== 'GET') headers['X-CSRF-Token'] = csrf;
    Object.assign(headers, extra);
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await t.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const set = res.headers.get('Set-Cookie');
    if (set?.startsWith(`${STAFF_COOKIE}=`)) cookie = set.split(';')[0].endsWith('=') ? '' : set.split(';')[0];
    const text = await res.text();
    const json = text ? JSON.parse(text) : undefined;
    if (json?.csrfToken) csrf = json.csrfToken;
    return { res, body: json as any };
  }
  return {
    send,
    signIn: (username: string, password = PASSWORD) => send('POST', '/api/admin/session', { username, password }),
    get cookie() {
      return cookie;
    },
    get csrf() {
      return csrf;
    },
  };
}

/** A new account signed in through the API with an enrolled authenticator; returns the browser and secret. */
async function enrolled(t: TestApp) {
  const account = await createStaff(T0);
  const b = browser(t);
  await b.signIn(account.username);
  const { body } = await b.send('POST', '/api/admin/session/totp/enrol');
  const done = await b.send('POST', '/api/admin/session/totp/confirm', { code: totpCode(body.secret, t.clock.now()) });
  expect(done.res.status).toBe(200);
  return { account, b, secret: body.secret as string, recoveryCodes: done.body.recoveryCodes as string[] };
}

describe('POST /api/admin/session', () => {
  it('answers invalid_credentials alike for a wrong password and an unknown username', async () => {
    const t = testApp(pinnedClock(T0));
    const account = await createStaff(T0);
    for (const [username, password] of [
      [account.username, 'wrong password here'],
      ['nobody-here', PASSWORD],
    ]) {
      const { res, body } = await browser(t).signIn(username, password);
      expect(res.status).toBe(401);
      conforms(errorBody(['invalid_credentials']), body);
      expect(body.error.code).toBe('invalid_credentials');
      expect(res.headers.get('Set-Cookie')).toBeNull();
    }
  });

  it('opens a half-open session with a __Host- cookie that only the second-factor routes accept', async () => {
    const t = testApp(pinnedClock(T0));
    const account = await createStaff(T0, { role: 'auditor' });
    const b = browser(t);
    const { res, body } = await b.signIn(account.username);
    expect(res.status).toBe(200);
    const state = conforms(StaffSessionState, body);
    expect(state).toMatchObject({ secondFactor: 'enrol', account: { username: account.username, role: 'auditor' } });
    expect(res.headers.get('Set-Cookie')).toMatch(
      /^__Host-lf_staff=[\w-]{43}; Path=\/; HttpOnly; Secure; SameSite=Strict$/,
    );
    expect((await b.send('GET', '/api/admin/session')).body).toEqual(body);
    const refused = await b.send('GET', '/api/admin/dashboard');
    expect([refused.res.status, refused.body.error.code]).toEqual([401, 'unauthenticated']);
  });

  it('refuses a sign-in posted from another site', async () => {
    const t = testApp(pinnedClock(T0));
    const account = await createStaff(T0);
    const { res, body } = await browser(t).send(
      'POST',
      '/api/admin/session',
      { username: account.username, password: PASSWORD },
      { Origin: 'https://evil.example' },
    );
    expect([res.status, body.error.code]).toEqual([403, 'forbidden']);
  });

  it('locks the account at the 5th wrong password, then refuses even the right one until the lock ends', async () => {
    const t = testApp(pinnedClock(T0));
    const account = await createStaff(T0);
    const b = browser(t);
    for (let i = 0; i < 4; i++) expect((await b.signIn(account.username, 'wrong password here')).res.status).toBe(401);
    expect((await b.signIn(account.username, 'wrong password here')).res.status).toBe(429);
    const locked = await b.signIn(account.username);
    expect([locked.res.status, locked.body.error.code]).toEqual([429, 'rate_limited']);
    expect(Number(locked.res.headers.get('Retry-After'))).toBeGreaterThan(0);
    t.clock.advance(5 * 60_000);
    expect((await b.signIn(account.username)).res.status).toBe(200);
  });
});

describe('TOTP enrolment and verification', () => {
  it('enrols an authenticator with a code computed from the secret, then signs in with TOTP', async () => {
    const t = testApp(pinnedClock(T0));
    const account = await createStaff(T0);
    const b = browser(t);
    await b.signIn(account.username);
    const halfCookie = b.cookie;
    const enrol = await b.send('POST', '/api/admin/session/totp/enrol');
    expect(enrol.res.status).toBe(200);
    const e = conforms(TotpEnrolment, enrol.body);
    expect(e.uri).toMatch(/^otpauth:\/\/totp\//);
    expect(e.qrSvg).toMatch(/^<svg/);
    const wrong = await b.send('POST', '/api/admin/session/totp/confirm', { code: '000000' });
    expect([wrong.res.status, wrong.body.error.code]).toEqual([401, 'invalid_code']);
    const done = await b.send('POST', '/api/admin/session/totp/confirm', { code: totpCode(e.secret, T0) });
    expect(done.res.status).toBe(200);
    expect(conforms(TotpEnrolled, done.body).recoveryCodes).toHaveLength(10);
    expect(b.cookie).not.toBe(halfCookie);
    expect((await b.send('GET', '/api/admin/dashboard')).res.status).toBe(200);
    expect((await b.send('GET', '/api/admin/dashboard', undefined, { Cookie: halfCookie })).res.status).toBe(401);

    const out = await b.send('DELETE', '/api/admin/session');
    expect(out.res.status).toBe(204);
    expect(b.cookie).toBe('');
    t.clock.advance(60_000);
    const again = await b.signIn(account.username);
    expect(again.body.secondFactor).toBe('verify');
    const verified = await b.send('POST', '/api/admin/session/totp', { code: totpCode(e.secret, t.clock.now()) });
    expect(verified.res.status).toBe(200);
    conforms(SecondFactorDone, verified.body);
    expect((await b.send('GET', '/api/admin/session')).body.secondFactor).toBe('done');
    const actions = (await auditFor(account.id)).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['account.totp_enrolled', 'account.sign_out', 'account.sign_in']));
  });

  it('refuses a replayed TOTP code', async () => {
    const t = testApp(pinnedClock(T0));
    const { account, secret } = await enrolled(t);
    t.clock.advance(60_000);
    const code = totpCode(secret, t.clock.now());
    const first = browser(t);
    await first.signIn(account.username);
    expect((await first.send('POST', '/api/admin/session/totp', { code })).res.status).toBe(200);
    const second = browser(t);
    await second.signIn(account.username);
    const replay = await second.send('POST', '/api/admin/session/totp', { code });
    expect([replay.res.status, replay.body.error.code]).toEqual([401, 'invalid_code']);
  });

  it('accepts each recovery code once', async () => {
    const t = testApp(pinnedClock(T0));
    const { account, recoveryCodes } = await enrolled(t);
    const b = browser(t);
    await b.signIn(account.username);
    expect((await b.send('POST', '/api/admin/session/totp', { recoveryCode: recoveryCodes[0] })).res.status).toBe(200);
    const c = browser(t);
    await c.signIn(account.username);
    const again = await c.send('POST', '/api/admin/session/totp', { recoveryCode: recoveryCodes[0] });
    expect([again.res.status, again.body.error.code]).toEqual([401, 'invalid_code']);
  });

  it('refuses a second-factor step without the CSRF token', async () => {
    const t = testApp(pinnedClock(T0));
    const account = await createStaff(T0);
    const b = browser(t);
    await b.signIn(account.username);
    const res = await t.request('/api/admin/session/totp/enrol', {
      method: 'POST',
      headers: { Origin: ORIGIN, Cookie: b.cookie },
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as any).error.code).toBe('forbidden');
  });
});

describe('session expiry and revocation', () => {
  it('ends a session idle for 30 minutes, and a half-open one after 10', async () => {
    const t = testApp(pinnedClock(T0));
    const { b } = await enrolled(t);
    t.clock.advance(29 * 60_000);
    expect((await b.send('GET', '/api/admin/session')).res.status).toBe(200);
    t.clock.advance(30 * 60_000);
    expect((await b.send('GET', '/api/admin/session')).res.status).toBe(401);

    const account = await createStaff(t.clock.now());
    const half = browser(t);
    await half.signIn(account.username);
    t.clock.advance(10 * 60_000);
    expect((await half.send('POST', '/api/admin/session/totp/enrol')).res.status).toBe(401);
  });

  it('ends every session of an account a city admin revokes or disables', async () => {
    const t = testApp(pinnedClock(T0));
    const admin = await enrolled(t);
    const user = await enrolled(t);
    const revoke = await admin.b.send('POST', `/api/admin/accounts/${user.account.id}/revoke-sessions`, {
      reason: '笔记本丢失',
    });
    expect(revoke.res.status).toBe(200);
    expect((await user.b.send('GET', '/api/admin/session')).res.status).toBe(401);

    const other = await enrolled(t);
    const disable = await admin.b.send('POST', `/api/admin/accounts/${other.account.id}/disable`, { reason: '离职' });
    expect(disable.body.account.disabled).toBe(true);
    expect((await other.b.send('GET', '/api/admin/dashboard')).res.status).toBe(401);
    expect((await browser(t).signIn(other.account.username)).body.error.code).toBe('invalid_credentials');
  });
});

describe('POST /api/admin/password', () => {
  it('refuses a wrong current password, and a change ends every other session', async () => {
    const t = testApp(pinnedClock(T0));
    const { account, b, secret } = await enrolled(t);
    t.clock.advance(60_000);
    const laptop = browser(t);
    await laptop.signIn(account.username);
    await laptop.send('POST', '/api/admin/session/totp', { code: totpCode(secret, t.clock.now()) });
    expect((await laptop.send('GET', '/api/admin/dashboard')).res.status).toBe(200);

    const wrong = await b.send('POST', '/api/admin/password', {
      currentPassword: 'not my password',
      newPassword: 'A new long passphrase 6',
    });
    expect([wrong.res.status, wrong.body.error.code]).toEqual([401, 'invalid_credentials']);
    const short = await b.send('POST', '/api/admin/password', { currentPassword: PASSWORD, newPassword: 'short' });
    expect([short.res.status, short.body.error.issues[0].path]).toEqual([400, ['newPassword']]);

    const oldCookie = b.cookie;
    const changed = await b.send('POST', '/api/admin/password', {
      currentPassword: PASSWORD,
      newPassword: 'A new long passphrase 6',
    });
    expect(changed.res.status).toBe(200);
    expect(conforms(StaffSessionState, changed.body).secondFactor).toBe('done');
    expect((await b.send('GET', '/api/admin/dashboard')).res.status).toBe(200);
    expect((await b.send('GET', '/api/admin/dashboard', undefined, { Cookie: oldCookie })).res.status).toBe(401);
    expect((await laptop.send('GET', '/api/admin/dashboard')).res.status).toBe(401);
    expect((await browser(t).signIn(account.username)).res.status).toBe(401);
    expect((await browser(t).signIn(account.username, 'A new long passphrase 6')).res.status).toBe(200);
  });
});
