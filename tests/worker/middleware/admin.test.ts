import { env } from 'cloudflare:test';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../../db/client';
import type { AppEnv } from '../../../worker/context';
import { readConfig } from '../../../worker/env';
import { handleError } from '../../../worker/errors';
import { requireRole, staff, staffOrigin } from '../../../worker/middleware/admin';
import { enrolTotp, signIn } from '../../../worker/services/admin/auth';
import { createStaff, signedInStaff, staffCookie, staffDeps } from '../../fixtures/admin-accounts';

const T0 = Date.UTC(2026, 11, 3, 1, 0);
const ORIGIN = 'http://localhost';

/** A tiny app with the middleware under test, the real error handler and a pinned clock. */
function tinyApp(now = () => T0) {
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set('config', readConfig(c.env));
    c.set('db', openDb(c.env.DB));
    c.set('now', now);
    await next();
  });
  app.post('/sign-in', staffOrigin(), (c) => c.json({ ok: true }));
  const pending = new Hono<AppEnv>().use(staff({ pending: true }));
  pending.get('/state', (c) => c.json({ secondFactor: c.var.staff.secondFactor }));
  pending.post('/totp', async (c) => {
    const deps = { db: c.var.db, config: c.var.config, now: c.var.now() };
    return c.json({ uri: (await enrolTotp(deps, c.var.staff)).uri });
  });
  app.route('/pending', pending);
  const admin = new Hono<AppEnv>().use(staff());
  admin.get('/me', (c) => c.json(c.var.staff));
  admin.post('/change', (c) => c.json({ ok: true }));
  admin.delete('/thing', (c) => c.json({ ok: true }));
  admin.get('/accounts', requireRole('city_admin'), (c) => c.json({ ok: true }));
  admin.get('/audit', requireRole('city_admin', 'auditor'), (c) => c.json({ ok: true }));
  app.route('/admin', admin);
  app.onError(handleError);
  return { request: (path: string, init?: RequestInit) => app.request(path, init, env) };
}

const headers = (token: string, extra: Record<string, string> = {}): Record<string, string> => ({
  Cookie: staffCookie(token),
  ...extra,
});
const code = async (res: Response) => ((await res.json()) as any).error?.code;

describe('staff()', () => {
  it('sets c.var.staff for a full session', async () => {
    const s = await signedInStaff(T0, { role: 'county_officer' });
    const res = await tinyApp().request('/admin/me', { headers: headers(s.token) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      id: s.account.id,
      username: s.account.username,
      displayName: `测试 ${s.account.username}`,
      role: 'county_officer',
      countyId: s.account.countyId,
      sessionId: s.sessionId,
      secondFactor: 'done',
      csrfToken: s.csrfToken,
      pendingConfirmation: false,
    });
  });

  it('refuses no cookie, an unknown token, an expired or revoked session with unauthenticated', async () => {
    const app = tinyApp();
    expect(await code(await app.request('/admin/me'))).toBe('unauthenticated');
    expect(await code(await app.request('/admin/me', { headers: headers('made-up-token') }))).toBe('unauthenticated');
    const s = await signedInStaff(T0);
    const late = tinyApp(() => T0 + 31 * 60_000);
    const res = await late.request('/admin/me', { headers: headers(s.token) });
    expect(res.status).toBe(401);
    expect(await code(res)).toBe('unauthenticated');
    await env.DB.prepare("UPDATE staff_sessions SET revoked_at = ?, revoked_reason = 'revoked' WHERE id = ?")
      .bind(T0, s.sessionId)
      .run();
    expect((await app.request('/admin/me', { headers: headers(s.token) })).status).toBe(401);
  });

  it('lets a half-open session reach only the routes that finish the second factor', async () => {
    const a = await createStaff(T0);
    const half = await signIn(staffDeps(T0), a, { network: null, userAgent: null });
    const app = tinyApp();
    const me = await app.request('/admin/me', { headers: headers(half.token) });
    expect(me.status).toBe(401);
    expect(((await me.json()) as any).error.message).toBe('请先完成两步验证。');
    const state = await app.request('/pending/state', { headers: headers(half.token) });
    expect(await state.json()).toEqual({ secondFactor: 'enrol' });
    const post = await app.request('/pending/totp', {
      method: 'POST',
      headers: headers(half.token, { Origin: ORIGIN, 'X-CSRF-Token': half.csrfToken }),
    });
    expect(post.status).toBe(200);
    expect(((await post.json()) as any).uri).toMatch(/^otpauth:\/\/totp\//);
  });
});

describe('CSRF', () => {
  it('lets a state-changing request through with our Origin and the session CSRF token', async () => {
    const s = await signedInStaff(T0);
    const res = await tinyApp().request('/admin/change', {
      method: 'POST',
      headers: headers(s.token, { Origin: ORIGIN, 'X-CSRF-Token': s.csrfToken, 'content-type': 'application/json' }),
      body: '{}',
    });
    expect(res.status).toBe(200);
  });

  it('refuses a missing or wrong token, or another session’s token, with forbidden', async () => {
    const s = await signedInStaff(T0);
    const other = await signedInStaff(T0);
    const app = tinyApp();
    for (const token of [undefined, '', 'x'.repeat(64), other.csrfToken, s.csrfToken.toUpperCase()]) {
      const h = headers(s.token, { Origin: ORIGIN, 'content-type': 'application/json' });
      if (token !== undefined) h['X-CSRF-Token'] = token;
      const res = await app.request('/admin/change', { method: 'POST', headers: h, body: '{}' });
      expect(res.status).toBe(403);
      expect(await code(res)).toBe('forbidden');
    }
    const del = await app.request('/admin/thing', { method: 'DELETE', headers: headers(s.token, { Origin: ORIGIN }) });
    expect(del.status).toBe(403);
  });

  it('refuses another origin or a cross-site fetch even with the right token', async () => {
    const s = await signedInStaff(T0);
    const app = tinyApp();
    const attempts: Record<string, string>[] = [
      { Origin: 'https://evil.example', 'content-type': 'application/json' },
      { 'Sec-Fetch-Site': 'cross-site', 'content-type': 'application/json' },
      { Origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      { 'content-type': 'application/x-www-form-urlencoded' },
    ];
    for (const h of attempts) {
      const res = await app.request('/admin/change', {
        method: 'POST',
        headers: headers(s.token, { ...h, 'X-CSRF-Token': s.csrfToken }),
        body: 'a=1',
      });
      expect(res.status).toBe(403);
    }
  });

  it('checks the origin of sign-in, which has no session yet', async () => {
    const app = tinyApp();
    expect((await app.request('/sign-in', { method: 'POST', headers: { Origin: ORIGIN } })).status).toBe(200);
    expect(
      (await app.request('/sign-in', { method: 'POST', headers: { Origin: 'https://evil.example' } })).status,
    ).toBe(403);
    expect((await app.request('/sign-in', { method: 'POST', headers: { 'content-type': 'text/plain' } })).status).toBe(
      403,
    );
  });

  it('does not ask for a token on GET', async () => {
    const s = await signedInStaff(T0);
    expect(
      (await tinyApp().request('/admin/me', { headers: headers(s.token, { Origin: 'https://evil.example' }) })).status,
    ).toBe(200);
  });
});

describe('requireRole()', () => {
  it('allows the listed roles and refuses the others with forbidden', async () => {
    const app = tinyApp();
    const cases: [string, string, number][] = [
      ['city_admin', '/admin/accounts', 200],
      ['auditor', '/admin/accounts', 403],
      ['expert', '/admin/accounts', 403],
      ['county_officer', '/admin/accounts', 403],
      ['city_admin', '/admin/audit', 200],
      ['auditor', '/admin/audit', 200],
      ['expert', '/admin/audit', 403],
    ];
    for (const [role, path, status] of cases) {
      const s = await signedInStaff(T0, { role: role as any });
      const res = await app.request(path, { headers: headers(s.token) });
      expect(res.status, `${role} ${path}`).toBe(status);
      if (status === 403) expect(await code(res)).toBe('forbidden');
    }
  });
});
