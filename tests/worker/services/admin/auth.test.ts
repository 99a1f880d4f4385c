import { env } from 'cloudflare:test';
import { configProblems } from '../../../../worker/env';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../../worker/errors';
import {
  changeOwnPassword,
  confirmTotpEnrolment,
  enrolTotp,
  signIn,
  signOut,
  staffSecretKey,
  verifySecondFactor,
} from '../../../../worker/services/admin/auth';
import { liveSession } from '../../../../worker/services/admin/sessions';
import { totpCode } from '../../../../worker/services/admin/totp';
import { auditFor, createStaff, expectIssued, signedInStaff, staffDeps } from '../../../fixtures/admin-accounts';

const T0 = Date.UTC(2026, 11, 1, 1, 0);
const CLIENT = { network: '10.9.0.0/24', userAgent: 'vitest' };
let netSeq = 0;
/** A network of its own per test, so per-network counters do not leak between tests. */
const client = () => ({ ...CLIENT, network: `10.${++netSeq}.0.0/24` });

async function refusal(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(err)}`);
  return err;
}

const live = (token: string, now: number) => liveSession(staffDeps(now).db, staffDeps(now).config, token, now);

describe('signIn (password)', () => {
  it('opens a half-open session asking to enrol TOTP the first time, to verify it afterwards', async () => {
    const a = await createStaff(T0);
    const s = await signIn(staffDeps(T0), a, client());
    expect(s.secondFactor).toBe('enrol');
    expect(s.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(s.csrfToken).toMatch(/^[0-9a-f]{64}$/);
    const row = await live(s.token, T0);
    expect(row?.session.secondFactorAt).toBeNull();
    expect(row?.session.expiresAt).toBe(T0 + 10 * 60_000);

    const { account } = await signedInStaff(T0, { username: 'enrolled.one' });
    expect((await signIn(staffDeps(T0), account, client())).secondFactor).toBe('verify');
  });

  it('accepts the username in any case and with spaces around it', async () => {
    const a = await createStaff(T0, { username: 'case.test' });
    await expectIssued(
      signIn(staffDeps(T0), { username: '  Case.Test ', password: a.password }, client()),
      a.id,
      'enrol',
      T0,
    );
  });

  it('answers a wrong password, an unknown user and a disabled account alike', async () => {
    const a = await createStaff(T0);
    const wrong = await refusal(
      signIn(staffDeps(T0), { username: a.username, password: 'not the password' }, client()),
    );
    const unknown = await refusal(signIn(staffDeps(T0), { username: 'nobody-here', password: a.password }, client()));
    await env.DB.prepare('UPDATE accounts SET disabled_at = ? WHERE id = ?').bind(T0, a.id).run();
    const disabled = await refusal(signIn(staffDeps(T0), a, client()));
    for (const e of [wrong, unknown, disabled]) expect(e.code).toBe('invalid_credentials');
    expect((await auditFor(a.id)).map((r) => r.action)).toEqual([
      'account.create',
      'account.sign_in_failed',
      'account.sign_in_failed',
    ]);
  });

  it('is a full session at once when TOTP is off (development only)', async () => {
    const a = await createStaff(T0);
    const s = await signIn(staffDeps(T0, { STAFF_TOTP: 'off' }), a, client());
    expect(s.secondFactor).toBe('done');
    expect((await live(s.token, T0))?.session.secondFactorAt).toBe(T0);
    expect((await auditFor(a.id)).at(-1)?.action).toBe('account.sign_in');
  });

  it('rehashes a password stored with fewer iterations', async () => {
    const a = await createStaff(T0);
    const { hashPassword } = await import('../../../../worker/services/admin/password');
    await env.DB.prepare('UPDATE accounts SET password_hash = ? WHERE id = ?')
      .bind(await hashPassword(a.password, 1000), a.id)
      .run();
    await signIn(staffDeps(T0), a, client());
    const row = await env.DB.prepare('SELECT password_hash FROM accounts WHERE id = ?')
      .bind(a.id)
      .first<{ password_hash: string }>();
    expect(row!.password_hash.split('$')[1]).toBe('100000');
  });
});

describe('lock-out', () => {
  const failures = (username: string, network: string) =>
    env.DB.prepare('SELECT failures, locked_until FROM staff_sign_in_failures WHERE username = ? AND network = ?')
      .bind(username, network)
      .first();

  it('locks a name for one network after 5 failures for 5 minutes, then doubles, and a full sign-in clears it', async () => {
    const a = await createStaff(T0);
    const net = client();
    const bad = { username: a.username, password: 'wrong password!' };
    for (let i = 0; i < 4; i++)
      expect((await refusal(signIn(staffDeps(T0), bad, net))).code).toBe('invalid_credentials');
    const fifth = await refusal(signIn(staffDeps(T0), bad, net));
    expect(fifth.code).toBe('rate_limited');
    expect(fifth.options.retryAfter).toBe(300);

    // While locked even the right password is refused from that network, and nothing more is counted …
    const locked = await refusal(signIn(staffDeps(T0 + 60_000), a, net));
    expect(locked.code).toBe('rate_limited');
    expect(locked.options.retryAfter).toBe(240);
    // … but not from another one.
    await expectIssued(signIn(staffDeps(T0 + 60_000), a, client()), a.id, 'enrol', T0 + 60_000);

    // After the lock a sixth failure locks for 10 minutes.
    const sixth = await refusal(signIn(staffDeps(T0 + 300_000), bad, net));
    expect(sixth.options.retryAfter).toBe(600);

    // The right password after the lock opens a half-open session; only the second factor clears the count.
    const t = T0 + 900_000;
    const s = await signIn(staffDeps(t), a, net);
    expect(await failures(a.username, net.network)).toMatchObject({ failures: 6 });
    const session = { id: a.id, sessionId: s.sessionId, secondFactor: 'verify' as const };
    const { secret } = await enrolTotp(staffDeps(t), session);
    await confirmTotpEnrolment(staffDeps(t), session, totpCode(secret, t), net.network);
    expect(await failures(a.username, net.network)).toBeNull();
  });

  it('counts wrong TOTP codes toward the same lock, so a known password cannot guess codes forever', async () => {
    const { account, secret } = await signedInStaff(T0);
    const t = T0 + 120_000;
    const net = client();
    let last: ApiError | undefined;
    for (let i = 0; i < 5; i++) {
      const s = await signIn(staffDeps(t), account, net);
      last = await refusal(
        verifySecondFactor(
          staffDeps(t),
          { id: account.id, sessionId: s.sessionId, secondFactor: 'verify' as const },
          { code: '000000' === totpCode(secret, t) ? '111111' : '000000' },
          net.network,
        ),
      );
    }
    expect(last!.code).toBe('rate_limited');
    expect((await refusal(signIn(staffDeps(t), account, net))).code).toBe('rate_limited');
  });

  it('across networks only delays: 15 s from the 10th failure, doubling up to 5 minutes, never from a known network', async () => {
    // signedInStaff completed its sign-in from 10.0.0.0/24: the owner's network.
    const { account } = await signedInStaff(T0);
    const owner = { network: '10.0.0.0/24', userAgent: 'vitest' };
    const bad = { username: account.username, password: 'wrong password!' };
    let t = T0 + 60_000;
    for (let i = 0; i < 10; i++)
      expect((await refusal(signIn(staffDeps(t), bad, client()))).code).toBe('invalid_credentials');
    const delayed = await refusal(signIn(staffDeps(t), account, client()));
    expect([delayed.code, delayed.options.retryAfter]).toEqual(['rate_limited', 15]);
    await expectIssued(signIn(staffDeps(t), account, owner), account.id, 'verify', t);

    const waits = [];
    for (let i = 0; i < 7; i++) {
      t += 300_000;
      await refusal(signIn(staffDeps(t), bad, client()));
      waits.push((await refusal(signIn(staffDeps(t), account, client()))).options.retryAfter);
    }
    expect(waits).toEqual([30, 60, 120, 240, 300, 300, 300]);
    // A quiet hour forgets the count.
    await expectIssued(signIn(staffDeps(t + 3_600_000), account, client()), account.id, 'verify', t + 3_600_000);
    await refusal(signIn(staffDeps(t + 3_600_000), bad, client()));
    await expectIssued(signIn(staffDeps(t + 3_600_000), account, client()), account.id, 'verify', t + 3_600_000);
  });

  it('over its failure budget a network gets 429 for wrong passwords, yet a correct password goes on', async () => {
    const net = client();
    const t = Date.UTC(2026, 11, 1, 3, 10);
    for (let i = 0; i < 20; i++) {
      expect(
        (await refusal(signIn(staffDeps(t), { username: `ghost${i}`, password: 'whatever it is' }, net))).code,
      ).toBe('invalid_credentials');
    }
    const a = await createStaff(t);
    const refused = await refusal(signIn(staffDeps(t), { username: a.username, password: 'not it at all' }, net));
    expect(refused.code).toBe('rate_limited');
    expect(refused.options.retryAfter).toBe(50 * 60);
    await expectIssued(signIn(staffDeps(t), a, net), a.id, 'enrol', t);
    // Another network is not affected; the same one answers 401 again next hour.
    const other = await refusal(signIn(staffDeps(t), { username: 'ghost0', password: 'whatever it is' }, client()));
    expect(other.code).toBe('invalid_credentials');
    const next = Date.UTC(2026, 11, 1, 4, 0);
    const later = await refusal(signIn(staffDeps(next), { username: 'ghost99', password: 'whatever it is' }, net));
    expect(later.code).toBe('invalid_credentials');
  });
});

describe('second factor', () => {
  it('enrols: QR code and URI of a new secret, first code confirms, ten recovery codes, new token', async () => {
    const a = await createStaff(T0);
    const half = await signIn(staffDeps(T0), a, client());
    const session = { id: a.id, sessionId: half.sessionId, secondFactor: 'verify' as const };
    const first = await enrolTotp(staffDeps(T0), session);
    const again = await enrolTotp(staffDeps(T0), session);
    expect(again.secret).not.toBe(first.secret);
    expect(again.uri).toContain(`secret=${again.secret}`);
    expect(again.qrSvg).toMatch(/^<svg /);
    // The replaced secret no longer works.
    expect((await refusal(confirmTotpEnrolment(staffDeps(T0), session, totpCode(first.secret, T0), null))).code).toBe(
      'invalid_code',
    );

    const full = await confirmTotpEnrolment(staffDeps(T0), session, totpCode(again.secret, T0), null);
    expect(full.recoveryCodes).toHaveLength(10);
    expect(new Set(full.recoveryCodes).size).toBe(10);
    expect(full.token).not.toBe(half.token);
    expect(await live(half.token, T0)).toBeNull();
    expect((await live(full.token, T0))?.session).toMatchObject({ secondFactorAt: T0, expiresAt: T0 + 12 * 3_600_000 });
    const stored = await env.DB.prepare('SELECT totp_secret FROM accounts WHERE id = ?')
      .bind(a.id)
      .first<{ totp_secret: string }>();
    expect(stored!.totp_secret).not.toContain(again.secret);
    const codes = await env.DB.prepare('SELECT code_hash FROM staff_recovery_codes WHERE account_id = ?')
      .bind(a.id)
      .all<{ code_hash: string }>();
    expect(codes.results).toHaveLength(10);
    expect(codes.results.map((r) => r.code_hash).join()).not.toContain(full.recoveryCodes[0].replace('-', ''));
    expect((await auditFor(a.id)).map((r) => r.action)).toEqual([
      'account.create',
      'account.second_factor_failed',
      'account.totp_enrolled',
      'account.sign_in',
    ]);
  });

  it('verifies a TOTP code once: the same code again is a replay', async () => {
    const { account, secret } = await signedInStaff(T0);
    const t = T0 + 90_000;
    const code = totpCode(secret, t);
    const s1 = await signIn(staffDeps(t), account, client());
    const ok = await verifySecondFactor(
      staffDeps(t),
      { id: account.id, sessionId: s1.sessionId, secondFactor: 'verify' as const },
      { code },
      null,
    );
    expect(ok.secondFactor).toBe('done');
    expect(await live(s1.token, t)).toBeNull();
    expect(await live(ok.token, t)).not.toBeNull();

    const s2 = await signIn(staffDeps(t), account, client());
    const replay = await refusal(
      verifySecondFactor(
        staffDeps(t),
        { id: account.id, sessionId: s2.sessionId, secondFactor: 'verify' as const },
        { code },
        null,
      ),
    );
    expect(replay.code).toBe('invalid_code');
    // The next step's code is fine.
    const next = totpCode(secret, t + 30_000);
    await expectIssued(
      verifySecondFactor(
        staffDeps(t + 30_000),
        { id: account.id, sessionId: s2.sessionId, secondFactor: 'verify' as const },
        { code: next },
        null,
      ),
      account.id,
      'done',
      t + 30_000,
    );
  });

  it('takes each recovery code once instead of a TOTP code, and audits its use', async () => {
    const { account, recoveryCodes } = await signedInStaff(T0);
    const s1 = await signIn(staffDeps(T0), account, client());
    const typed = recoveryCodes[3].toLowerCase().replace('-', ' ');
    await expect(
      verifySecondFactor(
        staffDeps(T0),
        { id: account.id, sessionId: s1.sessionId, secondFactor: 'verify' as const },
        { recoveryCode: typed },
        null,
      ),
    ).resolves.toMatchObject({ secondFactor: 'done' });
    const s2 = await signIn(staffDeps(T0), account, client());
    const again = await refusal(
      verifySecondFactor(
        staffDeps(T0),
        { id: account.id, sessionId: s2.sessionId, secondFactor: 'verify' as const },
        { recoveryCode: recoveryCodes[3] },
        null,
      ),
    );
    expect(again.code).toBe('invalid_code');
    const actions = (await auditFor(account.id)).map((r) => r.action);
    expect(actions.filter((a) => a === 'account.recovery_code_used')).toHaveLength(1);
  });

  it('will not verify a session that is already complete, nor enrol an enrolled account', async () => {
    const { account, sessionId } = await signedInStaff(T0);
    expect(
      (
        await refusal(
          verifySecondFactor(
            staffDeps(T0),
            { id: account.id, sessionId, secondFactor: 'done' as const },
            { code: '123456' },
            null,
          ),
        )
      ).code,
    ).toBe('invalid_request');
    const s = await signIn(staffDeps(T0), account, client());
    expect(
      (
        await refusal(
          enrolTotp(staffDeps(T0), { id: account.id, sessionId: s.sessionId, secondFactor: 'verify' as const }),
        )
      ).code,
    ).toBe('invalid_request');
  });
});

describe('sessions', () => {
  it('ends after 30 idle minutes and 12 hours in any case', async () => {
    const { token } = await signedInStaff(T0);
    expect(await live(token, T0 + 29 * 60_000)).not.toBeNull();
    expect(await live(token, T0 + 29 * 60_000 + 30 * 60_000)).toBeNull();

    const { token: busy } = await signedInStaff(T0);
    let t = T0;
    for (; t < T0 + 12 * 3_600_000 - 20 * 60_000; t += 20 * 60_000) expect(await live(busy, t)).not.toBeNull();
    expect(await live(busy, T0 + 12 * 3_600_000)).toBeNull();
  });

  it('takes the timeouts from the configuration', async () => {
    const a = await createStaff(T0);
    const deps = staffDeps(T0, { STAFF_TOTP: 'off', STAFF_IDLE_MINUTES: '5', STAFF_SESSION_HOURS: '1' });
    const s = await signIn(deps, a, client());
    expect(s.expiresAt).toBe(T0 + 3_600_000);
    expect(await liveSession(deps.db, deps.config, s.token, T0 + 4 * 60_000)).not.toBeNull();
    expect(await liveSession(deps.db, deps.config, s.token, T0 + 9 * 60_000 + 1)).toBeNull();
  });

  it('a half-open session ends after 10 minutes', async () => {
    const a = await createStaff(T0);
    const s = await signIn(staffDeps(T0), a, client());
    expect(await live(s.token, T0 + 10 * 60_000)).toBeNull();
  });

  it('signs out one session and leaves the others', async () => {
    const first = await signedInStaff(T0);
    const s2 = await signIn(staffDeps(T0), first.account, client());
    const other = await verifySecondFactor(
      staffDeps(T0 + 30_000),
      { id: first.account.id, sessionId: s2.sessionId, secondFactor: 'verify' as const },
      { code: totpCode(first.secret, T0 + 30_000) },
      null,
    );
    await signOut(
      staffDeps(T0 + 60_000),
      { id: first.account.id, username: first.account.username, role: 'city_admin', sessionId: first.sessionId },
      null,
    );
    expect(await live(first.token, T0 + 60_000)).toBeNull();
    expect(await live(other.token, T0 + 60_000)).not.toBeNull();
    expect((await auditFor(first.account.id)).at(-1)?.action).toBe('account.sign_out');
  });

  it('changing the password revokes every session and hands the caller a new one', async () => {
    const first = await signedInStaff(T0);
    const s2 = await signIn(staffDeps(T0), first.account, client());
    const deps = staffDeps(T0 + 60_000);
    const me = { id: first.account.id, sessionId: first.sessionId };
    const weak = await refusal(
      changeOwnPassword(deps, me, { currentPassword: first.account.password, newPassword: 'short' }, client()),
    );
    expect(weak.code).toBe('invalid_request');
    const wrong = await refusal(
      changeOwnPassword(
        deps,
        me,
        { currentPassword: 'not my password', newPassword: 'A brand new password 5' },
        client(),
      ),
    );
    expect(wrong.code).toBe('invalid_credentials');

    const fresh = await changeOwnPassword(
      deps,
      me,
      { currentPassword: first.account.password, newPassword: 'A brand new password 5' },
      client(),
    );
    expect(await live(first.token, T0 + 60_000)).toBeNull();
    expect(await live(s2.token, T0 + 60_000)).toBeNull();
    expect((await live(fresh.token, T0 + 60_000))?.session.secondFactorAt).toBe(T0 + 60_000);
    await expect(signIn(deps, first.account, client())).rejects.toMatchObject({ code: 'invalid_credentials' });
    await expectIssued(
      signIn(deps, { username: first.account.username, password: 'A brand new password 5' }, client()),
      first.account.id,
      'verify',
      T0 + 60_000,
    );
    const actions = (await auditFor(first.account.id)).map((r) => r.action);
    expect(actions).toContain('account.password_changed');
    expect(actions).toContain('account.sessions_revoked');
  });
});

describe('configuration', () => {
  const random = () =>
    Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, '0')).join('');
  const prod = {
    APP_ENV: 'production',
    PHONE_HASH_KEY: random(),
    OTP_HASH_KEY: random(),
    SESSION_KEY: random(),
    SMS_PROVIDER: 'tencent',
    CAPTCHA_PROVIDER: 'turnstile',
    TENCENT_SECRET_ID: 'x',
    TENCENT_SECRET_KEY: 'x',
    TENCENT_SMS_SDK_APP_ID: 'x',
    TENCENT_SMS_SIGN_NAME: 'x',
    TENCENT_SMS_TEMPLATE_ID: 'x',
    TURNSTILE_SECRET_KEY: 'x',
    TURNSTILE_SITE_KEY: 'x',
  };

  it('production needs STAFF_TOTP_KEY and refuses TOTP off', () => {
    expect(configProblems({ ...env, ...prod })).toMatch(/STAFF_TOTP_KEY/);
    const key = random();
    expect(staffSecretKey(staffDeps(T0, { ...prod, STAFF_TOTP_KEY: key }).config)).toBe(key);
    expect(configProblems({ ...env, ...prod, STAFF_TOTP_KEY: key, STAFF_TOTP: 'off' })).toMatch(/TOTP on/);
  });

  it('development without STAFF_TOTP_KEY uses a key derived from SESSION_KEY', () => {
    expect(staffSecretKey(staffDeps(T0).config)).toBe(`development-only:${env.SESSION_KEY}`);
  });
});
