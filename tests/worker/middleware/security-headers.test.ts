import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import staticHeaders from '../../../site/public/_headers?raw';
import { buildApp } from '../../../worker/app';
import { seed, testApp } from '../../fixtures/app';

const NOW = Date.UTC(2026, 10, 27, 2, 0);
const t = testApp();
t.clock.set(NOW);
beforeAll(() => seed(NOW));

/** Directive name → its source list. */
function csp(res: Response): Map<string, string[]> {
  const header = res.headers.get('content-security-policy');
  expect(header).toBeTruthy();
  return new Map(
    header!
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name, sources]),
  );
}

function expectBaseHeaders(res: Response, label: string) {
  expect(res.headers.get('x-content-type-options'), label).toBe('nosniff');
  expect(res.headers.get('referrer-policy'), label).toBe('strict-origin-when-cross-origin');
  expect(res.headers.get('strict-transport-security'), label).toMatch(/^max-age=\d{8,}/);
  expect(res.headers.get('permissions-policy'), label).toContain('camera=()');
  const policy = csp(res);
  expect(policy.get('object-src'), label).toEqual(["'none'"]);
  expect(policy.get('base-uri'), label).toEqual(["'none'"]);
  expect(policy.get('script-src'), label).not.toContain("'unsafe-inline'");
  return policy;
}

/** The exact security headers of a page of this site, with no captcha vendor and no Official Account. */
const SECURITY: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-src 'none'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Strict-Transport-Security': 'max-age=31536000',
  'Permissions-Policy':
    'accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), browsing-topics=()',
  'X-Frame-Options': 'SAMEORIGIN',
};
/** What /embed/* sends instead: any site may frame it. */
const EMBED: Record<string, string | null> = {
  ...SECURITY,
  'Content-Security-Policy': SECURITY['Content-Security-Policy'].replace("frame-ancestors 'self'", 'frame-ancestors *'),
  'X-Frame-Options': null,
};
/** Headers a browser acts on that must not appear beside ours (hono/secure-headers' other defaults among them). */
const ABSENT = [
  'cross-origin-resource-policy',
  'cross-origin-opener-policy',
  'cross-origin-embedder-policy',
  'origin-agent-cluster',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
  'content-security-policy-report-only',
];

describe('security headers', () => {
  it.each([
    ['/', 200],
    ['/polls/trades-vote/', 200],
    ['/polls/no-such-poll/', 404],
    ['/rules/', 200],
    ['/rules', 308],
    ['/api/health', 200],
    ['/api/polls/', 308],
    ['/api/no-such-thing', 404],
    ['/admin/', 200],
    ['/no-such-page/', 404],
    ['/embed/polls/trades-vote', 200],
    ['/embed/polls/no-such-poll', 404],
    ['/embed/no-such-thing/', 404],
  ])('%s (%i) carries exactly the expected values', async (path, status) => {
    const res = await t.request(path, { redirect: 'manual' });
    expect(res.status).toBe(status);
    const expected = path.startsWith('/embed/') ? EMBED : SECURITY;
    for (const [name, value] of Object.entries(expected)) expect(res.headers.get(name), `${path} ${name}`).toBe(value);
    for (const name of ABSENT) expect(res.headers.get(name), `${path} ${name}`).toBeNull();
  });

  it('are on every kind of response the Worker gives', async () => {
    const cases: [string, RequestInit?][] = [
      ['/api/health'],
      ['/api/polls/trades-vote'],
      ['/api/no-such-thing'],
      ['/api/otp', { method: 'POST', body: 'not json', headers: { 'content-type': 'application/json' } }],
      ['/'],
      ['/polls/trades-vote/'],
      ['/polls/no-such-poll/'],
      ['/rules', { redirect: 'manual' }],
      ['/no-such-page/'],
      ['/api/docs'],
    ];
    for (const [path, init] of cases) {
      const res = await t.request(path, init);
      const policy = expectBaseHeaders(res, path);
      expect(policy.get('frame-ancestors'), path).toEqual(["'self'"]);
      expect(res.headers.get('x-frame-options'), path).toBe('SAMEORIGIN');
    }
  });

  it('are on the 503 a Worker without configuration answers', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const res = await buildApp().request('/', {}, { ...env, APP_ENV: undefined });
    expect(res.status).toBe(503);
    expectBaseHeaders(res, '503');
  });

  it('let any site frame /embed/*', async () => {
    const res = await t.request('/embed/polls/trades-vote');
    const policy = expectBaseHeaders(res, 'embed');
    expect(policy.get('frame-ancestors')).toEqual(['*']);
    expect(res.headers.get('x-frame-options')).toBeNull();
  });

  it.each(['/polls/trades-vote/', '/notices/bases-publicity/', '/', '/rules/', '/embed/polls/trades-vote'])(
    '%s has no inline executable script, so script-src is just the site itself',
    async (path) => {
      const res = await t.request(path);
      expect(res.status).toBe(200);
      expect(csp(res).get('script-src')).toEqual(["'self'"]);
      const html = await res.text();
      // Every <script> either loads a file of this site or is a JSON data block that never runs.
      for (const tag of html.match(/<script\b[^>]*>/g) ?? [])
        expect(tag, path).toMatch(/\bsrc="\/[^/]|type="(module" src="\/[^/]|application\/json)/);
      for (const body of html.match(/<script\b(?![^>]*\bsrc=)(?![^>]*application\/json)[^>]*>[^<]+<\/script>/g) ?? [])
        expect.fail(`inline script on ${path}: ${body.slice(0, 80)}`);
    },
  );

  it('allow the configured captcha vendor and only that one', async () => {
    const turnstile = testApp(t.clock, {
      CAPTCHA_PROVIDER: 'turnstile',
      TURNSTILE_SITE_KEY: 'site-key',
      TURNSTILE_SECRET_KEY: 'secret',
    });
    const policy = csp(await turnstile.request('/polls/trades-vote/'));
    expect(policy.get('script-src')).toContain('https://challenges.cloudflare.com');
    expect(policy.get('frame-src')).toContain('https://challenges.cloudflare.com');
    expect(policy.get('script-src')!.join(' ')).not.toMatch(/qcloud|alicdn/);

    const none = csp(await t.request('/polls/trades-vote/'));
    expect(none.get('frame-src')).toEqual(["'none'"]);
  });

  it("allow WeChat's JS-SDK and mark the pages for the share card only with an Official Account", async () => {
    const wechat = testApp(t.clock, { WECHAT_APP_ID: 'wx-test-app', WECHAT_APP_SECRET: 'test-secret' });
    for (const path of ['/polls/trades-vote/', '/notices/bases-publicity/', '/']) {
      const on = await wechat.request(path);
      expect(csp(on).get('script-src'), path).toEqual(["'self'", 'https://res.wx.qq.com']);
      expect(await on.text(), path).toContain('<meta name="wechat-share" content="on">');
      const off = await t.request(path);
      expect(csp(off).get('script-src'), path).toEqual(["'self'"]);
      expect(await off.text(), path).not.toContain('wechat-share');
    }
  });

  it('match the _headers file that Workers Static Assets sends with static files', async () => {
    // _headers: a path pattern on its own line, then its indented `Name: value` lines.
    const blocks = new Map<string, Record<string, string>>();
    let current: Record<string, string> = {};
    for (const line of staticHeaders.split('\n')) {
      if (!line.trim() || line.trim().startsWith('#')) continue;
      if (!/^\s/.test(line)) blocks.set(line.trim(), (current = {}));
      else current[line.slice(0, line.indexOf(':')).trim()] = line.slice(line.indexOf(':') + 1).trim();
    }
    expect([...blocks.keys()]).toEqual(['/*', '/_astro/*']);
    // The static files get what the Worker sends on a page of this site, header for header.
    const res = await t.request('/');
    expect(blocks.get('/*')).toEqual(Object.fromEntries(Object.keys(SECURITY).map((n) => [n, res.headers.get(n)])));
    // Hashed build files only: a page or template kept for a year would never show a deploy.
    expect(blocks.get('/_astro/*')).toEqual({ 'Cache-Control': 'public, max-age=31536000, immutable' });
  });
});
