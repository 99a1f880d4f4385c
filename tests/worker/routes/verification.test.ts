import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { DevSmsList, OtpAccepted, VoterSessionCurrent, VoterSessionStarted } from '../../../contracts/api';
import { errorBody } from '../../../contracts/errors';
import { pinnedClock, post, testApp, type TestApp } from '../../fixtures/app';
import { conforms } from '../../fixtures/contract';
import { latestCode, nextPhone, requestCode } from '../../fixtures/voting';

const T0 = Date.UTC(2026, 11, 1, 2, 0);
const MIN = 60_000;

describe('POST /api/otp', () => {
  it('accepts +86 / 0086 / spaced numbers and sends a 6-digit code', async () => {
    const t = testApp(pinnedClock(T0));
    const { res, body } = await t.json('/api/otp', post({ phone: '+86 138-0000 0001' }));
    expect(res.status).toBe(202);
    conforms(OtpAccepted, body);
    expect(body).toEqual({ expiresIn: 300, resendIn: 60, challenge: expect.stringMatching(/^[A-Za-z0-9]{32}$/) });
    const cookie = res.headers.get('Set-Cookie')!;
    expect(cookie).toMatch(new RegExp(`^lf_otp=${body.challenge};`));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Path=\/api\/voter-session/);
    expect(await latestCode(t, '13800000001')).toMatch(/^\d{6}$/);
    expect((await latestCode(t, '0086 13800000001')).length).toBe(6);
  });

  it('refuses a number that is not a mainland mobile with invalid_phone', async () => {
    const t = testApp(pinnedClock(T0));
    for (const phone of ['12345678901', '1390000000', '+1 415 555 0100', '139000000001']) {
      const { res, body } = await t.json('/api/otp', post({ phone }));
      expect(res.status, phone).toBe(400);
      conforms(errorBody(['invalid_phone']), body);
      expect(body.error.code).toBe('invalid_phone');
    }
  });

  it('refuses an empty phone with invalid_phone, like any other bad number', async () => {
    const t = testApp(pinnedClock(T0));
    for (const phone of ['', '   ']) {
      const { res, body } = await t.json('/api/otp', post({ phone }));
      expect(res.status, JSON.stringify(phone)).toBe(400);
      expect(conforms(errorBody(['invalid_phone']), body).error.code).toBe('invalid_phone');
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
    conforms(errorBody(['invalid_request']), notJson.body);
    expect(notJson.body.error.code).toBe('invalid_request');
    const missing = await t.json('/api/otp', post({}));
    expect(missing.body.error.code).toBe('invalid_request');
    expect(missing.body.error.issues[0].path).toEqual(['phone']);
    expect(missing.body.error.issues[0].message).toMatch(/[\u4e00-\u9fff]/);
    expect(notJson.body.error.issues).toEqual([{ path: [], message: '请求体不是有效的 JSON' }]);
    const large = await t.json('/api/otp', post({ phone: '13900000001', captcha: 'x'.repeat(20_000) }));
    expect(large.res.status).toBe(413);
    conforms(errorBody(['invalid_request']), large.body);
    expect(large.body.error.code).toBe('invalid_request');
  });

  it('makes a resend wait 60 s, then invalidates the old code', async () => {
    const t = testApp(pinnedClock(T0));
    const phone = nextPhone();
    const firstChallenge = await requestCode(t, phone);
    const first = await latestCode(t, phone);
    t.clock.advance(30_000);
    const early = await t.request('/api/otp', post({ phone }));
    expect(early.status).toBe(429);
    expect(Number(early.headers.get('Retry-After'))).toBe(30);
    expect(conforms(errorBody(['rate_limited']), await early.json()).error.code).toBe('rate_limited');
    t.clock.advance(30_000);
    const challenge = await requestCode(t, phone);
    const second = await latestCode(t, phone);
    if (first !== second) {
      const old = await t.json('/api/voter-session', post({ phone, code: first, challenge }));
      expect(old.body.error.code).toBe('invalid_code');
    }
    const stale = await t.json('/api/voter-session', post({ phone, code: second, challenge: firstChallenge }));
    expect(stale.body.error.code).toBe('invalid_code');
    expect((await t.json('/api/voter-session', post({ phone, code: second, challenge }))).res.status).toBe(200);
  });

  it('sends one code when requests for one phone arrive in parallel', async () => {
    const t = testApp(pinnedClock(T0));
    const phone = nextPhone();
    const results = await Promise.all(Array.from({ length: 6 }, () => t.request('/api/otp', post({ phone }))));
    expect(results.map((r) => r.status).sort()).toEqual([202, 429, 429, 429, 429, 429]);
    const { body } = await t.json(`/api/dev/sms?phone=${phone}`);
    conforms(DevSmsList, body);
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
    conforms(errorBody(['captcha_failed']), body);
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
    const challenge = await requestCode(t, phone);
    const code = await latestCode(t, phone);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      const { res, body } = await t.json('/api/voter-session', post({ phone, code: wrong, challenge }));
      expect(res.status).toBe(401);
      conforms(errorBody(['invalid_code']), body);
      expect(body.error.code).toBe('invalid_code');
    }
    const { res, body } = await t.json('/api/voter-session', post({ phone, code, challenge }));
    expect(res.status).toBe(401);
    expect(body.error.code).toBe('invalid_code');
  });

  it('refuses an expired code and a used one', async () => {
    const t = testApp(pinnedClock(T0));
    const phone = nextPhone();
    const challenge = await requestCode(t, phone);
    const code = await latestCode(t, phone);
    t.clock.advance(5 * MIN);
    const expired = await t.json('/api/voter-session', post({ phone, code, challenge }));
    expect(expired.body.error.code).toBe('invalid_code');

    t.clock.advance(MIN);
    const again = await requestCode(t, phone);
    const fresh = await latestCode(t, phone);
    expect((await t.json('/api/voter-session', post({ phone, code: fresh, challenge: again }))).res.status).toBe(200);
    const reused = await t.json('/api/voter-session', post({ phone, code: fresh, challenge: again }));
    expect(reused.body.error.code).toBe('invalid_code');
  });

  it('uses a code once even when two verifications race', async () => {
    const t = testApp(pinnedClock(T0));
    const phone = nextPhone();
    const challenge = await requestCode(t, phone);
    const code = await latestCode(t, phone);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => t.request('/api/voter-session', post({ phone, code, challenge }))),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 401, 401, 401, 401]);
  });

  it('refuses an empty phone with invalid_phone', async () => {
    const t = testApp(pinnedClock(T0));
    const { res, body } = await t.json('/api/voter-session', post({ phone: '', code: '123456' }));
    expect(res.status).toBe(400);
    expect(conforms(errorBody(['invalid_phone']), body).error.code).toBe('invalid_phone');
  });

  it("lets a stranger without the challenge neither use nor kill the citizen's code", async () => {
    const t = testApp(pinnedClock(T0));
    const phone = nextPhone();
    const challenge = await requestCode(t, phone);
    const code = await latestCode(t, phone);
    const wrong = code === '000000' ? '111111' : '000000';
    const stranger = { 'CF-Connecting-IP': '198.51.100.9' };
    const seen = new Set<string>();
    for (let i = 0; i < 10; i++) {
      const guess = await t.json(
        '/api/voter-session',
        post({ phone, code: wrong, challenge: 'x'.repeat(32) }, stranger),
      );
      expect(guess.res.status).toBe(401);
      seen.add(guess.body.error.message);
    }
    // Even the right code is refused without the challenge, and every answer is the same.
    const right = await t.json('/api/voter-session', post({ phone, code }, stranger));
    seen.add(right.body.error.message);
    expect(right.body.error.code).toBe('invalid_code');
    expect([...seen]).toHaveLength(1);
    expect([...seen][0]).not.toMatch(/还可尝试/);
    // A phone with no code pending answers exactly the same.
    const none = await t.json('/api/voter-session', post({ phone: nextPhone(), code: wrong }, stranger));
    expect(none.body.error.message).toBe([...seen][0]);
    const row = await env.DB.prepare(
      'SELECT attempts FROM otp_challenges WHERE closed_at IS NULL ORDER BY id DESC',
    ).first<{ attempts: number }>();
    expect(row!.attempts).toBe(0);
    expect((await t.json('/api/voter-session', post({ phone, code, challenge }))).res.status).toBe(200);
  });

  it('takes the challenge from its cookie when the body has none', async () => {
    const t = testApp(pinnedClock(T0));
    const phone = nextPhone();
    const sent = await t.request('/api/otp', post({ phone }));
    const cookie = sent.headers.get('Set-Cookie')!.split(';')[0];
    const res = await t.request(
      '/api/voter-session',
      post({ phone, code: await latestCode(t, phone) }, { Cookie: cookie }),
    );
    expect(res.status).toBe(200);
  });

  it('throttles failed verifications per network with 429 well before 100', async () => {
    const t = testApp(pinnedClock(T0));
    const from = { 'CF-Connecting-IP': '203.0.113.50' };
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      const res = await t.request('/api/voter-session', post({ phone: nextPhone(), code: '123456' }, from));
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(30).every((s) => s === 429)).toBe(true);
    // Another network is not affected; an honest verification from there still works.
    const phone = nextPhone();
    const challenge = await requestCode(t, phone, '198.51.100.1');
    const ok = await t.request(
      '/api/voter-session',
      post({ phone, code: await latestCode(t, phone), challenge }, { 'CF-Connecting-IP': '198.51.100.1' }),
    );
    expect(ok.status).toBe(200);
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
    const challenge = await requestCode(t, phone);
    const res = await t.request('/api/voter-session', post({ phone, code: await latestCode(t, phone), challenge }));
    const body = conforms(VoterSessionStarted, await res.json());
    expect(body.expiresAt).toBe(new Date(T0 + 30 * MIN).toISOString());
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('lf_voter='))!;
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Lax/);

    const viaBearer = await t.json('/api/voter-session', { headers: { Authorization: `Bearer ${body.token}` } });
    conforms(VoterSessionCurrent, viaBearer.body);
    expect(viaBearer.body.session.phone).toBe(`${phone.slice(0, 3)}****${phone.slice(7)}`);
    const viaCookie = await t.json('/api/voter-session', { headers: { Cookie: cookie.split(';')[0] } });
    expect(viaCookie.res.status).toBe(200);
    expect(viaCookie.body.session.phone).toBe(viaBearer.body.session.phone);

    t.clock.advance(30 * MIN);
    const expired = await t.json('/api/voter-session', { headers: { Authorization: `Bearer ${body.token}` } });
    expect(expired.res.status).toBe(200);
    expect(conforms(VoterSessionCurrent, expired.body)).toEqual({ session: null });
  });

  it('GET answers 200 with session null and no-store when there is no session', async () => {
    const t = testApp(pinnedClock(T0));
    const { res, body } = await t.json('/api/voter-session');
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(conforms(VoterSessionCurrent, body)).toEqual({ session: null });
  });
});

describe('codes a stranger cannot cancel, and a correct code that passes every throttle', () => {
  const verify = (t: TestApp, body: object, ip: string) =>
    t.json('/api/voter-session', post(body, { 'CF-Connecting-IP': ip }));
  /** A code for `phone` asked by the client at `ip`, with the challenge that client got back. */
  const ask = async (t: TestApp, phone: string, ip: string, extra: object = {}) => {
    const sent = await t.json('/api/otp', post({ phone, ...extra }, { 'CF-Connecting-IP': ip }));
    expect(sent.res.status).toBe(202);
    return { challenge: sent.body.challenge as string, code: await latestCode(t, phone) };
  };
  /** Spends a network's failure budget with junk verifications (no challenge, random phones). */
  const exhaustNetwork = async (t: TestApp, ip: string) => {
    for (let i = 0; i < 30; i++) {
      expect(
        (
          await t.request(
            '/api/voter-session',
            post({ phone: nextPhone(), code: '123456' }, { 'CF-Connecting-IP': ip }),
          )
        ).status,
      ).toBe(401);
    }
    expect(
      (await t.request('/api/voter-session', post({ phone: nextPhone(), code: '123456' }, { 'CF-Connecting-IP': ip })))
        .status,
    ).toBe(429);
  };
  const other = (code: string) => (code === '000000' ? '111111' : '000000');

  it("keeps the citizen's code when another client asks for the same phone after the cooldown", async () => {
    const t = testApp(pinnedClock(T0));
    const phone = nextPhone();
    const a = await ask(t, phone, '100.64.1.10');
    t.clock.advance(61_000);
    // The stranger even names a made-up challenge as its "previous" one: it closes nothing.
    const b = await ask(t, phone, '198.51.100.20', { challenge: 'y'.repeat(32) });
    expect(b.challenge).not.toBe(a.challenge);
    const { res, body } = await verify(t, { phone, code: a.code, challenge: a.challenge }, '100.64.1.10');
    expect(res.status).toBe(200);
    conforms(VoterSessionStarted, body);
  });

  it("checks a challenge's own code only: a code from challenge A never opens a session with challenge B", async () => {
    const t = testApp(pinnedClock(T0));
    const phone = nextPhone();
    const a = await ask(t, phone, '100.64.2.10');
    let b = { challenge: '', code: a.code };
    while (b.code === a.code) {
      t.clock.advance(61_000);
      b = await ask(t, phone, '198.51.100.21');
    }
    const crossed = await verify(t, { phone, code: a.code, challenge: b.challenge }, '198.51.100.21');
    expect(crossed.res.status).toBe(401);
    expect(crossed.body.error.code).toBe('invalid_code');
    const crossedBack = await verify(t, { phone, code: b.code, challenge: a.challenge }, '100.64.2.10');
    expect(crossedBack.res.status).toBe(401);
    // Each guess cost a try of the challenge it was made with, and nothing of the other.
    const rows = await env.DB.prepare(
      'SELECT attempts, closed_at FROM otp_challenges WHERE closed_at IS NULL AND expires_at > ? ORDER BY id DESC LIMIT 2',
    )
      .bind(t.clock.now())
      .all<{ attempts: number }>();
    expect(rows.results.map((r) => r.attempts)).toEqual([1, 1]);
    expect((await verify(t, { phone, code: b.code, challenge: b.challenge }, '198.51.100.21')).res.status).toBe(200);
    expect((await verify(t, { phone, code: a.code, challenge: a.challenge }, '100.64.2.10')).res.status).toBe(200);
  });

  it('lets a resend from the same client replace its own earlier code', async () => {
    const start = T0 + 7 * 86_400_000; // its own instant, so the row below is this test's
    const t = testApp(pinnedClock(start));
    const phone = nextPhone();
    const first = await ask(t, phone, '100.64.3.10');
    t.clock.advance(61_000);
    const second = await ask(t, phone, '100.64.3.10', { challenge: first.challenge });
    const old = await verify(t, { phone, code: first.code, challenge: first.challenge }, '100.64.3.10');
    expect(old.res.status).toBe(401);
    expect(old.body.error.code).toBe('invalid_code');
    const row = await env.DB.prepare('SELECT closed_reason FROM otp_challenges WHERE created_at = ?')
      .bind(start)
      .first<{ closed_reason: string }>();
    expect(row?.closed_reason).toBe('superseded');
    expect((await verify(t, { phone, code: second.code, challenge: second.challenge }, '100.64.3.10')).res.status).toBe(
      200,
    );
  });

  it('lets a correct code with its own challenge through after junk verifications spent its network budget', async () => {
    const t = testApp(pinnedClock(T0));
    // A carrier NAT: the junk and the citizen share one /24.
    await exhaustNetwork(t, '100.64.4.50');
    const phone = nextPhone();
    const mine = await ask(t, phone, '100.64.4.77');
    // Junk, and a made-up challenge, are still refused by the spent budget.
    const junk = await verify(t, { phone, code: mine.code }, '100.64.4.77');
    expect(junk.res.status).toBe(429);
    const madeUp = await verify(t, { phone, code: mine.code, challenge: 'z'.repeat(32) }, '100.64.4.77');
    expect(madeUp.res.status).toBe(429);
    // A typo with the citizen's own challenge is told how many tries are left.
    const typo = await verify(t, { phone, code: other(mine.code), challenge: mine.challenge }, '100.64.4.77');
    expect(typo.res.status).toBe(401);
    expect(typo.body.error.message).toMatch(/还可尝试/);
    const { res, body } = await verify(t, { phone, code: mine.code, challenge: mine.challenge }, '100.64.4.77');
    expect(res.status).toBe(200);
    conforms(VoterSessionStarted, body);
  });

  it('still locks a challenge after 5 wrong tries, on a spent network budget or from many networks', async () => {
    const t = testApp(pinnedClock(T0));
    await exhaustNetwork(t, '100.64.5.50');
    const phone = nextPhone();
    const mine = await ask(t, phone, '100.64.5.77');
    for (let i = 0; i < 5; i++) {
      const guess = await verify(t, { phone, code: other(mine.code), challenge: mine.challenge }, '100.64.5.77');
      expect(guess.res.status).toBe(401);
    }
    const late = await verify(t, { phone, code: mine.code, challenge: mine.challenge }, '100.64.5.77');
    expect(late.res.status).toBe(429);

    // Spreading the guesses over networks with budget left changes nothing: 5 tries per challenge.
    const phone2 = nextPhone();
    const theirs = await ask(t, phone2, '100.64.6.77');
    for (let i = 0; i < 5; i++) {
      const guess = await verify(
        t,
        { phone: phone2, code: other(theirs.code), challenge: theirs.challenge },
        `100.65.${i}.1`,
      );
      expect(guess.res.status).toBe(401);
    }
    const right = await verify(t, { phone: phone2, code: theirs.code, challenge: theirs.challenge }, '100.64.6.77');
    expect(right.res.status).toBe(401);
    expect(right.body.error.code).toBe('invalid_code');
    const row = await env.DB.prepare('SELECT attempts, closed_reason FROM otp_challenges ORDER BY id DESC').first();
    expect(row).toEqual({ attempts: 5, closed_reason: 'attempts' });
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
    conforms(errorBody(['not_found']), body);
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
