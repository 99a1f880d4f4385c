import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { pinnedClock, post, testApp } from '../../fixtures/app';
import { latestCode, nextPhone } from '../../fixtures/voting';

const T0 = Date.UTC(2026, 11, 1, 2, 0);
const MIN = 60_000;

describe('POST /api/otp', () => {
  it('accepts +86 / 0086 / spaced numbers and sends a 6-digit code', async () => {
    const t = testApp(pinnedClock(T0));
    const { res, body } = await t.json('/api/otp', post({ phone: '+86 139-0000 0001' }));
    expect(res.status).toBe(202);
    expect(body).toEqual({ expiresIn: 300, resendIn: 60 });
    expect(await latestCode(t, '13900000001')).toMatch(/^\d{6}$/);
    expect((await latestCode(t, '0086 13900000001')).length).toBe(6);
  });

  it('refuses a number that is not a mainland mobile with invalid_phone', async () => {
    const t = testApp(pinnedClock(T0));
    for (const phone of ['12345678901', '1390000000', '+1 415 555 0100', '139000000001']) {
      const { res, body } = await t.json('/api/otp', post({ phone }));
      expect(res.status, phone).toBe(400);
      expect(body.error.code).toBe('invalid_phone');
    }
  });

  it('refuses a body that is not JSON, lacks the phone, or is too large', async () => {
    const t = testApp(pinnedClock(T0));
    const notJson = await t.json('/api/otp', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{phone',
    });
    expect(notJson.res.status).toBe(400);
    expect(notJson.body.error.code).toBe('invalid_request');
    const missing = await t.json('/api/otp', post({}));
    expect(missing.body.error.code).toBe('invalid_request');
    expect(missing.body.error.issues[0].path).toEqual(['phone']);
    expect(missing.body.error.issues[0].message).toMatch(/[\u4e00-\u9fff]/);
    expect(notJson.body.error.issues).toEqual([{ path: [], message: '请求体不是有效的 JSON' }]);
    const large = await t.json('/api/otp', post({ phone: '13900000001', captcha: 'x'.repeat(20_000) }));
    expect(large.res.status).toBe(413);
    expect(large.body.error.code).toBe('invalid_request');
  });

  it('makes a resend wait 60 s, then invalidates the old code', async () => {
    const t = testApp(pinnedClock(T0));
    const phone = nextPhone();
    await t.request('/api/otp', post({ phone }));
    const first = await latestCode(t, phone);
    t.clock.advance(30_000);
    const early = await t.request('/api/otp', post({ phone }));
    expect(early.status).toBe(429);
    expect(Number(early.headers.get('Retry-After'))).toBe(30);
    expect((await early.json<any>()).error.code).toBe('rate_limited');
    t.clock.advance(30_000);
    expect((await t.request('/api/otp', post({ phone }))).status).toBe(202);
    const second = await latestCode(t, phone);
    if (first !== second) {
      const old = await t.json('/api/voter-session', post({ phone, code: first }));
      expect(old.body.error.code).toBe('invalid_code');
    }
    expect((await t.json('/api/voter-session', post({ phone, code: second }))).res.status).toBe(200);
  });

  it('sends one code when requests for one phone arrive in parallel', async () => {
    const t = testApp(pinnedClock(T0));
    const phone = nextPhone();
    const results = await Promise.all(Array.from({ length: 6 }, () => t.request('/api/otp', post({ phone }))));
    expect(results.map((r) => r.status).sort()).toEqual([202, 429, 429, 429, 429, 429]);
    const { body } = await t.json(`/api/dev/sms?phone=${phone}`);
    expect(body.messages).toHaveLength(1);
  });

  it('allows 5 codes an hour and 10 a day per phone', async () => {
    const t = testApp(pinnedClock(Date.UTC(2026, 11, 1, 0, 0))); // 08:00 China time
    const phone = nextPhone();
    const ask = () => t.request('/api/otp', post({ phone }));
    for (let i = 0; i < 5; i++) {
      expect((await ask()).status).toBe(202);
      t.clock.advance(61_000);
    }
    const sixth = await ask();
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers.get('Retry-After'))).toBeGreaterThan(0);
    t.clock.set(Date.UTC(2026, 11, 1, 1, 0)); // next hour
    for (let i = 0; i < 5; i++) {
      expect((await ask()).status, `code ${6 + i} of the day`).toBe(202);
      t.clock.advance(61_000);
    }
    t.clock.set(Date.UTC(2026, 11, 1, 2, 0));
    const eleventh = await ask();
    expect(eleventh.status).toBe(429);
    // The daily window is a China day: it resets at 00:00 China time (16:00 UTC).
    expect(Number(eleventh.headers.get('Retry-After'))).toBe(14 * 3600);
  });

  it('limits codes per client network and stops at the global daily budget', async () => {
    const perNet = testApp(pinnedClock(T0), { SMS_PER_NETWORK_HOUR: '3' });
    const from = (ip: string) => ({ 'CF-Connecting-IP': ip });
    for (const ip of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
      expect((await perNet.request('/api/otp', post({ phone: nextPhone() }, from(ip)))).status).toBe(202);
    }
    expect((await perNet.request('/api/otp', post({ phone: nextPhone() }, from('203.0.113.99')))).status).toBe(429);
    expect((await perNet.request('/api/otp', post({ phone: nextPhone() }, from('198.51.100.7')))).status).toBe(202);

    const budget = testApp(pinnedClock(T0 + 86_400_000), { SMS_DAILY_BUDGET: '2' });
    expect((await budget.request('/api/otp', post({ phone: nextPhone() }, from('192.0.2.1')))).status).toBe(202);
    expect((await budget.request('/api/otp', post({ phone: nextPhone() }, from('192.0.2.2')))).status).toBe(202);
    const over = await budget.json('/api/otp', post({ phone: nextPhone() }, from('192.0.2.3')));
    expect(over.res.status).toBe(429);
    expect(over.body.error.code).toBe('rate_limited');
  });

  it('asks for a captcha token when a captcha provider is on', async () => {
    const t = testApp(pinnedClock(T0), {
      CAPTCHA_PROVIDER: 'turnstile',
      TURNSTILE_SECRET_KEY: 'secret',
      TURNSTILE_SITE_KEY: 'site',
    });
    const { res, body } = await t.json('/api/otp', post({ phone: nextPhone() }));
    expect(res.status).toBe(400);
    expect(body.error.code).toBe('captcha_failed');
  });

  it('stores only keyed hashes of the phone and the code', async () => {
    const t = testApp(pinnedClock(T0));
    const phone = nextPhone();
    await t.request('/api/otp', post({ phone }));
    const code = await latestCode(t, phone);
    const rows = await env.DB.prepare('SELECT * FROM otp_challenges').all();
    const dump = JSON.stringify(rows.results);
    expect(dump).not.toContain(phone);
    expect(dump).not.toContain(`"${code}"`);
  });
});

describe('POST /api/voter-session', () => {
  it('refuses the right code after 5 wrong ones', async () => {
    const t = testApp(pinnedClock(T0));
    const phone = nextPhone();
    await t.request('/api/otp', post({ phone }));
    const code = await latestCode(t, phone);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      const { res, body } = await t.json('/api/voter-session', post({ phone, code: wrong }));
      expect(res.status).toBe(401);
      expect(body.error.code).toBe('invalid_code');
    }
    const { res, body } = await t.json('/api/voter-session', post({ phone, code }));
    expect(res.status).toBe(401);
    expect(body.error.code).toBe('invalid_code');
  });

  it('refuses an expired code and a used one', async () => {
    const t = testApp(pinnedClock(T0));
    const phone = nextPhone();
    await t.request('/api/otp', post({ phone }));
    const code = await latestCode(t, phone);
    t.clock.advance(5 * MIN);
    expect((await t.json('/api/voter-session', post({ phone, code }))).body.error.code).toBe('invalid_code');

    t.clock.advance(MIN);
    await t.request('/api/otp', post({ phone }));
    const fresh = await latestCode(t, phone);
    expect((await t.json('/api/voter-session', post({ phone, code: fresh }))).res.status).toBe(200);
    expect((await t.json('/api/voter-session', post({ phone, code: fresh }))).body.error.code).toBe('invalid_code');
  });

  it('uses a code once even when two verifications race', async () => {
    const t = testApp(pinnedClock(T0));
    const phone = nextPhone();
    await t.request('/api/otp', post({ phone }));
    const code = await latestCode(t, phone);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => t.request('/api/voter-session', post({ phone, code }))),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 401, 401, 401, 401]);
  });

  it('validates the code format', async () => {
    const t = testApp(pinnedClock(T0));
    const { res, body } = await t.json('/api/voter-session', post({ phone: nextPhone(), code: '12ab' }));
    expect(res.status).toBe(400);
    expect(body.error.code).toBe('invalid_request');
  });

  it('sets an HttpOnly, Secure, SameSite=Lax cookie and returns a bearer token valid for 30 minutes', async () => {
    const t = testApp(pinnedClock(T0));
    const phone = nextPhone();
    await t.request('/api/otp', post({ phone }));
    const res = await t.request('/api/voter-session', post({ phone, code: await latestCode(t, phone) }));
    const body = await res.json<any>();
    expect(body.expiresAt).toBe(new Date(T0 + 30 * MIN).toISOString());
    const cookie = res.headers.get('Set-Cookie')!;
    expect(cookie).toMatch(/^lf_voter=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Lax/);

    const viaBearer = await t.json('/api/voter-session', { headers: { Authorization: `Bearer ${body.token}` } });
    expect(viaBearer.body.phone).toBe(`${phone.slice(0, 3)}****${phone.slice(7)}`);
    const viaCookie = await t.json('/api/voter-session', { headers: { Cookie: cookie.split(';')[0] } });
    expect(viaCookie.res.status).toBe(200);

    t.clock.advance(30 * MIN);
    const expired = await t.json('/api/voter-session', { headers: { Authorization: `Bearer ${body.token}` } });
    expect(expired.res.status).toBe(401);
    expect(expired.body.error.code).toBe('unauthenticated');
  });
});

describe('GET /api/dev/sms', () => {
  it('answers 404 when a real SMS provider is configured', async () => {
    const t = testApp(pinnedClock(T0), {
      SMS_PROVIDER: 'tencent',
      TENCENT_SECRET_ID: 'id',
      TENCENT_SECRET_KEY: 'key',
      TENCENT_SMS_SDK_APP_ID: '1400000000',
      TENCENT_SMS_SIGN_NAME: 'sign',
      TENCENT_SMS_TEMPLATE_ID: '1',
    });
    const { res, body } = await t.json('/api/dev/sms?phone=13900000001');
    expect(res.status).toBe(404);
    expect(body.error.code).toBe('not_found');
  });

  it('refuses to run with the console provider in production', async () => {
    const t = testApp(pinnedClock(T0), {
      APP_ENV: 'production',
      CAPTCHA_PROVIDER: 'turnstile',
      TURNSTILE_SECRET_KEY: 's',
      TURNSTILE_SITE_KEY: 'k',
    });
    const { res, body } = await t.json('/api/health');
    expect(res.status).toBe(503);
    expect(body.error.code).toBe('internal');
  });
});

describe('configuration', () => {
  it('refuses to serve when the chosen SMS provider lacks its credentials', async () => {
    const t = testApp(pinnedClock(T0), { SMS_PROVIDER: 'aliyun', ALIYUN_ACCESS_KEY_ID: 'id' });
    const { res, body } = await t.json('/api/health');
    expect(res.status).toBe(503);
    expect(body).toEqual({ error: { code: 'internal', message: expect.any(String) } });
  });
});
