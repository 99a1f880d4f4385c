import { env } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../worker/app';
import { readConfig, weakKey, type Bindings } from '../../worker/env';
import { ApiError } from '../../worker/errors';

const random = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, '0')).join('');

/** A complete production configuration with fresh random keys. */
function production(overrides: Record<string, string | undefined> = {}): Bindings {
  return {
    ...env,
    APP_ENV: 'production',
    PHONE_HASH_KEY: random(),
    OTP_HASH_KEY: random(),
    SESSION_KEY: random(),
    STAFF_TOTP_KEY: random(),
    SMS_PROVIDER: 'tencent',
    TENCENT_SECRET_ID: 'id',
    TENCENT_SECRET_KEY: 'key',
    TENCENT_SMS_SDK_APP_ID: '1400000000',
    TENCENT_SMS_SIGN_NAME: 'sign',
    TENCENT_SMS_TEMPLATE_ID: '1',
    CAPTCHA_PROVIDER: 'turnstile',
    TURNSTILE_SECRET_KEY: 's',
    TURNSTILE_SITE_KEY: 'k',
    ...overrides,
  };
}

function refusal(bindings: Bindings): string {
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    readConfig(bindings);
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).options.status).toBe(503);
    return error.mock.calls.map((c) => String(c[0])).join('\n');
  } finally {
    error.mockRestore();
  }
  throw new Error('configuration was accepted');
}

afterEach(() => vi.restoreAllMocks());

describe('a Worker without APP_ENV', () => {
  it('answers every request, API and pages, with a 503 envelope and logs why once', async () => {
    const app = buildApp();
    const bindings = { ...env, APP_ENV: undefined };
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    for (const path of ['/api/health', '/api/polls', '/api/dev/sms?phone=13900000001', '/', '/polls/trades-vote/']) {
      const res = await app.request(path, {}, bindings);
      expect(res.status, path).toBe(503);
      expect(await res.json(), path).toEqual({ error: { code: 'internal', message: '服务暂不可用，请稍后再试。' } });
    }
    const post = await app.request('/api/otp', { method: 'POST', body: '{"phone":"13900000001"}' }, bindings);
    expect(post.status).toBe(503);
    const reasons = error.mock.calls.map((c) => String(c[0])).filter((m) => m.includes('APP_ENV is not set'));
    expect(reasons).toHaveLength(1);
  });

  it('accepts an explicit development, test or production and nothing else', () => {
    expect(readConfig({ ...env, APP_ENV: 'development' }).APP_ENV).toBe('development');
    expect(refusal({ ...env, APP_ENV: 'dev' })).toContain('APP_ENV must be development, test or production');
  });
});

describe('production HMAC keys', () => {
  it('accepts three distinct random keys', () => {
    expect(readConfig(production()).APP_ENV).toBe('production');
  });

  it('refuses equal keys', () => {
    const key = random();
    expect(refusal(production({ PHONE_HASH_KEY: key, SESSION_KEY: key }))).toContain(
      'SESSION_KEY: must differ from PHONE_HASH_KEY',
    );
  });

  it('refuses keys that are long enough but hand-made', () => {
    expect(refusal(production({ OTP_HASH_KEY: 'a'.repeat(64) }))).toContain('OTP_HASH_KEY: looks hand-made');
    expect(refusal(production({ SESSION_KEY: 'abc123'.repeat(8) }))).toContain('SESSION_KEY: looks hand-made');
  });

  it('leaves development and test keys alone', () => {
    expect(readConfig({ ...env, APP_ENV: 'development', OTP_HASH_KEY: 'a'.repeat(32) }).APP_ENV).toBe('development');
  });
});

describe('weakKey', () => {
  it('passes what openssl rand -hex 32 and base64 give', () => {
    for (let i = 0; i < 200; i++) expect(weakKey(random())).toBeUndefined();
    const b64 = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
    expect(weakKey(b64)).toBeUndefined();
  });

  it('names runs, repeats and a small alphabet', () => {
    expect(weakKey(`${random().slice(0, 40)}${'7'.repeat(8)}`)).toMatch(/repeated 8 times/);
    expect(weakKey('0123456789'.repeat(4))).toMatch(/pattern repeats/);
    expect(weakKey('abababababcdcdcdcdcdefefefefefababab')).toMatch(/fewer than 10 distinct/);
  });
});
