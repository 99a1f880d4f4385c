import { env } from 'cloudflare:test';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../../../worker/context';
import { readConfig } from '../../../worker/env';
import { handleError } from '../../../worker/errors';
import { requireVoter } from '../../../worker/middleware/voter';
import { startVoterSession } from '../../../worker/services/voter-session';

const T0 = Date.UTC(2026, 11, 1, 2, 0);

/** A tiny app: POST /login opens a session for a phone hash; GET /me is behind requireVoter(). */
function tinyApp(now: () => number) {
  return new Hono<AppEnv>()
    .use(async (c, next) => {
      c.set('config', readConfig(c.env));
      c.set('now', now);
      await next();
    })
    .post('/login/:hash', async (c) =>
      c.json(await startVoterSession(c, c.req.param('hash'), '139****0001', T0 - 60_000)),
    )
    .get('/me', requireVoter(), (c) => c.json(c.var.voter))
    .onError(handleError);
}

async function login(app: ReturnType<typeof tinyApp>, hash: string) {
  const res = await app.request(`/login/${hash}`, { method: 'POST' }, env);
  const { token } = await res.json<{ token: string }>();
  return { token, cookie: res.headers.get('Set-Cookie')!.split(';')[0] };
}

describe('requireVoter()', () => {
  it('sets c.var.voter from a bearer token', async () => {
    const app = tinyApp(() => T0);
    const { token } = await login(app, 'hash-a');
    const res = await app.request('/me', { headers: { Authorization: `Bearer ${token}` } }, env);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      phoneHash: 'hash-a',
      masked: '139****0001',
      expiresAt: T0 + 30 * 60_000,
      codeSentAt: T0 - 60_000,
    });
  });

  it('falls back to the lf_voter cookie, and prefers the bearer token when both are sent', async () => {
    const app = tinyApp(() => T0);
    const a = await login(app, 'hash-a');
    const b = await login(app, 'hash-b');
    const viaCookie = await app.request('/me', { headers: { Cookie: a.cookie } }, env);
    expect((await viaCookie.json<any>()).phoneHash).toBe('hash-a');
    const both = await app.request('/me', { headers: { Cookie: a.cookie, Authorization: `Bearer ${b.token}` } }, env);
    expect((await both.json<any>()).phoneHash).toBe('hash-b');
  });

  it('answers 401 unauthenticated without a session, with a forged one and after expiry', async () => {
    let now = T0;
    const app = tinyApp(() => now);
    const { token } = await login(app, 'hash-a');
    const forged = `${token.slice(0, -4)}${token.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    const attempts: Record<string, string>[] = [
      {},
      { Authorization: `Bearer ${forged}` },
      { Cookie: 'lf_voter=nonsense' },
    ];
    for (const headers of attempts) {
      const res = await app.request('/me', { headers }, env);
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect((await res.json<any>()).error.code).toBe('unauthenticated');
    }
    now = T0 + 30 * 60_000;
    const expired = await app.request('/me', { headers: { Authorization: `Bearer ${token}` } }, env);
    expect(expired.status).toBe(401);
  });
});
